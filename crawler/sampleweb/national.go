package sampleweb

import (
	"net/http"
	"net/netip"
	"strings"
)

// nationalHosts are the national services every agency site links to,
// served (small) so those links resolve and answer. All are dual-stack and
// plain HTTP. www.gov.cn is a CNAME to a CDN name, as in real life.
var nationalHosts = []struct {
	name, cname string
	pages       map[string]nationalPage // exact path; "*" answers any path
}{
	{name: "www.gov.cn", cname: "www.gov.cn.wscdns.com", pages: map[string]nationalPage{
		"/":         {title: "中国政府网_中央人民政府门户网站", body: `<div class="header"><h1>中华人民共和国中央人民政府</h1></div><ul><li><a href="/">首页</a></li><li><a href="/zhengce/">政策</a></li><li><a href="/hudong/">互动</a></li></ul><p>国务院客户端 国务院公报</p>`},
		"/zhengce/": {title: "政策_中国政府网", body: `<h2>政策</h2><p><a href="/">返回首页</a></p>`},
		"/hudong/":  {title: "互动_中国政府网", body: `<h2>互动</h2><p><a href="/">返回首页</a></p>`},
	}},
	{name: "zfwzzc.www.gov.cn", pages: map[string]nationalPage{
		"/check_web/errorInfo_querySiteInfo.action": {title: "我为政府网站找错", body: `<h2>我为政府网站找错</h2><form method="post" action="/check_web/errorInfo_submit.action"><p>问题描述：<textarea name="errorInfo"></textarea></p><p><input type="submit" value="提交"></p></form><p>主办：国务院办公厅</p>`},
	}},
	{name: "bszs.conac.cn", pages: map[string]nationalPage{
		"/sitename":      {title: "党政机关网站标识", body: `<h2>党政机关网站标识</h2><p>网站名称：政府网站　网站类型：政府机关</p><p>主办单位：中央机构编制委员会办公室</p>`},
		"/image/red.png": {png: true},
	}},
	{name: "beian.miit.gov.cn", pages: map[string]nationalPage{
		"/": {title: "ICP/IP地址/域名信息备案管理系统", body: `<h2>ICP/IP地址/域名信息备案管理系统</h2><p>中华人民共和国工业和信息化部</p>`},
	}},
	{name: "www.beian.gov.cn", pages: map[string]nationalPage{
		"/portal/registerSystemInfo": {title: "全国互联网安全管理服务平台", body: `<h2>全国互联网安全管理服务平台</h2><p>联网备案信息查询</p>`},
	}},
}

type nationalPage struct {
	title, body string
	png         bool
}

// nationalHandler serves one national host.
type nationalHandler struct {
	pages map[string]*page
	any   *page
}

func newNationalHandler(pages map[string]nationalPage, a *assetSet) *nationalHandler {
	h := &nationalHandler{pages: map[string]*page{}}
	for path, np := range pages {
		p := &page{status: 200, ctype: "text/html; charset=utf-8"}
		if np.png {
			p.ctype, p.body = "image/png", a.png
		} else {
			p.body = []byte("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + np.title +
				"</title></head>\n<body>" + np.body + "</body></html>\n")
		}
		if path == "*" {
			h.any = p
			continue
		}
		h.pages[path] = p
	}
	return h
}

func (h *nationalHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p := h.pages[r.URL.Path]; p != nil {
		writePage(w, p, "Tengine")
		return
	}
	if h.any != nil && !strings.HasSuffix(r.URL.Path, "/robots.txt") {
		writePage(w, h.any, "Tengine")
		return
	}
	errorPage(w, http.StatusNotFound)
}

// nationalEntries returns the host entries of the national services.
func nationalEntries(a *assetSet) []*hostEntry {
	var out []*hostEntry
	for _, n := range nationalHosts {
		h := newNationalHandler(n.pages, a)
		out = append(out, &hostEntry{name: n.name, a: []netip.Addr{loop4}, aaaa: []netip.Addr{loop6}, cname: n.cname, handler: h})
		if n.cname != "" {
			out = append(out, &hostEntry{name: n.cname, a: []netip.Addr{loop4}, aaaa: []netip.Addr{loop6}, handler: h})
		}
	}
	return out
}
