package checks

import (
	"testing"

	"gongkai/crawler/snapshot"
)

// TestColumnRows: every column of the site is a row with its kind (from
// its name), level, number of entries, newest entry date and whether its
// kind's update window has passed, so a reader can check each column
// verdict.
func TestColumnRows(t *testing.T) {
	c := Default()
	s := goodSite()
	pageByURL(s, "/tzgg/").Items = []snapshot.Item{item("关于开展安全检查的通知", "/tzgg/202601/t2.html", "2026-01-18", "")}
	s.Pages = append(s.Pages, snapshot.Page{URL: u("/ghxx/"), Depth: 1, HTTPStatus: 200, Status: snapshot.StatusOK,
		Title: "规划信息", Meta: map[string]string{"columnname": "规划信息"}, Text: "暂无信息"})
	res := c.Judge(s, asOf)
	byURL := map[string]Column{}
	for _, col := range res.Columns {
		byURL[col.URL] = col
	}
	tests := []struct {
		path, name, kind string
		items            int
		newest           string
		stale            bool
	}{
		{"/gzdt/", "工作动态", "news_dynamic", 1, "2026-11-20", false},
		{"/tzgg/", "通知公告", "notice", 1, "2026-01-18", true}, // more than 6 months
		{"/zcwj/", "政策文件", "policy", 1, "2026-11-10", false},
		{"/zcjd/", "政策解读", "interpretation", 1, "2026-11-11", false},
		{"/rsxx/", "人事信息", "should_update_other", 1, "2026-09-01", false},
		{"/ghxx/", "规划信息", "should_update_other", 0, "", false}, // blank, not stale
	}
	for _, tt := range tests {
		got, ok := byURL[u(tt.path)]
		if !ok {
			t.Errorf("no column row for %s; rows %+v", tt.path, res.Columns)
			continue
		}
		if got.SiteID != "example" || got.Name != tt.name || got.Kind != tt.kind || got.Items != tt.items ||
			dateText(got.NewestItemDate) != tt.newest || got.Stale != tt.stale || got.Level != 1 {
			t.Errorf("%s: %+v, want %s %s %d items newest %q stale %v level 1", tt.path, got, tt.name, tt.kind, tt.items, tt.newest, tt.stale)
		}
	}
}
