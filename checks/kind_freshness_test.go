package checks

import (
	"testing"

	"gongkai/crawler/snapshot"
)

func TestHomeStale(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "fresh", rule: "home-stale", want: "pass", msg: "2026-11-20，距检查日2天"},
		{name: "stale", mutate: func(s *snapshot.Snapshot) {
			s.Pages[0].Items = []snapshot.Item{item("旧闻", "/gzdt/1.html", "2026-10-10", "要闻"), item("更旧", "/gzdt/2.html", "[09-01]", "要闻")}
		}, rule: "home-stale", want: "fail", msg: "首页最新信息日期为2026-10-10，距检查日43天（要求14天内）",
			checkFn: func(t *testing.T, res Result) {
				if !res.Score.Veto || res.Score.Score != 0 {
					t.Errorf("score = %+v", res.Score)
				}
			}},
		{name: "undated", mutate: func(s *snapshot.Snapshot) { s.Pages[0].Items[0].Date, s.Pages[0].Items[1].Date = "", "" }, rule: "home-stale", want: "pass", msg: "二级页面"},
		{name: "future ignored", mutate: func(s *snapshot.Snapshot) {
			s.Pages[0].Items = []snapshot.Item{item("未来", "/a.html", "2026-12-25", "要闻"), item("旧", "/b.html", "2026-09-01", "要闻")}
		}, rule: "home-stale", want: "fail", msg: "另有1条信息日期晚于检查日"},
		{name: "navigation homepage, fresh second level", mutate: func(s *snapshot.Snapshot) { s.Pages[0].Items = nil }, rule: "home-stale", want: "pass", msg: "首页仅为导航入口，二级页面最新信息日期为2026-11-20"},
		{name: "navigation homepage, stale second level", mutate: func(s *snapshot.Snapshot) {
			s.Pages[0].Items = nil
			for i := range s.Pages {
				if s.Pages[i].Depth == 1 {
					for j := range s.Pages[i].Items {
						s.Pages[i].Items[j].Date = "2026-08-01"
					}
				}
			}
		}, rule: "home-stale", want: "fail", msg: "二级页面最新信息日期为2026-08-01"},
	})
}
