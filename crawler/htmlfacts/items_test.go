package htmlfacts

import (
	"fmt"
	"strings"
	"testing"

	"gongkai/crawler/snapshot"
)

func TestFindDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-11-20", "2026-11-20"},
		{"发布于 2026/11/20 10:30", "2026/11/20"},
		{"2026.1.2", "2026.1.2"},
		{"2026年11月20日 星期五", "2026年11月20日"},
		{"2026年1月2", "2026年1月2"},
		{"(2018-10-12)", "2018-10-12"},
		{"[11-20]", "11-20"},
		{"(1-5)", "1-5"},
		{"【11-20】", "11-20"},
		{"（11-20）", "11-20"},
		{"11-20", "11-20"},
		{"浏览 11-20 次", "11-20"},
		{"000014348/2020-35428 邯郸市教育局 2020-08-05", "2020-08-05"},
		{"2020-13-01", ""},
		{"2020-12-32", ""},
		{"12020-01-01", ""},
		{"20-11-26", ""},
		{"0310-1234567", ""},
		{"13-20", ""},
		{"第11-20条", ""},
		{"2026-11", ""},
		{"电话：0311-66651000", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := findDate(tt.in); got != tt.want {
				t.Errorf("findDate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestItems(t *testing.T) {
	const base = "http://www.agency.gov.cn/xxgk/tzgg/"
	tests := []struct {
		name string
		html string
		want []snapshot.Item
	}{
		{"ul li span date", `<div class="box"><h3>通知公告</h3><ul>
			<li><a href="t20261120_1.html">关于做好冬季安全工作的通知</a><span>2026-11-20</span></li>
			<li><a href="t20261118_2.html">关于公布名单的公告</a><span>[11-18]</span></li></ul></div>`,
			[]snapshot.Item{
				{Title: "关于做好冬季安全工作的通知", URL: base + "t20261120_1.html", Date: "2026-11-20", Section: "通知公告"},
				{Title: "关于公布名单的公告", URL: base + "t20261118_2.html", Date: "11-18", Section: "通知公告"},
			}},
		{"tab strip names the first tab", `<div class="left"><h3>依申请公开</h3><p>说明</p></div>
			<div class="right"><div class="sx-c2r-title"><a href="/szfwj/">市政府文件</a> <a href="/bgswj/">市政府办公室文件</a> <a href="/szfl/">市政府令</a> <a href="/more/">更多&gt;&gt;</a></div>
			<ul><li><a href="t1.html">关于某同志任职的通知</a><span>2020-07-29</span></li></ul></div>`,
			[]snapshot.Item{{Title: "关于某同志任职的通知", URL: base + "t1.html", Date: "2020-07-29", Section: "市政府文件"}}},
		{"date before link", `<ul><li><span>2026年11月20日</span><a href="a1.html">某某会议顺利召开</a></li></ul>`,
			[]snapshot.Item{{Title: "某某会议顺利召开", URL: base + "a1.html", Date: "2026年11月20日"}}},
		{"div rows and column title class", `<div class="lm-title">政策文件<a href="/more/">更多&gt;&gt;</a></div>
			<div class="list"><div class="row"><a href="p1.html">某某实施办法</a> 2026.11.02</div>
			<div class="row"><a href="p2.html">某某管理规定</a> 2026.10.30</div></div>`,
			[]snapshot.Item{
				{Title: "某某实施办法", URL: base + "p1.html", Date: "2026.11.02", Section: "政策文件"},
				{Title: "某某管理规定", URL: base + "p2.html", Date: "2026.10.30", Section: "政策文件"},
			}},
		{"truncated title uses title attribute", `<ul><li><a href="x.html" title="关于进一步加强全市安全生产工作的通知">关于进一步加强...</a>(11-02)</li></ul>`,
			[]snapshot.Item{{Title: "关于进一步加强全市安全生产工作的通知", URL: base + "x.html", Date: "11-02"}}},
		{"date inside the link is not a date", `<ul><li><a href="y.html">2026-11-20 工作动态</a></li></ul>`, nil},
		{"short link text is not a title", `<ul><li><a href="z.html">更多</a> 2026-11-20</li></ul>`, nil},
		{"rows inside a comment", `<ul class="list"><!--<li><a href="c1.html">注释里的通知标题</a><b>2025-11-17</b></li>--></ul>`, nil},
		{"rows in nav and footer", `<div class="nav"><ul><li><a href="n1.html">今日要闻导航</a> 2026-11-20</li></ul></div>
			<div class="footer"><p><a href="f1.html">网站地图说明</a> 2026-11-20</p></div>`, nil},
		{"hidden rows", `<ul style="display:none"><li><a href="h1.html">隐藏的通知标题</a> 2026-11-20</li></ul>`, nil},
		{"box of running text is not a row", `<div><p>` + strings.Repeat("正文内容", 40) + `</p><a href="att.pdf">附件一名单</a><p>2026年11月20日</p></div>`, nil},
		{"undated list of documents", `<ul>
			<li><a href="202611/t20261120_11.html">第一篇文章标题</a></li>
			<li><a href="202611/t20261119_12.html">第二篇文章标题</a></li>
			<li><a href="files/名单.pdf">第三篇附件标题</a></li></ul>`,
			[]snapshot.Item{
				{Title: "第一篇文章标题", URL: base + "202611/t20261120_11.html"},
				{Title: "第二篇文章标题", URL: base + "202611/t20261119_12.html"},
				{Title: "第三篇附件标题", URL: base + "files/%E5%90%8D%E5%8D%95.pdf"},
			}},
		{"two undated rows are not a list", `<ul><li><a href="t1.html">第一篇文章标题</a></li><li><a href="t2.html">第二篇文章标题</a></li></ul>`, nil},
		{"undated column links are not items", `<ul><li><a href="/zfxxgkzn/">政府信息公开指南</a></li>
			<li><a href="/zfxxgkzd/index.html">政府信息公开制度</a></li><li><a href="/fdzdgknr/">法定主动公开内容</a></li></ul>`, nil},
		{"dated and undated siblings", `<ul><li><a href="t1.html">第一篇文章标题</a> 2026-11-20</li>
			<li><a href="t2.html">第二篇文章标题</a></li><li><a href="t3.html">第三篇文章标题</a></li><li><a href="t4.html">第四篇文章标题</a></li></ul>`,
			[]snapshot.Item{
				{Title: "第一篇文章标题", URL: base + "t1.html", Date: "2026-11-20"},
				{Title: "第二篇文章标题", URL: base + "t2.html"},
				{Title: "第三篇文章标题", URL: base + "t3.html"},
				{Title: "第四篇文章标题", URL: base + "t4.html"},
			}},
		{"undated row among dated siblings", `<ul><li><a href="t1.html">第一篇文章标题</a> 2026-11-20</li>
			<li><a href="t2.html">第二篇文章标题</a> 2026-11-19</li><li><a href="t3.html">第三篇文章标题</a></li></ul>`,
			[]snapshot.Item{
				{Title: "第一篇文章标题", URL: base + "t1.html", Date: "2026-11-20"},
				{Title: "第二篇文章标题", URL: base + "t2.html", Date: "2026-11-19"},
				{Title: "第三篇文章标题", URL: base + "t3.html"},
			}},
		{"table rows", `<table><tr><th>名称</th><th>发布日期</th></tr>
			<tr><td><a href="t5.html">关于印发某办法的通知</a></td><td>2020-08-05</td></tr></table>`,
			[]snapshot.Item{{Title: "关于印发某办法的通知", URL: base + "t5.html", Date: "2020-08-05"}}},
		{"link wrapping a block title", `<ul><li><img src="dot.jpg"><a href="t6.html"><p>邯郸市人民政府关于某事的通知</p></a><span>2020-07-29</span></li></ul>`,
			[]snapshot.Item{{Title: "邯郸市人民政府关于某事的通知", URL: base + "t6.html", Date: "2020-07-29"}}},
		{"javascript link keeps the item without URL", `<ul><li><a href="javascript:open(1)">某某公示公告标题</a> 2026-01-02</li></ul>`,
			[]snapshot.Item{{Title: "某某公示公告标题", Date: "2026-01-02"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := extract(t, tt.html)
			if len(f.Items) != len(tt.want) {
				t.Fatalf("items %+v, want %+v", f.Items, tt.want)
			}
			for i := range tt.want {
				if f.Items[i] != tt.want[i] {
					t.Errorf("item %d = %+v, want %+v", i, f.Items[i], tt.want[i])
				}
			}
		})
	}
}

func TestItemsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("<ul>")
	for i := range 2000 {
		fmt.Fprintf(&b, `<li><a href="t%d.html">第%d篇文章的标题</a><span>2026-01-02</span></li>`, i, i)
	}
	f := extract(t, b.String())
	if len(f.Items) != maxItems {
		t.Errorf("%d items, want the bound %d", len(f.Items), maxItems)
	}
	if f.Items[0].Title != "第0篇文章的标题" || f.Items[maxItems-1].Title != fmt.Sprintf("第%d篇文章的标题", maxItems-1) {
		t.Errorf("items not the first ones in document order: %v ... %v", f.Items[0], f.Items[maxItems-1])
	}
}

func TestDocumentLike(t *testing.T) {
	tests := []struct {
		u    string
		want bool
	}{
		{"http://a.gov.cn/art/2026/11/20/art_1_2.html", true},
		{"http://a.gov.cn/xxgk/t20261120_123.shtml#top", true},
		{"http://a.gov.cn/show.jsp?id=12345", true},
		{"http://a.gov.cn/show.jsp?id=12", false},
		{"http://a.gov.cn/xxgk/files/%E9%80%9A%E7%9F%A5.pdf", true},
		{"http://a.gov.cn/xxgk/%E9%80%9A%E7%9F%A5.html", false},
		{"http://a.gov.cn/col/col1603013/", false},
		{"http://a.gov.cn/col/col1603013/index.html", false},
		{"http://a.gov.cn/default2.aspx", false},
		{"http://a.gov.cn/index_2.html?id=12345", false},
		{"http://a.gov.cn", false},
		{"http://a.gov.cn?x=12345", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := documentLike(tt.u); got != tt.want {
			t.Errorf("documentLike(%q) = %v, want %v", tt.u, got, tt.want)
		}
	}
}
