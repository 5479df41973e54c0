package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/crawler/fetch/dnstest"
	"gongkai/crawler/jobqueue/natstest"
)

// platform is the sites of one 集约化 platform: host names of their own
// (p0.platform.test, …) on one address, each page linking to a page of
// the next site, so that a site's pages are asked for by its own job and
// by the link checks of another site's job, on another worker, and to a
// page of the province's portal (www.province.test, on the same address,
// not a site of the audit). Its DNS server knows the names. It records
// when each request arrived per host and how often each robots.txt and
// the portal's page were asked.
type platform struct {
	mu      sync.Mutex
	arrived map[string][]time.Time // host → arrivals (every path)
	robots  map[string]int
	common  map[string]int // requests for the portal's page by method
	hosts   []string
	port    string
	dns     string
}

const portalHost = "www.province.test"

func newPlatform(t *testing.T, n, pages int) *platform {
	t.Helper()
	p := &platform{arrived: map[string][]time.Time{}, robots: map[string]int{}, common: map[string]int{}}
	zone := map[string][]string{portalHost: {"127.0.0.1"}}
	for i := range n {
		h := fmt.Sprintf("p%d.platform.test", i)
		p.hosts = append(p.hosts, h)
		zone[h] = []string{"127.0.0.1"}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := strings.Cut(r.Host, ":")
		p.record(host, r.Method, r.URL.Path)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch {
		case r.URL.Path == "/robots.txt":
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		case host == portalHost:
			fmt.Fprint(w, `<!doctype html><html><head><title>省人民政府门户网站</title></head><body><p>通知公告</p></body></html>`)
		default:
			fmt.Fprintf(w, `<!doctype html><html><head><title>%s 人民政府</title></head><body>`, host)
			for j := range pages {
				fmt.Fprintf(w, `<a href="/zwgk/%d.html">通知%d</a>`, j, j)
			}
			fmt.Fprintf(w, `<a href="%s/zwgk/0.html">兄弟单位</a><a href="%s/common.html">省政府</a></body></html>`, p.next(host), p.url(portalHost))
		}
	}))
	t.Cleanup(srv.Close)
	_, p.port, _ = net.SplitHostPort(srv.Listener.Addr().String())
	p.dns = dnstest.Start(t, zone)
	return p
}

// url is the root URL of host on the platform.
func (p *platform) url(host string) string { return "http://" + host + ":" + p.port }

// next is the URL of the site after host's (the last links to the first).
func (p *platform) next(host string) string {
	i := slices.Index(p.hosts, host)
	return p.url(p.hosts[(i+1)%len(p.hosts)])
}

func (p *platform) record(host, method, path string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.arrived[host] = append(p.arrived[host], time.Now())
	switch path {
	case "/robots.txt":
		p.robots[host]++
	case "/common.html":
		p.common[method]++
	}
}

// sitesFile writes the platform's sites file into dir.
func (p *platform) sitesFile(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("site_id,name,url,level,kind\n")
	for i, h := range p.hosts {
		fmt.Fprintf(&b, "p%d,p%d人民政府,%s/,county,department\n", i, i, p.url(h))
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
// process would; each robots.txt is asked once in the audit though two
// workers need it, and a page every site links to is checked, and its
// host probed, once.
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
		workers = append(workers, gongkai(t, nil, "worker", "--queue", nats.URL, "--store", store, "--allow-private", "--resolver", p.dns,
			"--ack-wait", testAckWait, "--work", t.TempDir(), "--sites-at-once", "2"))
	}
	if err := coord.wait(t, 3*time.Minute); err != nil {
		t.Fatalf("audit: %v\n%s\nworker:\n%s", err, coord.out.String(), workers[0].out.String())
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var all []time.Time
	for _, h := range p.hosts {
		if n := p.robots[h]; n != 1 {
			t.Errorf("%s: robots.txt asked %d times, want once per audit", h, n)
		}
		checkPaced(t, h, slices.Clone(p.arrived[h]), time.Second/rate)
		all = append(all, p.arrived[h]...)
	}
	// The portal's page is link-checked (GET) and its host probed over
	// IPv4 (HEAD) once in the audit, by whichever worker came first.
	if p.common["GET"] != 1 || p.common["HEAD"] != 1 || p.robots[portalHost] != 1 {
		t.Errorf("the portal's page asked %v and its robots.txt %d times, want GET and HEAD once each, robots.txt once", p.common, p.robots[portalHost])
	}
	checkPaced(t, "the platform's address", append(all, p.arrived[portalHost]...), time.Second/ipRate)
}
