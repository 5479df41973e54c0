package fetch

import (
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/crawler/fetch/dnstest"
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

// TestIPRate: three host names on one address share the address's rate:
// the server sees their requests at that pace (the span from first to
// last at least 80% of what pacing allows: arrivals jitter around the
// start times); with the per-address limit off no request holds the
// address's key.
func TestIPRate(t *testing.T) {
	const every = 100 * time.Millisecond
	var mu sync.Mutex
	var seen []time.Time
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, time.Now())
		mu.Unlock()
	})
	hosts := []string{"a.test", "b.test", "c.test"}
	zone := map[string][]string{}
	for _, h := range hosts {
		zone[h] = []string{"127.0.0.1"}
	}
	resolver := dnstest.Start(t, zone)
	c := newTestClient(t, Config{AllowPrivate: true, Resolver: resolver, IPRate: float64(time.Second / every), PerHost: -1})
	var wg sync.WaitGroup
	for i := range 9 {
		wg.Go(func() {
			if _, err := c.Fetch(t.Context(), Request{URL: "http://" + hosts[i%3] + ":" + port(s) + "/"}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	slices.SortFunc(seen, func(a, b time.Time) int { return a.Compare(b) })
	if span := seen[len(seen)-1].Sub(seen[0]); span < 8*every*8/10 {
		t.Errorf("9 requests to one address in %v, want at least %v at one per %v", span, 8*every, every)
	}

	off := newTestClient(t, Config{AllowPrivate: true, Resolver: resolver, IPRate: -1})
	if _, err := off.Fetch(t.Context(), Request{URL: "http://a.test:" + port(s) + "/"}); err != nil {
		t.Fatal(err)
	}
	for _, sl := range off.hosts.slotsFor("a.test:"+port(s), netip.MustParseAddr("127.0.0.1")) {
		if strings.HasPrefix(sl.Key, "ip/") {
			t.Errorf("per-address limit off, yet a request holds %+v", sl)
		}
	}
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
