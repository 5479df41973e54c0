package blindweb

import (
	"context"
	"io"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestPlantedDeadLinks walks every site and checks that the dead links
// are exactly the planted ones the manifest lists (and expected.yaml
// judges): a typo in a page must not plant one more.
func TestPlantedDeadLinks(t *testing.T) {
	w := Start(t)
	for _, s := range w.m.Sites {
		if w.m.Hosts[s.Host].Down != 0 {
			continue
		}
		t.Run(s.ID, func(t *testing.T) {
			lw := walkSite(t, w, s)
			for _, p := range lw.problems {
				t.Error(p)
			}
			if len(lw.pages) < 20 {
				t.Errorf("only %d pages reached", len(lw.pages))
			}
			compareDead(t, "homepage", lw.deadHome, s.DeadLinks.Home)
			compareDead(t, "other pages", lw.deadOther, s.DeadLinks.Other)
			t.Logf("%d pages, %d dead on the homepage, %d dead elsewhere", len(lw.pages), len(lw.deadHome), len(lw.deadOther))
		})
	}
}

func compareDead(t *testing.T, where string, got map[string]string, want []string) {
	t.Helper()
	for k, why := range got {
		if !slices.Contains(want, k) {
			t.Errorf("%s: unplanted dead link %s (%s)", where, k, why)
		}
	}
	for _, k := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("%s: planted dead link %s is not dead, or not linked", where, k)
		}
	}
}

// TestExpectedCoversRules checks that every rule of expected.yaml has a
// site that passes it and a site that fails it.
func TestExpectedCoversRules(t *testing.T) {
	w := Start(t)
	exp := w.Expected()
	for _, r := range w.RuleIDs() {
		seen := map[string]bool{}
		for _, row := range exp {
			seen[row[r]] = true
		}
		if !seen[Pass] || !seen[Fail] {
			t.Errorf("rule %s: outcomes %v, want both pass and fail", r, slices.Sorted(maps.Keys(seen)))
		}
	}
	if len(exp) < 6 {
		t.Errorf("%d sites, want at least 6", len(exp))
	}
}

// TestDNS checks the records the manifest calls for.
func TestDNS(t *testing.T) {
	w := Start(t)
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, nw, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, nw, w.DNSAddr)
	}}
	for name, h := range w.m.Hosts {
		a, err := r.LookupNetIP(t.Context(), "ip4", name)
		if err != nil || len(a) != 1 || a[0].String() != "127.0.0.1" {
			t.Errorf("%s A: %v %v", name, a, err)
		}
		aaaa, _ := r.LookupNetIP(t.Context(), "ip6", name)
		if want := h.IPv6 != v6None; (len(aaaa) == 1) != want {
			t.Errorf("%s AAAA: %v, want present=%v", name, aaaa, want)
		}
	}
	if _, err := r.LookupNetIP(t.Context(), "ip", "www.qllib.cn"); err == nil {
		t.Error("www.qllib.cn resolves; it is planted NXDOMAIN")
	}
}

// TestServerBehaviour checks the planted server behaviours one by one.
func TestServerBehaviour(t *testing.T) {
	w := Start(t)
	c4, c6 := w.Client("tcp4"), w.Client("tcp6")
	tests := []struct {
		name     string
		c        *http.Client
		host     string
		path     string
		status   int
		location string // prefix
		body     string // substring
	}{
		{"homepage", c4, "www.qinglan.gov.cn", "/", 200, "", "青岚要闻"},
		{"custom 404", c4, "www.qinglan.gov.cn", "/a/nothing.html", 404, "", "您访问的页面不存在"},
		{"tls redirect", c4, "www.dongling.gov.cn", "/", 301, "https://www.dongling.gov.cn:", ""},
		{"asp.net error redirect", c4, "www.qingzhang.gov.cn", "/x/y.aspx", 302, "/Error.aspx?aspxerrorpath=/x/y.aspx", ""},
		{"removed item soft 404", c4, "www.qingzhang.gov.cn", "/Item/3987.aspx", 200, "", "不在发布范围内"},
		{"spa fallback", c4, "hhglj.beijing.gov.cn", "/no/such/page.html", 200, "", "北京市河湖管理局"},
		{"v6 home only: home", c6, "hhglj.beijing.gov.cn", "/", 200, "", "北京市河湖管理局"},
		{"v6 home only: other", c6, "hhglj.beijing.gov.cn", "/zwgk/index.html", 502, "", ""},
		{"v6 default vhost: home", c6, "www.wenyang.gov.cn", "/", 200, "", "Welcome to nginx!"},
		{"v6 default vhost: other", c6, "www.wenyang.gov.cn", "/index.php?m=content&c=index&a=lists&catid=7", 404, "", ""},
		{"v4 homepage of the v6-broken host", c4, "www.wenyang.gov.cn", "/", 200, "", "汶阳"},
		{"down", c4, "www.tonggang.gov.cn", "/", 502, "", "Bad Gateway"},
		{"includes not served", c4, "www.qinglan.gov.cn", "/templets/default/head.inc", 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := w.siteURL(tt.host, tt.path)
			if strings.HasPrefix(tt.location, "https://") {
				u = strings.Replace(strings.Replace(u, "https://", "http://", 1), ":"+itoa(w.HTTPSPort), ":"+itoa(w.HTTPPort), 1)
			}
			resp, err := tt.c.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if strings.Contains(resp.Header.Get("Content-Type"), "gb2312") {
				body, _ = decodeGB(body)
			}
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, tt.location) {
				t.Errorf("Location %q, want prefix %q", loc, tt.location)
			}
			if !strings.Contains(string(body), tt.body) {
				t.Errorf("body lacks %q:\n%.300s", tt.body, body)
			}
		})
	}
}
