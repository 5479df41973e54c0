package crawler

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/sampleweb"
	"gongkai/crawler/snapshot"
	"gongkai/crawler/urls"
)

// sampleSites are the sample sites the behaviour tests audit.
var sampleSites = map[string]bool{"shifan": true, "deadlinks": true, "v6broken": true, "trap": true, "closed": true, "gone": true}

// sampleAudit is one audit of the whole sample web, shared by the tests
// that read it (it takes a few seconds).
var sampleAudit struct {
	once  sync.Once
	web   *sampleweb.Web
	snaps map[string]*snapshot.Snapshot
	reqs  map[string]int
	cfg   Config
	err   error
}

// sampleClient is the fetch client of the sample audit. Its caps trip on
// bytes long before a clock could on a loaded machine: /huge must be
// too_large after 1 MiB (read in well under the 6 s timeout even at a
// tenth of a CPU), /slow (a byte a second for an hour) a timeout.
func sampleClient(t testing.TB, web *sampleweb.Web) *fetch.Client {
	return testClient(t, func(c *fetch.Config) {
		c.Resolver = web.DNSAddr
		c.RootCAs = web.RootCAs()
		c.Retries = 1
		c.RetryBase = 50 * time.Millisecond
		c.MaxRetryAfter = 2 * time.Second
		c.Timeout = 6 * time.Second
		c.MaxBody = 1 << 20
	})
}

// auditSampleWeb audits every sample site once per test binary.
func auditSampleWeb(t *testing.T) (*sampleweb.Web, map[string]*snapshot.Snapshot, map[string]int) {
	t.Helper()
	a := &sampleAudit
	a.once.Do(func() {
		web, err := sampleweb.Start(context.Background(), sampleweb.Config{AsOf: testAsOf})
		if err != nil {
			a.err = err
			return
		}
		a.web = web
		a.cfg = testConfig()
		a.cfg.LinkWorkers = 16
		var sites []snapshot.Site
		for _, s := range web.Sites {
			if sampleSites[s.ID] {
				sites = append(sites, s)
			}
		}
		start := time.Now()
		dir, err := Run(context.Background(), AuditConfig{Out: t.TempDir(), AsOf: testAsOf, Sites: sites, Crawl: a.cfg,
			SiteWorkers: len(sites)}, sampleClient(t, web), testLogger(t), nil)
		if err != nil {
			a.err = err
			return
		}
		t.Logf("sample web audited in %v", time.Since(start))
		a.reqs = web.Requests()
		snaps, err := snapshot.ReadDir(dir)
		a.err = err
		a.snaps = map[string]*snapshot.Snapshot{}
		for _, s := range snaps {
			a.snaps[s.Site.ID] = s
		}
	})
	if a.err != nil {
		t.Fatal(a.err)
	}
	return a.web, a.snaps, a.reqs
}

// reqKey turns a URL into the sample web's request-count key.
func reqKey(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return u
	}
	return pu.Hostname() + pu.RequestURI()
}

func TestSampleWebSiteStatuses(t *testing.T) {
	_, snaps, _ := auditSampleWeb(t)
	if len(snaps) != len(sampleSites) {
		t.Fatalf("%d snapshots for %d sites", len(snaps), len(sampleSites))
	}
	want := map[string]snapshot.Status{"closed": snapshot.StatusRobotsBlocked, "gone": snapshot.StatusDNSError,
		"shifan": snapshot.StatusOK, "trap": snapshot.StatusOK, "deadlinks": snapshot.StatusOK}
	for id, st := range want {
		if s := snaps[id]; s == nil || s.Status != st {
			t.Errorf("site %s status = %v, want %s", id, s.Status, st)
		}
	}
	if s := snaps["gone"]; len(s.Hosts) != 1 || s.Hosts[0].DNSError == "" {
		t.Errorf("gone hosts %+v", s.Hosts)
	}
	if s := snaps["closed"]; len(s.Pages) != 0 {
		t.Errorf("closed site crawled %d pages", len(s.Pages))
	}
	if s := snaps["shifan"]; !s.Home.HTTPS || len(s.Pages) < 20 {
		t.Errorf("shifan home %+v, %d pages", s.Home, len(s.Pages))
	}
}

func TestSampleWebBudgetsAndScope(t *testing.T) {
	_, snaps, _ := auditSampleWeb(t)
	cfg := sampleAudit.cfg
	for id, s := range snaps {
		if len(s.Pages) > cfg.MaxPages {
			t.Errorf("%s: %d pages over the budget", id, len(s.Pages))
		}
		domain := urls.RegistrableDomain(snapshot.HostName(s.Site.URL))
		for _, p := range s.Pages {
			if p.Depth > cfg.MaxDepth {
				t.Errorf("%s: %s at depth %d", id, p.URL, p.Depth)
			}
			if d := urls.RegistrableDomain(snapshot.HostName(p.URL)); d != domain {
				t.Errorf("%s: page %s outside %s", id, p.URL, domain)
			}
		}
	}
	hosts := map[string]bool{}
	for _, p := range snaps["shifan"].Pages {
		hosts[snapshot.HostName(p.URL)] = true
	}
	if !hosts["xxgk.shifan.gov.cn"] || !hosts["www.shifan.gov.cn"] {
		t.Errorf("shifan crawled hosts %v, want www and xxgk", hosts)
	}
	for _, l := range snaps["shifan"].Links {
		if strings.Contains(l.URL, "xxgk.shifan.gov.cn") && !l.Internal {
			t.Errorf("xxgk link not internal: %s", l.URL)
		}
	}
}

func TestSampleWebTraps(t *testing.T) {
	_, snaps, reqs := auditSampleWeb(t)
	s := snaps["trap"]
	for k, n := range reqs {
		if strings.HasPrefix(k, "www.xianjing.gov.cn/private/") {
			t.Errorf("%s requested %d times despite robots.txt", k, n)
		}
	}
	if s.Stats.TrapsSkipped == 0 || s.Stats.RobotsDisallowed == 0 {
		t.Errorf("trap stats %+v", s.Stats)
	}
	perPattern := map[string]int{}
	for _, p := range s.Pages {
		perPattern[urls.PatternKey(p.URL)]++
		if r := urls.TrapReason(p.URL, testAsOf); r != "" {
			t.Errorf("trap page crawled: %s (%s)", p.URL, r)
		}
	}
	for k, n := range perPattern {
		if n > sampleAudit.cfg.PatternCap {
			t.Errorf("pattern %s: %d pages", k, n)
		}
	}
	status := map[string]snapshot.Status{}
	for _, p := range s.Pages {
		status[strings.TrimPrefix(p.URL, "http://www.xianjing.gov.cn:")] = p.Status
	}
	for _, p := range s.Pages {
		switch {
		case strings.HasSuffix(p.URL, "/huge"):
			if p.Status != snapshot.StatusTooLarge {
				t.Errorf("/huge status %s", p.Status)
			}
		case strings.HasSuffix(p.URL, "/slow"):
			if p.Status != snapshot.StatusTimeout {
				t.Errorf("/slow status %s", p.Status)
			}
		case strings.HasSuffix(p.URL, "/loop"):
			// Ten hops may outlast the fetch timeout on a loaded machine.
			if p.Status != snapshot.StatusTooManyRedirs && p.Status != snapshot.StatusTimeout {
				t.Errorf("/loop status %s", p.Status)
			}
		}
	}
	if l := linkByURL(s, strings.TrimSuffix(s.Site.URL, "/")+"/private/nbzl.html"); l == nil || l.Status != snapshot.StatusRobotsBlocked {
		t.Errorf("private link %+v", l)
	}
}

func TestSampleWebLinkVerdicts(t *testing.T) {
	_, snaps, _ := auditSampleWeb(t)
	s := snaps["deadlinks"]
	base := strings.TrimSuffix(s.Site.URL, "/")
	port := base[strings.LastIndexByte(base, ':'):]
	type verdict struct{ dead, soft, blocked bool }
	want := map[string]verdict{
		base + "/xwzx/tzgg/202509/t20250916_1289.html":    {dead: true},
		base + "/images/banner_2025.jpg":                  {dead: true},
		base + "/uploadfile/2025/09/P020250916512345.pdf": {dead: true},
		base + "/news/missing.html":                       {soft: true},
		"http://waf.delin.gov.cn" + port + "/":            {blocked: true},
		"http://old.delin.gov.cn" + port + "/":            {dead: true},
		"http://hd.delin.gov.cn" + port + "/":             {dead: true},
		base + "/bmfw/sbcx.html":                          {},
		base + "/bmfw/gjjcx.html":                         {},
	}
	for u, w := range want {
		l := linkByURL(s, u)
		if l == nil {
			t.Errorf("no link %s", u)
			continue
		}
		got := verdict{l.Dead, l.Soft404, l.Blocked}
		if got != w {
			t.Errorf("%s: dead/soft404/blocked = %+v, want %+v (status %s %d %s)", u, got, w, l.Status, l.HTTPStatus, l.Error)
		}
		if !l.OnHomepage || l.Level != 2 {
			t.Errorf("%s: on homepage %v level %d", u, l.OnHomepage, l.Level)
		}
	}
}

func TestSampleWebIPv6(t *testing.T) {
	_, snaps, _ := auditSampleWeb(t)
	s := snaps["v6broken"]
	var home *snapshot.Host
	for i := range s.Hosts {
		if s.Hosts[i].Name == snapshot.HostName(s.Site.URL) {
			home = &s.Hosts[i]
		}
	}
	if home == nil || home.Level != 1 || len(home.AAAA) == 0 || home.IPv6OK || !home.IPv4OK {
		t.Errorf("v6broken homepage host %+v", home)
	}
	ok := snaps["shifan"]
	for _, h := range ok.Hosts {
		if h.Name == "www.shifan.gov.cn" && (!h.IPv6OK || h.Level != 1) {
			t.Errorf("shifan host %+v", h)
		}
		if h.Level < 1 || h.Level > 3 {
			t.Errorf("host %s level %d", h.Name, h.Level)
		}
	}
	if ok.IPv6.HomeV6Status != 200 {
		t.Errorf("shifan ipv6 %+v", ok.IPv6)
	}
}

// TestSampleWebRequestsOnce wants every page and link requested once in
// the audit, across sites: that is its own attempts (retries of a 429 or
// 503, HEAD then GET), plus the IPv4 and IPv6 probes when it is its host's
// probe URL (the homepage host's is its first other page; the homepage is
// fetched by the IPv6 comparison). A
// transport failure may be retried (fetch Retries); redirect loops and
// pages that redirected (whose hops are other URLs) are left out, and so
// is v6broken, whose IPv6 listener resets (and counts) every request the
// client then repeats over IPv4.
func TestSampleWebRequestsOnce(t *testing.T) {
	_, snaps, reqs := auditSampleWeb(t)
	allowed := map[string]int{}
	skip := map[string]bool{}
	for _, s := range snaps {
		allowed[reqKey(s.Home.URL)] += 2 // IPv4 and IPv6 comparison GETs
		homeHost := snapshot.HostName(s.Home.URL)
		probe := s.Home.URL // the home host's probe URL: its first other page linked from the homepage
		for _, l := range s.Links {
			if l.Level == 2 && l.Tag == "a" && snapshot.HostName(l.URL) == homeHost && l.URL != s.Home.URL && !urls.IsAttachment(l.URL) {
				probe = l.URL
				break
			}
		}
		allowed[reqKey(probe)] += 2 // host probe HEADs
		seen := map[string]bool{homeHost: true}
		for _, l := range s.Links {
			if h := snapshot.HostName(l.URL); l.Level <= 3 && !seen[h] {
				seen[h] = true
				allowed[reqKey(l.URL)] += 2 // host probe HEADs
			}
		}
		for _, p := range s.Pages {
			if p.FinalURL != p.URL || p.Status == snapshot.StatusTooManyRedirs || p.HTTPStatus == 0 {
				skip[reqKey(p.URL)] = true
			}
		}
	}
	for _, s := range snaps {
		if s.Site.ID == "v6broken" {
			continue
		}
		for _, l := range s.Links {
			k := reqKey(l.URL)
			attempts := max(l.Attempts, 1)
			if l.HTTPStatus == 0 {
				attempts = 2 // a transport failure: fetch retries it once
			}
			if n := reqs[k]; !skip[k] && n > attempts+allowed[k] {
				t.Errorf("%s: %s requested %d times (attempts %d, probes %d)", s.Site.ID, l.URL, n, l.Attempts, allowed[k])
			}
		}
	}
}

func TestSampleWebSmallBudgets(t *testing.T) {
	web, _, _ := auditSampleWeb(t)
	var site snapshot.Site
	for _, s := range web.Sites {
		if s.ID == "shifan" {
			site = s
		}
	}
	cfg := testConfig()
	cfg.MaxPages, cfg.MaxDepth, cfg.MaxLinks = 7, 1, 30
	_, snaps := audit(t, t.TempDir(), cfg, sampleClient(t, web), site)
	s := snaps[0]
	if len(s.Pages) != 7 || !s.Stats.BudgetExhausted {
		t.Errorf("%d pages, budget exhausted %v", len(s.Pages), s.Stats.BudgetExhausted)
	}
	for _, p := range s.Pages {
		if p.Depth > 1 {
			t.Errorf("page %s at depth %d", p.URL, p.Depth)
		}
	}
	if s.Stats.LinksChecked > 30+7 {
		t.Errorf("%d links checked", s.Stats.LinksChecked)
	}
}
