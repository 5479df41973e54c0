package checks

import (
	"fmt"
	"strings"
	"testing"

	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/snapshot"
)

// htmlPage runs markup through the crawler's extractor, as a page at depth 2.
func htmlPage(t *testing.T, pageURL, head, body string) *snapshot.Page {
	if !strings.Contains(head, "<title>") {
		head += "<title>某县人民政府</title>"
	}
	t.Helper()
	doc := "<html><head>" + head + "</head><body>" +
		`<div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/bsfw/">办事服务</a></div>` +
		body + `<div class="footer">网站标识码：1301000001 冀ICP备05000000号</div></body></html>`
	f, err := htmlfacts.Extract(pageURL, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	p := &snapshot.Page{URL: pageURL, FinalURL: pageURL, Depth: 2, Status: snapshot.StatusOK, HTTPStatus: 200}
	f.Apply(p)
	return p
}

// para repeats a sentence into a paragraph of running text.
func para(n int) string {
	return "<p>" + strings.Repeat("为进一步做好政务公开工作，各部门要按照要求及时发布信息。", n) + "</p>"
}

// listRows returns n dated list entries, each with an optional summary.
func listRows(n int, summary string) string {
	var b strings.Builder
	b.WriteString(`<ul class="list">`)
	for i := range n {
		fmt.Fprintf(&b, `<li><a href="/tzgg/202611/t2026110%d_%d.html">关于开展第%d批安全生产检查工作的通知</a>%s<span>2026-11-%02d</span></li>`,
			i%10, i, i+1, summary, i%28+1)
	}
	b.WriteString("</ul>")
	return b.String()
}

// TestClassifyStructure: a page's kind comes from its structure, not its
// template, and the reason says which structure decided.
func TestClassifyStructure(t *testing.T) {
	c := Default()
	art := `<meta name="ArticleTitle" content="关于开展安全生产检查的通知">`
	tests := []struct {
		name, url, head, body string
		want, reason          string
	}{
		{"article with a related-links list", "http://www.x.gov.cn/tzgg/202611/t20261101_1.html", art,
			"<h1>关于开展安全生产检查的通知</h1>" + para(8) + `<div class="xglj"><h3>相关链接</h3>` + listRows(6, "") + "</div>",
			TypeArticle, "正文"},
		{"article without meta, label or date (a gazette article)", "http://www.x.gov.cn/zfgb/2026/11/content_3.html", "",
			"<h2>市人民政府关于印发某办法的通知</h2>" + para(12), TypeArticle, "正文"},
		{"short article: a title line and a byline with its date", "http://www.x.gov.cn/Item/812.aspx", "<title>县政府召开冬季安全生产工作会议-某县人民政府</title>",
			"<h2>县政府召开冬季安全生产工作会议</h2><div>来源：县政府办 更新时间：2026/11/13 17:40:00</div><p>会议部署冬季安全生产工作。</p>",
			TypeArticle, "标题下注明日期"},
		{"short article: the date inside the heading", "http://www.x.gov.cn/show.php?id=9", "<title>县委召开常委会议研究近期工作 - 要闻 - 某县</title>",
			"<h1>县委召开常委会议研究近期工作<br><span>2026-11-19 16:40 来源：县融媒体中心</span></h1><p>会议研究近期工作。</p>",
			TypeArticle, "标题下注明日期"},
		{"column whose pages carry ArticleTitle", "http://www.x.gov.cn/tzgg/index_2.html", art,
			"<h2>通知公告</h2>" + listRows(20, "") + `<div class="page">共5页 <a href="index_3.html">下一页</a></div>`,
			TypeColumn, "有翻页"},
		{"column showing one labelled date", "http://www.x.gov.cn/tzgg/", "",
			"<p>更新时间：2026-11-20</p><p>发布时间：2026-11-20</p>" + listRows(12, ""), TypeColumn, "列表12项"},
		{"search results with summaries", "http://www.x.gov.cn/search.jsp?q=安全", "",
			`<div class="results">` + strings.ReplaceAll(listRows(10, "<p>各乡镇、各部门：为切实做好安全生产工作，防范化解重大安全风险，现就有关事项通知如下，请认真贯彻执行。</p>"), "<li>", `<li class="result">`) + "</div>",
			TypeColumn, "列表10项"},
		{"document with an empty metadata header", "http://www.x.gov.cn/zcwj/202611/t20261101_2.html", "",
			`<table class="xxgk"><tr><td>索引号：</td><td></td><td>发文机关：</td><td></td></tr><tr><td>发文字号：</td><td></td><td>成文日期：</td><td></td></tr></table>` + para(10),
			TypeDocument, "元数据信息表"},
		{"依申请公开 page listing guide-like labels", "http://www.x.gov.cn/xxgk/ysqgk/", `<meta name="ArticleTitle" content="依申请公开">`,
			"<h2>依申请公开</h2><p>受理机构：县政府办公室</p><p>办理地点：县政务服务中心</p><p>处理时限：20个工作日</p><p>收费标准：不收费</p><p>咨询电话：0310-1234567</p>" + para(6),
			TypeArticle, "正文"},
		{"search page before a query is no blank column", "http://www.x.gov.cn/search/", `<meta name="ColumnName" content="站内搜索">`,
			"<h2>站内搜索</h2><form><input name=q></form>", TypeOther, ""},
		{"policy notice with procedure sections is no guide", "http://www.x.gov.cn/tzgg/202611/t20261105_7.html", art,
			"<h1>关于开展2026年农机购置补贴工作的通知</h1>" + para(3) +
				"<p>一、补贴对象和条件</p>" + para(2) + "<p>二、申请材料</p><p>申请表、身份证明。</p><p>三、办理流程</p><p>申请、审核、公示、兑付。</p><p>四、联系方式</p><p>0310-1234567</p>",
			TypeArticle, "正文"},
		{"document whose header fields are label spans with no values", "http://www.x.gov.cn/zcwj/202611/t20261101_3.html", "",
			`<ul class="xxgk"><li><span>索引号：</span></li><li><span>发文机关：</span></li><li><span>发文字号：</span></li><li><span>成文日期：</span></li></ul>` + para(10),
			TypeDocument, "元数据信息表"},
		{"blank column", "http://www.x.gov.cn/ghxx/", `<meta name="ColumnName" content="规划信息">`,
			"<h2>规划信息</h2><p>暂无信息</p>", TypeColumn, "空白栏目"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := htmlPage(t, tt.url, tt.head, tt.body)
			typ, why := c.Classify(p)
			if typ != tt.want || !strings.Contains(why, tt.reason) {
				t.Errorf("Classify = %s (%s), want %s (…%s…); prose %d items %d", typ, why, tt.want, tt.reason, p.Prose, len(p.Items))
			}
		})
	}
}

// TestPlatformPartNames: the platform's parts are recognised under the
// names sites give them (the 法定主动公开内容 linked as 政府信息公开目录 or
// 主动公开目录), and 依申请公开 is not one of them.
func TestPlatformPartNames(t *testing.T) {
	c := Default()
	tests := []struct {
		text, want string
	}{
		{"政府信息公开目录", "platform_statutory"},
		{"主动公开目录", "platform_statutory"},
		{"法定主动公开内容", "platform_statutory"},
		{"政府信息公开指南", "platform_guide"},
		{"政府信息公开制度文件", "platform_system"},
		{"2025年政府信息公开年报", "platform_annual_report"},
		{"依申请公开目录", ""},
	}
	for _, tt := range tests {
		p := &snapshot.Page{URL: u("/xxgk/"), Depth: 1, Anchors: []snapshot.Anchor{a("/xxgk/x/", tt.text)}}
		got := strings.Join(c.PlatformParts(p), ",")
		if got != tt.want {
			t.Errorf("%s links %q, want %q", tt.text, got, tt.want)
		}
	}
}
