package sampleweb

import (
	"fmt"
	"time"
)

func (b *builder) items() error {
	for _, c := range b.s.allColumns() {
		for _, it := range c.items {
			if it.path == "" {
				continue
			}
			var err error
			switch it.kind {
			case "doc":
				err = b.docPage(it)
			case "guide":
				err = b.guidePage(it)
			case "report":
				err = b.reportPage(it)
			default:
				err = b.articlePage(it, c.def.Class == "news" && it.seq == 0)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// itemLayout is the frame of an item's page.
func (b *builder) itemLayout(it *item, paras []string) *layoutData {
	s := b.s
	l := b.layout(it.host, b.title(it.title))
	l.Col, l.Crumbs = s.colMeta(it.col), s.crumbs(it.col)
	desc := ""
	if len(paras) > 0 {
		desc = truncRunes(paras[0], 60)
	}
	l.Art = &artMeta{Title: it.title, PubDate: it.date.Format("2006-01-02 15:04"), Source: s.source(it),
		Keywords: it.col.name, Desc: desc, URL: s.url(it.host, it.path)}
	return l
}

func (b *builder) articlePage(it *item, withImage bool) error {
	s := b.s
	d := articleData{Title: it.title, Date: s.pubDate(it.date), Source: s.source(it), Views: 100 + it.id*37%2000,
		Paras: s.paras(it), Label: it.label}
	for _, l := range it.links {
		d.Links = append(d.Links, linkView{Text: l.Text, URL: s.fill(l.Href)})
	}
	if withImage {
		d.Image = s.sidePath(it, "W0", ".jpg")
		b.pages.add(it.host, d.Image, &page{status: 200, ctype: "image/jpeg", body: b.assets.jpg})
	}
	return b.emit(it.host, it.path, "article", d, b.itemLayout(it, d.Paras), "")
}

// paras picks 3-5 paragraphs for an article.
func (s *site) paras(it *item) []string {
	pool := s.cat.Content.Paragraphs
	var out []string
	for i := 0; i < 3+it.id%3; i++ {
		out = append(out, s.expand(pool[(it.id*7+i*5)%len(pool)], it))
	}
	return out
}

// source is the 来源 of an item.
func (s *site) source(it *item) string {
	if it.policy != nil {
		return s.expand("{issuer}", it)
	}
	return s.def.Footer.Sponsor
}

func (b *builder) guidePage(it *item) error {
	s := b.s
	d := guideData{Title: it.title, Updated: s.metaDate(it.date), Source: s.def.Footer.Sponsor,
		Table: s.def.Style != "trs", Rows: s.guideRows(it)}
	l := b.itemLayout(it, nil)
	l.Art.Desc = it.title + "办事指南"
	return b.emit(it.host, it.path, "guide", d, l, "")
}

// guideRows lays out a guide's elements with this guide's label synonyms.
// Missing elements leave no trace; 办理时限 follows a shown 办理时间 (a time
// limit is one of 办理时间's synonyms for the catalog, so a guide planted
// without 办理时间 shows no time limit either).
func (s *site) guideRows(it *item) []guideRow {
	gd := s.cat.Guides
	var rows []guideRow
	for _, el := range gd.Order {
		v, ok := it.guide[el]
		if ok {
			labels := gd.Labels[el]
			rows = append(rows, guideRow{Label: labels[it.seq%len(labels)], Values: s.guideValues(v, el == "办理流程")})
		}
		if el == "办理时间" && ok {
			if t, ok := it.guide["时限"]; ok {
				rows = append(rows, guideRow{Label: "办理时限", Values: s.guideValues(t, false)})
			}
		}
	}
	return rows
}

func (s *site) guideValues(v interface{}, numbered bool) []string {
	var out []string
	switch x := v.(type) {
	case string:
		out = []string{s.expand(x, nil)}
	case []interface{}:
		for i, e := range x {
			t := s.expand(fmt.Sprint(e), nil)
			if numbered && s.def.Style != "trs" {
				t = fmt.Sprintf("%d. %s", i+1, t)
			} else if !numbered && s.def.Style != "trs" {
				t = fmt.Sprintf("（%d）%s", i+1, t)
			}
			out = append(out, t)
		}
	default:
		out = []string{fmt.Sprint(v)}
	}
	return out
}

func (b *builder) reportPage(it *item) error {
	s := b.s
	d := s.reportData(it)
	return b.emit(it.host, it.path, "report", d, b.itemLayout(it, []string{d.Title}), "")
}

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "……"
}

// metaDate is how a style prints dates in metadata headers.
func (s *site) metaDate(t time.Time) string {
	if s.def.Style == "table2016" {
		return t.Format("2006年01月02日")
	}
	return t.Format("2006-01-02")
}

// chineseDate prints a date as documents sign it: 2026年11月5日.
func chineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}
