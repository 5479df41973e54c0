package checks

import (
	"fmt"
	"strings"
	"testing"

	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/snapshot"
)

// guideFields are one guide's ten elements as a site labels them, with
// the value each shows; the layouts below lay the same guide out in the
// ways real guide pages do.
var guideFields = [][3]string{
	{"事项名称", "事项名称", "个体工商户设立登记"},
	{"设定依据", "法定依据", "《促进个体工商户发展条例》第八条"},
	{"申请条件", "受理条件", "有经营能力的自然人"},
	{"办理材料", "申请材料", "登记申请书、经营者身份证明"},
	{"办理地点", "办理地点", "县政务服务中心二楼市场监管窗口"},
	{"办理机构", "实施主体", "县市场监督管理局"},
	{"收费标准", "是否收费", "不收费"},
	{"办理时间", "承诺时限", "即时办结"},
	{"联系电话", "咨询电话", "0310-7123315"},
	{"办理流程", "办理流程", "网上申报、受理审查、准予登记、发放执照"},
}

var chineseNumbers = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// guideLayouts renders the guide in each common layout.
func guideLayouts() map[string]string {
	each := func(f func(i int, label, value string) string) string {
		var b strings.Builder
		for i, g := range guideFields {
			b.WriteString(f(i, g[1], g[2]))
		}
		return b.String()
	}
	var four strings.Builder
	for i := 0; i < len(guideFields); i += 2 {
		fmt.Fprintf(&four, "<tr><th>%s</th><td>%s</td><th>%s</th><td>%s</td></tr>",
			guideFields[i][1], guideFields[i][2], guideFields[i+1][1], guideFields[i+1][2])
	}
	var panes strings.Builder
	for i := 0; i < len(guideFields); i += 4 {
		style := ""
		if i > 0 {
			style = ` style="display:none"`
		}
		fmt.Fprintf(&panes, `<div class="tab-pane"%s>`, style)
		for _, g := range guideFields[i:min(i+4, len(guideFields))] {
			fmt.Fprintf(&panes, "<h4>%s</h4><p>%s</p>", g[1], g[2])
		}
		panes.WriteString("</div>")
	}
	var records []string
	for _, g := range guideFields {
		records = append(records, fmt.Sprintf(`{"name":%q,"value":%q}`, g[1], g[2]))
	}
	var object []string
	for _, g := range guideFields {
		object = append(object, fmt.Sprintf(`%q:%q`, g[1], g[2]))
	}
	return map[string]string{
		"two-column table":  "<table>" + each(func(_ int, l, v string) string { return "<tr><td>" + l + "</td><td>" + v + "</td></tr>" }) + "</table>",
		"four-column table": "<table>" + four.String() + "</table>",
		"definition list":   "<dl>" + each(func(_ int, l, v string) string { return "<dt>" + l + "</dt><dd>" + v + "</dd>" }) + "</dl>",
		"label and value spans": each(func(_ int, l, v string) string {
			return `<li><span class="label">` + l + `</span><span class="value">` + v + "</span></li>"
		}),
		"label and value divs": each(func(_ int, l, v string) string {
			return `<div class="row"><div class="name">` + l + `</div><div class="content">` + v + "</div></div>"
		}),
		"numbered headings and paragraphs": each(func(i int, l, v string) string {
			return "<p><strong>" + chineseNumbers[i] + "、" + l + "</strong></p><p>" + v + "</p>"
		}),
		"numbered headings and lists": each(func(i int, l, v string) string {
			return "<h3>（" + chineseNumbers[i] + "）" + l + "</h3><ol><li>" + v + "</li></ol>"
		}),
		"label: value paragraphs": each(func(_ int, l, v string) string { return "<p>" + l + "：" + v + "</p>" }),
		"tabs with hidden panes":  `<ul class="tabs"><li>基本信息</li><li>申请材料</li><li>办理流程</li></ul>` + panes.String(),
		"JSON records":            "<div id=guide></div><script>var guide = {\"items\":[" + strings.Join(records, ",") + "]};render(guide);</script>",
		"JSON object":             `<div id=guide></div><script type="application/json">{` + strings.Join(object, ",") + "}</script>",
	}
}

// TestGuideLayouts: the same guide laid out in every common layout shows
// all ten elements with their values, whatever its URL or title (the page
// is titled like an article, at an article's address), and is a guide.
func TestGuideLayouts(t *testing.T) {
	c := Default()
	for name, body := range guideLayouts() {
		t.Run(name, func(t *testing.T) {
			html := `<html><head><title>个体工商户设立登记</title></head><body><div class="nav"><a href="/">首页</a></div>` +
				`<div class="main">` + body + `</div><div class="footer">网站标识码：1301000001</div></body></html>`
			pageURL := "http://www.example.gov.cn/art/2026/11/3/art_12_345.html"
			f, err := htmlfacts.Extract(pageURL, []byte(html))
			if err != nil {
				t.Fatal(err)
			}
			p := &snapshot.Page{URL: pageURL, Depth: 3, Status: snapshot.StatusOK}
			f.Apply(p)
			vals := c.GuideValues(p)
			for _, g := range guideFields {
				if got := vals[g[0]]; got != g[2] {
					t.Errorf("%s (labelled %s) = %q, want %q", g[0], g[1], got, g[2])
				}
			}
			if typ, why := c.Classify(p); typ != TypeGuide {
				t.Errorf("type %s (%s), want guide; text %q blocks %v", typ, why, p.Text, p.Blocks)
			}
		})
	}
}

// TestGuideDates: a guide's date is a visible update date, else its
// publication date, else the date under its title, else the date its list
// shows beside it; only a guide dated nowhere is undated.
func TestGuideDates(t *testing.T) {
	c := Default()
	fields := "<p>事项名称：户外广告设置许可</p><p>申请条件：依法设立的单位</p><p>申请材料：申请表</p><p>办理地点：县政务服务中心</p><p>咨询电话：0310-1234567</p>"
	underTitle := htmlPage(t, "http://www.x.gov.cn/show.php?id=31", "<title>户外广告设置许可办事指南 - 办事服务</title>",
		"<h1>户外广告设置许可办事指南</h1><div>2025-03-18 09:12 来源：县城管局</div>"+fields)
	if g := c.GuideInfo(underTitle, asOf); !g.UpdatedAt.Equal(NewDate(2025, 3, 18)) || !g.Stale {
		t.Errorf("dated under its title: updated %v stale %v, want 2025-03-18 and stale", g.UpdatedAt, g.Stale)
	}
	s := goodSite()
	g := guidePage("/bsfw/zn2.html", "事项名称", "户外广告设置许可", "申请条件", "依法设立的单位", "办理材料", "申请表",
		"办理地点", "县政务服务中心", "联系电话", "0310-1234567")
	s.Pages = append(s.Pages, g,
		colPage("/bsfw/", "办事指南", 1, item("户外广告设置许可", "/bsfw/zn2.html", "2026-10-09", "")))
	found := false
	for _, gd := range c.Judge(s, asOf).Guides {
		if gd.URL != u("/bsfw/zn2.html") {
			continue
		}
		found = true
		if !gd.UpdatedAt.Equal(NewDate(2026, 10, 9)) || gd.Stale {
			t.Errorf("dated by its list: updated %v stale %v, want 2026-10-09, fresh", gd.UpdatedAt, gd.Stale)
		}
	}
	if !found {
		t.Error("the listed guide is not a guide")
	}
}
