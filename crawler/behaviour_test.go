package crawler

import (
	"bytes"
	"context"
	"errors"
	"hash/fnv"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gongkai/crawler/fetch"
	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/snapshot"
)

// TestDeterministic crawls the same site with one worker and with many,
// with random-looking per-page delays, and wants the same snapshot.
func TestDeterministic(t *testing.T) {
	site, _ := crawlSite(t)
	site.setDelay(func(path string) time.Duration {
		h := fnv.New32a()
		h.Write([]byte(path))
		return time.Duration(h.Sum32()%7) * time.Millisecond
	})
	s := snapshot.Site{ID: "fx", Name: "Fixture", URL: site.URL, Kind: "portal"}
	var runs []*snapshot.Snapshot
	for _, workers := range []int{1, 16} {
		cfg := testConfig()
		cfg.Workers, cfg.LinkWorkers = workers, workers
		_, snaps := audit(t, t.TempDir(), cfg, testClient(t, nil), s)
		runs = append(runs, snaps[0])
	}
	if diff := cmp.Diff(runs[0], runs[1], timeless); diff != "" {
		t.Errorf("1 worker vs 16 workers (-1 +16):\n%s", diff)
	}
}

func TestRobotsBlockedHome(t *testing.T) {
	site := newFixture(t, map[string]string{
		"/robots.txt": "User-agent: *\nDisallow: /\n",
		"/":           html("closed", "/a.html"),
	})
	_, snaps := audit(t, t.TempDir(), testConfig(), testClient(t, nil),
		snapshot.Site{ID: "closed", Name: "Closed", URL: site.URL, Kind: "portal"})
	s := snaps[0]
	if s.Status != snapshot.StatusRobotsBlocked || s.Home.Status != snapshot.StatusRobotsBlocked || len(s.Pages) != 0 {
		t.Errorf("status %s home %+v pages %d", s.Status, s.Home, len(s.Pages))
	}
	if s.Stats.RobotsDisallowed != 1 {
		t.Errorf("stats %+v", s.Stats)
	}
	if len(site.total()) != 0 {
		t.Errorf("requests to a robots-blocked site: %v", site.total())
	}
	if len(s.Hosts) != 1 || s.Hosts[0].Name != "127.0.0.1" || len(s.Hosts[0].A) != 1 || s.Hosts[0].IPv4OK {
		t.Errorf("hosts %+v, want the DNS answers only", s.Hosts)
	}
}

func TestUnreachableSiteIsData(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	_, snaps := audit(t, t.TempDir(), testConfig(), testClient(t, nil),
		snapshot.Site{ID: "down", Name: "Down", URL: "http://" + addr + "/", Kind: "portal"})
	s := snaps[0]
	if s.Status != snapshot.StatusRefused || s.Home.Status != snapshot.StatusRefused || s.Error == "" {
		t.Errorf("status %s home %+v", s.Status, s.Home)
	}
	if len(s.Pages) != 1 || s.Stats.PagesFailed != 1 {
		t.Errorf("pages %+v stats %+v", s.Pages, s.Stats)
	}
}

// fakeRenderer renders a page as a fixed DOM with one extra link; a page
// whose static HTML has no links needs rendering.
type fakeRenderer struct {
	mu     sync.Mutex
	calls  []string
	closed []string
}

func (r *fakeRenderer) NeedsRender(h htmlfacts.RenderHints) (bool, string) {
	return h.Links == 0, "no links in static HTML"
}

func (r *fakeRenderer) CloseSite(siteID string) {
	r.mu.Lock()
	r.closed = append(r.closed, siteID)
	r.mu.Unlock()
}

func (r *fakeRenderer) Render(ctx context.Context, siteID, pageURL string) (*Rendered, error) {
	r.mu.Lock()
	r.calls = append(r.calls, pageURL)
	r.mu.Unlock()
	if strings.HasSuffix(pageURL, "/b.html") {
		return nil, errors.New("browser crashed")
	}
	return &Rendered{FinalURL: pageURL, Status: 200, HTML: []byte(html("rendered", "/js-only.html")), Screenshot: []byte("\x89PNG")}, nil
}

func TestRender(t *testing.T) {
	site := newFixture(t, map[string]string{
		"/":             html("home", "/a.html", "/b.html"),
		"/a.html":       html("A"),
		"/b.html":       html("B"),
		"/js-only.html": html("JS"),
	})
	r := &fakeRenderer{}
	cfg := testConfig()
	dir, snaps := auditRendered(t, t.TempDir(), cfg, r, testClient(t, nil), snapshot.Site{ID: "r", Name: "R", URL: site.URL, Kind: "portal"})
	s := snaps[0]
	if !slices.Equal(r.closed, []string{"r"}) {
		t.Errorf("sites closed in the renderer: %q, want r", r.closed)
	}
	byURL := map[string]snapshot.Page{}
	for _, p := range s.Pages {
		byURL[strings.TrimPrefix(p.URL, site.URL)] = p
	}
	home := byURL["/"]
	if home.Screenshot == "" {
		t.Fatalf("homepage without screenshot: %+v", home)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(home.Screenshot))); err != nil {
		t.Errorf("screenshot file: %v", err)
	}
	a := byURL["/a.html"]
	if !a.Rendered || a.RenderReason != "no links in static HTML" || a.Title != "rendered" || byURL["/js-only.html"].URL == "" {
		t.Errorf("rendered page %+v; js-only link not followed: %v", a, pageURLs(s))
	}
	if b := byURL["/b.html"]; b.Rendered || !strings.HasPrefix(b.Error, "render: ") || b.Title != "B" {
		t.Errorf("failed render: %+v", b)
	}
	if home.Rendered || home.Title != "home" {
		t.Errorf("homepage facts should stay static: %+v", home)
	}
	if s.Stats.Rendered != countRendered(s) {
		t.Errorf("stats rendered %d", s.Stats.Rendered)
	}

	// RenderNever renders nothing, not even the homepage.
	r.calls = nil
	cfg.Render = RenderNever
	auditRendered(t, t.TempDir(), cfg, r, testClient(t, nil), snapshot.Site{ID: "r", Name: "R", URL: site.URL, Kind: "portal"})
	if len(r.calls) != 0 {
		t.Errorf("render never rendered %v", r.calls)
	}
}

func countRendered(s *snapshot.Snapshot) int {
	n := 0
	for _, p := range s.Pages {
		if p.Rendered {
			n++
		}
	}
	return n
}

func TestProgressPlain(t *testing.T) {
	site := newFixture(t, map[string]string{"/": html("home")})
	var buf bytes.Buffer
	_, err := Run(context.Background(), AuditConfig{Out: t.TempDir(), Sites: []snapshot.Site{{ID: "p", Name: "P", URL: site.URL, Kind: "portal"}},
		Crawl: testConfig()}, testClient(t, nil), nil, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); !strings.HasPrefix(got, "crawl: 1/1 sites, 1 pages, 0 errors") || strings.Count(got, "\n") != 1 {
		t.Errorf("progress output %q", got)
	}
}

func TestRunRejects(t *testing.T) {
	client := testClient(t, nil)
	bad := testConfig()
	bad.MaxPages, bad.Workers = 0, 0
	tests := []struct {
		name string
		ac   AuditConfig
		want string
	}{
		{"no out", AuditConfig{Sites: []snapshot.Site{{ID: "a", URL: "http://a.cn"}}, Crawl: testConfig()}, "no output directory"},
		{"no sites", AuditConfig{Out: t.TempDir(), Crawl: testConfig()}, "no sites"},
		{"bad config", AuditConfig{Out: t.TempDir(), Sites: []snapshot.Site{{ID: "a", URL: "http://a.cn"}}, Crawl: bad}, "max pages 0"},
		{"duplicate site", AuditConfig{Out: t.TempDir(), Sites: []snapshot.Site{{ID: "a", URL: "http://a.cn"}, {ID: "a", URL: "http://b.cn"}}, Crawl: testConfig()}, `site id "a"`},
		{"nothing to resume", AuditConfig{Out: t.TempDir(), Resume: true, Crawl: testConfig()}, "no unfinished audit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, err := Run(context.Background(), tt.ac, client, nil, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) || dir != "" {
				t.Errorf("Run = %q, %v; want error containing %q", dir, err, tt.want)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	c := DefaultConfig()
	c.MaxDepth, c.PatternCap, c.MaxLinks, c.LinkWorkers, c.Render = -1, -1, -1, 0, "sometimes"
	err := c.Validate()
	for _, want := range []string{"max depth -1", "pattern cap -1", "max links -1", "link workers 0", `render mode "sometimes"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want it to mention %q", err, want)
		}
	}
	for _, m := range []string{"auto", "always", "never"} {
		if got, err := ParseRenderMode(m); err != nil || string(got) != m {
			t.Errorf("ParseRenderMode(%q) = %q, %v", m, got, err)
		}
	}
}

func TestProgressTerminalLine(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, tty: true, start: time.Now().Add(-2 * time.Second), total: 4}
	p.last = p.start
	p.siteDone()
	for range 10 {
		p.page(false)
	}
	p.page(true)
	p.report(false)
	got := buf.String()
	if !strings.HasPrefix(got, "\r\x1b[K[#####---------------] 1/4 sites  11 pages  1 errors  0 links  ") || strings.Contains(got, "\n") {
		t.Errorf("terminal line %q", got)
	}
	buf.Reset()
	p.report(true)
	if !strings.HasSuffix(buf.String(), "\n") {
		t.Errorf("final terminal line %q does not end the line", buf.String())
	}
}

// TestRenderSkipsTooLarge: a page the static fetch found over a cap (the
// body over MaxBody, the document over the parser's bounds) is never
// given to the browser, even with --render always.
func TestRenderSkipsTooLarge(t *testing.T) {
	site := newFixture(t, map[string]string{
		"/":          html("home", "/huge.html", "/wide.html", "/fine.html"),
		"/huge.html": html("huge") + strings.Repeat("<p>大</p>", 600_000),
		"/wide.html": html("wide") + strings.Repeat("<i></i>", 120_000),
		"/fine.html": html("fine"),
	})
	r := &linksRenderer{links: []string{"/huge.html", "/wide.html", "/fine.html"}}
	cfg := testConfig()
	cfg.Render = RenderAlways
	client := testClient(t, func(c *fetch.Config) { c.MaxBody = 4 << 20 })
	_, snaps := auditRendered(t, t.TempDir(), cfg, r, client, snapshot.Site{ID: "r", Name: "R", URL: site.URL, Kind: "portal"})
	status := map[string]snapshot.Status{}
	for _, p := range snaps[0].Pages {
		status[strings.TrimPrefix(p.URL, site.URL)] = p.Status
	}
	if status["/huge.html"] != snapshot.StatusTooLarge || status["/wide.html"] != snapshot.StatusTooLarge {
		t.Fatalf("statuses %v, want the big pages too_large", status)
	}
	for _, u := range r.calls {
		if strings.HasSuffix(u, "/huge.html") || strings.HasSuffix(u, "/wide.html") {
			t.Errorf("rendered %s, a page over a cap", u)
		}
	}
	if !slices.ContainsFunc(r.calls, func(u string) bool { return strings.HasSuffix(u, "/fine.html") }) {
		t.Errorf("rendered %v, want /fine.html among them", r.calls)
	}
}

// linksRenderer renders every page as a DOM with the given links; it
// needs Render always.
type linksRenderer struct {
	mu    sync.Mutex
	links []string
	calls []string
}

func (r *linksRenderer) NeedsRender(htmlfacts.RenderHints) (bool, string) { return false, "" }

func (r *linksRenderer) CloseSite(string) {}

func (r *linksRenderer) Render(ctx context.Context, siteID, pageURL string) (*Rendered, error) {
	r.mu.Lock()
	r.calls = append(r.calls, pageURL)
	r.mu.Unlock()
	return &Rendered{FinalURL: pageURL, Status: 200, HTML: []byte(html("rendered", r.links...))}, nil
}
