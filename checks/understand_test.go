package checks

import (
	"slices"
	"strings"
	"testing"

	"gongkai/crawler/snapshot"
)

func TestMetadata(t *testing.T) {
	c := Default()
	tests := []struct {
		name string
		page snapshot.Page
		want Document
	}{
		{
			name: "two-column table, padded labels, first wins",
			page: snapshot.Page{Tables: []snapshot.Table{{Rows: [][]string{
				{"索 \u00a0引 号：", "11220000013544357T/2022-00426", "分\u00a0\u00a0类：", "环境;通告"},
				{"发文机关：", "吉林省人民政府", "成文日期：", "2022年01月27日"},
				{"标\u00a0\u00a0\u00a0\u00a0题：", "关于某事的通告"},
				{"发文字号：", "吉政明电〔2022〕1号", "发布日期：", "2022年01月28日"},
				{"索引号：", "DUPLICATE/2022-00001"},
			}}}},
			want: Document{IndexNumber: "11220000013544357T/2022-00426", Topic: "环境;通告", Issuer: "吉林省人民政府", Title: "关于某事的通告",
				DocNumber: "吉政明电〔2022〕1号", WrittenDate: NewDate(2022, 1, 27), PublishedDate: NewDate(2022, 1, 28), HasHeader: true,
				MissingFields: []string{FieldValidity}},
		},
		{
			name: "blocks, 无 is shown but empty, 来源 is not an issuer",
			page: snapshot.Page{Blocks: blocks("索引号", "000014348/2020-35147", "来源", "邯郸日报", "名称", "某通知", "文号", "无",
				"主题分类", "教育", "发布日期", "2020年08月02日")},
			want: Document{IndexNumber: "000014348/2020-35147", Title: "某通知", Topic: "教育", PublishedDate: NewDate(2020, 8, 2), HasHeader: true,
				MissingFields: []string{FieldWrittenDate, FieldValidity}},
		},
		{
			name: "header row of a list table gives nothing",
			page: snapshot.Page{Title: "近期信息公开", Tables: []snapshot.Table{{Rows: [][]string{
				{"名称", "索引号", "发布机构", "发布日期"},
				{"某通知", "000014348/2020-35428", "邯郸市教育局", "2020-08-05"},
			}}}},
			want: Document{Title: "近期信息公开", MissingFields: []string{FieldIndexNumber, FieldDocNumber, FieldWrittenDate, FieldPublishedDate, FieldValidity}},
		},
		{
			name: "news article: date from a labelled text line",
			page: snapshot.Page{Title: "新闻", Text: "某某会议召开\n时间： 2019-09-18 06:23 | 来源： 山西日报\n报名时间：2019-10-01"},
			want: Document{Title: "新闻", PublishedDate: NewDate(2019, 9, 18), MissingFields: []string{FieldIndexNumber, FieldDocNumber, FieldWrittenDate, FieldValidity}},
		},
		{
			name: "label inside a cell",
			page: snapshot.Page{Tables: []snapshot.Table{{Rows: [][]string{{"索引号：000014349/2017-00110", "生成日期：2017-05-11"}}}}},
			want: Document{IndexNumber: "000014349/2017-00110", WrittenDate: NewDate(2017, 5, 11), HasHeader: true,
				MissingFields: []string{FieldDocNumber, FieldPublishedDate, FieldValidity}},
		},
		{
			name: "text date after a longer word is not a publication date",
			page: snapshot.Page{Title: "x", Text: "报名时间：2019-10-01 考试时间：2019-11-01"},
			want: Document{Title: "x", MissingFields: []string{FieldIndexNumber, FieldDocNumber, FieldWrittenDate, FieldPublishedDate, FieldValidity}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Metadata(&tt.page, asOf)
			got.URL = ""
			if got.Title != tt.want.Title || got.IndexNumber != tt.want.IndexNumber || got.Topic != tt.want.Topic || got.Issuer != tt.want.Issuer ||
				got.DocNumber != tt.want.DocNumber || !got.WrittenDate.Equal(tt.want.WrittenDate) || !got.PublishedDate.Equal(tt.want.PublishedDate) ||
				got.HasHeader != tt.want.HasHeader || !slices.Equal(got.MissingFields, tt.want.MissingFields) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestGuideInfo(t *testing.T) {
	c := Default()
	table := snapshot.Page{Depth: 2, Title: "某事项办事指南", Tables: []snapshot.Table{{Rows: [][]string{
		{"事项名称", "某事项", "实施主体", "某局"},
		{"法定依据", "《某条例》"},
		{"受理条件", "符合条件的自然人"},
		{"申请材料", "申请书、身份证及其他材料"},
		{"办理时限", "5个工作日"}, // a time limit stands for 办理时间
		{"咨询电话", "123"},
	}}}, Blocks: blocks("更新日期", "2026-09-01")}
	g := c.GuideInfo(&table, asOf)
	if want := []string{"事项名称", "设定依据", "申请条件", "办理材料", "办理机构", "办理时间", "联系电话"}; !slices.Equal(g.ElementsPresent, want) {
		t.Errorf("present = %v, want %v", g.ElementsPresent, want)
	}
	if want := []string{"办理地点", "收费标准", "办理流程"}; !slices.Equal(g.ElementsMissing, want) {
		t.Errorf("missing = %v, want %v", g.ElementsMissing, want)
	}
	if !slices.Equal(g.VaguePhrases, []string{"其他材料"}) || !g.UpdatedAt.Equal(NewDate(2026, 9, 1)) || g.Stale {
		t.Errorf("vague %v updated %v stale %v", g.VaguePhrases, g.UpdatedAt, g.Stale)
	}
	if c.PageType(&table) != TypeGuide {
		t.Errorf("type = %s", c.PageType(&table))
	}
	text := snapshot.Page{Title: "服务指南", Headings: []string{"一、事项名称", "（二）设定依据", "3. 办理材料", "4. 办理流程"},
		Text: "更新时间：2026-11-02 来源：某局\n一、事项名称\n某事项\n（二）设定依据\n国务院有关部门规定\n3. 办理材料\n申请书及其他材料\n4. 办理流程\n申请\n办理地点：市民中心\n收费标准：不收费"}
	g = c.GuideInfo(&text, asOf)
	if want := []string{"事项名称", "设定依据", "办理材料", "办理地点", "收费标准", "办理流程"}; !slices.Equal(g.ElementsPresent, want) || g.Stale || !g.UpdatedAt.Equal(NewDate(2026, 11, 2)) {
		t.Errorf("present = %v stale %v", g.ElementsPresent, g.Stale)
	}
	// 有关部门 sits under 设定依据, which is not scanned; 其他材料 under 办理材料 is.
	if !slices.Equal(g.VaguePhrases, []string{"其他材料"}) {
		t.Errorf("vague = %v", g.VaguePhrases)
	}
}

func TestIdentifiers(t *testing.T) {
	c := Default()
	tests := []struct{ footer, id, icp, police string }{
		{"网站标识码：1304000009 冀ICP备05029117号-1 冀公网安备 13042002000523号", "1304000009", "冀ICP备05029117号-1", "冀公网安备 13042002000523号"},
		{"网站标识码： bm14000002 | 京 ICP 备 19054529 号 -1 | 京公网安备 11010602060068 号", "bm14000002", "京 ICP 备 19054529 号 -1", "京公网安备 11010602060068 号"},
		{"冀ICP备13016076号-2 网站标识码: 1300000065 冀公网安备 13010402001602", "1300000065", "冀ICP备13016076号-2", "冀公网安备 13010402001602"},
		{"备案编号：陇ICP备05003927号-4 甘公网安备62010202004388号", "", "陇ICP备05003927号-4", "甘公网安备62010202004388号"},
		{"版权所有 © 全国人大常委会办公厅", "", "", ""},
		{"京icp备13027807号", "", "京icp备13027807号", ""},
		{"网站标识码：１３０４０００００９", "1304000009", "", ""},
		// Variants real footers show: an ICP number without 号, police
		// registrations under 公安机关备案号 / 公安备案号 / 公安备案, with or
		// without the 公网安备 prefix.
		{"粤ICP备2026033457 公安机关备案号：44030002016568", "", "粤ICP备2026033457", "44030002016568"},
		{"闽ICP备09032658号 公安备案号：35012899001-19002", "", "闽ICP备09032658号", "35012899001-19002"},
		{"公安备案 京公网安备11010802026197号 京ICP证030173号", "", "京ICP证030173号", "京公网安备11010802026197号"},
		{"公安机关备案号：苏公网安备32011402012523号", "", "", "苏公网安备32011402012523号"},
		{"京公网安备 11010502030880号", "", "", "京公网安备 11010502030880号"},
	}
	for _, tt := range tests {
		got := c.identifiers(&snapshot.Page{Footer: tt.footer, Meta: map[string]string{"siteidcode": "9999999999"}})
		if got.SiteIDCode != tt.id || got.ICP != tt.icp || got.Police != tt.police || got.SiteIDCodeMeta != "9999999999" {
			t.Errorf("Identifiers(%q) = %+v", tt.footer, got)
		}
	}
}

func TestPageType(t *testing.T) {
	c := Default()
	many := []snapshot.Item{{Title: "a", Date: "2026-11-01"}, {Title: "b", Date: "2026-10-01"}, {Title: "c", Date: "2026-09-01"}}
	tests := []struct {
		name string
		page snapshot.Page
		want string
	}{
		{"homepage", snapshot.Page{Depth: 0}, TypeHomepage},
		{"annual report", snapshot.Page{Depth: 2, Title: "某局2025年度政府信息公开工作年度报告"}, TypeAnnualReport},
		{"document", snapshot.Page{Depth: 2, Blocks: blocks("索引号", "000014349/2017-00110")}, TypeDocument},
		{"platform part", snapshot.Page{Depth: 1, Meta: map[string]string{"columnname": "政府信息公开指南"}}, TypePlatform},
		{"platform by links", snapshot.Page{Depth: 1, Title: "信息公开", Anchors: []snapshot.Anchor{
			a("/zn/", "政府信息公开指南"), a("/zd/", "政府信息公开制度"), a("/fd/", "法定主动公开内容")}}, TypePlatform},
		{"article with related links", snapshot.Page{Depth: 2, Meta: map[string]string{"articletitle": "某新闻"}, Items: many, Prose: 300}, TypeArticle},
		{"short titled article", snapshot.Page{Depth: 2, Meta: map[string]string{"articletitle": "某新闻"}, Prose: 40}, TypeArticle},
		{"article by date line", snapshot.Page{Depth: 2, Text: "发布时间：2026-11-01"}, TypeArticle},
		{"column by items", snapshot.Page{Depth: 1, Items: many}, TypeColumn},
		{"column by name", snapshot.Page{Depth: 1, Meta: map[string]string{"columnname": "通知公告"}, Items: many[:1]}, TypeColumn},
		{"blank column", snapshot.Page{Depth: 1, URL: u("/tzgg/"), Text: "暂无信息"}, TypeColumn},
		{"list of documents with per-entry labels", snapshot.Page{Depth: 1, Items: many, Blocks: blocks(
			"索引号", "000014349/2026-00001", "发布日期", "2026-11-01", "索引号", "000014349/2026-00002", "发布日期", "2026-10-01",
			"索引号", "000014349/2026-00003", "发布日期", "2026-09-01")}, TypeColumn},
		{"other", snapshot.Page{Depth: 1, URL: u("/about.html"), Text: strings.Repeat("介绍", 100)}, TypeOther},
	}
	for _, tt := range tests {
		if got := c.PageType(&tt.page); got != tt.want {
			t.Errorf("%s: PageType = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestListItems(t *testing.T) {
	c := Default()
	p := snapshot.Page{Meta: map[string]string{"columnname": "通知公告"}, Items: []snapshot.Item{
		{Title: "热点1", Section: "热点排行"}, {Title: "热点2", Section: "热点排行"}, {Title: "热点3", Section: "热点排行"},
		{Title: "通知一", Date: "[11-20]", Section: "通知公告"}, {Title: "通知二", Date: "2026-11-01", Section: "通知公告"},
	}}
	got := c.ListItems(&p, asOf)
	if len(got) != 2 || got[0].Title != "通知一" || !got[0].Date.Equal(NewDate(2026, 11, 20)) {
		t.Errorf("named section: %+v", got)
	}
	p.Meta = nil
	p.Items[3].Section, p.Items[4].Section = "列表", "列表"
	got = c.ListItems(&p, asOf)
	if len(got) != 2 || got[1].Title != "通知二" {
		t.Errorf("dated group over larger undated group: %+v", got)
	}
}

func TestColumnKey(t *testing.T) {
	same := [][]string{
		{u("/tzgg/"), u("/tzgg/index.html"), u("/tzgg/index_1.html"), u("/tzgg")},
		{u("/list.jsp?cid=5"), u("/list.jsp?cid=5&page=2")},
	}
	for _, group := range same {
		for _, x := range group[1:] {
			if columnKey(x) != columnKey(group[0]) {
				t.Errorf("columnKey(%s) = %s, want %s", x, columnKey(x), columnKey(group[0]))
			}
		}
	}
	if columnKey(u("/list.jsp?cid=5")) == columnKey(u("/list.jsp?cid=6")) {
		t.Error("different columns share a key")
	}
}

func TestSplitRow(t *testing.T) {
	label, nums := splitRow([]string{"三、本年度办理结果", "（一）予以公开", "6", "", "0", "—", "1", "0", "7"})
	if label != "三、本年度办理结果（一）予以公开" || !slices.Equal(nums, []float64{6, 0, 0, 0, 1, 0, 7}) {
		t.Errorf("splitRow = %q %v", label, nums)
	}
	if _, nums := splitRow([]string{"", "自然人", "总计"}); nums != nil {
		t.Errorf("header row numbers %v", nums)
	}
}

// TestFormsAsEntries: a form counts for a section only by its action URL
// or the section's form words, never by the section's name synonyms.
func TestFormsAsEntries(t *testing.T) {
	c := Default()
	form := func(path, text string) *snapshot.Page {
		return &snapshot.Page{URL: u("/"), Anchors: []snapshot.Anchor{{URL: u(path), Text: text, Tag: "form"}}}
	}
	tests := []struct {
		name    string
		page    *snapshot.Page
		section string
		want    bool
	}{
		{"search word in the hint", form("/find.jsp", "Go 请输入关键词"), "search", true},
		{"search word in English", form("/find.jsp", "SEARCH"), "search", true},
		{"search action", form("/jsearch/", ""), "search", true},
		{"login form", form("/login.do", "登录"), "search", false},
		{"section name in a form is not an entry", form("/x.do", "政府信息公开指南"), "platform_guide", false},
		{"the same text as a link is", &snapshot.Page{URL: u("/"), Anchors: []snapshot.Anchor{a("/x.do", "政府信息公开指南")}}, "platform_guide", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.linksToSection(tt.page, c.Synonyms.section(tt.section)); got != tt.want {
				t.Errorf("linksToSection(%s) = %v, want %v", tt.section, got, tt.want)
			}
		})
	}
}
