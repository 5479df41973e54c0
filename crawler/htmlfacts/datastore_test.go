package htmlfacts

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"gongkai/crawler/snapshot"
)

// TestHanwebListPage reads a Hanweb 大汉 column page whose entries sit only
// in a <script type="text/xml"> data store.
func TestHanwebListPage(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "hanweb", "list.html"))
	if err != nil {
		t.Fatal(err)
	}
	const page = "http://www.gubei.gov.cn/col/col346790/index.html"
	f, err := Extract(page, body)
	if err != nil {
		t.Fatal(err)
	}
	const host = "http://www.gubei.gov.cn"
	want := []snapshot.Item{
		{Title: "关于做好2026年冬季森林防火工作的通知", URL: host + "/art/2026/11/20/art_346790_123.html", Date: "2026-11-20", Section: "通知公告"},
		{Title: "古北县人民政府关于公布第二批县级非物质文化遗产代表性项目名录的通知", URL: host + "/art/2026/11/12/art_346790_118.html", Date: "2026-11-12", Section: "通知公告"},
		{Title: "关于2026年度县级预算单位政府采购意向公开的公告", URL: host + "/art/2026/10/30/art_346790_101.html", Date: "2026-10-30", Section: "通知公告"},
	}
	if diff := cmp.Diff(want, f.Items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	for _, it := range want {
		a, ok := findAnchor(f, "a", it.URL)
		if !ok || a.Region != "" {
			t.Errorf("anchor %s = %+v (found %v), want one in the body region", it.URL, a, ok)
		}
	}
	next := false
	for _, a := range f.Anchors {
		next = next || (a.Tag == "a" && strings.HasPrefix(a.URL, host+"/module/web/jpage/dataproxy.jsp?") && strings.Contains(a.URL, "columnid=346790"))
	}
	if !next {
		t.Errorf("no nextgroup anchor to dataproxy.jsp in %v", f.Anchors)
	}
	if !strings.Contains(f.Text, "关于做好2026年冬季森林防火工作的通知2026-11-20") {
		t.Errorf("record text missing from Text: %q", f.Text)
	}
	if strings.Contains(f.Text, "CDATA") || strings.Contains(f.Text, "datastore") {
		t.Errorf("store markup leaked into Text: %q", f.Text)
	}
	if f.Hints.Scripts != 5 || f.Hints.Links < 6 {
		t.Errorf("hints = %+v, want 5 scripts and the record links counted", f.Hints)
	}
}

func TestDataStore(t *testing.T) {
	const host = "http://www.agency.gov.cn"
	record := func(i int) string {
		return fmt.Sprintf(`<record><![CDATA[<li><a href="/art/2026/11/%d/art_1_%d.html" title="关于第%d项工作的通知">关于第%d项工作的通知</a><span>2026-11-%02d</span></li>]]></record>`, i%28+1, i, i, i, i%28+1)
	}
	store := func(records ...string) string {
		return `<script type="text/xml"><datastore><nextgroup><![CDATA[]]></nextgroup><recordset>` + strings.Join(records, "\n") + `</recordset></datastore></script>`
	}
	tests := []struct {
		name  string
		html  string
		items []snapshot.Item
		check func(t *testing.T, f Facts)
	}{
		{"table records (sample web, older templates)", `<div class="lm_tit">政策文件</div><div id="1">` + store(
			`<record><![CDATA[
<table width="100%"><tr><td class="list_dot">·</td><td><a href="/art/2026/11/2/art_7_1.html" title="某某实施办法" target="_blank">某某实施办法</a></td><td width="90" class="bt_time">2026-11-02</td></tr></table>
]]></record>`,
			`<record><![CDATA[<table width="100%"><tr><td>·</td><td><a href="/art/2026/10/9/art_7_2.html">某某管理规定</a></td><td>2026-10-09</td></tr></table>]]></record>`) + `</div>`,
			[]snapshot.Item{
				{Title: "某某实施办法", URL: host + "/art/2026/11/2/art_7_1.html", Date: "2026-11-02", Section: "政策文件"},
				{Title: "某某管理规定", URL: host + "/art/2026/10/9/art_7_2.html", Date: "2026-10-09", Section: "政策文件"},
			}, nil},
		{"row records inside a table", `<table class="list"><tbody>` + store(
			`<record><![CDATA[<tr><td><a href="/art/1.html">第一份通知的标题</a></td><td>2026-11-20</td></tr>]]></record>`,
			`<record><![CDATA[<tr><td><a href="/art/2.html">第二份通知的标题</a></td><td>2026-11-19</td></tr>]]></record>`) + `</tbody></table>`,
			[]snapshot.Item{
				{Title: "第一份通知的标题", URL: host + "/art/1.html", Date: "2026-11-20"},
				{Title: "第二份通知的标题", URL: host + "/art/2.html", Date: "2026-11-19"},
			}, nil},
		{"undated records are siblings of one list", `<div id="9">` + store(
			`<record><![CDATA[<li><a href="/art/art_9_1.html">第一份文件的标题</a></li>]]></record>`,
			`<record><![CDATA[<li><a href="/art/art_9_2.html">第二份文件的标题</a></li>]]></record>`,
			`<record><![CDATA[<li><a href="/art/art_9_3.html">第三份文件的标题</a></li>]]></record>`) + `</div>`,
			[]snapshot.Item{
				{Title: "第一份文件的标题", URL: host + "/art/art_9_1.html"},
				{Title: "第二份文件的标题", URL: host + "/art/art_9_2.html"},
				{Title: "第三份文件的标题", URL: host + "/art/art_9_3.html"},
			}, nil},
		{"store in the nav region gives anchors, not items", `<div class="nav">` + store(record(1)) + `</div>`, nil,
			func(t *testing.T, f Facts) {
				a, ok := findAnchor(f, "a", host+"/art/2026/11/2/art_1_1.html")
				if !ok || a.Region != "nav" {
					t.Errorf("anchor = %+v (found %v), want region nav", a, ok)
				}
			}},
		{"hidden container", `<div style="display:none">` + store(record(1)) + `</div>`, nil, nil},
		{"other xml scripts stay opaque", `<script type="text/xml"><data><![CDATA[<li><a href="/x/1.html">不是数据仓库的记录</a><span>2026-11-20</span></li>]]></data></script>`, nil,
			func(t *testing.T, f Facts) {
				if _, ok := findAnchor(f, "a", host+"/x/1.html"); ok {
					t.Errorf("anchor from a non-datastore script: %v", f.Anchors)
				}
			}},
		{"CDATA does not nest: a store inside a record ends at the first ]]>", `<div>` + store(`<record><![CDATA[<li><a href="/art/o.html">外层记录的标题</a><span>2026-11-20</span><script type="text/xml"><datastore><recordset><record><![CDATA[<a href="/art/inner.html">内层</a>]]></record></recordset></datastore></script></li>]]></record>`) + `</div>`,
			[]snapshot.Item{{Title: "外层记录的标题", URL: host + "/art/o.html", Date: "2026-11-20"}}, func(t *testing.T, f Facts) {
				if _, ok := findAnchor(f, "a", host+"/art/inner.html"); ok {
					t.Errorf("inner store inlined: %v", f.Anchors)
				}
			}},
		{"unterminated CDATA is ignored", `<div><script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/art/u.html">未结束的记录标题</a>2026-11-20</li></record></recordset></datastore></script></div>`, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := extract(t, tt.html)
			if diff := cmp.Diff(tt.items, f.Items, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if tt.check != nil {
				tt.check(t, f)
			}
		})
	}
}

// TestDataStoreBounds feeds more records than the bound in two stores.
func TestDataStoreBounds(t *testing.T) {
	var b strings.Builder
	for s := 0; s < 2; s++ {
		b.WriteString(`<div><script type="text/xml"><datastore><recordset>`)
		for i := 0; i < maxStoreRecords; i++ {
			fmt.Fprintf(&b, `<record><![CDATA[<li><a href="/art/%d_%d.html">第%d项工作的通知</a><span>2026-11-20</span></li>]]></record>`, s, i, i)
		}
		b.WriteString(`</recordset></datastore></script></div>`)
	}
	f := extract(t, b.String())
	if len(f.Items) != maxItems {
		t.Errorf("%d items, want the bound %d", len(f.Items), maxItems)
	}
	if len(f.Anchors) != maxStoreRecords {
		t.Errorf("%d anchors, want %d (the record bound over the document)", len(f.Anchors), maxStoreRecords)
	}
	big := `<div><script type="text/xml"><datastore><recordset><record><![CDATA[<p>` + strings.Repeat("长", maxStoreBytes/3+1) + `</p>]]></record></recordset></datastore></script></div>`
	if f := extract(t, big); strings.Contains(f.Text, "长长") {
		t.Errorf("a record over the byte bound was inlined (%d bytes of text)", len(f.Text))
	}
}

// TestDataStoreDocument reads a dataproxy.jsp answer: the store on its own.
func TestDataStoreDocument(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8"?>
<datastore><totalrecord>2</totalrecord><totalpage>1</totalpage>
<recordset><record><![CDATA[<li class="cf"><a target="_blank" href="/art/2026/9/16/art_77278_11830771.html" title="关于印发某办法的通知">关于印发某办法的通知</a><span>2026-09-16</span></li>]]></record>
<record><![CDATA[<li class="cf"><a target="_blank" href="/art/2026/9/15/art_77278_11830770.html">关于某项工作的公示</a><span>2026-09-15</span></li>]]></record></recordset></datastore>`
	f, err := Extract("http://www.agency.gov.cn/module/web/jpage/dataproxy.jsp?page=1&columnid=77278", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := []snapshot.Item{
		{Title: "关于印发某办法的通知", URL: "http://www.agency.gov.cn/art/2026/9/16/art_77278_11830771.html", Date: "2026-09-16"},
		{Title: "关于某项工作的公示", URL: "http://www.agency.gov.cn/art/2026/9/15/art_77278_11830770.html", Date: "2026-09-15"},
	}
	if diff := cmp.Diff(want, f.Items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestEnclosingTag(t *testing.T) {
	for in, want := range map[string]string{
		"<recordset>\n<record>":   "record",
		"<record id=\"1\">\n  ":   "record",
		"<NEXTGROUP>":             "nextgroup",
		"</record>":               "",
		"text":                    "",
		"<datastore><recordset>x": "",
		"":                        "",
	} {
		if got := enclosingTag(in); got != want {
			t.Errorf("enclosingTag(%q) = %q, want %q", in, got, want)
		}
	}
}
