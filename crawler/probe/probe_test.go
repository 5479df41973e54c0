package probe

import (
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/fetch/dnstest"
	"gongkai/crawler/snapshot"
)

// web is a few agency homepages on one port of 127.0.0.1 and [::1], told
// apart by host name, behind a loopback DNS server.
type web struct {
	port, resolver string
	hits           atomic.Int64
}

const homeHTML = `<html><head><title>示例县人民政府</title></head><body>
<ul><li><a href="/gzdt/1.html">召开常务会议</a><span>2026-11-19</span></li></ul>
<div class="footer">主办：示例县人民政府办公室 网站标识码：1300000001 冀ICP备05000001号-1 冀公网安备 13010002000001号</div>
</body></html>`

func startWeb(t *testing.T) *web {
	t.Helper()
	w := &web{}
	var lns []net.Listener
	for range 20 {
		l, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		_, port, _ := net.SplitHostPort(l.Addr().String())
		if l6, err := net.Listen("tcp6", "[::1]:"+port); err == nil {
			lns, w.port = []net.Listener{l, l6}, port
			break
		}
		l.Close()
	}
	if lns == nil {
		t.Fatal("no port free on both 127.0.0.1 and [::1]")
	}
	h := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.hits.Add(1)
		host, _, _ := net.SplitHostPort(r.Host)
		switch {
		case r.URL.Path == "/robots.txt" && strings.HasPrefix(host, "private."):
			rw.Write([]byte("User-agent: *\nDisallow: /\n"))
		case r.URL.Path == "/robots.txt":
			http.NotFound(rw, r)
		case strings.HasPrefix(host, "down."):
			rw.WriteHeader(http.StatusServiceUnavailable)
		default:
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			rw.Write([]byte(homeHTML))
		}
	})
	for _, l := range lns {
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = srv.Serve(l) }()
		t.Cleanup(func() { _ = srv.Close() })
	}
	w.resolver = dnstest.Start(t, map[string][]string{
		"www.dual.gov.cn":     {"127.0.0.1", "::1"},
		"www.v4only.gov.cn":   {"127.0.0.1"},
		"down.dual.gov.cn":    {"127.0.0.1", "::1"},
		"private.dual.gov.cn": {"127.0.0.1", "::1"},
		// A name whose addresses answer nothing: 127.0.0.2 refuses.
		"www.refused.gov.cn": {"127.0.0.2"},
	})
	return w
}

func (w *web) site(id, host string) snapshot.Site {
	return snapshot.Site{ID: id, Name: id, URL: "http://" + host + ":" + w.port + "/", Kind: "portal"}
}

func (w *web) prober(t *testing.T) *Prober {
	t.Helper()
	c, err := fetch.New(fetch.Config{Resolver: w.resolver, AllowPrivate: true, Rate: -1, PerHost: -1, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return New(c, nil)
}

func TestProbe(t *testing.T) {
	w := startWeb(t)
	p := w.prober(t)
	tests := []struct {
		name, host string
		module     string
		want       []string // status per family, in module order
		success    bool
		facts      bool
	}{
		{"dual stack", "www.dual.gov.cn", "home", []string{"ok", "ok"}, true, true},
		{"ipv4 only", "www.v4only.gov.cn", "home", []string{"ok", "dns_error"}, false, true},
		{"ipv4 module", "www.v4only.gov.cn", "ipv4", []string{"ok"}, true, true},
		{"503", "down.dual.gov.cn", "reach", []string{"http_error", "http_error"}, false, false},
		{"refused", "www.refused.gov.cn", "reach", []string{"refused", "dns_error"}, false, false},
		{"no such host", "www.missing.gov.cn", "reach", []string{"dns_error", "dns_error"}, false, false},
		{"robots", "private.dual.gov.cn", "home", []string{"robots_blocked", "robots_blocked"}, true, false},
		{"no facts without asking", "www.dual.gov.cn", "reach", []string{"ok", "ok"}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := p.Probe(t.Context(), w.site("s", tt.host), Modules[tt.module])
			var got []string
			for _, f := range r.Families {
				got = append(got, string(f.Status))
				if f.SiteID != "s" || f.At.IsZero() || f.At.Before(r.Start) {
					t.Errorf("sample %+v", f.ProbeSample)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("statuses %v, want %v (%+v)", got, tt.want, r.Families)
			}
			if r.Success() != tt.success {
				t.Errorf("success = %v", r.Success())
			}
			if tt.facts != (r.Home != nil) {
				t.Fatalf("home facts = %+v", r.Home)
			}
			if r.Home != nil && (!strings.Contains(r.Home.Footer, "网站标识码：1300000001") || len(r.Home.Items) != 1 || r.Home.Title != "示例县人民政府") {
				t.Errorf("home facts: %+v", r.Home)
			}
		})
	}
}

// TestProbeBounded: a module's timeout ends a probe of a homepage that
// never answers, and every family still has its outcome.
func TestProbeBounded(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() { // accept and say nothing
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	c, err := fetch.New(fetch.Config{AllowPrivate: true, Rate: -1, IgnoreRobots: true})
	if err != nil {
		t.Fatal(err)
	}
	m := Module{Families: []fetch.Family{fetch.IPv4, fetch.IPv6}, Timeout: 300 * time.Millisecond}
	r := New(c, nil).Probe(t.Context(), snapshot.Site{ID: "hang", URL: "http://" + ln.Addr().String() + "/"}, m)
	if len(r.Families) != 2 || r.Families[0].Status != snapshot.StatusTimeout || r.Success() {
		t.Errorf("families %+v", r.Families)
	}
	if r.Duration > 5*time.Second {
		t.Errorf("probe took %v, module timeout 300ms", r.Duration)
	}
}
