package fetch

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// newTestClient returns a Client for loopback fixtures: the guard lifted,
// no rate limit, fast retries, unless cfg says otherwise.
func newTestClient(t testing.TB, cfg Config) *Client {
	t.Helper()
	if cfg.Rate == 0 {
		cfg.Rate = -1
	}
	if cfg.RetryBase == 0 {
		cfg.RetryBase = 10 * time.Millisecond
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// serve starts a loopback HTTP server for h.
func serve(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// serveOn starts a loopback HTTP server for h on addr ("[::1]:0").
func serveOn(t testing.TB, addr string, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen %s: %v", addr, err)
	}
	s := httptest.NewUnstartedServer(h)
	s.Listener.Close()
	s.Listener = ln
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// port returns the port of a test server.
func port(s *httptest.Server) string {
	_, p, _ := net.SplitHostPort(s.Listener.Addr().String())
	return p
}

// startDNS serves zone (name -> addresses) over UDP on loopback and
// returns its address. Unknown names get NXDOMAIN; known names without
// records of the asked type get an empty answer.
func startDNS(t testing.TB, zone map[string][]string) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	handler := dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		m.Authoritative = true
		for _, question := range q.Question {
			name := strings.ToLower(strings.TrimSuffix(question.Name, "."))
			addrs, ok := zone[name]
			if !ok {
				m.Rcode = dns.RcodeNameError
				continue
			}
			for _, a := range addrs {
				ip := net.ParseIP(a)
				hdr := dns.RR_Header{Name: question.Name, Class: dns.ClassINET, Ttl: 60, Rrtype: question.Qtype}
				switch {
				case question.Qtype == dns.TypeA && ip.To4() != nil:
					m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: ip.To4()})
				case question.Qtype == dns.TypeAAAA && ip.To4() == nil:
					m.Answer = append(m.Answer, &dns.AAAA{Hdr: hdr, AAAA: ip})
				}
			}
		}
		_ = w.WriteMsg(m)
	})
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, Handler: handler, NotifyStartedFunc: func() { close(started) }}
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })
	return pc.LocalAddr().String()
}

// testZone is the made-up zone the resolver tests serve.
var testZone = map[string][]string{
	"www.test-county.gov.cn":    {"127.0.0.1", "::1"},
	"v4only.test-county.gov.cn": {"127.0.0.1"},
	"v6only.test-county.gov.cn": {"::1"},
}
