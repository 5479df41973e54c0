package fetch

import (
	"errors"
	"net"
	"net/http"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"

	"gongkai/crawler/fetch/dnstest"
	"gongkai/crawler/snapshot"
)

func TestNewValidatesConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr bool
	}{
		{"zero", Config{}, false},
		{"resolver ok", Config{Resolver: "127.0.0.1:53"}, false},
		{"resolver v6", Config{Resolver: "[::1]:5353"}, false},
		{"resolver no port", Config{Resolver: "127.0.0.1"}, true},
		{"resolver host name", Config{Resolver: "dns.example:53"}, true},
		{"resolver bad port", Config{Resolver: "127.0.0.1:99999"}, true},
		{"resolver port zero", Config{Resolver: "127.0.0.1:0"}, true},
		{"negative timeout", Config{Timeout: -1}, true},
		{"negative body", Config{MaxBody: -1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if (err != nil) != tt.wantErr {
				t.Fatalf("New(%+v) error = %v, want error %v", tt.cfg, err, tt.wantErr)
			}
			if c != nil {
				c.Close()
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	c := newTestClient(t, Config{Rate: 0.5})
	cfg := c.cfg
	if cfg.UserAgent != DefaultUserAgent || cfg.Timeout.Seconds() != 15 || cfg.MaxBody != 8<<20 ||
		cfg.MaxRedirects != 10 || cfg.Retries != 2 || cfg.PerHost != 2 || cfg.MaxRetryAfter.Seconds() != 20 {
		t.Errorf("defaults not applied: %+v", cfg)
	}
}

// TestResolverServesEveryLookup fetches names only the configured DNS
// server knows, per family.
func TestResolverServesEveryLookup(t *testing.T) {
	dnsAddr := dnstest.Start(t, testZone)
	ok := func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("hello " + r.Host)) }
	v4 := serve(t, ok)
	v6 := serveOn(t, "[::1]:0", ok)
	c := newTestClient(t, Config{Resolver: dnsAddr, AllowPrivate: true})

	tests := []struct {
		name       string
		url        string
		family     Family
		wantStatus snapshot.Status
		wantRemote string
		wantMsg    string
	}{
		{"any, v4 listener", "http://www.test-county.gov.cn:" + port(v4) + "/", Any, snapshot.StatusOK, "127.0.0.1:" + port(v4), ""},
		{"ipv4", "http://www.test-county.gov.cn:" + port(v4) + "/", IPv4, snapshot.StatusOK, "127.0.0.1:" + port(v4), ""},
		{"ipv6", "http://www.test-county.gov.cn:" + port(v6) + "/", IPv6, snapshot.StatusOK, "[::1]:" + port(v6), ""},
		{"ipv6 only name", "http://v6only.test-county.gov.cn:" + port(v6) + "/", Any, snapshot.StatusOK, "[::1]:" + port(v6), ""},
		{"no AAAA under ipv6", "http://v4only.test-county.gov.cn:" + port(v4) + "/", IPv6, snapshot.StatusDNSError, "", "no AAAA record"},
		{"no A under ipv4", "http://v6only.test-county.gov.cn:" + port(v6) + "/", IPv4, snapshot.StatusDNSError, "", "no A record"},
		{"AAAA ::1 but only a v4 listener", "http://www.test-county.gov.cn:" + port(v4) + "/", IPv6, snapshot.StatusRefused, "", ""},
		{"unknown name", "http://nx.test-county.gov.cn:" + port(v4) + "/", Any, snapshot.StatusDNSError, "", "no such host"},
		{"v4 literal under ipv6", "http://127.0.0.1:" + port(v4) + "/", IPv6, snapshot.StatusDNSError, "", "no AAAA record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Fetch(t.Context(), Request{URL: tt.url, Family: tt.family, NoRetry: true})
			if got := Classify(err); got != tt.wantStatus {
				t.Fatalf("Classify(%v) = %s, want %s", err, got, tt.wantStatus)
			}
			if err != nil {
				if tt.wantMsg != "" && !strings.Contains(err.Error(), tt.wantMsg) {
					t.Errorf("error %q does not contain %q", err, tt.wantMsg)
				}
				if tt.wantStatus == snapshot.StatusDNSError && strings.HasPrefix(tt.wantMsg, "no A") && !errors.Is(err, ErrNoAddress) {
					t.Errorf("error %v is not ErrNoAddress", err)
				}
				return
			}
			if resp.Status != 200 || resp.RemoteAddr != tt.wantRemote {
				t.Errorf("status %d remote %s, want 200 %s", resp.Status, resp.RemoteAddr, tt.wantRemote)
			}
			if want := "hello " + strings.TrimPrefix(strings.TrimSuffix(tt.url, "/"), "http://"); string(resp.Body) != want {
				t.Errorf("body %q, want %q", resp.Body, want)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	c := newTestClient(t, Config{Resolver: dnstest.Start(t, testZone)})
	tests := []struct {
		host    string
		a, aaaa []string
		wantErr bool
	}{
		{"www.test-county.gov.cn", []string{"127.0.0.1"}, []string{"::1"}, false},
		{"v4only.test-county.gov.cn", []string{"127.0.0.1"}, nil, false},
		{"v6only.test-county.gov.cn", nil, []string{"::1"}, false},
		{"nx.test-county.gov.cn", nil, nil, true},
		{"192.0.2.7", []string{"192.0.2.7"}, nil, false},
		{"2001:db8::1", nil, []string{"2001:db8::1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			a, aaaa, err := c.Lookup(t.Context(), tt.host)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Lookup error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && Classify(err) != snapshot.StatusDNSError {
				t.Errorf("Classify = %s, want dns_error", Classify(err))
			}
			if err != nil && !strings.Contains(err.Error(), c.cfg.Resolver) {
				t.Errorf("error %q does not name the configured resolver %s", err, c.cfg.Resolver)
			}
			if !slices.Equal(strs(a), tt.a) || !slices.Equal(strs(aaaa), tt.aaaa) {
				t.Errorf("Lookup = %v %v, want %v %v", a, aaaa, tt.a, tt.aaaa)
			}
		})
	}
}

func strs(addrs []netip.Addr) []string {
	var out []string
	for _, a := range addrs {
		out = append(out, a.String())
	}
	return out
}

// TestAnyPrefersIPv4 serves a dual-stack name on the same port over both
// families: Family Any connects over IPv4, so an AAAA that does not serve
// (resets the connection) does not cost the crawl of the site.
func TestAnyPrefersIPv4(t *testing.T) {
	v4 := serve(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("v4")) })
	v6, err := net.Listen("tcp6", "[::1]:"+port(v4))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: cannot listen on [::1]:%s: %v", port(v4), err)
		}
		t.Skipf("cannot listen on [::1]:%s: %v", port(v4), err)
	}
	defer v6.Close()
	go func() { // accept and reset, like a host whose AAAA answers but does not serve
		for {
			conn, err := v6.Accept()
			if err != nil {
				return
			}
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			_ = conn.Close()
		}
	}()
	c := newTestClient(t, Config{Resolver: dnstest.Start(t, testZone), AllowPrivate: true})
	u := "http://www.test-county.gov.cn:" + port(v4) + "/"
	resp, err := c.Fetch(t.Context(), Request{URL: u, NoRetry: true})
	if err != nil || string(resp.Body) != "v4" {
		t.Fatalf("Fetch any = %v, %v; want the IPv4 answer", resp, err)
	}
	if _, err := c.Fetch(t.Context(), Request{URL: u, Family: IPv6, NoRetry: true}); err == nil {
		t.Errorf("Fetch IPv6 succeeded against a resetting listener")
	}
}
