package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/crawler/jobqueue/natstest"
)

// platform is the sites of one 集约化 platform: each on a port of its own
// on one address (127.0.0.1), each page linking to a page of the next
// site, so that a site's pages are asked for by its own job and by the
// link checks of another site's job, on another worker. It records when
// each request arrived and how often each robots.txt was asked.
type platform struct {
	mu      sync.Mutex
	arrived map[string][]time.Time // site id → arrivals (every path)
	robots  map[string]int
	sites   []*httptest.Server
	ids     []string
}

func newPlatform(t *testing.T, n, pages int) *platform {
	t.Helper()
	p := &platform{arrived: map[string][]time.Time{}, robots: map[string]int{}}
	for i := range n {
		id := fmt.Sprintf("p%d", i)
		p.ids = append(p.ids, id)
		p.sites = append(p.sites, httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p.record(id, r.URL.Path)
			if r.URL.Path == "/robots.txt" {
				fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html><head><title>%s 人民政府</title></head><body>`, id)
			for j := range pages {
				fmt.Fprintf(w, `<a href="/zwgk/%d.html">通知%d</a>`, j, j)
			}
			fmt.Fprintf(w, `<a href="%s/zwgk/0.html">兄弟单位</a></body></html>`, p.next(i))
		})))
	}
	t.Cleanup(func() {
		for _, s := range p.sites {
			s.Close()
		}
	})
	return p
}

// next is the URL of the site after site i (the last links to the first).
func (p *platform) next(i int) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sites[(i+1)%len(p.sites)].URL
}

func (p *platform) record(id, path string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.arrived[id] = append(p.arrived[id], time.Now())
	if path == "/robots.txt" {
		p.robots[id]++
	}
}

// sitesFile writes the platform's sites file into dir.
func (p *platform) sitesFile(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("site_id,name,url,level,kind\n")
	for i, s := range p.sites {
		fmt.Fprintf(&b, "%s,%s人民政府,%s/,county,department\n", p.ids[i], p.ids[i], s.URL)
	}
	path := filepath.Join(dir, "sites.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkPaced fails when the requests in ts came faster than one per
// every: the span from first to last is at least 80% of what pacing
// allows (arrival times jitter around start times; two workers pacing
// each on its own would halve it).
func checkPaced(t *testing.T, what string, ts []time.Time, every time.Duration) {
	t.Helper()
	if len(ts) < 4 {
		t.Errorf("%s: %d requests, too few to judge the pace", what, len(ts))
		return
	}
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	span, least := ts[len(ts)-1].Sub(ts[0]), time.Duration(len(ts)-1)*every
	if span < least*8/10 {
		t.Errorf("%s: %d requests in %v, want at least %v at one per %v", what, len(ts), span.Round(time.Millisecond), least, every)
	}
}

// TestQueueSharedPoliteness: two workers crawling the sites of one
// platform keep the per-address and per-host rates between them, as one
// process would, and each robots.txt is asked once in the audit though
// two workers need it.
func TestQueueSharedPoliteness(t *testing.T) {
	t.Parallel()
	const rate, ipRate = 4, 8 // a host every 250 ms, the address every 125 ms
	p := newPlatform(t, 4, 5)
	nats, dir := natstest.Start(t), t.TempDir()
	store := filepath.Join(dir, "store")
	coord := gongkai(t, nil, "audit", "--sites", p.sitesFile(t, dir), "--out", filepath.Join(dir, "out"), "--as-of", "2026-11-20",
		"--render", "never", "--allow-private", "--rate", fmt.Sprint(rate), "--ip-rate", fmt.Sprint(ipRate), "--max-pages", "10",
		"--queue", nats.URL, "--store", store)
	var workers []*proc
	for range 2 {
		workers = append(workers, gongkai(t, nil, "worker", "--queue", nats.URL, "--store", store, "--allow-private",
			"--ack-wait", testAckWait, "--work", t.TempDir(), "--sites-at-once", "2"))
	}
	if err := coord.wait(t, 3*time.Minute); err != nil {
		t.Fatalf("audit: %v\n%s\nworker:\n%s", err, coord.out.String(), workers[0].out.String())
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var all []time.Time
	for _, id := range p.ids {
		if n := p.robots[id]; n != 1 {
			t.Errorf("site %s: robots.txt asked %d times, want once per audit", id, n)
		}
		checkPaced(t, "site "+id, slices.Clone(p.arrived[id]), time.Second/rate)
		all = append(all, p.arrived[id]...)
	}
	checkPaced(t, "the platform's address", all, time.Second/ipRate)
}
