package checks

import (
	"strings"
	"testing"

	"gongkai/crawler/snapshot"
)

// FuzzMetadata runs the header extractor, the guide reader and the page
// classifier over arbitrary label/value blocks and table rows: no panic,
// and what they return is consistent.
func FuzzMetadata(f *testing.F) {
	f.Add("索 引 号：", "000014349/2017-00110", "发布日期", "2020年08月02日", "成文日期：2022-01-27|文号|无")
	f.Add("文号", "无", "时间", "[11-20]", "名称|索引号|发布机构|发布日期")
	f.Add("办理材料", "其他材料", "更新时间", "二〇二二年一月二十七日", "事项名称|x|受理条件")
	f.Add("", "", "：", ":", "||")
	c := Default()
	f.Fuzz(func(t *testing.T, l1, v1, l2, v2, row string) {
		p := &snapshot.Page{
			Depth:  2,
			Blocks: []snapshot.Block{{Label: l1, Value: v1}, {Label: l2, Value: v2}},
			Tables: []snapshot.Table{{Rows: [][]string{strings.Split(row, "|")}}},
			Text:   l1 + "：" + v1 + "\n" + l2 + ":" + v2,
			Items:  []snapshot.Item{{Title: v1, Date: v2}},
		}
		d := c.Metadata(p, asOf)
		for _, dt := range []Date{d.WrittenDate, d.PublishedDate} {
			if !dt.IsZero() && (dt.Hour() != 0 || dt.Year() < 1900 || dt.Year() > 2100) {
				t.Fatalf("bad date %v", dt)
			}
		}
		if d.IndexNumber != "" && !d.HasHeader {
			t.Fatalf("index number %q without header", d.IndexNumber)
		}
		g := c.GuideInfo(p, asOf)
		if len(g.ElementsPresent)+len(g.ElementsMissing) != len(c.Synonyms.GuideElements) {
			t.Fatalf("elements %v + %v", g.ElementsPresent, g.ElementsMissing)
		}
		switch c.PageType(p) {
		case TypeAnnualReport, TypeGuide, TypeDocument, TypePlatform, TypeArticle, TypeColumn, TypeOther:
		default:
			t.Fatalf("type %q", c.PageType(p))
		}
		_ = c.ListItems(p, asOf)
		_ = c.identifiers(p)
	})
}

// FuzzParse feeds the catalog loader arbitrary YAML: it returns a catalog or
// a *ParseError, never panics.
func FuzzParse(f *testing.F) {
	f.Add(string(catalogYAML))
	f.Add("version: x\nrules: [{id: a}]\n")
	f.Add("rules:\n  - id: x\n    params: {a: [1, {b: 2}]}\n")
	f.Add("scoring: {categories: [{name: a, points: 100}]}\n")
	f.Add("&a [*a]")
	f.Add("version: \"1\"\nsynonyms: {sections: [{name: s, title: t, url_patterns: ['(']}]}\n")
	f.Fuzz(func(t *testing.T, data string) {
		c, err := Parse("fuzz.yaml", []byte(data))
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error %T %v is not a *ParseError", err, err)
			}
			return
		}
		for _, r := range c.Rules {
			if _, err := r.ParamsJSON(); err != nil {
				t.Errorf("parsed rule %s: %v", r.ID, err)
			}
		}
		_ = c.Judge(goodSite(), asOf)
	})
}
