package hostileweb

import (
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"gongkai/crawler"
	"gongkai/crawler/fetch"
	"gongkai/crawler/snapshot"
)

// client returns the fetch client of an audit of the hostile web: the
// production guard (no AllowPrivate), the web's DNS and CA.
func client(t *testing.T, w *Web) *fetch.Client {
	t.Helper()
	c, err := fetch.New(fetch.Config{Resolver: w.DNSAddr, RootCAs: w.RootCAs(), Rate: -1, PerHost: 4,
		MaxBody: maxBody, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func testLogger(t *testing.T) *slog.Logger {
	if testing.Verbose() {
		level := slog.LevelWarn
		if os.Getenv("HW_DEBUG") != "" {
			level = slog.LevelDebug
		}
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// audit crawls the given sites of the web with a site budget and returns
// their snapshots by id.
func audit(t *testing.T, w *Web, cfg crawler.Config, ac crawler.AuditConfig, ids ...string) (map[string]*snapshot.Snapshot, error) {
	t.Helper()
	for _, id := range ids {
		s, err := w.Site(id)
		if err != nil {
			t.Fatal(err)
		}
		ac.Sites = append(ac.Sites, snapshot.Site{ID: s.ID, Name: s.Name, URL: s.URL, Kind: "portal"})
	}
	if ac.Out == "" {
		ac.Out = t.TempDir()
	}
	ac.Crawl = cfg
	if ac.SiteWorkers == 0 {
		ac.SiteWorkers = 4 // the default: more sites at once only share the CPU thinner
	}
	dir, err := crawler.Run(t.Context(), ac, client(t, w), testLogger(t), nil)
	if dir == "" {
		t.Fatalf("audit: %v", err)
	}
	snaps, rerr := snapshot.ReadDir(dir)
	if rerr != nil {
		t.Fatal(rerr)
	}
	out := map[string]*snapshot.Snapshot{}
	for _, s := range snaps {
		out[s.Site.ID] = s
	}
	return out, err
}

// maxBody is the per-response cap of the tests: small, so that the work
// of a site that must finish (bombs, parser bombs) is about a MiB however
// slow a loaded machine and the race detector make it; its byte caps trip
// long before the site's clock.
const maxBody = 256 << 10

// hostileConfig is the crawl configuration of the tests: a site budget of
// seconds, a byte budget of MiB.
func hostileConfig() crawler.Config {
	c := crawler.DefaultConfig()
	c.Render = crawler.RenderNever
	c.MaxPages = 60
	c.MaxLinks = 300
	c.SiteTimeout = 30 * time.Second
	c.MaxBytes = 4 << 20
	return c
}

// TestEveryStatus: every site ends with its crawl_status, within the
// site budget.
func TestEveryStatus(t *testing.T) {
	w, snaps := auditAll(t)
	t.Logf("%d sites; those that end on their clock in %v", len(snaps), everySite.took)
	if limit := hostileConfig().SiteTimeout * 5; everySite.took > limit {
		t.Errorf("the sites that end on their clock took %v, more than five site budgets", everySite.took)
	}
	for _, site := range w.Sites {
		s := snaps[site.ID]
		if s == nil {
			if site.ID != "browser" {
				t.Errorf("%s: no snapshot", site.ID)
			}
			continue
		}
		st, detail := s.CrawlStatus()
		t.Logf("%-13s %-18s %3d pages %9d bytes  %.120s", site.ID, st, len(s.Pages), s.Stats.BytesFetched, detail)
		if st != site.Want {
			t.Errorf("%s: crawl_status %s (%s), want %s", site.ID, st, detail, site.Want)
		}
	}
}
