package dualstack

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/fetch/dnstest"
	"gongkai/crawler/snapshot"
)

// home returns a homepage whose counter, clock and token vary per answer.
func home(title, news string, n int) string {
	return fmt.Sprintf(`<html><head><title>%s</title><script>var csrf="%x";</script></head><body>
<div class="nav">首页 政务公开 政务服务 互动交流</div><ul>%s</ul>
<input type="hidden" name="csrf" value="%x"><p>今天是 2026-11-%02d 10:%02d:%02d 星期一</p>
<p>您是第 %d 位访客 会话 %x</p><div class="footer">网站标识码：4403050001</div></body></html>`,
		title, n*7919, news, n*104729, 20+n%3, n%60, (n*7)%60, 123450+n*37, uint64(n)*0x9e3779b97f4a7c15)
}

const news = "<li>区政府常务会议研究部署重点工作</li><li>关于印发政府信息公开工作要点的通知</li><li>政务服务事项办事指南</li>"

// family serves h on one listener, telling the two families apart.
func family(six bool, served *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		host, _, _ := net.SplitHostPort(r.Host)
		n := 1
		if six {
			n = 2
		}
		switch {
		case six && host == "v6dead.test.gov.cn":
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
			return
		case six && host == "v6proxy.test.gov.cn" && r.URL.Path != "/":
			http.Error(w, "Bad Gateway", http.StatusBadGateway) // a proxy that only serves the homepage over IPv6
			return
		case six && host == "v6default.test.gov.cn" && r.URL.Path != "/":
			http.NotFound(w, r) // a default virtual host over IPv6
			return
		case host == "missing404.test.gov.cn" && r.URL.Path != "/":
			http.NotFound(w, r) // missing over both families alike
			return
		case six && host == "fake.test.gov.cn":
			fmt.Fprint(w, home("IPv6 测试", "<li>本页面仅用于IPv6改造验收</li>", n))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, home("南山区人民政府", news, n))
	})
}

// env is a dual-stack web: the same port on 127.0.0.1 and [::1].
type env struct {
	port, resolver string
	v4, v6         atomic.Int64 // requests served per family
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{}
	var ln4, ln6 net.Listener
	for range 20 {
		l, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		_, port, _ := net.SplitHostPort(l.Addr().String())
		if l6, err := net.Listen("tcp6", "[::1]:"+port); err == nil {
			ln4, ln6, e.port = l, l6, port
			break
		}
		l.Close()
	}
	if ln6 == nil {
		t.Fatal("no port free on both 127.0.0.1 and [::1]")
	}
	for _, s := range []struct {
		ln  net.Listener
		six bool
		n   *atomic.Int64
	}{{ln4, false, &e.v4}, {ln6, true, &e.v6}} {
		srv := &http.Server{Handler: family(s.six, s.n), ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = srv.Serve(s.ln) }()
		t.Cleanup(func() { _ = srv.Close() })
	}
	v4, v6 := "127.0.0.1", "::1"
	e.resolver = dnstest.Start(t, map[string][]string{
		"dual.test.gov.cn":    {v4, v6},
		"v4only.test.gov.cn":  {v4},
		"v6dead.test.gov.cn":  {v4, v6},
		"fake.test.gov.cn":    {v4, v6},
		"v6proxy.test.gov.cn": {v4, v6}, "v6default.test.gov.cn": {v4, v6}, "missing404.test.gov.cn": {v4, v6},
	})
	return e
}

func (e *env) url(host string) string { return "http://" + host + ".test.gov.cn:" + e.port + "/" }

func (e *env) prober(t *testing.T) *Prober {
	t.Helper()
	c, err := fetch.New(fetch.Config{Resolver: e.resolver, AllowPrivate: true, Rate: -1, PerHost: -1,
		RetryBase: 5 * time.Millisecond, Timeout: 5 * time.Second, IgnoreRobots: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return New(c, nil)
}

func TestHost(t *testing.T) {
	e := newEnv(t)
	p := e.prober(t)
	tests := []struct {
		host         string
		a, aaaa      []string
		v4, v6       bool
		v4err, v6err string // substrings of the errors
		dnsErr       bool
	}{
		{host: "dual", a: []string{"127.0.0.1"}, aaaa: []string{"::1"}, v4: true, v6: true},
		{host: "v4only", a: []string{"127.0.0.1"}, v4: true, v6err: "no AAAA record"},
		{host: "v6dead", a: []string{"127.0.0.1"}, aaaa: []string{"::1"}, v4: true, v6err: "network_error"},
		{host: "missing", dnsErr: true, v4err: "dns", v6err: "dns"},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			h := p.Host(t.Context(), e.url(tt.host), 2)
			if h.Name != tt.host+".test.gov.cn" || h.Level != 2 {
				t.Errorf("name %q level %d", h.Name, h.Level)
			}
			if fmt.Sprint(h.A) != fmt.Sprint(tt.a) || fmt.Sprint(h.AAAA) != fmt.Sprint(tt.aaaa) {
				t.Errorf("A %v AAAA %v, want %v %v", h.A, h.AAAA, tt.a, tt.aaaa)
			}
			if h.IPv4OK != tt.v4 || h.IPv6OK != tt.v6 || (h.DNSError != "") != tt.dnsErr {
				t.Errorf("got %+v", h)
			}
			for _, c := range []struct{ got, want string }{{h.IPv4Error, tt.v4err}, {h.IPv6Error, tt.v6err}} {
				if (c.want == "") != (c.got == "") || !strings.Contains(c.got, c.want) {
					t.Errorf("error %q, want one containing %q", c.got, c.want)
				}
			}
		})
	}
	t.Run("an error over IPv6 where IPv4 serves the page is no support", func(t *testing.T) {
		for _, c := range []struct {
			host, want string
			ok         bool
		}{{"v6proxy", "http 502 over IPv6, 200 over IPv4", false}, {"v6default", "http 404 over IPv6, 200 over IPv4", false}, {"missing404", "", true}} {
			h := p.Host(t.Context(), e.url(c.host)+"news/1.html", 2)
			if h.IPv6OK != c.ok || !strings.Contains(h.IPv6Error, c.want) || !h.IPv4OK {
				t.Errorf("%s: %+v, want IPv6 ok %v (%q)", c.host, h, c.ok, c.want)
			}
		}
	})
	t.Run("cached, level is the minimum", func(t *testing.T) {
		before := e.v4.Load() + e.v6.Load()
		if h := p.Host(t.Context(), e.url("dual")+"other/page.html", 1); h.Level != 1 || !h.IPv6OK {
			t.Errorf("got %+v", h)
		}
		if h := p.Host(t.Context(), e.url("dual"), 3); h.Level != 1 {
			t.Errorf("level %d, want 1", h.Level)
		}
		if after := e.v4.Load() + e.v6.Load(); after != before {
			t.Errorf("cached host probed again: %d requests", after-before)
		}
	})
	t.Run("hosts sorted and filtered", func(t *testing.T) {
		var names []string
		for _, h := range p.Hosts(nil) {
			names = append(names, h.Name)
		}
		want := "[dual.test.gov.cn missing.test.gov.cn missing404.test.gov.cn v4only.test.gov.cn v6dead.test.gov.cn v6default.test.gov.cn v6proxy.test.gov.cn]"
		if fmt.Sprint(names) != want {
			t.Errorf("Hosts(nil) = %v, want %s", names, want)
		}
		if got := p.Hosts([]string{"v6dead.test.gov.cn"}); len(got) != 1 || got[0].Name != "v6dead.test.gov.cn" {
			t.Errorf("Hosts(filter) = %+v", got)
		}
	})
}

func TestHome(t *testing.T) {
	e := newEnv(t)
	p := e.prober(t)
	tests := []struct {
		host       string
		consistent bool
		v4, v6     int
		v6err      string
	}{
		{host: "dual", consistent: true, v4: 200, v6: 200},
		{host: "fake", consistent: false, v4: 200, v6: 200},
		{host: "v4only", consistent: false, v4: 200, v6err: "dns_error"},
		{host: "v6dead", consistent: false, v4: 200, v6err: "network_error"},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			r := p.Home(t.Context(), e.url(tt.host))
			if r.Consistent != tt.consistent || r.HomeV4Status != tt.v4 || r.HomeV6Status != tt.v6 {
				t.Errorf("got %+v", r)
			}
			if (tt.v6err == "") != (r.HomeV6Error == "") || !strings.Contains(r.HomeV6Error, tt.v6err) {
				t.Errorf("v6 error %q, want one containing %q", r.HomeV6Error, tt.v6err)
			}
			if tt.consistent && r.Similarity < 0.9 || !tt.consistent && tt.v6 == 200 && r.Similarity >= 0.9 {
				t.Errorf("similarity %.3f", r.Similarity)
			}
		})
	}
}

func TestComparison(t *testing.T) {
	c := DefaultComparison()
	a, b := home("南山区人民政府", news, 1), home("南山区人民政府", news, 2)
	if sim, same := c.Pages([]byte(a), []byte(b)); !same || sim != 1 {
		t.Errorf("pages differing in volatile content: similarity %.3f same %v", sim, same)
	}
	other := home("南山区人民政府", "<li>完全不同的新闻</li><li>另一条消息发布</li>", 1)
	if sim, same := c.Pages([]byte(a), []byte(other)); same {
		t.Errorf("different pages judged the same (similarity %.3f)", sim)
	}
	if _, err := ParseComparison([]byte("similarity: 0.9\nextra: 1\n")); err == nil {
		t.Error("unknown key accepted")
	}
	if _, err := ParseComparison([]byte("similarity: 0.9\nvolatile: ['(']\n")); err == nil {
		t.Error("bad pattern accepted")
	}
}

// mapShare is a Share in memory: what two workers' Probers see through
// the cluster's.
type mapShare struct {
	mu sync.Mutex
	m  map[string]snapshot.Host
}

func (s *mapShare) Claim(_ context.Context, key string) (snapshot.Host, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.m[key]
	return h, !ok
}

func (s *mapShare) Put(_ context.Context, key string, h snapshot.Host) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = h
}

func (s *mapShare) Release(context.Context, string) {}

// TestHostShared: a host one Prober probed is another's through the
// share, without a request.
func TestHostShared(t *testing.T) {
	e := newEnv(t)
	share := &mapShare{m: map[string]snapshot.Host{}}
	a, b := e.prober(t).WithShare(share), e.prober(t).WithShare(share)
	first := a.Host(t.Context(), e.url("dual"), 2)
	sent := e.v4.Load() + e.v6.Load()
	second := b.Host(t.Context(), e.url("dual"), 3)
	if n := e.v4.Load() + e.v6.Load(); n != sent || sent != 2 {
		t.Errorf("%d requests for two probers' probes of one host, want 2 (one per family)", n)
	}
	if !second.IPv4OK || !second.IPv6OK || fmt.Sprint(second.AAAA) != fmt.Sprint(first.AAAA) || second.Level != 3 {
		t.Errorf("shared probe %+v, want %+v at level 3", second, first)
	}
}
