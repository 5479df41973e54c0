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

// TestColumnLevelWithinKind: a column's level is read within its kind, from
// the breadcrumb or, without one, from the column that links it: a policy
// column reached through a landing page is a first-level policy column, a
// policy column listed by another policy column is its sub-column.
func TestColumnLevelWithinKind(t *testing.T) {
	c := Default()
	s := goodSite()
	landing := snapshot.Page{URL: u("/zwgk/"), Depth: 1, HTTPStatus: 200, Status: snapshot.StatusOK, Title: "政务公开",
		Anchors: []snapshot.Anchor{a("/zwgk/gfxwj/", "规范性文件")}}
	under := func(path, name, from string) {
		s.Pages = append(s.Pages, snapshot.Page{URL: u(path), Depth: 2, HTTPStatus: 200, Status: snapshot.StatusOK, Title: name,
			Items: []snapshot.Item{item("某文件", path+"1.html", "2026-11-01", "")}, Text: "列表"})
		s.Links = append(s.Links, snapshot.Link{URL: u(path), FromURL: u(from), Tag: "a", Internal: true, Level: 3,
			HTTPStatus: 200, Status: snapshot.StatusOK, CheckedAt: asOf})
	}
	s.Pages = append(s.Pages, landing)
	under("/zwgk/gfxwj/", "规范性文件", "/zwgk/")
	under("/zcwj/xzfwj/", "县政府文件", "/zcwj/")
	levels := map[string]int{}
	for _, col := range c.Judge(s, asOf).Columns {
		levels[col.URL] = col.Level
	}
	if levels[u("/zwgk/gfxwj/")] != 1 || levels[u("/zcwj/xzfwj/")] != 2 || levels[u("/zcwj/")] != 1 {
		t.Errorf("levels %v, want 规范性文件 1 (behind a landing page), 县政府文件 2 (under 政策文件), 政策文件 1", levels)
	}
}
