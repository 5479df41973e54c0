package checks

import (
	"testing"

	"gongkai/crawler/snapshot"
)

func TestSections(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "search missing", mutate: func(s *snapshot.Snapshot) { dropAnchor(s, "搜索") }, rule: "site-search", want: "fail", points: 2, msg: "首页未找到「站内搜索」"},
		{name: "search by url", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "搜索")
			s.Pages[0].Anchors = append(s.Pages[0].Anchors, snapshot.Anchor{URL: "https://so.example.gov.cn/s?q=", Tag: "a"})
		}, rule: "site-search", want: "pass"},
		{name: "search form by field hint", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "搜索")
			s.Pages[0].Anchors = append(s.Pages[0].Anchors, snapshot.Anchor{URL: u("/module/find.jsp"), Text: "Go 请输入关键字", Tag: "form"})
		}, rule: "site-search", want: "pass"},
		{name: "search form by action", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "搜索")
			s.Pages[0].Anchors = append(s.Pages[0].Anchors, snapshot.Anchor{URL: u("/was5/web/search"), Tag: "form"})
		}, rule: "site-search", want: "pass"},
		{name: "other forms are not a search", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "搜索")
			s.Pages[0].Anchors = append(s.Pages[0].Anchors,
				snapshot.Anchor{URL: u("/login.do"), Text: "登录 请输入用户名", Tag: "form"},
				snapshot.Anchor{URL: u("/bsfw/query.do"), Text: "查询 办事服务事项", Tag: "form"})
		}, rule: "site-search", want: "fail", points: 2},
		{name: "search page on another page only", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "搜索")
			s.Pages[1].Anchors = append(s.Pages[1].Anchors, snapshot.Anchor{URL: u("/search/"), Text: "搜索", Tag: "form"})
		}, rule: "site-search", want: "fail", points: 2},
		{name: "jiucuo script", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "我为政府网站找错")
			s.Pages[0].Anchors = append(s.Pages[0].Anchors, snapshot.Anchor{URL: "https://zfwzgl.www.gov.cn/exposure/jiucuo.js", Tag: "script"})
		}, rule: "error-report-entry", want: "pass"},
		{name: "error entry missing", mutate: func(s *snapshot.Snapshot) { dropAnchor(s, "我为政府网站找错") }, rule: "error-report-entry", want: "fail", points: 2},
		{name: "platform part missing", mutate: func(s *snapshot.Snapshot) { dropAnchor(s, "政府信息公开制度") }, rule: "disclosure-platform", want: "fail,pass", points: 2, msg: "网站未找到「政府信息公开制度」"},
		{name: "platform missing", mutate: func(s *snapshot.Snapshot) {
			for _, x := range []string{"政府信息公开", "政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"} {
				dropAnchor(s, x)
			}
			dropPages(s, "/xxgk/nb/", "/xxgk/fdzdgknr/", "/xxgk/nb/202603/t4.html")
		}, rule: "disclosure-platform", want: "fail,fail,fail,fail", points: 8},
		{name: "interpretation missing", mutate: func(s *snapshot.Snapshot) {
			dropAnchor(s, "政策解读")
			dropPages(s, "/zcjd/")
		}, rule: "policy-interpretation", want: "fail", points: 3},
		{name: "art20 info", mutate: func(s *snapshot.Snapshot) { dropPages(s, "/xxgk/fdzdgknr/") }, rule: "art20-items", want: "fail,fail,fail,fail,fail,fail,fail,fail,fail,fail,pass", points: 0},
	})
}
