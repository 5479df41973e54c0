package checks

import (
	"testing"

	"gongkai/crawler/snapshot"
)

// TestOffSitePages: pages the crawl fetched on a province's service
// platform count only as guides: an off-site guide is one of the site's
// guides (with its host), an off-site list is no column of the site.
func TestOffSitePages(t *testing.T) {
	c := Default()
	s := goodSite()
	guide := guidePage("/bsfw/zn1.html", "事项名称", "个体工商户登记", "设定依据", "《条例》", "申请条件", "自然人",
		"办理材料", "申请书", "办理地点", "政务服务中心")
	guide.URL, guide.FinalURL, guide.OffSite = "https://zwfw.prov.gov.cn/guide/1", "https://zwfw.prov.gov.cn/guide/1", true
	list := colPage("/zwfw/news/", "平台新闻", 2, item("平台上线", "/zwfw/news/1.html", "2020-01-01", ""))
	list.URL, list.FinalURL, list.OffSite = "https://zwfw.prov.gov.cn/news/", "https://zwfw.prov.gov.cn/news/", true
	s.Pages = append(s.Pages, guide, list)
	res := c.Judge(s, asOf)
	found := false
	for _, g := range res.Guides {
		if g.URL == guide.URL {
			found = true
			if g.Host != "zwfw.prov.gov.cn" {
				t.Errorf("off-site guide host %q", g.Host)
			}
		}
	}
	if !found {
		t.Error("the off-site guide is not among the site's guides")
	}
	for _, col := range res.Columns {
		if col.URL == list.URL {
			t.Errorf("an off-site list is a column of the site: %+v", col)
		}
	}
	for _, p := range res.Pages {
		if p.URL == list.URL && p.Type != TypeOther {
			t.Errorf("off-site list typed %s (%s)", p.Type, p.TypeReason)
		}
	}
}

// TestColumnLevelFromBreadcrumb: a column's level is its breadcrumb depth
// when the breadcrumb starts at the homepage, named 首页 or by the site's
// name; a breadcrumb that starts elsewhere says nothing and the crawl depth
// stands.
func TestColumnLevelFromBreadcrumb(t *testing.T) {
	c := Default()
	tests := []struct {
		crumb []string
		depth int
		want  int
	}{
		{[]string{"首页", "政务公开", "政策文件"}, 1, 2},
		{[]string{"示例市人民政府", "政策文件"}, 2, 1},
		{[]string{"信息公开专栏", "政策文件"}, 3, 3},
	}
	for _, tt := range tests {
		p := &snapshot.Page{URL: u("/zcwj/"), Depth: tt.depth, Breadcrumb: tt.crumb}
		if got := c.pageLevel(p, "示例市人民政府"); got != tt.want {
			t.Errorf("%q at depth %d: level %d, want %d", tt.crumb, tt.depth, got, tt.want)
		}
	}
}
