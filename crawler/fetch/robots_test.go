package fetch

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"net/netip"
	"strings"
)

func TestAllowed(t *testing.T) {
	const robots = "User-agent: *\nDisallow: /private/\n\nUser-agent: gongkai\nDisallow: /audit-off/\nDisallow: /*?print=\nAllow: /audit-off/ok\n"
	tests := []struct {
		name   string
		status int
		body   string
		path   string
		want   bool
	}{
		{"gongkai group disallows", 200, robots, "/audit-off/page", false},
		{"longest rule allows", 200, robots, "/audit-off/ok.html", true},
		{"query pattern", 200, robots, "/a.html?print=1", false},
		{"star group not used when gongkai group exists", 200, robots, "/private/x", true},
		{"other path", 200, robots, "/index.html", true},
		{"star group applies", 200, "User-agent: *\nDisallow: /\n", "/x", false},
		{"404 allows all", 404, "User-agent: *\nDisallow: /\n", "/x", true},
		{"403 allows all", 403, "", "/x", true},
		{"500 disallows all (RFC 9309 2.3.1.4)", 500, "", "/x", false},
		{"429 disallows all", 429, "", "/x", false},
		{"empty file", 200, "", "/x", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			s := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					hits.Add(1)
					w.WriteHeader(tt.status)
					_, _ = w.Write([]byte(tt.body))
				}
			})
			c := newTestClient(t, Config{AllowPrivate: true, Retries: -1})
			for range 3 {
				got, err := c.Allowed(t.Context(), s.URL+tt.path)
				if err != nil {
					t.Fatal(err)
				}
				if got != tt.want {
					t.Fatalf("Allowed(%s) = %v, want %v", tt.path, got, tt.want)
				}
			}
			if hits.Load() != 1 {
				t.Errorf("robots.txt fetched %d times, want once", hits.Load())
			}
		})
	}
}

func TestAllowedUnreachable(t *testing.T) {
	c := newTestClient(t, Config{AllowPrivate: true, Retries: -1})
	ok, err := c.Allowed(t.Context(), "http://"+blackholeRefused(t)+"/x")
	if err != nil || !ok {
		t.Fatalf("Allowed on unreachable host = %v %v, want true nil", ok, err)
	}
	if _, err := c.Allowed(t.Context(), "ftp://x/"); err == nil {
		t.Error("Allowed accepted an ftp URL")
	}
	ignore := newTestClient(t, Config{IgnoreRobots: true})
	if ok, err := ignore.Allowed(t.Context(), "http://127.0.0.1:1/"); !ok || err != nil {
		t.Errorf("IgnoreRobots: %v %v", ok, err)
	}
}

// blackholeRefused returns a loopback address nothing listens on.
func blackholeRefused(t *testing.T) string {
	s := serve(t, func(http.ResponseWriter, *http.Request) {})
	addr := s.Listener.Addr().String()
	s.Close()
	return addr
}

// TestAllowedConcurrent: concurrent first calls fetch robots.txt once; a
// caller whose context ends while its robots.txt request is in flight
// does not poison the cache.
func TestAllowedConcurrent(t *testing.T) {
	var hits atomic.Int32
	arrived := make(chan struct{})  // the first request reached the server
	launched := make(chan struct{}) // every concurrent caller has started
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			close(arrived)
			<-r.Context().Done() // held until its caller leaves
			return
		}
		// Hold the second load until every caller is under way, so that
		// they find it in flight rather than cached.
		select {
		case <-launched:
		case <-r.Context().Done():
			return
		}
		time.Sleep(50 * time.Millisecond)
		_, _ = w.Write([]byte("User-agent: *\nDisallow: /no\n"))
	})
	c := newTestClient(t, Config{AllowPrivate: true})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		select {
		case <-arrived:
			cancel() // the caller leaves while its request is in flight
		case <-ctx.Done():
		}
	}()
	if _, err := c.Allowed(ctx, s.URL+"/no"); err == nil {
		t.Fatal("want a context error")
	}
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if ok, err := c.Allowed(t.Context(), s.URL+"/no"); ok || err != nil {
				t.Errorf("Allowed = %v %v, want false nil", ok, err)
			}
		})
	}
	close(launched)
	wg.Wait()
	if n := hits.Load(); n != 2 {
		t.Errorf("robots.txt fetched %d times, want 2 (the abandoned load, then one for the five callers)", n)
	}
}

func TestCrawlDelay(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			_, _ = w.Write([]byte("User-agent: gongkai\nCrawl-delay: 4\n"))
		}
	})
	c := newTestClient(t, Config{AllowPrivate: true, Rate: 2})
	if _, err := c.Allowed(t.Context(), s.URL+"/"); err != nil {
		t.Fatal(err)
	}
	u, _ := parseURL(s.URL)
	hostInterval := func() time.Duration {
		for _, sl := range c.hosts.slotsFor(hostKey(u), netip.Addr{}) {
			if strings.HasPrefix(sl.Key, "host/") {
				return sl.Interval
			}
		}
		return 0
	}
	if got := hostInterval(); got != 4*time.Second {
		t.Errorf("interval %v, want 4s", got)
	}
	// A laxer delay does not raise the rate.
	c.hosts.crawlDelay(hostKey(u), time.Second)
	if got := hostInterval(); got != 4*time.Second {
		t.Errorf("interval lowered to %v", got)
	}
}
