package htmlfacts

import (
	"slices"
	"strings"
	"testing"

	"gongkai/crawler/snapshot"
)

// TestEmptyHeaderLabels: a metadata header whose template left the values
// out still shows its labels (an empty value each); a label shown with a
// value anywhere keeps only that.
func TestEmptyHeaderLabels(t *testing.T) {
	f := extract(t, `<ul class="xxgk"><li><span>索引号：</span></li><li><span>发文字号：</span></li>`+
		`<li><span>成文日期：</span><span>2026-11-02</span></li></ul>`)
	want := []snapshot.Block{{Label: "索引号"}, {Label: "发文字号"}, {Label: "成文日期", Value: "2026-11-02"}}
	if !slices.Equal(f.Blocks, want) {
		t.Errorf("blocks %v, want %v", f.Blocks, want)
	}
}

// TestProse: running text is what an article's paragraphs hold; link text,
// dates, short labels, an unmarked footer's lines and the summaries of a
// list's entries are not.
func TestProse(t *testing.T) {
	para := strings.Repeat("为进一步做好政务公开工作现将有关事项通知如下", 2) // 44 characters
	tests := []struct {
		name, body string
		want       int
	}{
		{"two paragraphs", "<p>" + para + "</p><p>" + para + "</p>", 88},
		{"a link line and a date", `<p><a href="/a.html">` + para + `</a> 2026-11-20</p>`, 0},
		{"short lines", "<p>发布时间：2026-11-20</p><p>来源：县政府办</p>", 0},
		{"an unmarked footer", "<p>" + para + "</p><div>主办单位：某县人民政府办公室 承办单位：某县信息中心 地址：人民路1号</div>" +
			"<div>网站标识码：1304350008 冀ICP备09012345号 公安备案号：13043502000012号</div>", 44},
		{"summaries of a list", `<ul>` + strings.Repeat(`<li><a href="/t1.html">关于开展安全生产检查的通知</a><p>`+para+`</p><span>2026-11-20</span></li>`, 3) + `</ul>`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if f := extract(t, tt.body); f.Prose != tt.want {
				t.Errorf("Prose = %d, want %d (text %q)", f.Prose, tt.want, f.Text)
			}
		})
	}
}

// TestBreadcrumbForms: a location trail is read from its links when CSS
// draws the separators, under any 位置： head, and with the site's name
// for its first part.
func TestBreadcrumbForms(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"links, separators drawn by CSS", `<div class="breadcrumb"><span>当前位置：</span><ul><li><a href="/">首页</a></li>` +
			`<li><a href="/zwgk/">政务公开</a></li><li><a href="/zwgk/cf/">行政处罚/行政强制</a></li></ul></div>`,
			[]string{"首页", "政务公开", "行政处罚/行政强制"}},
		{"您现在的位置 and the site's name", `<table><tr><td class="path">您现在的位置：<a href="/">清河县人民政府</a>&nbsp;&gt;&gt;&nbsp;` +
			`<a href="/c9/">新闻中心</a>&nbsp;&gt;&gt;&nbsp;<a href="/c10/">本县要闻</a></td></tr></table>`,
			[]string{"清河县人民政府", "新闻中心", "本县要闻"}},
		{"text trail with the page's own name", `<div class="position">您的位置：<a href="/">首页</a> &gt; <a href="/xw/">新闻</a> &gt; 正文</div>`,
			[]string{"首页", "新闻", "正文"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if f := extract(t, tt.body); !slices.Equal(f.Breadcrumb, tt.want) {
				t.Errorf("breadcrumb %q, want %q", f.Breadcrumb, tt.want)
			}
		})
	}
}

// TestTabPanes: a hidden pane beside a shown pane of the same kind is
// content (a reader clicks its tab); a hidden element alone stays hidden.
func TestTabPanes(t *testing.T) {
	f := extract(t, `<div class="tab-con on"><p>基本信息面板</p></div><div class="tab-con" style="display:none"><p>申请材料面板</p></div>`+
		`<div class="popup" style="display:none"><p>弹出层</p></div><div id="con_1"><p>第一栏</p></div><div id="con_2" hidden><p>第二栏</p></div>`)
	for _, want := range []string{"基本信息面板", "申请材料面板", "第一栏", "第二栏"} {
		if !strings.Contains(f.Text, want) {
			t.Errorf("Text lacks %s: %q", want, f.Text)
		}
	}
	if strings.Contains(f.Text, "弹出层") {
		t.Errorf("a lone hidden element was shown: %q", f.Text)
	}
}

// TestTableRegions: in a table layout, a table whose class names a menu
// or a footer is navigation or footer.
func TestTableRegions(t *testing.T) {
	f := extract(t, `<table class="menu"><tr><td><a href="/a/">政务公开</a></td></tr></table>`+
		`<table><tr><td><p>正文内容</p></td></tr></table>`+
		`<table class="bottom"><tr><td>主办单位：某县人民政府 网站标识码：1304350008</td></tr></table>`)
	if f.Text != "正文内容" || !strings.Contains(f.Footer, "网站标识码") {
		t.Errorf("Text %q, Footer %q", f.Text, f.Footer)
	}
	for _, a := range f.Anchors {
		if a.Text == "政务公开" && a.Region != "nav" {
			t.Errorf("menu link region %q, want nav", a.Region)
		}
	}
}
