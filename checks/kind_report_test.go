package checks

import (
	"testing"
	"time"

	"gongkai/crawler/snapshot"
)

func TestAnnualReport(t *testing.T) {
	noReport := func(s *snapshot.Snapshot) {
		dropPages(s, "/xxgk/nb/202603/t4.html")
		pageByURL(s, "/xxgk/nb/").Items = nil
		pageByURL(s, "/xxgk/nb/").Text = "暂无信息"
	}
	runKindCases(t, []kindCase{
		{name: "on time", rule: "annual-report", want: "pass", msg: "于2026-03-20公布（期限2026-03-31）"},
		{name: "missing", mutate: noReport, rule: "annual-report", want: "fail", points: 4, msg: "未找到2025年政府信息公开工作年度报告"},
		{name: "late", mutate: func(s *snapshot.Snapshot) {
			setBlock(pageByURL(s, "/xxgk/nb/202603/t4.html"), "发布日期", "2026-04-10")
			pageByURL(s, "/xxgk/nb/").Items[0].Date = "2026-04-10"
		}, rule: "annual-report", want: "fail", points: 2, msg: "晚于法定期限2026-03-31"},
		{name: "department deadline", mutate: func(s *snapshot.Snapshot) { s.Site.Kind = "department" }, rule: "annual-report", want: "fail", points: 2, msg: "期限2026-01-31"},
		{name: "before the deadline the year before is due", asOf: time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), rule: "annual-report", want: "fail", points: 4, msg: "未找到2024年"},
		{name: "arithmetic ok", rule: "annual-report-arithmetic", want: "pass"},
		{name: "arithmetic broken", mutate: func(s *snapshot.Snapshot) {
			pageByURL(s, "/xxgk/nb/202603/t4.html").Tables[0].Rows[5][1] = "9"
		}, rule: "annual-report-arithmetic", want: "fail", points: 0, msg: "自然人列：本年新收10+上年结转1≠办理结果总计9+结转下年1"},
	})
}
