package checks

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"gongkai/crawler/snapshot"
)

// PageType classifies a fetched page as one of homepage, annual_report,
// guide, document, platform, article, column or other, in that order of
// precedence:
//
//   - homepage: the crawl's depth-0 page;
//   - annual_report: its title is a 政府信息公开工作年度报告 title;
//   - guide: it shows enough service-guide element labels (办事指南);
//   - document: it has a policy-document metadata header (索引号, 发文机关, ...);
//   - platform: it is a part of the 政府信息公开 platform (its own name is
//     指南/制度/法定主动公开内容/年报), or links to most of the parts without
//     being an article or a list;
//   - article: it names itself an article (meta ArticleTitle) or shows a
//     labelled publication date;
//   - column: a list page: it has list items and a column sign (meta
//     ColumnName, a breadcrumb, a list-like URL or enough items), or no items
//     at all but a column name and a blank-column text.
func (c *Catalog) PageType(p *snapshot.Page) string {
	switch {
	case p.Depth == 0:
		return TypeHomepage
	case c.isAnnualReport(p):
		return TypeAnnualReport
	case c.isGuide(p):
		return TypeGuide
	case c.Metadata(p, p.FetchedAt).HasHeader:
		return TypeDocument
	case c.isPlatformPart(p):
		return TypePlatform
	case c.isArticle(p):
		return TypeArticle
	case c.isColumn(p):
		return TypeColumn
	case len(c.PlatformParts(p)) >= c.Understanding.PlatformMinParts:
		return TypePlatform
	}
	return TypeOther
}

// pageTitle is the page's own title: meta ArticleTitle, else the first
// heading that <title> repeats, else the longest part of <title> split at
// its separators (邯郸市人民政府-政府信息公开指南).
func pageTitle(p *snapshot.Page) string {
	if t := strings.TrimSpace(p.Meta["articletitle"]); t != "" {
		return t
	}
	title := strings.TrimSpace(p.Title)
	nt := normLabel(title)
	for _, h := range p.Headings {
		if nh := normLabel(h); utf8.RuneCountInString(nh) >= 4 && strings.Contains(nt, nh) {
			return collapseSpace(h)
		}
	}
	best := ""
	for _, part := range titleSepRE.Split(title, -1) {
		if part = strings.TrimSpace(part); utf8.RuneCountInString(part) > utf8.RuneCountInString(best) {
			best = part
		}
	}
	return best
}

var titleSepRE = regexp.MustCompile(`\s+[-|_—－]+\s+|[|｜_—－]`)

func (c *Catalog) isAnnualReport(p *snapshot.Page) bool {
	return c.Patterns.annualReport.MatchString(pageTitle(p)) || c.Patterns.annualReport.MatchString(p.Title)
}

func (c *Catalog) isGuide(p *snapshot.Page) bool {
	n := len(c.guideElements(p))
	min := c.Understanding.GuideMinElements
	if n >= min {
		return true
	}
	title := normLabel(pageTitle(p) + p.Title)
	for _, w := range c.Synonyms.GuideTitles {
		if strings.Contains(title, w) {
			return n >= min-1 && n > 0
		}
	}
	return false
}

// isPlatformPart reports a page whose own name is one of the platform's
// parts (指南, 制度, 法定主动公开内容, 年报) and that is not an article.
func (c *Catalog) isPlatformPart(p *snapshot.Page) bool {
	if strings.TrimSpace(p.Meta["articletitle"]) != "" {
		return false
	}
	name := c.PageName(p)
	for _, s := range c.Understanding.PlatformParts {
		if _, ok := c.Synonyms.section(s).matchName(name); ok {
			return true
		}
	}
	return false
}

func (c *Catalog) isArticle(p *snapshot.Page) bool {
	if strings.TrimSpace(p.Meta["articletitle"]) != "" {
		return true
	}
	_, ok := c.labelledPublished(p)
	return ok
}

func (c *Catalog) isColumn(p *snapshot.Page) bool {
	items := c.ListItems(p, p.FetchedAt)
	sign := strings.TrimSpace(p.Meta["columnname"]) != "" || len(p.Breadcrumb) > 1 || listLikeURL(p.URL)
	if len(items) > 0 {
		return sign || len(items) >= c.Understanding.ColumnMinItems
	}
	return sign && c.looksBlank(p)
}

// looksBlank reports a page that shows a blank-column text or almost no text.
func (c *Catalog) looksBlank(p *snapshot.Page) bool {
	for _, m := range c.Synonyms.BlankMarkers {
		if strings.Contains(p.Text, m) {
			return true
		}
	}
	return utf8.RuneCountInString(strings.TrimSpace(p.Text)) <= c.Understanding.BlankMaxText
}

var listURLRE = regexp.MustCompile(`(?i)(/$|/(index|list|default|more)(_[0-9]+)?\.(s?html?|jsp|php|aspx?)$|/col/col[0-9]+/|[?&](page|pageindex|channelid|columnid|catid)=)`)

// listLikeURL reports a URL shaped like a column list (…/tzgg/, …/index_2.html, /col/col123/).
func listLikeURL(u string) bool { return listURLRE.MatchString(u) }

// PageName is the name a page gives itself as a column: the last breadcrumb
// element (unless it is the homepage label), else meta ColumnName, else the
// page title.
func (c *Catalog) PageName(p *snapshot.Page) string {
	if n := c.ownName(p); n != "" {
		return n
	}
	return strings.TrimSpace(p.Title)
}

func (c *Catalog) isHomeLabel(s string) bool {
	n := normLabel(s)
	for _, h := range c.Synonyms.HomeLabels {
		if n == h {
			return true
		}
	}
	return false
}

// pageLevel is the column level of a page: the breadcrumb depth when the
// breadcrumb starts at the homepage, else the crawl depth.
func (c *Catalog) pageLevel(p *snapshot.Page) int {
	bc := p.Breadcrumb
	if len(bc) >= 2 && c.isHomeLabel(bc[0]) {
		return len(bc) - 1
	}
	return p.Depth
}

// PlatformParts returns the 政府信息公开 platform parts (section names of
// understanding.platform_parts, in that order) that the page links to.
func (c *Catalog) PlatformParts(p *snapshot.Page) []string {
	var out []string
	for _, name := range c.Understanding.PlatformParts {
		if c.linksToSection(p, c.Synonyms.section(name)) {
			out = append(out, name)
		}
	}
	return out
}

// formTag is the anchor tag of a form (crawler/htmlfacts records a form's
// action and its submit label and field hint as an anchor).
const formTag = "form"

// linksToSection reports whether the page has an anchor or list entry that
// names the section (short label) or points at one of its URL patterns, or
// a form whose text has one of its form words.
func (c *Catalog) linksToSection(p *snapshot.Page, sec *Section) bool {
	for _, a := range p.Anchors {
		if a.Tag == formTag {
			if sec.matchForm(a.Text) || (a.URL != "" && sec.matchURL(a.URL)) {
				return true
			}
			continue
		}
		if c.labelMatches(a.Text, sec) || (a.URL != "" && sec.matchURL(a.URL)) {
			return true
		}
	}
	for _, it := range p.Items {
		if c.labelMatches(it.Title, sec) {
			return true
		}
	}
	return false
}

// labelMatches reports a short label (an anchor text, a column name) naming the section.
func (c *Catalog) labelMatches(label string, sec *Section) bool {
	n := normLabel(label)
	if n == "" || utf8.RuneCountInString(n) > c.Understanding.MaxLabelLen {
		return false
	}
	_, ok := sec.matchName(n)
	return ok
}
