package checks

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gongkai/crawler/snapshot"
)

// pageShape is what a page's structure says about it, independent of its
// template: how long its main list is against its running text, whether
// it pages through a list, and which column or article signs it carries.
type pageShape struct {
	entries    int    // entries of the main list (ListItems)
	dated      int    // of which dated
	listRunes  int    // characters of their titles
	prose      int    // characters of running text (snapshot.Page.Prose)
	pager      bool   // a pager: 下一页, 尾页, 共N页
	titled     bool   // meta ArticleTitle
	headed     bool   // a heading naming the page, with a date in the lines under it
	datedLabel bool   // a labelled publication date that is not a list's
	sign       string // the column sign seen ("" when none): breadcrumb, ColumnName, list URL
}

func (c *Catalog) shape(p *snapshot.Page) pageShape {
	s := pageShape{prose: p.Prose, titled: strings.TrimSpace(p.Meta["articletitle"]) != ""}
	for _, it := range c.ListItems(p, p.FetchedAt) {
		s.entries++
		s.listRunes += utf8.RuneCountInString(it.Title)
		if !it.Date.IsZero() {
			s.dated++
		}
	}
	_, s.datedLabel = c.labelledPublished(p)
	s.headed = c.datedHeading(p)
	s.pager = c.hasPager(p)
	switch {
	case len(p.Breadcrumb) > 1:
		s.sign = "面包屑导航"
	case strings.TrimSpace(p.Meta["columnname"]) != "" && !s.titled:
		s.sign = "栏目名称元数据"
	case listLikeURL(p.URL):
		s.sign = "列表页地址"
	}
	return s
}

// isList reports a list page: at least column_min_items entries whose
// titles outweigh the running text, or a pager over that many dated
// entries (a list whose entries carry summaries).
func (s pageShape) isList(c *Catalog) bool {
	min := c.Understanding.ColumnMinItems
	return s.entries >= min && s.listRunes >= s.prose || s.pager && s.dated >= min
}

// isArticle reports running text of at least article_min_prose characters
// that outweighs any list (a related-links box, a sidebar).
func (s pageShape) isArticle(c *Catalog) bool {
	return s.prose >= c.Understanding.ArticleMinProse && s.prose > s.listRunes
}

func (s pageShape) listReason() string {
	r := fmt.Sprintf("列表%d项（%d项有日期，标题%d字，正文%d字）", s.entries, s.dated, s.listRunes, s.prose)
	if s.pager {
		r += "，有翻页"
	}
	if s.sign != "" {
		r += "，" + s.sign
	}
	return r
}

func (s pageShape) shortArticleReason() string {
	var signs []string
	if s.titled {
		signs = append(signs, "ArticleTitle元数据")
	}
	if s.headed {
		signs = append(signs, "标题下注明日期")
	}
	if s.datedLabel {
		signs = append(signs, "标注发布日期")
	}
	return fmt.Sprintf("%s，正文%d字，非列表", strings.Join(signs, "、"), s.prose)
}

// hasPager reports a pager: a body link or a text line matching the
// catalog's pager pattern (下一页, 尾页, 共12页, 第1页).
func (c *Catalog) hasPager(p *snapshot.Page) bool {
	re := c.Patterns.pager
	for _, a := range p.Anchors {
		if a.Region == "" && (a.Tag == "a" || a.Tag == "") && utf8.RuneCountInString(a.Text) <= 8 && re.MatchString(a.Text) {
			return true
		}
	}
	for line := range strings.SplitSeq(p.Text, "\n") {
		if utf8.RuneCountInString(line) <= 80 && re.MatchString(line) {
			return true
		}
	}
	return false
}

// maxHeaderLines is how many lines from a page's title line are searched
// for its date (an article's byline: 发布时间, 来源, 点击数).
const maxHeaderLines = 4

// datedHeading reports an article's header: a line of the page that is
// its own title (meta ArticleTitle, or a part of <title> of at least
// article_min_title characters: longer than a column's name), with a full
// date on it or in the few lines under it that is not a list entry's.
func (c *Catalog) datedHeading(p *snapshot.Page) bool {
	_, ok := c.headerDate(p)
	return ok
}

// headerDate returns the date of an article's header (see datedHeading).
func (c *Catalog) headerDate(p *snapshot.Page) (Date, bool) {
	var names []string
	for _, n := range append([]string{p.Meta["articletitle"]}, titleSepRE.Split(p.Title, -1)...) {
		if n = normLabel(n); utf8.RuneCountInString(n) >= c.Understanding.ArticleMinTitle {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return Date{}, false
	}
	lines := strings.Split(p.Text, "\n")
	least := c.Understanding.ArticleMinTitle
	for i, line := range lines {
		nl := normLabel(line)
		if utf8.RuneCountInString(nl) < least || !slices.ContainsFunc(names, func(n string) bool {
			return strings.HasPrefix(nl, n) || strings.HasPrefix(n, nl) // 标题-网站名 in <title>
		}) {
			continue
		}
		for _, l := range lines[i:min(len(lines), i+1+maxHeaderLines)] {
			if !fullDateRE.MatchString(l) || entryLine(p, l) {
				continue
			}
			if d, ok := ParseDate(l, p.FetchedAt); ok {
				return d, true
			}
		}
		return Date{}, false
	}
	return Date{}, false
}

// entryLine reports a line holding a list entry's title.
func entryLine(p *snapshot.Page, line string) bool {
	for _, it := range p.Items {
		if t := strings.TrimSpace(it.Title); t != "" && strings.Contains(line, t) {
			return true
		}
	}
	return false
}
