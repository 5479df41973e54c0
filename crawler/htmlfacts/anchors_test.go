package htmlfacts

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"gongkai/crawler/urls"
)

func TestAnchorsEveryTag(t *testing.T) {
	f := extract(t, `<html><head>
		<link rel="stylesheet" href="../css/base.css"><link rel="shortcut icon" href="/favicon.ico">
		<link rel="alternate" type="application/rss+xml" href="/rss.xml" title="RSS">
		<link rel="preconnect" href="https://cdn.example.cn"><link rel="dns-prefetch" href="//dns.example.cn">
		<link rel="canonical" href="/canonical.html">
		<script src="/js/jquery.js"></script></head><body>
		<a href="t1.html"> 关于印发
		  某办法的通知 </a>
		<a href="/img.html"><img src="/logo.png" alt="邯郸市人民政府"></a>
		<map><area href="/area.html" alt="区域"></map>
		<img data-src="/lazy.jpg" src="" title="懒加载">
		<iframe src="/qt/footer/"></iframe><frameset><frame src="/frame.html"></frameset>
		<embed src="/movie.swf"><object data="/doc.pdf"></object>
		<video><source src="/v.mp4"></video>
		<a href="javascript:void(0)">打开</a><a href="mailto:a@b.gov.cn">信箱</a><a href="tel:123">电话</a>
		<a href="#top">顶部</a><a>无链接</a><a href="">空</a>
		<a href="t1.html">重复链接</a><img src="t1.html">
		<!-- <a href="/commented.html">注释里的链接</a> -->
		</body></html>`)
	base := "http://www.agency.gov.cn/"
	want := []struct{ tag, url, text string }{
		{"link", base + "xxgk/css/base.css", ""},
		{"link", base + "favicon.ico", ""},
		{"link", base + "rss.xml", "RSS"},
		{"script", base + "js/jquery.js", ""},
		{"a", base + "xxgk/tzgg/t1.html", "关于印发某办法的通知"}, // a newline between CJK joins

		{"a", base + "img.html", "邯郸市人民政府"},
		{"img", base + "logo.png", "邯郸市人民政府"},
		{"area", base + "area.html", "区域"},
		{"img", base + "lazy.jpg", "懒加载"},
		{"iframe", base + "qt/footer/", ""},
		{"embed", base + "movie.swf", ""},
		{"object", base + "doc.pdf", ""},
		{"source", base + "v.mp4", ""},
		{"img", base + "xxgk/tzgg/t1.html", ""},
	}
	for _, w := range want {
		a, ok := findAnchor(f, w.tag, w.url)
		if !ok {
			t.Errorf("no %s anchor %s; anchors %v", w.tag, w.url, f.Anchors)
			continue
		}
		if a.Text != w.text {
			t.Errorf("%s %s text %q, want %q", w.tag, w.url, a.Text, w.text)
		}
	}
	for _, a := range f.Anchors {
		switch {
		case a.URL == "https://cdn.example.cn/" || a.URL == "http://dns.example.cn/":
			t.Errorf("preconnect/dns-prefetch link kept: %v", a)
		case a.URL == base+"canonical.html":
			t.Errorf("canonical link kept: %v", a)
		case a.URL == base+"commented.html":
			t.Errorf("anchor from an HTML comment: %v", a)
		case a.URL[:4] != "http":
			t.Errorf("non-http anchor: %v", a)
		}
	}
	n := 0
	for _, a := range f.Anchors {
		if a.Tag == "a" && a.URL == base+"xxgk/tzgg/t1.html" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d a anchors for t1.html, want 1 (de-duplicated by URL and tag)", n)
	}
	if len(f.Anchors) != len(want) {
		t.Errorf("%d anchors, want %d: %v", len(f.Anchors), len(want), f.Anchors)
	}
	if f.Hints.Links != 3 { // t1.html twice and img.html; an empty href is not a link
		t.Errorf("Hints.Links = %d, want 3", f.Hints.Links)
	}
}

func TestBaseHref(t *testing.T) {
	tests := []struct{ name, html, base, link string }{
		{"base in head", `<head><base href="http://static.agency.gov.cn/site/"></head><a href="a.html">甲</a>`,
			"http://static.agency.gov.cn/site/", "http://static.agency.gov.cn/site/a.html"},
		{"relative base", `<base href="/root/"><a href="a.html">甲</a>`,
			"http://www.agency.gov.cn/root/", "http://www.agency.gov.cn/root/a.html"},
		{"base after the link still applies", `<a href="a.html">甲</a><base href="http://b.gov.cn/">`,
			"http://b.gov.cn/", "http://b.gov.cn/a.html"},
		{"first base wins", `<base href="http://b.gov.cn/x/"><base href="http://c.gov.cn/"><a href="a.html">甲</a>`,
			"http://b.gov.cn/x/", "http://b.gov.cn/x/a.html"},
		{"javascript base ignored", `<base href="javascript:void(0)"><a href="a.html">甲</a>`,
			testPage, "http://www.agency.gov.cn/xxgk/tzgg/a.html"},
		{"no base", `<a href="../a.html">甲</a>`, testPage, "http://www.agency.gov.cn/xxgk/a.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := extract(t, tt.html)
			if f.Base != tt.base {
				t.Errorf("Base = %q, want %q", f.Base, tt.base)
			}
			if _, ok := findAnchor(f, "a", tt.link); !ok {
				t.Errorf("no anchor %s: %v", tt.link, f.Anchors)
			}
		})
	}
}

func TestRegions(t *testing.T) {
	f := extract(t, `<body>
		<div class="header_szf"><a href="/h1.html">头部链接</a></div>
		<nav><a href="/n1.html">导航</a></nav>
		<ul class="sx-navs"><li><a href="/n2.html">信息公开</a></li></ul>
		<div id="mainMenu"><a href="/n3.html">菜单</a></div>
		<div class="dhlm"><a href="/n4.html">走进邯郸</a></div>
		<div class="sx-width"><a href="/b1.html">正文链接</a><p>正文文字</p></div>
		<canvas class="canvas-box"><a href="/b2.html">画布</a></canvas>
		<div class="footer_bg"><div class="footer_nav"><a href="/f1.html">网站地图</a></div>网站标识码：1304000009</div>
		<div id="copyright"><a href="/f2.html">版权</a></div>
		<div class="bq_info"><a href="/f3.html">备案</a></div>
		<footer><a href="/f4.html">页脚</a></footer>
		</body>`)
	base := "http://www.agency.gov.cn/"
	for u, region := range map[string]string{
		"h1.html": "nav", "n1.html": "nav", "n2.html": "nav", "n3.html": "nav", "n4.html": "nav",
		"b1.html": "", "b2.html": "",
		"f1.html": "footer", "f2.html": "footer", "f3.html": "footer", "f4.html": "footer",
	} {
		a, ok := findAnchor(f, "a", base+u)
		if !ok || a.Region != region {
			t.Errorf("%s: region %q (found %v), want %q", u, a.Region, ok, region)
		}
	}
	if f.Text != "正文链接\n正文文字\n画布" {
		t.Errorf("Text = %q, want only the body region", f.Text)
	}
	if want := "网站地图 网站标识码：1304000009 版权 备案 页脚"; f.Footer != want {
		t.Errorf("Footer = %q, want %q", f.Footer, want)
	}
}

func TestHiddenElements(t *testing.T) {
	f := extract(t, `<body><p>看得见</p>
		<div style="display:none"><a href="/sub1.html">隐藏子菜单</a><p>发布日期：2020-01-01</p></div>
		<ul class="ng-hide"><li><a href="/t1.html">隐藏的通知标题</a> 2020-01-02</li></ul>
		<p hidden>隐藏段落</p><span style="visibility: hidden">看不见</span>
		<script>var x = "脚本文字";</script><style>.a{content:"样式文字"}</style>
		<template><p>模板文字</p><a href="/tpl.html">模板</a></template>
		<noscript>请启用脚本</noscript><!-- 注释文字 -->
		<select><option>选项文字</option></select><textarea>文本框</textarea>
		</body>`)
	if f.Text != "看得见" {
		t.Errorf("Text = %q, want only the visible paragraph", f.Text)
	}
	if len(f.Blocks) != 0 || len(f.Items) != 0 {
		t.Errorf("hidden content gave blocks %v or items %v", f.Blocks, f.Items)
	}
	a, ok := findAnchor(f, "a", "http://www.agency.gov.cn/sub1.html")
	if !ok || a.Text != "隐藏子菜单" {
		t.Errorf("hidden submenu anchor %v (found %v): want it kept with its text", a, ok)
	}
	if _, ok := findAnchor(f, "a", "http://www.agency.gov.cn/tpl.html"); ok {
		t.Error("anchor inside <template> kept")
	}
	if f.Hints.NoScript != "请启用脚本" {
		t.Errorf("NoScript = %q", f.Hints.NoScript)
	}
}

func TestGBKEraMarkup(t *testing.T) {
	f := extract(t, `<%@ page contentType="text/html;charset=GBK" %><%-- saved from the CMS --%>
<HTML><script id="allow-copy_script">(function(){document.addEventListener('copy',function(){})})()</script><HEAD>
<META http-equiv=Content-Type content="text/html; charset=gb2312"><TITLE>某县人民政府</TITLE></HEAD>
<BODY bgColor=#ffffff><CENTER>
<TABLE width=1002 border=0><TR><TD><FONT color=red>当前位置：首页&gt;&gt;政务公开&gt;&gt;通知公告</FONT>
<TABLE><TR><TD class=bt>通知公告</TD></TR>
<TR><TD><A href=show.asp?id=123 target=_blank><FONT color=#000000>关于做好春节期间安全工作的通知</FONT></A></TD><TD>[2023-01-18]</TD></TR>
<TR><TD><A href=show.asp?id=124 target=_blank>关于公布第一批名单的公告</A></TD><TD>[2023-01-12]</TD>
<TR><TD><A href=show.asp?id=125 title="关于开展全县安全生产大检查工作的通知">关于开展全县安全生产…</A></TD><TD>(01-05)</TD>
</TABLE>
<P align=center>版权所有：某县人民政府 网站标识码：1234000001 <BR>冀ICP备12345678号
</CENTER></BODY></HTML>`)
	if f.Title != "某县人民政府" {
		t.Errorf("Title = %q", f.Title)
	}
	if bytes.Contains([]byte(f.Text), []byte("page contentType")) || bytes.Contains([]byte(f.Text), []byte("<%")) {
		t.Errorf("JSP directive leaked into Text: %q", f.Text)
	}
	want := []struct{ title, date, url string }{
		{"关于做好春节期间安全工作的通知", "2023-01-18", "http://www.agency.gov.cn/xxgk/tzgg/show.asp?id=123"},
		{"关于公布第一批名单的公告", "2023-01-12", "http://www.agency.gov.cn/xxgk/tzgg/show.asp?id=124"},
		{"关于开展全县安全生产大检查工作的通知", "01-05", "http://www.agency.gov.cn/xxgk/tzgg/show.asp?id=125"},
	}
	if len(f.Items) != len(want) {
		t.Fatalf("items %v, want %d", f.Items, len(want))
	}
	for i, w := range want {
		it := f.Items[i]
		if it.Title != w.title || it.Date != w.date || it.URL != w.url || it.Section != "通知公告" {
			t.Errorf("item %d = %+v, want %+v in section 通知公告", i, it, w)
		}
	}
	if got := f.Breadcrumb; len(got) != 3 || got[0] != "首页" || got[2] != "通知公告" {
		t.Errorf("Breadcrumb = %q", got)
	}
	for _, s := range []string{"网站标识码：1234000001", "冀ICP备12345678号"} {
		if !bytes.Contains([]byte(f.Footer), []byte(s)) {
			t.Errorf("Footer %q lacks %q (fallback from the last blocks)", f.Footer, s)
		}
	}
}

// TestAnchorsMatchGoquery cross-checks the walk against goquery selectors
// on a real page: every a[href] that normalises must be an anchor.
func TestAnchorsMatchGoquery(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "corpus", "hd_index.html"))
	if err != nil {
		t.Fatal(err)
	}
	const page = "http://hdzfxxgk.hd.gov.cn/"
	f, err := Extract(page, body)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(prepare(body)))
	if err != nil {
		t.Fatal(err)
	}
	pu := mustURL(t, page)
	want := map[string]bool{}
	doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		if u, ok := urls.Normalize(pu, s.AttrOr("href", "")); ok {
			want[u] = true
		}
	})
	got := map[string]bool{}
	for _, a := range f.Anchors {
		if a.Tag == "a" {
			got[a.URL] = true
		}
	}
	if len(want) == 0 || len(got) != len(want) {
		t.Errorf("%d distinct a anchors, goquery finds %d", len(got), len(want))
	}
	for u := range want {
		if !got[u] {
			t.Errorf("missing anchor %s", u)
		}
	}
}
