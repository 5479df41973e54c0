package checks

import (
	"testing"

	"gongkai/crawler/snapshot"
)

var fullGuide = []string{"事项名称", "某事项", "设定依据", "《条例》", "申请条件", "自然人", "办理材料", "申请书", "办理地点", "中心",
	"办理机构", "某局", "收费标准", "不收费", "办理时间", "工作日", "联系电话", "123", "办理流程", "申请—受理", "更新时间", "2026-10-01"}

func TestGuides(t *testing.T) {
	poor := func(n int) func(s *snapshot.Snapshot) {
		return func(s *snapshot.Snapshot) {
			for i := range n {
				s.Pages = append(s.Pages, guidePage("/bsfw/poor"+string(rune('a'+i))+".html",
					"事项名称", "某事项", "申请条件", "无", "办理材料", "申请书及其他材料", "联系电话", "123", "办理地点", "中心", "更新时间", "2026-10-01"))
			}
		}
	}
	runKindCases(t, []kindCase{
		{name: "usable", rule: "service-guides-unusable", want: "pass"},
		{name: "four poor of five", mutate: poor(4), rule: "service-guides-unusable", want: "pass", msg: "缺少4类及以上要素的4个"},
		{name: "five poor", mutate: poor(5), rule: "service-guides-unusable", want: "fail,fail,fail,fail,fail", msg: "缺少5类要素：设定依据、办理机构、收费标准、办理时间、办理流程"},
		{name: "all of few poor", mutate: func(s *snapshot.Snapshot) {
			dropPages(s, "/bsfw/zn1.html")
			poor(2)(s)
		}, rule: "service-guides-unusable", want: "fail,fail"},
		{name: "missing element", mutate: func(s *snapshot.Snapshot) {
			dropPages(s, "/bsfw/zn1.html")
			s.Pages = append(s.Pages, guidePage("/bsfw/x.html", fullGuide[:len(fullGuide)-4]...))
		}, rule: "guide-elements", want: "fail", points: 1, msg: "缺少要素：办理流程"},
		{name: "vague wording", mutate: poor(1), rule: "guide-vague-wording", want: "fail", points: 0.5, msg: "“其他材料”"},
		{name: "vague phrase outside scanned elements", mutate: func(s *snapshot.Snapshot) {
			g := pageByURL(s, "/bsfw/zn1.html")
			g.Blocks[1].Value = "国务院有关部门规定" // 设定依据 is not scanned
		}, rule: "guide-vague-wording", want: "pass"},
		{name: "stale guide", mutate: func(s *snapshot.Snapshot) {
			setBlock(pageByURL(s, "/bsfw/zn1.html"), "更新时间", "2025-01-01")
		}, rule: "guide-stale", want: "fail", points: 0.5, msg: "更新日期为2025-01-01，距检查日690天"},
		{name: "undated guide", mutate: func(s *snapshot.Snapshot) {
			g := pageByURL(s, "/bsfw/zn1.html")
			g.Blocks = g.Blocks[:len(g.Blocks)-1]
		}, rule: "guide-stale", want: "fail", points: 0.5, msg: "未注明更新日期"},
		{name: "no guides", mutate: func(s *snapshot.Snapshot) { dropPages(s, "/bsfw/zn1.html") }, rule: "guide-elements", want: "not_applicable"},
	})
}
