package checks

import (
	"fmt"
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
