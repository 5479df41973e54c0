package htmlfacts

import (
	"slices"
	"strings"
	"testing"

	"gongkai/crawler/snapshot"
)

const testPage = "http://www.agency.gov.cn/xxgk/tzgg/index.html"

func extract(t *testing.T, body string) Facts {
	t.Helper()
	f, err := Extract(testPage, []byte(body))
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	return f
}

func blockValue(f Facts, label string) (string, bool) {
	for _, b := range f.Blocks {
		if b.Label == label {
			return b.Value, true
		}
	}
	return "", false
}

func findAnchor(f Facts, tag, u string) (snapshot.Anchor, bool) {
	for _, a := range f.Anchors {
		if a.Tag == tag && a.URL == u {
			return a, true
		}
	}
	return snapshot.Anchor{}, false
}

func wantBlocks(t *testing.T, f Facts, want map[string]string) {
	t.Helper()
	for label, value := range want {
		got, ok := blockValue(f, label)
		if !ok || got != value {
			t.Errorf("block %q = %q (found %v), want %q; blocks %v", label, got, ok, value, f.Blocks)
		}
	}
}

func TestExtractRejectsRelativePageURL(t *testing.T) {
	for _, u := range []string{"", "/a.html", "a.html", "mailto:x@y.cn", "ftp://a.gov.cn/", "http:///x"} {
		t.Run(u, func(t *testing.T) {
			if _, err := Extract(u, []byte("<p>x</p>")); err == nil {
				t.Errorf("Extract(%q) succeeded, want an error", u)
			}
		})
	}
}

func TestLabelledValues(t *testing.T) {
	tests := []struct {
		name   string
		html   string
		want   map[string]string
		absent []string
	}{
		{"p strong full-width colon", `<p><strong>索引号</strong>：000014348/2020-35147</p><p><strong>文号</strong>：无</p>`,
			map[string]string{"索引号": "000014348/2020-35147", "文号": "无"}, nil},
		{"li span label", `<ul><li><span>发布日期：</span>2020-08-02</li><li><span>发文机关：</span>邯郸市教育局</li></ul>`,
			map[string]string{"发布日期": "2020-08-02", "发文机关": "邯郸市教育局"}, nil},
		{"spaced label with nbsp", `<div>索&nbsp;&nbsp;引&nbsp;号：11220000013544357T/2022-00426</div><div>标&nbsp;&nbsp;&nbsp;题：关于某事的通知</div>`,
			map[string]string{"索引号": "11220000013544357T/2022-00426", "标题": "关于某事的通知"}, nil},
		{"full-width spaces in label", "<p>索\u3000引\u3000号：A-1</p>", map[string]string{"索引号": "A-1"}, nil},
		{"bracket label", `<p>【发布日期】2021-06-10 【字号】大 中 小 【打印】</p>`,
			map[string]string{"发布日期": "2021-06-10", "字号": "大 中 小"}, []string{"打印"}},
		{"ascii colon and time", `<div class="pubDate">发布日期: <span>2012-06-24 10:49:00</span></div>`,
			map[string]string{"发布日期": "2012-06-24 10:49:00"}, []string{"10", "49"}},
		{"several pairs on one line", `<div><span>时间：2019-09-18 06:23</span> | <span>来源：山西日报</span> | 浏览次数： </div>`,
			map[string]string{"时间": "2019-09-18 06:23", "来源": "山西日报"}, nil},
		{"pairs separated only by spaces", `<p>发布日期：2016-11-22 信息来源：省发改委 浏览次数：12</p>`,
			map[string]string{"发布日期": "2016-11-22", "信息来源": "省发改委", "浏览次数": "12"}, nil},
		{"url value is not split", `<p>网址：http://www.agency.gov.cn/a.html</p>`,
			map[string]string{"网址": "http://www.agency.gov.cn/a.html"}, []string{"http"}},
		{"th td", `<table><tr><th>索引号</th><td>X-1</td></tr><tr><th>发布机构</th><td>某局</td></tr></table>`,
			map[string]string{"索引号": "X-1", "发布机构": "某局"}, nil},
		{"td colon label", `<table><tr><td>成文日期：</td><td>2022年01月27日</td></tr></table>`,
			map[string]string{"成文日期": "2022年01月27日"}, nil},
		{"multi-pair row", `<table><tr><td>索 引 号：</td><td>X-2</td><td>主题分类：</td><td>教育</td></tr>
			<tr><td>发文字号：</td><td>冀政〔2020〕1号</td><td>发布日期：</td><td>2020-08-02</td></tr></table>`,
			map[string]string{"索引号": "X-2", "主题分类": "教育", "发文字号": "冀政〔2020〕1号", "发布日期": "2020-08-02"}, nil},
		{"label class cells", `<table><tr><td class="title">公告时间</td><td>2021年06月10日 17:35</td><td class="title">行政区域</td><td>芷江县</td></tr></table>`,
			map[string]string{"公告时间": "2021年06月10日 17:35", "行政区域": "芷江县"}, nil},
		{"bold label cells", `<table><tr><td><b>有效性</b></td><td>有效</td></tr></table>`,
			map[string]string{"有效性": "有效"}, nil},
		{"header row is not pairs", `<table><tr><th>名称</th><th>索引号</th><th>发布机构</th><th>发布日期</th></tr>
			<tr><td><a href="t1.html">关于印发某办法的通知</a></td><td>000014348/2020-35428</td><td>邯郸市教育局</td><td>2020-08-05</td></tr></table>`,
			nil, []string{"名称", "发布机构", "关于印发某办法的通知"}},
		{"dl dt dd", `<dl><dt>索引号：</dt><dd>D-1</dd><dt>有效性</dt><dd>有效</dd></dl>`,
			map[string]string{"索引号": "D-1", "有效性": "有效"}, nil},
		{"dd with label and value children", `<dl><dd><label><font>索 引 号：</font></label><div> 014742224A/2023-0043406 </div></dd>
			<dd><label>生成日期：</label><div>2023-05-11</div></dd></dl>`,
			map[string]string{"索引号": "014742224A/2023-0043406", "生成日期": "2023-05-11"}, nil},
		{"commented-out row", `<table><tr><td>发布日期：</td><td>2020-01-01</td></tr><!--<tr><td>成文日期：</td><td>2019-12-31</td></tr>--></table>`,
			map[string]string{"发布日期": "2020-01-01"}, []string{"成文日期"}},
		{"hidden row", `<p style="display: none">有效性：有效</p><p hidden>主题词：x</p><p class="a ng-hide">分类：y</p><p style="VISIBILITY:hidden !important">文号：z</p><p>发布日期：2020-01-02</p>`,
			map[string]string{"发布日期": "2020-01-02"}, []string{"有效性", "主题词", "分类", "文号"}},
		{"script-written row", `<table><tr><td>发布日期：</td><td>2020-01-01</td></tr><script>document.write("<tr><td>有效性：</td><td>有效</td></tr>")</script></table>`,
			map[string]string{"发布日期": "2020-01-01"}, []string{"有效性"}},
		{"running text is not a label", `<p>各县（市、区）人民政府，市政府各部门：现将有关事项通知如下，请遵照执行。</p>`,
			nil, []string{"市政府各部门", "各县（市、区）人民政府，市政府各部门"}},
		{"long value bounded", `<p>摘要：` + strings.Repeat("v", 800) + `</p>`,
			map[string]string{"摘要": strings.Repeat("v", maxValueRunes)}, nil},
		{"comma ends a value", `<p>发布日期：2020-01-01，来源：新华社</p>`,
			map[string]string{"发布日期": "2020-01-01", "来源": "新华社"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := extract(t, tt.html)
			wantBlocks(t, f, tt.want)
			for _, label := range tt.absent {
				if v, ok := blockValue(f, label); ok {
					t.Errorf("unexpected block %q = %q", label, v)
				}
			}
		})
	}
}

func TestBlocksBounded(t *testing.T) {
	var b strings.Builder
	for i := range 500 {
		b.WriteString("<p>标签")
		b.WriteString(strings.Repeat("甲", i%7))
		b.WriteString("：值")
		b.WriteString(strings.Repeat("乙", i))
		b.WriteString("</p>")
	}
	f := extract(t, b.String())
	if len(f.Blocks) != maxBlocks {
		t.Errorf("%d blocks, want the bound %d", len(f.Blocks), maxBlocks)
	}
	seen := map[snapshot.Block]bool{}
	for _, bl := range f.Blocks {
		if seen[bl] {
			t.Fatalf("duplicate block %v", bl)
		}
		seen[bl] = true
	}
}

func TestDuplicateHeaderKeptOnce(t *testing.T) {
	h := `<table><tr><td>索 引 号：</td><td>X-9</td></tr></table>`
	f := extract(t, h+`<div>`+h+`</div>`)
	n := 0
	for _, b := range f.Blocks {
		if b.Label == "索引号" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d 索引号 blocks, want 1: %v", n, f.Blocks)
	}
}

func TestTitleFallbacks(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"title element", "<title>\n  甲  乙\n</title><h1>丙</h1>", "甲 乙"},
		{"meta ArticleTitle", `<meta name="ArticleTitle" content=" 关于某事的通知 "><h1>丙</h1>`, "关于某事的通知"},
		{"first h1", "<h1>首页</h1><h1>第二</h1>", "首页"},
		{"svg title ignored", `<svg><title>icon</title></svg><title>真标题</title>`, "真标题"},
		{"title in body after jsp include", `<head><jsp:include page="/x.jsp" /><title>邯郸市政府信息公开</title></head><body>正文</body>`, "邯郸市政府信息公开"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := extract(t, tt.html)
			if f.Title != tt.want {
				t.Errorf("Title = %q, want %q", f.Title, tt.want)
			}
			if strings.Contains(f.Text, tt.want) && tt.name == "title in body after jsp include" {
				t.Errorf("title text leaked into Text: %q", f.Text)
			}
		})
	}
}

func TestMeta(t *testing.T) {
	f := extract(t, `<head><meta name="SiteIDCode" content=" 1304000009 "><meta name="siteidcode" content="other">
		<meta property="og:title" content="OG"><meta http-equiv="Content-Type" content="text/html; charset=gbk">
		<meta charset="utf-8"><meta name="PubDate" content="2020年08月02日"><!--<meta name="ColumnName" content="x">--></head>`)
	want := map[string]string{"siteidcode": "1304000009", "og:title": "OG", "content-type": "text/html; charset=gbk", "pubdate": "2020年08月02日"}
	for k, v := range want {
		if f.Meta[k] != v {
			t.Errorf("Meta[%q] = %q, want %q", k, f.Meta[k], v)
		}
	}
	if _, ok := f.Meta["columnname"]; ok || len(f.Meta) != len(want) {
		t.Errorf("Meta = %v, want exactly %v", f.Meta, want)
	}
}

func TestApply(t *testing.T) {
	f := extract(t, `<title>T</title><h1>H</h1><p>发布日期：2020-01-01</p><ul><li><a href="/a/t1.html">关于某事的通知</a><span>2020-01-01</span></li></ul>
		<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table><div class="footer">网站标识码：1</div><div class="crumb">首页 > 公开</div>`)
	p := snapshot.Page{URL: testPage, HTTPStatus: 200}
	f.Apply(&p)
	if p.Title != "T" || p.Text != f.Text || p.Footer != f.Footer || p.HTTPStatus != 200 ||
		!slices.Equal(p.Headings, f.Headings) || !slices.Equal(p.Blocks, f.Blocks) || !slices.Equal(p.Items, f.Items) ||
		!slices.Equal(p.Anchors, f.Anchors) || !slices.Equal(p.Breadcrumb, f.Breadcrumb) || len(p.Tables) != 1 || len(p.Meta) != len(f.Meta) {
		t.Errorf("Apply did not copy the facts: %+v", p)
	}
}
