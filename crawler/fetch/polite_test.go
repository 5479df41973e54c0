package fetch

import (
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestHostKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://Example.gov.cn/a", "example.gov.cn:80"},
		{"https://example.gov.cn/", "example.gov.cn:443"},
		{"http://example.gov.cn:8080/", "example.gov.cn:8080"},
		{"http://[::1]:81/", "[::1]:81"},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.in)
		if got := hostKey(u); got != tt.want {
			t.Errorf("hostKey(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestRate: 5 requests at 10/s take at least 4 intervals.
func TestRate(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {})
	c := newTestClient(t, Config{AllowPrivate: true, Rate: 10})
	start := time.Now()
	for range 5 {
		if _, err := c.Fetch(t.Context(), Request{URL: s.URL}); err != nil {
			t.Fatal(err)
		}
	}
	if el := time.Since(start); el < 380*time.Millisecond {
		t.Errorf("5 requests at 10/s took %v, want >= 400ms", el)
	}
}

// TestRateAppliesToRedirectHops: every hop waits its turn.
func TestRateAppliesToRedirectHops(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/3" {
			http.Redirect(w, r, "/"+string(rune(r.URL.Path[1]+1)), http.StatusFound)
		}
	})
	c := newTestClient(t, Config{AllowPrivate: true, Rate: 10})
	start := time.Now()
	resp, err := c.Fetch(t.Context(), Request{URL: s.URL + "/0"})
	if err != nil || len(resp.Redirects) != 3 {
		t.Fatalf("got %v %v", resp, err)
	}
	if el := time.Since(start); el < 280*time.Millisecond {
		t.Errorf("4 hops at 10/s took %v, want >= 300ms", el)
	}
}

// TestPerHost: the server never sees more concurrent requests than PerHost,
// and sees that many: each request is held until PerHost of them are in
// flight (a limit, not serialisation), then a moment longer so that a
// request over the limit would be seen.
func TestPerHost(t *testing.T) {
	for _, perHost := range []int{1, 3} {
		var cur, peak atomic.Int32
		full := make(chan struct{})
		var once sync.Once
		s := serve(t, func(w http.ResponseWriter, r *http.Request) {
			n := cur.Add(1)
			defer cur.Add(-1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			if int(n) >= perHost {
				once.Do(func() { close(full) })
			}
			select {
			case <-full:
			case <-time.After(10 * time.Second): // serialised: the check below fails
			case <-r.Context().Done():
			}
			time.Sleep(50 * time.Millisecond)
		})
		c := newTestClient(t, Config{AllowPrivate: true, PerHost: perHost})
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				if _, err := c.Fetch(t.Context(), Request{URL: s.URL}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if got := int(peak.Load()); got != perHost {
			t.Errorf("PerHost=%d: server saw %d concurrent requests", perHost, got)
		}
	}
}
