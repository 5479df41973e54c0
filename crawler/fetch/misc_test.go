package fetch

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"syscall"
	"testing"

	"gongkai/crawler/snapshot"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want snapshot.Status
	}{
		{"nil", nil, snapshot.StatusOK},
		{"private", fmt.Errorf("x: %w", ErrPrivateAddress), snapshot.StatusPrivate},
		{"redirects", fmt.Errorf("x: %w", ErrTooManyRedirects), snapshot.StatusTooManyRedirs},
		{"no address", &familyError{"h", IPv6}, snapshot.StatusDNSError},
		{"dns", &net.DNSError{Err: "no such host", IsNotFound: true}, snapshot.StatusDNSError},
		{"dns timeout", &net.DNSError{Err: "i/o timeout", IsTimeout: true}, snapshot.StatusDNSError},
		{"x509", &net.OpError{Err: x509.UnknownAuthorityError{}}, snapshot.StatusTLSError},
		{"refused", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, snapshot.StatusRefused},
		{"deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), snapshot.StatusTimeout},
		{"reset", &net.OpError{Op: "read", Err: syscall.ECONNRESET}, snapshot.StatusNetError},
		{"eof", io.EOF, snapshot.StatusNetError},
		{"canceled", context.Canceled, snapshot.StatusNetError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.err); got != tt.want {
				t.Errorf("Classify(%v) = %s, want %s", tt.err, got, tt.want)
			}
		})
	}
	if !errors.Is(&familyError{"h", IPv4}, ErrNoAddress) {
		t.Error("familyError is not ErrNoAddress")
	}
}

func TestTLS(t *testing.T) {
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("secure"))
	}))
	t.Cleanup(s.Close)
	pool := x509.NewCertPool()
	pool.AddCert(s.Certificate())

	trusting := newTestClient(t, Config{AllowPrivate: true, RootCAs: pool})
	resp, err := trusting.Fetch(t.Context(), Request{URL: s.URL})
	if err != nil || string(resp.Body) != "secure" {
		t.Fatalf("trusted TLS: %v %v", resp, err)
	}
	plain := newTestClient(t, Config{AllowPrivate: true})
	if _, err := plain.Fetch(t.Context(), Request{URL: s.URL}); Classify(err) != snapshot.StatusTLSError {
		t.Errorf("untrusted cert: %v classified %s, want tls_error", err, Classify(err))
	}
	// Plain HTTP spoken to a TLS port and TLS to an HTTP port.
	h := serve(t, func(http.ResponseWriter, *http.Request) {})
	if _, err := plain.Fetch(t.Context(), Request{URL: "https://" + h.Listener.Addr().String()}); Classify(err) != snapshot.StatusTLSError {
		t.Errorf("https to an http server: %v classified %s, want tls_error", err, Classify(err))
	}
}

func TestHeadersAndHEAD(t *testing.T) {
	var ua, lang, custom atomic.Value
	var method atomic.Value
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
		lang.Store(r.Header.Get("Accept-Language"))
		custom.Store(r.Header.Get("X-Forwarded-By-Browser"))
		method.Store(r.Method)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<title>t</title>"))
	})
	c := newTestClient(t, Config{AllowPrivate: true})
	hdr := http.Header{"X-Forwarded-By-Browser": {"1"}, "User-Agent": {"Mozilla/5.0"}}
	resp, err := c.Fetch(t.Context(), Request{URL: s.URL, Method: "HEAD", Header: hdr})
	if err != nil {
		t.Fatal(err)
	}
	if method.Load() != "HEAD" || resp.Status != 200 || len(resp.Body) != 0 || resp.ContentType != "text/html" {
		t.Errorf("HEAD: method %v status %d body %q type %q", method.Load(), resp.Status, resp.Body, resp.ContentType)
	}
	if ua.Load() != DefaultUserAgent || lang.Load() == "" || custom.Load() != "1" {
		t.Errorf("headers: UA %q lang %q custom %q", ua.Load(), lang.Load(), custom.Load())
	}
	named := newTestClient(t, Config{AllowPrivate: true, UserAgent: "test-agent"})
	if _, err := named.Fetch(t.Context(), Request{URL: s.URL}); err != nil || ua.Load() != "test-agent" {
		t.Errorf("custom UA: %v %v", ua.Load(), err)
	}
	for _, bad := range []Request{{URL: s.URL, Method: "POST"}, {URL: "ftp://x/"}, {URL: "http:///x"}, {URL: s.URL, Family: 7}} {
		if _, err := c.Fetch(t.Context(), bad); err == nil {
			t.Errorf("Fetch(%+v) accepted", bad)
		}
	}
}
