package checks

import (
	"strings"
	"testing"

	"gongkai/crawler/snapshot"
)

func staleCols(s *snapshot.Snapshot, n int) {
	cols := []snapshot.Page{
		colPage("/bmdt/", "部门动态", 1, item("旧", "/bmdt/1.html", "2026-10-01", "")),
		colPage("/xzdt/", "乡镇动态", 1, item("旧", "/xzdt/1.html", "2026-11-01", "")),
		colPage("/gsgg/", "公示公告", 1, item("旧", "/gsgg/1.html", "2026-05-01", "")),
		colPage("/gfxwj/", "规范性文件", 1, item("旧", "/gfxwj/1.html", "2026-04-01", "")),
		colPage("/tpxw/", "图片新闻", 1, item("无日期", "/tpxw/1.html", "", "")),
	}
	s.Pages = append(s.Pages, cols[:n]...)
}

func TestColumnsStale(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "fresh", rule: "columns-stale", want: "pass", msg: "均在规定期限内更新"},
		{name: "four stale", mutate: func(s *snapshot.Snapshot) { staleCols(s, 4) }, rule: "columns-stale", want: "pass", msg: "未更新4个"},
		{name: "five stale", mutate: func(s *snapshot.Snapshot) { staleCols(s, 5) }, rule: "columns-stale", want: "fail,fail,fail,fail,fail",
			msg: "栏目「图片新闻」的信息均未注明发布日期", checkFn: func(t *testing.T, res Result) {
				if !res.Score.Veto || res.Score.VetoRules[0] != "columns-stale" {
					t.Errorf("score = %+v", res.Score)
				}
			}},
		{name: "deep notice column not level 1", mutate: func(s *snapshot.Snapshot) {
			staleCols(s, 5)
			p := &s.Pages[len(s.Pages)-3] // 公示公告
			p.Depth, p.Breadcrumb = 2, []string{"首页", "政务公开", "公示公告"}
		}, rule: "columns-stale", want: "pass", msg: "未更新4个"},
		{name: "policy column deduction", mutate: func(s *snapshot.Snapshot) { staleCols(s, 4) }, rule: "policy-column-stale", want: "fail", points: 5,
			msg: "栏目「规范性文件」最新信息日期为2026-04-01"},
		{name: "no classed columns", mutate: func(s *snapshot.Snapshot) {
			dropPages(s, "/gzdt/", "/tzgg/", "/zcwj/")
		}, rule: "columns-stale", want: "not_applicable"},
		{name: "pagination counts once", mutate: func(s *snapshot.Snapshot) {
			s.Pages = append(s.Pages, colPage("/gzdt/index_1.html", "工作动态", 2, item("旧", "/gzdt/9.html", "2025-01-01", "")))
		}, rule: "columns-stale", want: "pass", msg: "检查3个"},
	})
}

func TestColumnsBlank(t *testing.T) {
	blank := func(n int) func(s *snapshot.Snapshot) {
		return func(s *snapshot.Snapshot) {
			for i := range n {
				p := colPage("/blank"+string(rune('a'+i))+"/", "空白栏目"+string(rune('A'+i)), 1)
				p.Text = "本栏目暂无信息"
				s.Pages = append(s.Pages, p)
			}
		}
	}
	runKindCases(t, []kindCase{
		{name: "none", rule: "columns-blank", want: "pass", msg: "空白栏目0个"},
		{name: "four", mutate: blank(4), rule: "columns-blank", want: "pass", msg: "空白栏目4个"},
		{name: "five", mutate: blank(5), rule: "columns-blank", want: "fail,fail,fail,fail,fail", msg: "没有任何信息（空白栏目）；共5个空白栏目"},
		{name: "content page is not blank", mutate: func(s *snapshot.Snapshot) {
			for i := range 5 {
				p := colPage("/jj"+string(rune('a'+i))+"/", "单位简介", 1)
				p.Text = strings.Repeat("示例市位于华北平原，历史悠久。", 10)
				s.Pages = append(s.Pages, p)
			}
		}, rule: "columns-blank", want: "pass"},
	})
}
