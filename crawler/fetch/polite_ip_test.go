package fetch

import (
	"net/http"
	"net/netip"
	"sync"
	"testing"
	"time"

	"gongkai/crawler/internal/dnstest"
)

// TestLocalPacer: a key's requests start an interval apart, and a request
// holding two keys waits for the later of them.
func TestLocalPacer(t *testing.T) {
	p := NewLocalPacer()
	ctx := t.Context()
	ip := Slot{Key: "ip/203.0.113.7", Interval: time.Second}
	a := Slot{Key: "host/a.gov.cn:80", Interval: 3 * time.Second}
	b := Slot{Key: "host/b.gov.cn:80", Interval: 3 * time.Second}
	t0, _ := p.Reserve(ctx, []Slot{ip, a})
	t1, _ := p.Reserve(ctx, []Slot{ip, b}) // the address's turn
	t2, _ := p.Reserve(ctx, []Slot{ip, a}) // a's turn, later than the address's
	t3, _ := p.Reserve(ctx, []Slot{ip, b})
	near := func(got, want time.Duration) bool { return got >= want && got < want+200*time.Millisecond }
	for _, c := range []struct {
		name      string
		got, want time.Duration
	}{
		{"second site on the address", t1.Sub(t0), time.Second},
		{"first site again", t2.Sub(t0), 3 * time.Second},
		{"second site again", t3.Sub(t0), 4 * time.Second},
	} {
		if !near(c.got, c.want) {
			t.Errorf("%s: starts %v after the first, want %v", c.name, c.got, c.want)
		}
	}
}

// TestIPRate: two host names on one address share the address's rate:
// the server sees their requests an interval apart; with the per-address
// limit off it sees them at once.
func TestIPRate(t *testing.T) {
	for _, tt := range []struct {
		name    string
		ipRate  float64
		wantGap time.Duration
	}{
		{"limited", 10, 90 * time.Millisecond},
		{"off", -1, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var seen []time.Time
			s := serve(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				seen = append(seen, time.Now())
				mu.Unlock()
			})
			zone := map[string][]string{"a.test": {"127.0.0.1"}, "b.test": {"127.0.0.1"}, "c.test": {"127.0.0.1"}}
			c := newTestClient(t, Config{AllowPrivate: true, Resolver: dnstest.Start(t, zone), IPRate: tt.ipRate, PerHost: -1})
			var wg sync.WaitGroup
			for i := range 9 {
				host := []string{"a.test", "b.test", "c.test"}[i%3]
				wg.Go(func() {
					if _, err := c.Fetch(t.Context(), Request{URL: "http://" + host + ":" + port(s) + "/"}); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			gap := minGap(seen)
			if tt.wantGap > 0 && gap < tt.wantGap {
				t.Errorf("requests to one address %v apart, want >= %v", gap, tt.wantGap)
			}
			if tt.wantGap == 0 && gap >= 90*time.Millisecond {
				t.Errorf("requests %v apart with the per-address limit off", gap)
			}
		})
	}
}

func minGap(ts []time.Time) time.Duration {
	gap := time.Duration(1 << 62)
	for i := 1; i < len(ts); i++ {
		gap = min(gap, ts[i].Sub(ts[i-1]))
	}
	return gap
}

// TestIPRateDefault: by default an address gets four hosts' worth of the
// per-host rate, and none when the per-host rate is unlimited.
func TestIPRateDefault(t *testing.T) {
	for _, tt := range []struct {
		rate, ipRate float64
		want         time.Duration
	}{
		{2, 0, 125 * time.Millisecond},
		{-1, 0, 0},
		{2, -1, 0},
		{2, 1, time.Second},
	} {
		c, err := New(Config{Rate: tt.rate, IPRate: tt.ipRate})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.hosts.ipEvery; got != tt.want {
			t.Errorf("Rate %g IPRate %g: an address every %v, want %v", tt.rate, tt.ipRate, got, tt.want)
		}
	}
}

// TestIPRateOneLookup: the lookup that finds a request's address for its
// politeness key is the dialer's too (A and AAAA asked once each for the
// first request, then not again while the connection is reused), and a
// name that does not resolve is not asked twice.
func TestIPRateOneLookup(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {})
	var mu sync.Mutex
	asked := map[string]int{}
	zone := map[string][]string{"a.test": {"127.0.0.1"}}
	resolver := dnstest.StartObserved(t, zone, func(name string) {
		mu.Lock()
		asked[name]++
		mu.Unlock()
	})
	c := newTestClient(t, Config{AllowPrivate: true, Resolver: resolver, IPRate: 1000})
	for range 3 {
		if _, err := c.Fetch(t.Context(), Request{URL: "http://a.test:" + port(s) + "/"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Fetch(t.Context(), Request{URL: "http://gone.test:" + port(s) + "/"}); Classify(err) != "dns_error" {
		t.Errorf("unknown name: %v, want a DNS error", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if asked["a.test"] != 2 || asked["gone.test"] != 2 {
		t.Errorf("questions asked %v, want 2 (A, AAAA) for each name", asked)
	}
	if a, ok := c.peers.get("a.test", Any); !ok || a != netip.MustParseAddr("127.0.0.1") {
		t.Errorf("address of a.test remembered as %v %v", a, ok)
	}
}
