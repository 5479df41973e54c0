package fetch

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
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

// testZone is the made-up zone the resolver tests serve.
var testZone = map[string][]string{
	"www.test-county.gov.cn":    {"127.0.0.1", "::1"},
	"v4only.test-county.gov.cn": {"127.0.0.1"},
	"v6only.test-county.gov.cn": {"::1"},
}
