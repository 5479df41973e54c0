package fetch

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"

	"gongkai/crawler/fetch/dnstest"
	"gongkai/crawler/snapshot"
)

// rawServer answers every connection with reply(conn) after reading the
// request head: for answers net/http would refuse to write.
func rawServer(t *testing.T, reply func(w *bufio.Writer, done <-chan struct{})) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				br := bufio.NewReader(conn)
				for {
					line, err := br.ReadString('\n')
					if err != nil || line == "\r\n" {
						break
					}
				}
				w := bufio.NewWriter(conn)
				reply(w, done)
				_ = w.Flush()
			}()
		}
	}()
	return "http://" + ln.Addr().String() + "/"
}

// TestMeter: a site of endless 2 MB pages stops at its byte budget: the
// request that crosses it fails with site_too_large, the budget's callback
// runs once, and no request is made after it.
func TestMeter(t *testing.T) {
	page := bytes.Repeat([]byte("<p>2 MB page</p>\n"), (2<<20)/17)
	var hits atomic.Int32
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write(page)
	})
	c := newTestClient(t, Config{AllowPrivate: true})
	var spent atomic.Int32
	const budget = 5 << 20
	m := NewMeter(budget, func() { spent.Add(1) })
	ctx := WithMeter(t.Context(), m)
	var err error
	n := 0
	for ; n < 100 && err == nil; n++ {
		_, err = c.Fetch(ctx, Request{URL: fmt.Sprintf("%s/p%d.html", s.URL, n)})
	}
	if got := Classify(err); got != snapshot.StatusSiteTooLarge {
		t.Fatalf("after %d pages: %v (%s), want site_too_large", n, err, got)
	}
	if n != 3 || spent.Load() != 1 || !m.Spent() {
		t.Errorf("%d requests, spent called %d times, want 3 and once", n, spent.Load())
	}
	if m.Bytes() < budget || m.Bytes() > budget+(64<<10) {
		t.Errorf("metered %d bytes, want the budget %d and at most one read more", m.Bytes(), budget)
	}
	before := hits.Load()
	if _, err := c.Fetch(ctx, Request{URL: s.URL + "/after"}); Classify(err) != snapshot.StatusSiteTooLarge || hits.Load() != before {
		t.Errorf("a request after the budget: %v, server hits %d -> %d", err, before, hits.Load())
	}
	// Another site's requests are not affected.
	if _, err := c.Fetch(t.Context(), Request{URL: s.URL + "/other"}); err != nil {
		t.Errorf("unmetered request: %v", err)
	}
}

// TestTrickledHeaders: headers sent one byte at a time cannot extend the
// request's deadline (the header timeout is set far away to show that the
// total deadline alone ends it).
func TestTrickledHeaders(t *testing.T) {
	u := rawServer(t, func(w *bufio.Writer, done <-chan struct{}) {
		_, _ = w.WriteString("HTTP/1.1 200 OK\r\nX-Slow: ")
		for {
			if w.WriteByte('a') != nil || w.Flush() != nil {
				return
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	c := newTestClient(t, Config{AllowPrivate: true, HeaderTimeout: time.Hour, Timeout: 300 * time.Millisecond})
	start := time.Now()
	_, err := c.Fetch(t.Context(), Request{URL: u, NoRetry: true})
	if got := Classify(err); got != snapshot.StatusTimeout {
		t.Fatalf("Classify(%v) = %s, want timeout", err, got)
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("took %v: the trickle extended the deadline", el)
	}
}

// TestLyingServers: answers that are not valid HTTP are protocol_error,
// headers over the cap too_large, a Content-Length longer than the body a
// network error, one shorter than the body cuts it.
func TestLyingServers(t *testing.T) {
	tests := []struct {
		name  string
		reply string
		want  snapshot.Status
		body  string
	}{
		{"not http", "SSH-2.0-OpenSSH_9.6\r\n", snapshot.StatusProtocolError, ""},
		{"duplicate content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 9\r\n\r\nhello", snapshot.StatusProtocolError, ""},
		{"bad content-length", "HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\nhello", snapshot.StatusProtocolError, ""},
		{"bad chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", snapshot.StatusProtocolError, ""},
		{"header over the cap", "HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("a", 2<<20) + "\r\n\r\nhi", snapshot.StatusTooLarge, ""},
		{"content-length too long", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nshort", snapshot.StatusNetError, ""},
		{"content-length too short", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nhello", snapshot.StatusOK, "hel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := rawServer(t, func(w *bufio.Writer, _ <-chan struct{}) { _, _ = w.WriteString(tt.reply) })
			c := newTestClient(t, Config{AllowPrivate: true, Retries: 1})
			resp, err := c.Fetch(t.Context(), Request{URL: u, Raw: true})
			if got := Classify(err); got != tt.want {
				t.Fatalf("Classify(%v) = %s, want %s", err, got, tt.want)
			}
			if err == nil && string(resp.Body) != tt.body {
				t.Errorf("body %q, want %q", resp.Body, tt.body)
			}
		})
	}
}

// TestRetryAfterOverCap: a Retry-After of an hour is not waited for; the
// answer is returned at once and says what was asked.
func TestRetryAfterOverCap(t *testing.T) {
	s := serve(t, status(503, "3600"))
	c := newTestClient(t, Config{AllowPrivate: true})
	start := time.Now()
	resp, err := c.Fetch(t.Context(), Request{URL: s.URL})
	if err != nil || resp.Status != 503 || resp.RetryAfter != time.Hour || resp.Attempts != 1 {
		t.Fatalf("resp %+v err %v, want 503 with RetryAfter 1h after one attempt", resp, err)
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("took %v", el)
	}
}

// TestRobotsCaps: a Crawl-delay of an hour is applied as the cap; a 5 MiB
// robots.txt is read up to 500 KiB and its prefix parsed; a robots.txt
// that redirects to itself is unavailable (everything allowed).
func TestRobotsCaps(t *testing.T) {
	garbage := strings.Repeat("Disallow /\x00\xff garbage without a colon\n", (5<<20)/40)
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := strings.Cut(r.Host, ":")
		switch host + r.URL.Path {
		case "delay.test/robots.txt":
			_, _ = w.Write([]byte("User-agent: *\nCrawl-delay: 3600\n"))
		case "big.test/robots.txt":
			_, _ = w.Write([]byte("User-agent: *\nDisallow: /secret/\n" + garbage))
		case "loop.test/robots.txt":
			http.Redirect(w, r, "/robots.txt", http.StatusFound)
		}
	})
	zone := map[string][]string{"delay.test": {"127.0.0.1"}, "big.test": {"127.0.0.1"}, "loop.test": {"127.0.0.1"}}
	c := newTestClient(t, Config{AllowPrivate: true, Resolver: dnstest.Start(t, zone)})
	base := func(host string) string { return "http://" + host + ":" + port(s) }

	rb, err := c.RobotsOf(t.Context(), base("delay.test")+"/x")
	if err != nil || rb.CrawlDelay != time.Hour || rb.CrawlDelayUsed != time.Minute {
		t.Errorf("crawl delay %+v %v, want asked 1h, used 1m", rb, err)
	}
	u, _ := parseURL(base("delay.test"))
	if got := c.hosts.slotsFor(hostKey(u), netip.Addr{}); len(got) != 1 || got[0].Interval != time.Minute {
		t.Errorf("slots %v, want one request per minute", got)
	}

	m := NewMeter(0, nil)
	ctx := WithMeter(t.Context(), m)
	if ok, err := c.Allowed(ctx, base("big.test")+"/secret/a"); ok || err != nil {
		t.Errorf("big robots.txt: /secret/ allowed %v %v, want its prefix parsed", ok, err)
	}
	rb, _ = c.RobotsOf(ctx, base("big.test")+"/")
	if !rb.Truncated || rb.Bytes != maxRobotsBytes || m.Bytes() > 2*maxRobotsBytes {
		t.Errorf("big robots.txt: truncated %v, %d bytes kept, %d received; want the cap", rb.Truncated, rb.Bytes, m.Bytes())
	}

	if ok, err := c.Allowed(t.Context(), base("loop.test")+"/x"); !ok || err != nil {
		t.Errorf("robots.txt redirect loop: allowed %v %v, want unavailable = allowed", ok, err)
	}
	if rb, _ := c.RobotsOf(t.Context(), base("loop.test")+"/"); rb.Status != snapshot.StatusTooManyRedirs || rb.Unreachable {
		t.Errorf("loop robots %+v", rb)
	}
}

// canary listens on addr and counts the connections it accepts.
func canary(t *testing.T, addr string) (string, *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("canary %s: %v", addr, err)
	}
	t.Cleanup(func() { ln.Close() })
	var n atomic.Int32
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			conn.Close()
		}
	}()
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	return p, &n
}

// TestGuardHostForms: the spellings of loopback and "this host" that URL
// parsers and resolvers turn into 127.0.0.1 or 0.0.0.0 (decimal, octal,
// hex, short, IPv4-mapped IPv6, unspecified) are read as browsers read
// them, as addresses, and refused: they never reach a loopback listener
// under the default guard, and never become a DNS question.
func TestGuardHostForms(t *testing.T) {
	p, hits := canary(t, "127.0.0.1:0")
	if ln, err := net.Listen("tcp", "[::1]:"+p); err == nil { // the same port on ::1, when free
		t.Cleanup(func() { ln.Close() })
		go func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				hits.Add(1)
				conn.Close()
			}
		}()
	}
	c := newTestClient(t, Config{Resolver: dnstest.Start(t, map[string][]string{"intranet.test": {"10.0.0.1", "fd00::1"}})})
	hosts := []string{"127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "0x7f.0.0.1", "127.1", "0.0.0.0", "0",
		"[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:127.0.0.1]", "[::]", "[::1]", "localhost", "intranet.test"}
	for _, h := range hosts {
		_, err := c.Fetch(t.Context(), Request{URL: "http://" + h + ":" + p + "/", NoRetry: true})
		if got := Classify(err); got != snapshot.StatusPrivate {
			t.Errorf("%s: %v (%s), want private_address", h, err, got)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the loopback canary accepted %d connections", n)
	}
}

// TestGuardDNSRebinding: a name whose answer alternates between an allowed
// address and a refused one is checked at every connect, so the refused
// address is never dialled however the answers change between lookups.
func TestGuardDNSRebinding(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("public")) })
	_, hits := canary(t, "127.0.0.2:"+port(s))
	var queries atomic.Int32
	h := dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		q := r.Question[0]
		if q.Qtype == dns.TypeA {
			ip := net.IPv4(127, 0, 0, 1)
			if queries.Add(1)%2 == 0 {
				ip = net.IPv4(127, 0, 0, 2)
			}
			m.Answer = append(m.Answer, &dns.A{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET}, A: ip})
		}
		_ = w.WriteMsg(m)
	})
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: h}
	go func() { _ = srv.ActivateAndServe() }()
	t.Cleanup(func() { _ = srv.Shutdown() })

	c := newTestClient(t, Config{Resolver: pc.LocalAddr().String()})
	c.policy = func(a netip.Addr) error { // 127.0.0.1 stands for a public address
		if a == netip.MustParseAddr("127.0.0.1") {
			return nil
		}
		return publicAddr(a)
	}
	refused, ok := 0, 0
	for range 8 {
		c.Close() // no pooled connection: every fetch resolves and dials
		_, err := c.Fetch(context.Background(), Request{URL: "http://rebind.test:" + port(s) + "/", NoRetry: true})
		switch Classify(err) {
		case snapshot.StatusOK:
			ok++
		case snapshot.StatusPrivate:
			refused++
		default:
			t.Errorf("fetch: %v", err)
		}
	}
	if refused == 0 || ok == 0 || hits.Load() != 0 {
		t.Errorf("%d fetched, %d refused, the rebound address accepted %d connections; want both kinds and none", ok, refused, hits.Load())
	}
}
