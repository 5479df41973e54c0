package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestSecurityHeaders: every response, error or not, carries the CSP
// (no inline script), nosniff and the framing ban.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	publish(t, dir, 2, 1)
	srv := start(t, Options{Data: dir, Poll: time.Hour})
	for _, p := range []string{"/healthz", "/api/v1/sites", "/api/v1/nosuch", "/releases/latest/sites.csv", "/nosuch"} {
		resp, _ := srv.get(t, p)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: nosniff %q frame %q", p, h.Get("X-Content-Type-Options"), h.Get("X-Frame-Options"))
		}
	}
}

// TestRateLimit: one client over its budget gets 429 with Retry-After;
// downloads are not counted against the API budget.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	publish(t, dir, 2, 1)
	// 0.001/s: the bucket does not refill during the test, whatever the
	// machine's load; the cap trips on the count.
	srv := start(t, Options{Data: dir, Poll: time.Hour, RateLimit: 0.001, RateBurst: 5})
	codes := map[int]int{}
	for range 8 {
		resp, _ := srv.get(t, "/api/v1/rules")
		codes[resp.StatusCode]++
		if resp.StatusCode == 429 && resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if codes[200] != 5 || codes[429] != 3 {
		t.Errorf("statuses %v, want 5×200 and 3×429", codes)
	}
	if resp, _ := srv.get(t, "/releases/latest/sites.csv"); resp.StatusCode != 200 {
		t.Errorf("download after the API budget: %d", resp.StatusCode)
	}
}

// TestServerLimits: oversized headers are refused, and the server has
// every timeout set.
func TestServerLimits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	publish(t, dir, 2, 1)
	srv := start(t, Options{Data: dir, Poll: time.Hour})
	resp, _ := srv.get(t, "/healthz", "X-Big", strings.Repeat("a", maxHeaderBytes*2))
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("huge header: %d", resp.StatusCode)
	}
	hs := srv.httpServer()
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.WriteTimeout <= 0 || hs.IdleTimeout <= 0 || hs.MaxHeaderBytes <= 0 {
		t.Errorf("timeouts %v %v %v %v max header %d", hs.ReadHeaderTimeout, hs.ReadTimeout, hs.WriteTimeout, hs.IdleTimeout, hs.MaxHeaderBytes)
	}
}

// FuzzParams: the query parser never panics, and what it accepts is
// within bounds.
func FuzzParams(f *testing.F) {
	for _, s := range []string{"", "limit=10&page=2", "sort=-score&veto=true", "cursor=" + encodeCursor("20261120T000000Z-001", 50),
		"limit=1&limit=2", "page=99999999999999999999", "%zz", "q=%E4%B8%AD", "cursor=OjA", "veto=maybe&level=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p := parseParams(raw, "level", "veto", "sort", "page", "limit", "cursor", "q")
		p.oneOf("level", levelOrder...)
		p.boolean("veto")
		p.oneOf("sort", sortNames()...)
		pg := p.window("20261120T000000Z-001")
		if p.err != nil {
			return
		}
		if pg.limit < 1 || pg.limit > maxLimit || pg.offset < 0 || pg.offset > maxPage*maxLimit {
			t.Fatalf("%q gave window %+v", raw, pg)
		}
		v, _ := url.ParseQuery(raw)
		for k, vs := range v {
			if len(vs) != 1 || len(vs[0]) > maxParamLen {
				t.Fatalf("%q: parameter %s accepted as %q", raw, k, vs)
			}
		}
	})
}
