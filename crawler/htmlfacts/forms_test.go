package htmlfacts

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"gongkai/crawler/snapshot"
)

func TestForms(t *testing.T) {
	const dir = "http://www.agency.gov.cn/xxgk/tzgg/"
	tests := []struct {
		name string
		html string
		want []snapshot.Anchor
	}{
		{"get form with submit and placeholder", `<form action="/jrobot/search.do" method="get"><input type="hidden" name="webid" value="3">
			<input type="text" name="q" placeholder="请输入关键字"><input type="submit" value="搜索"></form>`,
			[]snapshot.Anchor{{URL: "http://www.agency.gov.cn/jrobot/search.do", Text: "搜索 请输入关键字", Tag: "form"}}},
		{"button text, post method", `<div class="header"><form action="http://www.agency.gov.cn/was5/web/search" method="POST">
			<input name="searchword" title="本站检索"><button type="submit"> 搜 索 </button></form></div>`,
			[]snapshot.Anchor{{URL: "http://www.agency.gov.cn/was5/web/search", Text: "搜 索 本站检索", Tag: "form", Region: "nav"}}},
		{"no action submits to the page", `<form><input type="search" value="请输入关键词"></form>`,
			[]snapshot.Anchor{{URL: testPage, Text: "请输入关键词", Tag: "form"}}},
		{"image submit, relative action", `<form action="search.jsp"><input name="kw"><input type="image" src="/i/ss.gif" alt="检索"></form>`,
			[]snapshot.Anchor{{URL: dir + "search.jsp", Text: "检索", Tag: "form"}}},
		{"reset button does not label", `<form action="/s"><button type="reset">重置</button><button>查询</button></form>`,
			[]snapshot.Anchor{{URL: "http://www.agency.gov.cn/s", Text: "查询", Tag: "form"}}},
		{"form in a table: controls moved out by the parser", `<table><form action="/search/"><tr><td><input name="q" placeholder="站内搜索"></td><td><input type="submit" value="Go"></td></tr></form></table><p><input type="submit" value="外面的按钮"></p>`,
			[]snapshot.Anchor{{URL: "http://www.agency.gov.cn/search/", Text: "Go 站内搜索", Tag: "form"}}},
		{"dialog forms and script actions are not recorded", `<form method="dialog"><button>关闭</button></form><form action="javascript:doSearch()"><input type="submit" value="搜索"></form>`, nil},
		{"buttons outside a form label nothing", `<input type="submit" value="搜索"><button>检索</button><form action="/a"></form>`,
			[]snapshot.Anchor{{URL: "http://www.agency.gov.cn/a", Tag: "form"}}},
		{"text fields outside a form are forms at the page URL, texts joined", `<div class="search_box"><input class="search_txt" type="text" id="allsearch_text" onkeydown="huichesearch()" placeholder="请输入搜索关键字"/>
			<input class="search_btn" type="submit" onclick="allSearch();" value=""/></div><form><input placeholder="用户名"></form>
			<input type="text" id="pageNum" size="3"><input name="q" value="请输入搜索关键字"><div hidden><input placeholder="隐藏的输入框"></div>`,
			[]snapshot.Anchor{{URL: testPage, Text: "请输入搜索关键字 用户名", Tag: "form"}}},
		{"two forms", `<form action="/s1"><input type="submit" value="一"></form><form action="/s2"><input type="submit" value="二"></form>`,
			[]snapshot.Anchor{{URL: "http://www.agency.gov.cn/s1", Text: "一", Tag: "form"}, {URL: "http://www.agency.gov.cn/s2", Text: "二", Tag: "form"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := extract(t, tt.html)
			if diff := cmp.Diff(tt.want, f.Anchors, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("anchors (-want +got):\n%s", diff)
			}
		})
	}
}
