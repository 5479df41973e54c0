package datasets

import (
	"fmt"
	"time"

	"gongkai/crawler/snapshot"
)

var buildAsOf = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// testSnapshot is a small but complete crawl of one site: homepage with
// identifiers in the footer, a column, a policy document with its metadata
// block, a service guide, level-2 and level-3 links over two hosts (one
// answering over IPv6, one not) and one dead link.
func testSnapshot(id string, v6 bool) *snapshot.Snapshot {
	base := fmt.Sprintf("https://www.%s.gov.cn", id)
	u := func(p string) string { return base + p }
	at := time.Date(2026, 11, 21, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	page := func(p string, depth int, title string) snapshot.Page {
		return snapshot.Page{URL: u(p), FinalURL: u(p), Depth: depth, HTTPStatus: 200, Status: snapshot.StatusOK,
			ContentType: "text/html", Charset: "utf-8", Bytes: 2048, FetchedAt: at.Add(time.Duration(depth) * time.Second), Title: title}
	}
	home := page("/", 0, id+"市人民政府")
	home.Meta = map[string]string{"siteidcode": "4400000001"}
	home.Footer = "主办：" + id + "市人民政府办公室 网站标识码：4400000001 粤ICP备05000001号-1 粤公网安备 44010002000001号"
	home.Items = []snapshot.Item{{Title: "召开常务会议", URL: u("/gzdt/t1.html"), Date: "2026-11-20", Section: "要闻"}}
	home.Anchors = []snapshot.Anchor{{URL: u("/gzdt/"), Text: "工作动态", Tag: "a"}, {URL: u("/zcwj/"), Text: "政策文件", Tag: "a"}}
	col := page("/gzdt/", 1, "工作动态")
	col.Items = []snapshot.Item{{Title: "召开常务会议", URL: u("/gzdt/t1.html"), Date: "2026-11-20"}}
	doc := page("/zcwj/t3.html", 2, "关于印发某办法的通知")
	doc.Blocks = []snapshot.Block{{Label: "索引号", Value: "000014349/2026-00110"}, {Label: "发文机关", Value: "人民政府"},
		{Label: "成文日期", Value: "2026年11月02日"}, {Label: "发文字号", Value: "示政发〔2026〕7号"},
		{Label: "发布日期", Value: "2026年11月10日"}, {Label: "有效性", Value: "有效"}}
	guide := page("/bsfw/zn1.html", 2, "个体工商户登记办事指南")
	guide.Blocks = []snapshot.Block{{Label: "事项名称", Value: "个体工商户登记"}, {Label: "申请条件", Value: "自然人"},
		{Label: "办理材料", Value: "其他材料"}, {Label: "更新时间", Value: "2026-10-01"}}
	dead := page("/gone.html", 1, "")
	dead.HTTPStatus, dead.Status, dead.Error = 404, snapshot.StatusHTTPError, "http 404"

	link := func(p string, level int, host string) snapshot.Link {
		return snapshot.Link{URL: "https://" + host + p, FromURL: u("/"), Tag: "a", Internal: true, OnHomepage: level == 2,
			Level: level, HTTPStatus: 200, Status: snapshot.StatusOK, Attempts: 1, CheckedAt: at.Add(time.Minute)}
	}
	www, img := "www."+id+".gov.cn", "img."+id+".gov.cn"
	links := []snapshot.Link{
		link("/gzdt/", 2, www), link("/zcwj/", 2, www), link("/logo.png", 2, img),
		link("/zcwj/t3.html", 3, www), link("/bsfw/zn1.html", 3, www),
	}
	links[2].Tag = "img"
	gone := link("/gone.html", 2, www)
	gone.HTTPStatus, gone.Status, gone.Dead, gone.Error = 404, snapshot.StatusHTTPError, true, "http 404"
	skipped := link("/later.html", 3, www)
	skipped.HTTPStatus, skipped.Status, skipped.CheckedAt = 0, snapshot.StatusNotChecked, time.Time{}
	links = append(links, gone, skipped)
	links = append(links, links[0]) // a duplicate the crawler should not produce
	v6home := 0
	if v6 {
		v6home = 200
	}
	s := &snapshot.Snapshot{
		Version: snapshot.Version, AuditID: "20261121T080000Z",
		Site:      snapshot.Site{ID: id, Name: id + "市人民政府", URL: u("/"), Level: "city", Kind: "portal", Region: "广东省"},
		StartedAt: at, FinishedAt: at.Add(5 * time.Minute), Status: snapshot.StatusOK,
		Home:  snapshot.HomeProbe{URL: u("/"), FinalURL: u("/"), Status: snapshot.StatusOK, HTTPStatus: 200, Duration: 812 * time.Millisecond, HTTPS: true},
		Pages: []snapshot.Page{home, col, doc, guide, dead}, Links: links,
		Hosts: []snapshot.Host{
			{Name: www, Level: 1, A: []string{"192.0.2.1"}, IPv4OK: true, IPv6OK: v6},
			{Name: img, Level: 2, A: []string{"192.0.2.2"}, IPv4OK: true, IPv6Error: "no AAAA"},
		},
		IPv6:  snapshot.IPv6{HomeV4Status: 200, HomeV6Status: v6home, Consistent: v6, Similarity: 0.98},
		Stats: snapshot.Stats{PagesFetched: 4, PagesFailed: 1, LinksChecked: 6},
	}
	if v6 {
		s.Hosts[0].AAAA = []string{"2001:db8::1"}
	}
	return s
}
