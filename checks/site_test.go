package checks

import (
	"time"

	"gongkai/crawler/snapshot"
)

// asOf is the audit date of the hand-built snapshots.
var asOf = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

const base = "https://www.example.gov.cn"

func u(path string) string { return base + path }

func a(path, text string) snapshot.Anchor {
	url := path
	if len(path) > 0 && path[0] == '/' {
		url = u(path)
	}
	return snapshot.Anchor{URL: url, Text: text, Tag: "a"}
}

func item(title, path, date, section string) snapshot.Item {
	return snapshot.Item{Title: title, URL: u(path), Date: date, Section: section}
}

func blocks(kv ...string) []snapshot.Block {
	var out []snapshot.Block
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, snapshot.Block{Label: kv[i], Value: kv[i+1]})
	}
	return out
}

// goodSite returns a snapshot of a compliant portal as of asOf: every rule
// of the default catalog passes on it (bonus-manual is not applicable).
func goodSite() *snapshot.Snapshot {
	home := snapshot.Page{
		URL: u("/"), FinalURL: u("/"), Depth: 0, HTTPStatus: 200, Status: snapshot.StatusOK,
		Title: "示例市人民政府", Meta: map[string]string{"siteidcode": "1300000001"},
		Items: []snapshot.Item{
			item("示例市召开常务会议", "/gzdt/202611/t1.html", "11-20", "要闻"),
			item("关于开展安全检查的通知", "/tzgg/202611/t2.html", "2026-11-18", "通知公告"),
		},
		Anchors: []snapshot.Anchor{
			a("/gzdt/", "工作动态"), a("/tzgg/", "通知公告"), a("/zcwj/", "政策文件"), a("/zcjd/", "政策解读"),
			a("/zjsl/", "走进示例"), a("/jgzn/", "机构职能"), a("/ldxx/", "领导信息"),
			a("/xxgk/", "政府信息公开"), a("/xxgk/zn/", "政府信息公开指南"), a("/xxgk/zd/", "政府信息公开制度"),
			a("/xxgk/fdzdgknr/", "法定主动公开内容"), a("/xxgk/nb/", "政府信息公开年报"),
			a("/search/", "搜索"), a("https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action", "我为政府网站找错"),
			a("/bsfw/", "办事服务"), a("/ysqgk/", "依申请公开"),
		},
		Footer: "主办：示例市人民政府办公室 网站标识码：1300000001 冀ICP备05000001号-1 冀公网安备 13010002000001号",
	}
	col := func(path, name string, items ...snapshot.Item) snapshot.Page {
		return snapshot.Page{URL: u(path), FinalURL: u(path), Depth: 1, HTTPStatus: 200, Status: snapshot.StatusOK,
			Title: name + "_示例市人民政府", Meta: map[string]string{"columnname": name},
			Breadcrumb: []string{"首页", name}, Items: items, Text: "列表"}
	}
	doc := snapshot.Page{
		URL: u("/zcwj/202611/t3.html"), Depth: 2, HTTPStatus: 200, Status: snapshot.StatusOK,
		Title: "示例市人民政府关于印发某办法的通知", Meta: map[string]string{"articletitle": "示例市人民政府关于印发某办法的通知"},
		Blocks: blocks("索 引 号：", "000014349/2026-00110", "主题分类：", "城乡建设", "发文机关：", "示例市人民政府",
			"成文日期：", "2026年11月02日", "标　　题：", "示例市人民政府关于印发某办法的通知", "发文字号：", "示政发〔2026〕7号",
			"发布日期：", "2026年11月10日", "有效性：", "有效"),
		Text: "各县（市、区）人民政府……",
	}
	guide := snapshot.Page{
		URL: u("/bsfw/zn1.html"), Depth: 2, HTTPStatus: 200, Status: snapshot.StatusOK,
		Title: "个体工商户登记办事指南",
		Blocks: blocks("事项名称", "个体工商户登记", "设定依据", "《促进个体工商户发展条例》", "申请条件", "具有经营能力的自然人",
			"办理材料", "1.登记申请书；2.身份证明", "办理地点", "市政务服务中心一楼", "办理机构", "市市场监督管理局",
			"收费标准", "不收费", "办理时间", "工作日9:00-17:00", "联系电话", "0311-12345678", "办理流程", "申请—受理—决定",
			"更新时间", "2026-10-01"),
	}
	report := snapshot.Page{
		URL: u("/xxgk/nb/202603/t4.html"), Depth: 3, HTTPStatus: 200, Status: snapshot.StatusOK,
		Title: "示例市2025年政府信息公开工作年度报告", Meta: map[string]string{"articletitle": "示例市2025年政府信息公开工作年度报告"},
		Blocks: blocks("发布日期", "2026-03-20"),
		Tables: []snapshot.Table{{Rows: table3Rows()}},
	}
	pages := []snapshot.Page{
		home,
		col("/gzdt/", "工作动态", item("示例市召开常务会议", "/gzdt/202611/t1.html", "2026-11-20", "")),
		col("/tzgg/", "通知公告", item("关于开展安全检查的通知", "/tzgg/202611/t2.html", "2026-11-18", "")),
		col("/zcwj/", "政策文件", item("示例市人民政府关于印发某办法的通知", "/zcwj/202611/t3.html", "2026-11-10", "")),
		col("/zcjd/", "政策解读", item("图解某办法", "/zcjd/202611/t5.html", "2026-11-11", "")),
		col("/xxgk/nb/", "政府信息公开年报", item("示例市2025年政府信息公开工作年度报告", "/xxgk/nb/202603/t4.html", "2026-03-20", "")),
		col("/rsxx/", "人事信息", item("示例市2026年公开招聘公务员拟录用人员公示", "/rsxx/202609/t6.html", "2026-09-01", "")),
		{URL: u("/xxgk/fdzdgknr/"), Depth: 1, HTTPStatus: 200, Status: snapshot.StatusOK, Title: "法定主动公开内容",
			Meta: map[string]string{"columnname": "法定主动公开内容"}, Anchors: []snapshot.Anchor{
				a("/xxgk/gz/", "规章"), a("/xxgk/jgzn/", "机构职能"), a("/xxgk/gh/", "规划信息"), a("/xxgk/tj/", "统计信息"),
				a("/xxgk/xk/", "行政许可"), a("/xxgk/cf/", "行政处罚"), a("/xxgk/czyjs/", "财政预决算"), a("/xxgk/sf/", "行政事业性收费"),
				a("/xxgk/cg/", "政府采购"), a("/xxgk/zdxm/", "重大建设项目"), a("/xxgk/shbz/", "社会保障"), a("/xxgk/yj/", "应急管理"),
				a("/xxgk/jdjc/", "监督检查"), a("/xxgk/gwyzk/", "公务员招考"),
			}},
		doc, guide, report,
	}
	links := []snapshot.Link{}
	for _, an := range home.Anchors {
		links = append(links, snapshot.Link{URL: an.URL, FromURL: u("/"), Text: an.Text, Tag: "a", Internal: len(an.URL) > len(base) && an.URL[:len(base)] == base,
			OnHomepage: true, Level: 2, HTTPStatus: 200, Status: snapshot.StatusOK, CheckedAt: asOf})
	}
	links = append(links, snapshot.Link{URL: u("/zcwj/202611/t3.html"), FromURL: u("/zcwj/"), Tag: "a", Internal: true, Level: 3, HTTPStatus: 200, Status: snapshot.StatusOK, CheckedAt: asOf})
	return &snapshot.Snapshot{
		Version: snapshot.Version, Site: snapshot.Site{ID: "example", Name: "示例市人民政府", URL: u("/"), Kind: "portal"},
		Status: snapshot.StatusOK,
		Home:   snapshot.HomeProbe{URL: u("/"), FinalURL: u("/"), Status: snapshot.StatusOK, HTTPStatus: 200, Duration: 800 * time.Millisecond, HTTPS: true},
		Pages:  pages, Links: links,
		Hosts: []snapshot.Host{
			{Name: "www.example.gov.cn", Level: 1, A: []string{"192.0.2.1"}, AAAA: []string{"2001:db8::1"}, IPv4OK: true, IPv6OK: true},
			{Name: "zfwzzc.www.gov.cn", Level: 2, A: []string{"192.0.2.9"}, IPv4OK: true},
		},
		IPv6: snapshot.IPv6{HomeV4Status: 200, HomeV6Status: 200, Consistent: true, Similarity: 0.99},
	}
}

// table3Rows is a correct 表三 (2021 format, trimmed to the identity rows).
func table3Rows() [][]string {
	return [][]string{
		{"本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "申请人情况"},
		{"", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"},
		{"一、本年新收政府信息公开申请数量", "10", "2", "0", "0", "1", "0", "13"},
		{"二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"},
		{"三、本年度办理结果", "（一）予以公开", "6", "1", "0", "0", "1", "0", "8"},
		{"（七）总计", "10", "2", "0", "0", "1", "0", "13"},
		{"四、结转下年度继续办理", "1", "0", "0", "0", "0", "0", "1"},
	}
}
