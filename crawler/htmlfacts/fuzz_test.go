package htmlfacts

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzExtract checks that no input makes Extract fail, panic or exceed
// its output bounds. Seeds: the two smallest corpus pages and snippets of
// the markup quirks the other tests cover.
func FuzzExtract(f *testing.F) {
	for _, name := range []string{"hd_details.html", "ccgp_notice.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`<%@ page %><html><script>x</script><head><title>T</title></head><body><p><strong>索引号</strong>：1</p></body></html>`,
		`<table><tr><td>索 &nbsp;引 号：</td><td>X</td><td>分类：</td><td>Y</td></tr></table><dl><dt>a</dt><dd>b</dd></dl>`,
		`<ul><li><a href="t1.html" title="全">关于…</a><span>[11-20]</span></li><li><a href="javascript:;">x</a></li></ul>`,
		`<base href="/b/"><div class="footer">网站标识码：1<!-- 吉ICP备1号 --></div><nav><a href=//x.cn>y</a></nav>`,
		`<div style="display:none"><a href=a>隐藏</a></div><noscript><p>js</p></noscript><ul id=nav></ul>`,
		`<p>【发布日期】2020-01-01 时间：2020年1月2日 来源：x|y</p><div class=crumb>首页&gt;&gt;甲</div>`,
		`<div id="1"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/p.jsp?page=1">]]></nextgroup><recordset><record><![CDATA[<tr><td><a href="/art/1.html">某某通知标题</a></td><td>2026-11-20</td></tr>]]></record></recordset></datastore></script></div>`,
		`<table><form action=/s><tr><td><input placeholder=搜索><button>Go</button></td></tr></form></table><form method=dialog></form>`,
		`<?xml version="1.0"?><datastore><recordset><record><![CDATA[<li><a href=/a>标题标题</a>11-20</li>]]></record></recordset></datastore>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		done := make(chan struct{})
		var facts Facts
		var err error
		go func() {
			defer close(done)
			facts, err = Extract(testPage, body)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("Extract did not return within 20s on %d bytes", len(body))
		}
		if err != nil {
			t.Fatalf("Extract: %v", err)
		}
		checkBounds(t, facts)
	})
}
