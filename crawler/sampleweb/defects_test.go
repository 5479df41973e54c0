package sampleweb

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

const softText = "对不起，您访问的页面不存在！"

func TestDeadlinksResponses(t *testing.T) {
	w := startWeb(t)
	c := client(w, "tcp4")
	home := siteURL(t, w, "deadlinks")
	tests := []struct {
		path   string
		status []int // successive statuses
		soft   bool
	}{
		{"/xwzx/tzgg/202509/t20250916_1289.html", []int{404, 404}, false},
		{"/images/banner_2025.jpg", []int{404}, false},
		{"/uploadfile/2025/09/P020250916512345.pdf", []int{404}, false},
		{"/was5/web/search?channelid=200001", []int{500}, false},
		{"/news/missing.html", []int{200}, true},
		{"/gongkai-random-3f9a1c.html", []int{200}, true},
		{"/bmfw/sbcx.html", []int{503, 200, 200}, false},
		{"/bmfw/gjjcx.html", []int{429, 200}, false},
		{"/xwzx/tzgg/", []int{200}, false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			for i, want := range tt.status {
				r := mustFetch(t, c, at(home, tt.path))
				if r.status != want {
					t.Fatalf("request %d: status %d, want %d", i+1, r.status, want)
				}
				if got := bytes.Contains(r.body, []byte(softText)); got != tt.soft {
					t.Errorf("soft-404 text present = %v, want %v", got, tt.soft)
				}
				if want == 429 && r.header.Get("Retry-After") != "1" {
					t.Errorf("429 without Retry-After: 1")
				}
			}
		})
	}
	// A soft-404 page is byte-identical for any unknown path (a random-URL
	// baseline matches it).
	a := mustFetch(t, c, at(home, "/news/missing.html"))
	b := mustFetch(t, c, at(home, "/zz/no-such-page-81724.shtml?x=1"))
	if !bytes.Equal(a.body, b.body) {
		t.Error("soft-404 pages differ")
	}
	// ResetRequests makes the transient failures fail again.
	w.ResetRequests()
	if r := mustFetch(t, c, at(home, "/bmfw/sbcx.html")); r.status != 503 {
		t.Errorf("after reset: %d, want 503", r.status)
	}
}

func TestDeadlinksHosts(t *testing.T) {
	w := startWeb(t)
	c := client(w, "tcp4")
	port := itoa(w.HTTPPort)
	_, err := fetch(c, "http://old.delin.gov.cn:"+port+"/")
	var de *net.DNSError
	if !errors.As(err, &de) || !de.IsNotFound {
		t.Errorf("old.delin.gov.cn: %v, want NXDOMAIN", err)
	}
	if _, err := fetch(c, "http://hd.delin.gov.cn:"+port+"/"); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("hd.delin.gov.cn: %v, want connection refused", err)
	}
	r := mustFetch(t, c, "http://waf.delin.gov.cn:"+port+"/index.html")
	if r.status != 403 || r.header.Get("Server") != "yundun" || r.header.Get("X-Waf") == "" || !strings.Contains(string(r.body), "安全验证") {
		t.Errorf("WAF: %d %v", r.status, r.header)
	}
}

func TestV6BrokenResets(t *testing.T) {
	w := startWeb(t)
	home := siteURL(t, w, "v6broken")
	if r := mustFetch(t, client(w, "tcp4"), home); r.status != 200 {
		t.Fatalf("IPv4: %d", r.status)
	}
	_, err := fetch(client(w, "tcp6"), home)
	if err == nil {
		t.Fatal("IPv6 answered")
	}
	if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "reset") {
		t.Errorf("IPv6 error %v, want a reset", err)
	}
	if n := w.Requests()["www.liuanqu.gov.cn/"]; n != 2 {
		t.Errorf("requests = %d, want 2 (v4 and the reset v6 one)", n)
	}
}

func TestTraps(t *testing.T) {
	w := startWeb(t)
	c := client(w, "tcp4")
	home := siteURL(t, w, "trap")
	r := mustFetch(t, c, at(home, "/loop"))
	if r.status != http.StatusFound || r.header.Get("Location") != "/loop2" {
		t.Errorf("/loop: %d %s", r.status, r.header.Get("Location"))
	}
	r = mustFetch(t, c, at(home, "/loop2"))
	if r.header.Get("Location") != "/loop" {
		t.Errorf("/loop2 -> %s", r.header.Get("Location"))
	}
	r = mustFetch(t, c, at(home, "/cal?date=2026-11-01"))
	for _, want := range []string{`/cal?date=2026-10-31`, `/cal?date=2026-11-02`, `/cal?date=2025-11-01`} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("calendar lacks %s", want)
		}
	}
	r = mustFetch(t, c, at(home, "/list?page=41"))
	if !strings.Contains(string(r.body), `/list?page=42`) {
		t.Error("pagination does not link the next page")
	}
	a, b := mustFetch(t, c, at(home, "/hdjl/index.jsp?sid=A")), mustFetch(t, c, at(home, "/hdjl/index.jsp?sid=A"))
	if bytes.Equal(a.body, b.body) || !bytes.Contains(a.body, []byte("/hdjl/list.jsp?sid=")) {
		t.Error("session ids do not change per response")
	}
	r = mustFetch(t, c, at(home, "/zwgk/gkml/zwgk/gkml/zwgk/gkml/"))
	if r.status != 200 || !strings.Contains(string(r.body), `href="./zwgk/gkml/"`) {
		t.Errorf("repeating path: %d", r.status)
	}
	if r = mustFetch(t, c, at(home, "/private/nbzl.html")); r.status != 200 {
		t.Errorf("/private/ page: %d", r.status)
	}
	if w.Requests()["www.xianjing.gov.cn/private/nbzl.html"] != 1 {
		t.Error("Requests() does not show the /private/ fetch")
	}
}

func TestHugeStopsWhenClientLeaves(t *testing.T) {
	w := startWeb(t)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute) // only a hang ends it: 4 MiB is no work
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, at(siteURL(t, w, "trap"), "/huge"), nil)
	c := client(w, "tcp4")
	c.Timeout = 0 // the read below is bounded by bytes; ctx catches a hang
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := io.CopyN(io.Discard, resp.Body, 4<<20)
	cancel()
	resp.Body.Close()
	if n != 4<<20 || resp.Header.Get("Content-Length") != "" {
		t.Errorf("read %d bytes, Content-Length %q", n, resp.Header.Get("Content-Length"))
	}
}

func TestSlowTrickles(t *testing.T) {
	w := startWeb(t)
	c := client(w, "tcp4")
	c.Timeout = 1500 * time.Millisecond
	start := time.Now()
	resp, err := c.Get(at(siteURL(t, w, "trap"), "/slow"))
	if err != nil {
		t.Fatal(err) // headers arrive at once
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	// The client's 1.5 s ends it after a byte or two; 30 s only catches a
	// client timeout that does not hold against a trickle.
	if err == nil || len(b) > 3 || time.Since(start) > 30*time.Second {
		t.Errorf("slow page: %d bytes in %v, err %v", len(b), time.Since(start), err)
	}
}
