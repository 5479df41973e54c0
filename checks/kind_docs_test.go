package checks

import (
	"testing"

	"gongkai/crawler/snapshot"
)

func setBlock(p *snapshot.Page, label, value string) {
	for i := range p.Blocks {
		if p.Blocks[i].Label == label {
			p.Blocks[i].Value = value
			return
		}
	}
	panic("no block " + label)
}

func TestDocs(t *testing.T) {
	doc := "/zcwj/202611/t3.html"
	runKindCases(t, []kindCase{
		{name: "metadata complete", rule: "doc-metadata", want: "pass"},
		{name: "validity missing", mutate: func(s *snapshot.Snapshot) {
			p := pageByURL(s, doc)
			p.Blocks = p.Blocks[:len(p.Blocks)-1]
		}, rule: "doc-metadata", want: "fail", points: 0.5, msg: "未标注：有效性"},
		{name: "doc number 无 is shown", mutate: func(s *snapshot.Snapshot) { setBlock(pageByURL(s, doc), "发文字号：", "无") }, rule: "doc-metadata", want: "pass"},
		{name: "policy column article without header", mutate: func(s *snapshot.Snapshot) {
			s.Pages = append(s.Pages, snapshot.Page{URL: u("/zcwj/202611/t9.html"), Depth: 2, Status: snapshot.StatusOK,
				Title: "关于某事的通知", Meta: map[string]string{"articletitle": "关于某事的通知"}, Blocks: blocks("发布时间", "2026-11-12")})
			pageByURL(s, "/zcwj/").Items = append(pageByURL(s, "/zcwj/").Items, item("关于某事的通知", "/zcwj/202611/t9.html", "2026-11-12", ""))
		}, rule: "doc-metadata", want: "fail", points: 0.5, msg: "未标注：索引号、发文字号、成文日期、有效性"},
		{name: "news article is not a policy document", mutate: func(s *snapshot.Snapshot) {
			s.Pages = append(s.Pages, snapshot.Page{URL: u("/gzdt/202611/t1.html"), Depth: 2, Status: snapshot.StatusOK,
				Title: "示例市召开常务会议", Meta: map[string]string{"articletitle": "示例市召开常务会议"}, Blocks: blocks("发布时间", "2026-11-20", "来源", "示例日报")})
		}, rule: "doc-metadata", want: "pass", msg: "检查1份"},
		{name: "timely", rule: "doc-timeliness", want: "pass"},
		{name: "late over holidays", mutate: func(s *snapshot.Snapshot) {
			p := pageByURL(s, doc)
			setBlock(p, "成文日期：", "2026-09-14")
			setBlock(p, "发布日期：", "2026-10-20") // 中秋 25 Sep and 国庆 1-7 Oct off, 20 Sep and 10 Oct make-up days
		}, rule: "doc-timeliness", want: "fail", points: 0.5, msg: "相隔22个工作日"},
		{name: "published before written", mutate: func(s *snapshot.Snapshot) {
			setBlock(pageByURL(s, doc), "成文日期：", "2026-11-15")
		}, rule: "doc-timeliness", want: "not_applicable", msg: "另有1份发布日期早于成文日期"},
		{name: "square brackets", mutate: func(s *snapshot.Snapshot) { setBlock(pageByURL(s, doc), "发文字号：", "示政发[2026]7号") },
			rule: "doc-number-format", want: "fail", msg: "六角括号"},
		{name: "bad index number", mutate: func(s *snapshot.Snapshot) { setBlock(pageByURL(s, doc), "索 引 号：", "2026-110") },
			rule: "index-number-format", want: "fail"},
	})
}
