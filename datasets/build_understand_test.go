package datasets

import (
	"testing"

	"gongkai/checks"
)

// TestSiteTablesUnderstanding: what the checks understood of pages,
// guides, columns and links is copied into the rows: a page's type reason,
// the host a guide was found on, one columns row per column, and a link
// the checks found to be a missing page (a redirect funnel) as a soft 404
// with the reason.
func TestSiteTablesUnderstanding(t *testing.T) {
	s := testSnapshot("a-city", true)
	base := "https://www.a-city.gov.cn"
	res := checks.Result{
		Pages:  []checks.PageInfo{{URL: base + "/gzdt/", Type: checks.TypeColumn, TypeReason: "列表1项"}},
		Guides: []checks.Guide{{URL: "https://zwfw.prov.gov.cn/g/1", Host: "zwfw.prov.gov.cn", Title: "某事项"}},
		Columns: []checks.Column{{URL: base + "/gzdt/", Name: "工作动态", Kind: "news_dynamic", Level: 1, Items: 1,
			NewestItemDate: checks.NewDate(2026, 11, 20)}},
		Soft404: map[string]string{base + "/zcwj/": "soft 404: one of 3 links redirected to " + base + "/"},
	}
	tb := SiteTables(s, res)
	for _, p := range tb.Pages {
		if p.URL == base+"/gzdt/" && (p.PageType != checks.TypeColumn || p.TypeReason != "列表1项") {
			t.Errorf("page row %+v", p)
		}
	}
	if len(tb.Guides) != 1 || tb.Guides[0].Host != "zwfw.prov.gov.cn" {
		t.Errorf("guide rows %+v", tb.Guides)
	}
	if len(tb.Columns) != 1 || tb.Columns[0].Name != "工作动态" || tb.Columns[0].Kind != "news_dynamic" ||
		tb.Columns[0].Items != 1 || tb.Columns[0].NewestItemDate.String() != "2026-11-20" || tb.Columns[0].Stale {
		t.Errorf("column rows %+v", tb.Columns)
	}
	found := false
	for _, l := range tb.Links {
		if l.URL != base+"/zcwj/" {
			continue
		}
		found = true
		if !l.Soft404 || l.Verdict != VerdictSoft404 || l.Error != res.Soft404[l.URL] {
			t.Errorf("funnelled link row %+v", l)
		}
	}
	if !found {
		t.Error("no row for the funnelled link")
	}
}
