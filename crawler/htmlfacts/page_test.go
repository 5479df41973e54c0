package htmlfacts

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestTables(t *testing.T) {
	f := extract(t, `<body>
		<table><caption>表三 收到和处理政府信息公开申请情况</caption>
		<tr><th>本年新收</th><th>自然人</th><th>法人</th></tr><tr><td>申请数</td><td>12</td><td>3</td></tr></table>
		<table><tr><td><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table></td><td>layout</td></tr><tr><td>x</td><td>y</td></tr></table>
		<table><tr><td>只有一列的大段文字</td></tr><tr><td>另一段</td></tr></table>
		<table><tr><td>一行</td><td>两列</td></tr></table>
		<table style="display:none"><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>
		<div class="footer"><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table></div>
		</body>`)
	if len(f.Tables) != 2 {
		t.Fatalf("tables %v, want the report table and the inner data table", f.Tables)
	}
	t0 := f.Tables[0]
	if t0.Caption != "表三 收到和处理政府信息公开申请情况" || len(t0.Rows) != 2 || !slices.Equal(t0.Rows[1], []string{"申请数", "12", "3"}) {
		t.Errorf("report table = %+v", t0)
	}
	if !slices.Equal(f.Tables[1].Rows[0], []string{"a", "b"}) {
		t.Errorf("inner table = %+v (the outer layout table must be skipped)", f.Tables[1])
	}
}

func TestTablesBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("<table>")
	for range maxTableRows + 10 {
		b.WriteString("<tr>" + strings.Repeat("<td>格</td>", maxTableCols+5) + "</tr>")
	}
	b.WriteString("</table>")
	for range maxTables + 5 {
		b.WriteString("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>")
	}
	f := extract(t, b.String())
	if len(f.Tables) != maxTables {
		t.Fatalf("%d tables, want %d", len(f.Tables), maxTables)
	}
	if tb := f.Tables[0]; len(tb.Rows) != maxTableRows || len(tb.Rows[0]) != maxTableCols {
		t.Fatalf("table %d rows x %d cols, want %d x %d", len(tb.Rows), len(tb.Rows[0]), maxTableRows, maxTableCols)
	}
}

func TestBreadcrumb(t *testing.T) {
	tests := []struct {
		name, html string
		want       []string
	}{
		{"class crumb", `<div class="xxgk-crumb"><h2>您当前所在位置：<a href="/">首页</a>&gt;<a href="/zwgk/">政务公开</a>&gt;<span>统计数据</span></h2></div>`,
			[]string{"首页", "政务公开", "统计数据"}},
		{"text prefix", `<p>当前位置：首页 » 政采公告 » 成交公告</p>`, []string{"首页", "政采公告", "成交公告"}},
		{"arrows and full-width", `<div id="position">首页 → 信息公开 ＞ 通知</div>`, []string{"首页", "信息公开", "通知"}},
		{"double gt and dash arrows", `<div class="dqwz">首页-&gt;政府文件-&gt;近期信息公开</div>`, []string{"首页", "政府文件", "近期信息公开"}},
		{"first wins", `<div class="location">首页 / 甲</div><div class="location">首页 / 乙</div>`, []string{"首页", "甲"}},
		{"none", `<div class="content">首页 > 没有位置标记</div>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extract(t, tt.html).Breadcrumb; !slices.Equal(got, tt.want) {
				t.Errorf("Breadcrumb = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRenderHints(t *testing.T) {
	f := extract(t, `<html ng-app="app"><body>
		<div id="nav"></div><ul class="list"><!-- filled by script --></ul><div class="menu">菜单</div><div class="clear"></div>
		<ul class="news"></ul><nav><a href="/a.html">甲</a></nav>
		<div data-reactroot=""></div><div v-if="x">vue</div>
		<script>document.write('<p>x</p>'); $("#c").load("/c.html"); $.ajax({url:"/d"}); el.innerHTML = "y";</script>
		<script src="/js/vue.min.js"></script>
		<noscript><p>您的浏览器不支持 <b>JavaScript</b></p></noscript>
		<p>正文</p></body></html>`)
	h := f.Hints
	if h.Scripts != 2 || h.ScriptBytes < 60 {
		t.Errorf("Scripts %d, ScriptBytes %d", h.Scripts, h.ScriptBytes)
	}
	if want := []string{"div#nav", "ul.list", "ul.news"}; !slices.Equal(h.EmptyContainers, want) {
		t.Errorf("EmptyContainers = %q, want %q", h.EmptyContainers, want)
	}
	for _, l := range []string{"angular", "react-root", "vue", "document.write", "jquery.load", "$.ajax", "innerHTML"} {
		if !slices.Contains(h.Loaders, l) {
			t.Errorf("Loaders %q lack %q", h.Loaders, l)
		}
	}
	if h.NoScript != "您的浏览器不支持 JavaScript" {
		t.Errorf("NoScript = %q", h.NoScript)
	}
	if h.Links != 1 || h.BodyTextLen != utf8.RuneCountInString("菜单 vue 甲 正文") {
		t.Errorf("Links %d, BodyTextLen %d", h.Links, h.BodyTextLen)
	}
}

func TestTextBounded(t *testing.T) {
	body := "<p>" + strings.Repeat("政务公开", 40000) + "</p><div class=footer>" + strings.Repeat("版权所有", 5000) + "</div>"
	f := extract(t, body)
	if len(f.Text) > maxTextBytes || len(f.Text) < maxTextBytes-3 || !utf8.ValidString(f.Text) {
		t.Errorf("Text is %d bytes (valid UTF-8: %v), want <= %d on a rune boundary", len(f.Text), utf8.ValidString(f.Text), maxTextBytes)
	}
	if len(f.Footer) > maxFootBytes || !utf8.ValidString(f.Footer) {
		t.Errorf("Footer is %d bytes, want <= %d", len(f.Footer), maxFootBytes)
	}
}

// TestTextWhitespace: runs of white space collapse to one space; block
// boundaries and <br> end a line.
func TestTextWhitespace(t *testing.T) {
	f := extract(t, "<div>\n  第一段\n  文字 </div><p>第二段</p>text<span>inline</span>  <b>bold</b>\u3000全角<br>换行")
	if want := "第一段 文字\n第二段\ntextinline bold 全角\n换行"; f.Text != want {
		t.Errorf("Text = %q, want %q", f.Text, want)
	}
}

// TestHostileInput feeds markup that breaks naive parsers; Extract must
// return quickly with bounded output.
func TestHostileInput(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string // text that must survive, if any
	}{
		{"deep divs", strings.Repeat("<div>", 20000) + "深处" + strings.Repeat("</div>", 20000), ""},
		{"deep unclosed spans", strings.Repeat("<span>", 5000) + "文字", ""},
		{"deep tables", strings.Repeat("<table><tr><td>", 3000) + "格", ""},
		{"unclosed fonts", "<p>前</p>" + strings.Repeat("<font>", 2000) + "后", "前"},
		{"gigantic attribute", `<a href="/x.html" title="` + strings.Repeat("长", 128<<10) + `">链接文字</a>`, "链接文字"},
		{"gigantic text", "<p>" + strings.Repeat("字", 512<<10) + "</p>", ""},
		{"invalid utf8", "<p>\xff\xfe发布日期：2020-01-01\x00</p>", "发布日期"},
		{"unterminated jsp", "<%@ page <p>正文</p>", ""},
		{"only comment", "<!-- <p>x</p>", ""},
		{"binary", "\x00\x01\x02<\x03>\x04", ""},
		{"many anchors", manyAnchors(maxAnchors + 1000), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			f, err := Extract(testPage, []byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			checkBounds(t, f)
			if tt.name == "many anchors" && len(f.Anchors) != maxAnchors {
				t.Errorf("%d anchors, want the bound %d", len(f.Anchors), maxAnchors)
			}
			if tt.want != "" && !strings.Contains(f.Text, tt.want) {
				t.Errorf("Text %q lacks %q", truncRunes(f.Text, 200), tt.want)
			}
		})
	}
}

func manyAnchors(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<a href="/a%d.html">链接%d</a><img src="/i.png">`, i, i)
	}
	return b.String()
}

// checkBounds asserts every documented output bound.
func checkBounds(t *testing.T, f Facts) {
	t.Helper()
	switch {
	case len(f.Text) > maxTextBytes, len(f.Footer) > maxFootBytes,
		len(f.Headings) > maxHeadings, len(f.Breadcrumb) > maxCrumbs,
		len(f.Blocks) > maxBlocks, len(f.Items) > maxItems, len(f.Anchors) > maxAnchors,
		len(f.Tables) > maxTables, len(f.Meta) > maxMeta, len(f.Hints.NoScript) > maxNoScript,
		len(f.Hints.EmptyContainers) > maxEmpty:
		t.Fatalf("output over its bounds: text %d, footer %d, headings %d, crumbs %d, blocks %d, items %d, anchors %d, tables %d, meta %d",
			len(f.Text), len(f.Footer), len(f.Headings), len(f.Breadcrumb), len(f.Blocks), len(f.Items), len(f.Anchors), len(f.Tables), len(f.Meta))
	}
	for _, tb := range f.Tables {
		if len(tb.Rows) > maxTableRows {
			t.Fatalf("table with %d rows", len(tb.Rows))
		}
		for _, r := range tb.Rows {
			if len(r) > maxTableCols {
				t.Fatalf("row with %d cells", len(r))
			}
		}
	}
	for _, b := range f.Blocks {
		if utf8.RuneCountInString(b.Value) > maxValueRunes || !utf8.ValidString(b.Value) || !utf8.ValidString(b.Label) {
			t.Fatalf("block value over bound or invalid: %q", truncRunes(b.Value, 50))
		}
	}
	for _, it := range f.Items {
		if utf8.RuneCountInString(it.Title) > maxItemRunes {
			t.Fatalf("item title over bound")
		}
	}
	for _, a := range f.Anchors {
		if utf8.RuneCountInString(a.Text) > maxAnchorText {
			t.Fatalf("anchor text over bound")
		}
	}
	if !utf8.ValidString(f.Text) || !utf8.ValidString(f.Footer) || !utf8.ValidString(f.Title) {
		t.Fatal("invalid UTF-8 in output")
	}
}
