package hostileweb

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"gongkai/crawler"
	"gongkai/crawler/snapshot"
	"gongkai/crawler/urls"
)

// everySite audits the whole web (but the browser site) once per test
// binary, without a browser, with the test budgets; took is the time of
// the sites that end on their clock.
var everySite struct {
	snaps map[string]*snapshot.Snapshot
	took  time.Duration
	err   error
}

// cappedSiteTimeout is the site budget of the sites that must end on a
// byte or count cap: far beyond what their caps cost, so that only a cap
// can end them.
const cappedSiteTimeout = 5 * time.Minute

func auditAll(t *testing.T) (*Web, map[string]*snapshot.Snapshot) {
	t.Helper()
	w := startWeb(t)
	if everySite.snaps == nil && everySite.err == nil {
		// The sites that must end on the site's clock get the test budget;
		// the others must end on bytes and counts, and get a budget that
		// no loaded machine reaches: at a load average of 50 the bomb,
		// parser, endless and trap sites ran out of 30 s before their caps.
		var clocked, capped []string
		for _, s := range w.Sites {
			switch {
			case s.ID == "browser":
			case s.Want == snapshot.StatusSiteTimeout:
				clocked = append(clocked, s.ID)
			default:
				capped = append(capped, s.ID)
			}
		}
		cfg := hostileConfig()
		cfg.SiteTimeout = cappedSiteTimeout
		everySite.snaps, everySite.err = audit(t, w, cfg, crawler.AuditConfig{}, capped...)
		if everySite.err == nil {
			start := time.Now()
			var more map[string]*snapshot.Snapshot
			more, everySite.err = audit(t, w, hostileConfig(), crawler.AuditConfig{}, clocked...)
			everySite.took = time.Since(start)
			maps.Copy(everySite.snaps, more)
		}
	}
	if everySite.err != nil {
		t.Fatal(everySite.err)
	}
	return w, everySite.snaps
}

// pageStatus returns the statuses of the site's pages by path.
func pageStatus(s *snapshot.Snapshot) map[string]*snapshot.Page {
	out := map[string]*snapshot.Page{}
	for i, p := range s.Pages {
		u := p.URL
		if i := strings.Index(u, ".gov.cn"); i >= 0 {
			u = u[i+len(".gov.cn"):]
		}
		out[u] = &s.Pages[i]
	}
	return out
}

// linkStatus returns the statuses of the site's links by URL.
func linkStatus(s *snapshot.Snapshot) map[string]snapshot.Link {
	out := map[string]snapshot.Link{}
	for _, l := range s.Links {
		out[l.URL] = l
	}
	return out
}

// TestSizeBounds: bombs, endless streams and huge headers cost at most the
// per-response cap each; endless pages stop at the site's byte budget; a
// parser bomb is cut at the element, nesting, link and URL bounds.
func TestSizeBounds(t *testing.T) {
	w, snaps := auditAll(t)
	cfg := hostileConfig()
	bombs := pageStatus(snaps["bombs"])
	for _, p := range []string{"/gzip.html", "/br.html", "/stream.html", "/ten-gb.html", "/header.html"} {
		if pg := bombs[p]; pg == nil || pg.Status != snapshot.StatusTooLarge || pg.Bytes > maxBody {
			t.Errorf("bombs %s: %s, want too_large within %d bytes", p, describePage(pg), maxBody)
		}
	}
	if s := snaps["bombs"]; s.Stats.BytesFetched > 6*maxBody {
		t.Errorf("bombs: %d bytes received for five bombs", s.Stats.BytesFetched)
	}
	if n := w.BytesServed("bombs"); n > 64<<20 {
		t.Errorf("bombs: the server wrote %d MiB: an endless answer was read on", n>>20)
	}
	endless := snaps["endless"]
	if got := endless.Stats.BytesFetched; got < cfg.MaxBytes || got > cfg.MaxBytes+(1<<20) {
		t.Errorf("endless: %d bytes received, want the budget %d (plus reads in flight)", got, cfg.MaxBytes)
	}
	// The server writes much of each 2 MB page into the socket buffers
	// even when the client reads only its cap of it: bounded all the same.
	if n := w.BytesServed("endless"); n > 64<<20 {
		t.Errorf("endless: the server wrote %d MiB for a budget of %d MiB", n>>20, cfg.MaxBytes>>20)
	}
	parser := pageStatus(snaps["parser"])
	// The documents over the body cap are cut there first (wide.html); the
	// element bound itself is htmlfacts' TestHostileDocuments.
	for p, limit := range map[string]string{"/deep.html": "nesting deeper than 512", "/wide.html": "",
		"/links.html": "more than 5000 references", "/long.html": "longer than 2048 bytes"} {
		if pg := parser[p]; pg == nil || pg.Status != snapshot.StatusTooLarge || !strings.Contains(pg.Error, limit) {
			t.Errorf("parser %s: %s, want too_large with %q", p, describePage(pg), limit)
		}
	}
	for _, pg := range snaps["parser"].Pages {
		if len(pg.Anchors) > 5000 || len(pg.Text) > 64<<10 {
			t.Errorf("parser %s: %d anchors, %d bytes of text", pg.URL, len(pg.Anchors), len(pg.Text))
		}
		for k, v := range pg.Meta {
			if len(v) > 2048 {
				t.Errorf("parser %s: meta %s of %d bytes", pg.URL, k, len(v))
			}
		}
	}
}

// TestRedirectAndProtocolBounds: every bad redirect and every lying answer
// is recorded as what it is, in a bounded number of requests.
func TestRedirectAndProtocolBounds(t *testing.T) {
	_, snaps := auditAll(t)
	want := map[string]map[string]snapshot.Status{
		"redirects": {
			"/chain/0": snapshot.StatusTooManyRedirs, "/loop": snapshot.StatusTooManyRedirs,
			"/to-file": snapshot.StatusBadRedirect, "/to-ftp": snapshot.StatusBadRedirect, "/to-js": snapshot.StatusBadRedirect,
			"/to-malformed": snapshot.StatusBadRedirect, "/no-location": snapshot.StatusBadRedirect,
			"/to-loopback": snapshot.StatusPrivate, "/to-decimal": snapshot.StatusPrivate, "/to-metadata": snapshot.StatusPrivate,
			"/to-mapped": snapshot.StatusPrivate, "/to-zero": snapshot.StatusPrivate,
			"/meta1.html": snapshot.StatusOK, "/refresh1.html": snapshot.StatusOK,
		},
		"lying": {
			"/not-http.html": snapshot.StatusProtocolError, "/dup-cl.html": snapshot.StatusProtocolError,
			"/chunked.html": snapshot.StatusProtocolError, "/cl-long.html": snapshot.StatusNetError,
			"/cl-short.html": snapshot.StatusOK, "/ct-image.png": snapshot.StatusOK, "/ct-binary.html": snapshot.StatusOK,
			"/mixed.html": snapshot.StatusOK, "/nul.html": snapshot.StatusOK,
		},
		"retryafter": {"/bs/1.html": snapshot.StatusHTTPError, "/bs/2.html": snapshot.StatusHTTPError},
	}
	for site, paths := range want {
		pages := pageStatus(snaps[site])
		for p, st := range paths {
			if pg := pages[p]; pg == nil || pg.Status != st {
				t.Errorf("%s %s: %s, want %s", site, p, describePage(pg), st)
			}
		}
	}
	if pg := pageStatus(snaps["retryafter"])["/bs/1.html"]; pg == nil || !strings.Contains(pg.Error, "retry after 1h0m0s") {
		t.Errorf("retryafter page %s: the Retry-After not recorded", describePage(pg))
	}
	for _, p := range snaps["redirects"].Pages {
		if len(p.Redirects) > 10 {
			t.Errorf("%s: %d hops followed", p.URL, len(p.Redirects))
		}
	}
}

// TestRobotsAndWaits: caps on robots.txt size and Crawl-delay and on
// Retry-After are recorded; a 500 robots.txt closes the site; a
// robots.txt redirect loop opens it.
func TestRobotsAndWaits(t *testing.T) {
	_, snaps := auditAll(t)
	caps := func(id string) string {
		var names []string
		for _, c := range snaps[id].Caps {
			names = append(names, c.Name)
		}
		return strings.Join(names, ",")
	}
	for id, want := range map[string]string{"robots-huge": snapshot.CapRobotsSize, "robots-delay": snapshot.CapCrawlDelay, "retryafter": snapshot.CapRetryAfter} {
		if got := caps(id); !strings.Contains(got, want) {
			t.Errorf("%s caps %q, want %s", id, got, want)
		}
	}
	if l, ok := linkStatus(snaps["robots-huge"])["http://www.robots-huge.gov.cn/private/a.html"]; !ok || l.Status != snapshot.StatusRobotsBlocked {
		t.Errorf("robots-huge /private/: %+v, want robots_blocked (the rules before the garbage hold)", l)
	}
	if s := snaps["robots-delay"]; len(s.Pages) != 1 {
		t.Errorf("robots-delay: %d pages in the budget, want the homepage only (then one per minute)", len(s.Pages))
	}
	if s := snaps["robots-500"]; len(s.Pages) != 0 || !strings.Contains(s.Error, "RFC 9309") {
		t.Errorf("robots-500: %d pages, error %q", len(s.Pages), s.Error)
	}
	if s := snaps["robots-loop"]; len(s.Pages) < 3 {
		t.Errorf("robots-loop: %d pages, want the site crawled", len(s.Pages))
	}
}

// TestTrapsAndTLS: the trap site's budgets hold; a site whose https fails
// is crawled at http:// when it answers there, its TLS error recorded.
func TestTrapsAndTLS(t *testing.T) {
	_, snaps := auditAll(t)
	cfg := hostileConfig()
	trap := snaps["trap"]
	perPattern := map[string]int{}
	for _, p := range trap.Pages {
		perPattern[urls.PatternKey(p.URL)]++
		if p.Depth > cfg.MaxDepth {
			t.Errorf("trap %s at depth %d", p.URL, p.Depth)
		}
	}
	for k, n := range perPattern {
		if n > cfg.PatternCap {
			t.Errorf("trap pattern %s: %d pages", k, n)
		}
	}
	if len(trap.Pages) > cfg.MaxPages || trap.Stats.TrapsSkipped == 0 {
		t.Errorf("trap: %d pages, %d traps skipped", len(trap.Pages), trap.Stats.TrapsSkipped)
	}
	s := snaps["selfsigned"]
	if s.Home.TLSError == "" || s.Home.HTTPS || !strings.HasPrefix(s.Home.URL, "http://") || len(s.Pages) < 3 {
		t.Errorf("selfsigned: home %+v, %d pages; want crawled at http:// with the TLS error kept", s.Home, len(s.Pages))
	}
	for _, id := range []string{"expired", "wrongname", "handshake"} {
		if s := snaps[id]; s.Status != snapshot.StatusTLSError || len(s.Pages) != 1 {
			t.Errorf("%s: status %s, %d pages; want tls_error on the homepage", id, s.Status, len(s.Pages))
		}
	}
}

// TestSSRF: every link, redirect, <base href> and rebinding answer aimed at
// a private address is refused, and no canary saw a connection.
func TestSSRF(t *testing.T) {
	w, snaps := auditAll(t)
	s := snaps["ssrf"]
	private := 0
	for _, l := range s.Links {
		host := l.URL[len("http://"):]
		if strings.HasPrefix(host, "www.ssrf.gov.cn") || strings.HasPrefix(host, "rebind.") {
			continue
		}
		if l.Status != snapshot.StatusPrivate {
			t.Errorf("%s: %s %s, want private_address", l.URL, l.Status, l.Error)
		}
		private++
	}
	if private < 10 { // the numeric spellings of 127.0.0.1 are one link
		t.Errorf("%d links refused, want every private one (10+)", private)
	}
	refused := 0
	for _, p := range s.Pages {
		if strings.HasPrefix(p.URL, "http://rebind.") && p.Status == snapshot.StatusPrivate {
			refused++
		}
	}
	if refused == 0 {
		t.Error("the rebinding name never answered loopback: the test proves nothing")
	}
	if n, seen := w.CanaryHits(); n != 0 {
		t.Errorf("%d connections reached a private address: %v", n, seen)
	}
}

// describePage is a page's URL, status, size and error, for messages.
func describePage(p *snapshot.Page) string {
	if p == nil {
		return "no page"
	}
	return fmt.Sprintf("%s %s %d bytes %.300q", p.URL, p.Status, p.Bytes, p.Error)
}
