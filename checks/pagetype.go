package checks

import (
	"cmp"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"gongkai/crawler/snapshot"
)

// PageType returns the page's type; Classify says why.
func (c *Catalog) PageType(p *snapshot.Page) string {
	t, _ := c.Classify(p)
	return t
}

// Classify decides what a page is from its structure, not its template,
// and returns the type with the reason (the pages table's page_type and
// page_type_reason). In order of precedence:
//
//   - homepage: the crawl's depth-0 page;
//   - annual_report: its title is a 政府信息公开工作年度报告 title;
//   - guide: it shows the labels of at least guide_min_elements service
//     guide elements, whatever its URL or title; or it is a single page
//     (not a list) filed under a guide column (办事指南 in its breadcrumb,
//     ColumnName or title) that shows an element or running text;
//   - document: it has a labelled metadata header (索引号, 发文机关, ...),
//     even one whose values are empty;
//   - platform: its own name is one of the 政府信息公开 platform's parts;
//   - column: a list: at least column_min_items entries whose titles
//     outweigh the page's running text (shape.go), or a few entries under
//     a column sign, or no entries and a blank-column text;
//   - article: running text of at least article_min_prose characters that
//     outweighs any list, or a titled or dated page that is not a list
//     (meta ArticleTitle, a labelled publication date, or a heading that
//     <title> repeats with a date in the lines under it);
//   - platform: a page linking to most platform parts;
//   - other.
func (c *Catalog) Classify(p *snapshot.Page) (string, string) {
	if p.Depth == 0 {
		return TypeHomepage, "起始页（抓取深度0）"
	}
	if t := pageTitle(p); c.Patterns.annualReport.MatchString(t) || c.Patterns.annualReport.MatchString(p.Title) {
		return TypeAnnualReport, "标题为政府信息公开工作年度报告"
	}
	s := c.shape(p)
	if part := c.platformPartName(p, true); part != "" {
		return TypePlatform, "页面标题为政府信息公开平台的组成部分「" + part + "」"
	}
	els := c.guideElements(p)
	if sec := c.notGuideSection(p); sec != "" {
		els = nil // a 依申请公开 page lists 受理机构, 处理时限, 收费: not a service guide
	}
	if len(els) >= c.Understanding.GuideMinElements {
		return TypeGuide, fmt.Sprintf("展示%d项办事指南要素（%s）", len(els), strings.Join(els, "、"))
	}
	if col := c.guideColumn(p); col != "" && !s.isList(c) && (len(els) > 0 || s.isArticle(c)) {
		return TypeGuide, fmt.Sprintf("位于办事指南栏目「%s」的单篇页面，展示%d项要素", col, len(els))
	}
	if labels := c.headerLabels(p); len(labels) > 0 {
		return TypeDocument, "有元数据信息表（" + strings.Join(labels, "、") + "）"
	}
	if part := c.platformPartName(p, s.isArticle(c)); part != "" { // a list named as a part
		return TypePlatform, "所在栏目为政府信息公开平台的组成部分「" + part + "」"
	}
	if s.isList(c) {
		return TypeColumn, s.listReason()
	}
	if s.isArticle(c) {
		return TypeArticle, fmt.Sprintf("正文%d字，列表%d项（%d字）", s.prose, s.entries, s.listRunes)
	}
	if s.titled || s.datedLabel || s.headed {
		return TypeArticle, s.shortArticleReason()
	}
	if s.entries > 0 && (s.sign != "" || s.pager) {
		return TypeColumn, fmt.Sprintf("%s，列表%d项", cmp.Or(s.sign, "有翻页"), s.entries)
	}
	if s.sign != "" && c.looksBlank(p) && c.notColumnSection(p) == "" {
		return TypeColumn, s.sign + "，无信息（空白栏目）"
	}
	if parts := c.PlatformParts(p); len(parts) >= c.Understanding.PlatformMinParts {
		return TypePlatform, fmt.Sprintf("链接政府信息公开平台%d个组成部分", len(parts))
	}
	return TypeOther, fmt.Sprintf("无列表、正文（%d字）、元数据或指南要素", s.prose)
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

// notColumnSection returns the title of the section (understanding.
// not_column_sections, such as 站内搜索) that a page's title or own name
// belongs to when that section's pages are never blank columns, or "".
func (c *Catalog) notColumnSection(p *snapshot.Page) string {
	return c.sectionOfPage(p, c.Understanding.NotColumnSections)
}

// sectionOfPage returns the title of the first of sections that the page's
// title or own name belongs to, or "".
func (c *Catalog) sectionOfPage(p *snapshot.Page, sections []string) string {
	for _, name := range []string{pageTitle(p), c.ownName(p)} {
		for _, n := range sections {
			if sec := c.Synonyms.section(n); sec != nil {
				if _, ok := sec.matchName(name); ok {
					return sec.Title
				}
			}
		}
	}
	return ""
}

// notGuideSection returns the title of the section (understanding.
// not_guide_sections) that a page's title or own name belongs to when that
// section's pages are never service guides, or "".
func (c *Catalog) notGuideSection(p *snapshot.Page) string {
	return c.sectionOfPage(p, c.Understanding.NotGuideSections)
}

// guideColumn returns the guide-title word (办事指南, 服务指南) naming the
// column a page is filed under: its breadcrumb, ColumnName or title.
func (c *Catalog) guideColumn(p *snapshot.Page) string {
	names := append([]string{p.Meta["columnname"], p.Title}, p.Breadcrumb...)
	for _, n := range names {
		n = normLabel(n)
		for _, w := range c.Synonyms.GuideTitles {
			if strings.Contains(n, w) {
				return w
			}
		}
	}
	return ""
}

// platformPartName returns the title of the platform part a page is
// itself, or "": its title names 政府信息公开指南, 制度, 法定主动公开内容
// or 年报, or, unless titleOnly, its own column name (breadcrumb,
// ColumnName) does.
func (c *Catalog) platformPartName(p *snapshot.Page, titleOnly bool) string {
	names := []string{pageTitle(p)}
	if !titleOnly {
		names = append(names, c.ownName(p))
	}
	for _, name := range names {
		if utf8.RuneCountInString(normLabel(name)) > 2*c.Understanding.MaxLabelLen {
			continue
		}
		for _, part := range c.Understanding.PlatformParts {
			sec := c.Synonyms.section(part)
			if _, ok := sec.matchName(name); ok {
				return sec.Title
			}
		}
	}
	return ""
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
// breadcrumb starts at the homepage (首页, the site's own name, or a link to
// the site's root), else the crawl depth.
func (c *Catalog) pageLevel(p *snapshot.Page, siteName string) int {
	bc := p.Breadcrumb
	if len(bc) >= 2 && (c.isHomeLabel(bc[0]) || sameName(bc[0], siteName) || sameName(bc[0], p.Meta["sitename"]) || linksHome(p, bc[0])) {
		return len(bc) - 1
	}
	return p.Depth
}

// sameName reports two names that are the same once spaces and brackets
// are set aside (and neither is empty).
func sameName(a, b string) bool {
	a, b = normLabel(a), normLabel(b)
	return a != "" && a == b
}

// linksHome reports whether the page links its site's homepage with the
// given text: a breadcrumb that starts with the site's name
// (清漳县人民政府 >> 新闻中心 >> 清漳要闻) starts at the homepage.
func linksHome(p *snapshot.Page, text string) bool {
	text = normLabel(text)
	for _, a := range p.Anchors {
		if a.Tag != "a" || normLabel(a.Text) != text {
			continue
		}
		if u, err := url.Parse(a.URL); err == nil && slices.Contains(homePaths, strings.ToLower(u.Path)) && u.RawQuery == "" {
			return true
		}
	}
	return false
}

// homePaths are the paths of a site's homepage.
var homePaths = []string{"", "/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp", "/index.php", "/index.aspx", "/index.asp", "/default.html", "/default.htm", "/default.aspx", "/default.asp"}

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
