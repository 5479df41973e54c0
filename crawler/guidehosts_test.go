package crawler

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"gongkai/crawler/fetch"
	"gongkai/crawler/fetch/dnstest"
	"gongkai/crawler/snapshot"
)

// TestGuideHosts: a county portal's 办事指南 column links its guides on
// the province's service platform; the crawl follows them there within the
// guide-page budget, marks those pages off-site and records none of their
// links, while another government site stays a link only.
func TestGuideHosts(t *testing.T) {
	var port string
	guide := func(i int) string {
		return fmt.Sprintf(`<html><head><title>事项%d办事指南</title></head><body><h1>事项%d</h1>`+
			`<a href="/portal/news.html">平台新闻</a><a href="http://www.province.gov.cn:%s/">省政府</a></body></html>`, i, i, port)
	}
	county := map[string]string{
		"/": `<html><body><a href="/bsfw/">办事服务</a><a href="http://www.other.gov.cn:` + "PORT" + `/">邻县政府</a></body></html>`,
		"/bsfw/": func() string {
			var b strings.Builder
			b.WriteString("<html><body><ul>")
			for i := 1; i <= 5; i++ {
				fmt.Fprintf(&b, `<li><a href="http://zwfw.hebei.gov.cn:PORT/guide/%d.html">事项%d办事指南</a></li>`, i, i)
			}
			b.WriteString("</ul></body></html>")
			return b.String()
		}(),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case host == "www.county.gov.cn":
			body, ok := county[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			fmt.Fprint(w, strings.ReplaceAll(body, "PORT", port))
		case host == "zwfw.hebei.gov.cn" && strings.HasPrefix(r.URL.Path, "/guide/"):
			var i int
			fmt.Sscanf(r.URL.Path, "/guide/%d.html", &i)
			fmt.Fprint(w, guide(i))
		default:
			fmt.Fprint(w, "<html><body>ok</body></html>")
		}
	}))
	t.Cleanup(srv.Close)
	_, port, _ = net.SplitHostPort(srv.Listener.Addr().String())
	lo := []string{"127.0.0.1"}
	resolver := dnstest.Start(t, map[string][]string{
		"www.county.gov.cn": lo, "zwfw.hebei.gov.cn": lo, "www.other.gov.cn": lo, "www.province.gov.cn": lo,
	})
	client := testClient(t, func(c *fetch.Config) { c.Resolver = resolver })
	cfg := testConfig()
	cfg.MaxGuidePages = 3
	home := "http://www.county.gov.cn:" + port + "/"
	_, snaps := audit(t, t.TempDir(), cfg, client, snapshot.Site{ID: "county", Name: "县政府", URL: home, Kind: "portal"})
	s := snaps[0]
	var offSite []string
	for _, p := range s.Pages {
		if strings.Contains(p.URL, "www.other.gov.cn") || strings.Contains(p.URL, "www.province.gov.cn") || strings.Contains(p.URL, "/portal/") {
			t.Errorf("crawled %s as a page", p.URL)
		}
		if p.OffSite != strings.Contains(p.URL, "zwfw.hebei.gov.cn") {
			t.Errorf("%s: off_site %v", p.URL, p.OffSite)
		}
		if p.OffSite {
			offSite = append(offSite, p.URL)
		}
	}
	if len(offSite) != cfg.MaxGuidePages {
		t.Errorf("guide pages fetched %v, want the budget of %d", offSite, cfg.MaxGuidePages)
	}
	for _, l := range s.Links {
		if strings.Contains(l.FromURL, "zwfw.hebei.gov.cn") {
			t.Errorf("link %s recorded from the platform page %s", l.URL, l.FromURL)
		}
		if strings.Contains(l.URL, "/guide/") && (l.Status == snapshot.StatusNotChecked || l.Internal) {
			t.Errorf("guide link %s: status %s internal %v, want checked and external", l.URL, l.Status, l.Internal)
		}
	}
	if l := linkByURL(s, "http://www.other.gov.cn:"+port+"/"); l == nil || l.Status != snapshot.StatusOK {
		t.Errorf("other government site link = %+v, want checked", l)
	}
}
