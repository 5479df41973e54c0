package crawler

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"gongkai/crawler/fetch"
	"gongkai/crawler/snapshot"
)

// fixture is a loopback web site made of literal pages, counting every
// request by method and path.
type fixture struct {
	*httptest.Server
	mu       sync.Mutex
	pages    map[string]string // path (with query) -> HTML; "robots.txt" is served as text
	status   map[string]int
	delay    func(path string) time.Duration
	requests map[string]int // "GET /a.html"
}

func newFixture(t testing.TB, pages map[string]string) *fixture {
	f := &fixture{pages: pages, status: map[string]int{}, requests: map[string]int{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fixture) serve(w http.ResponseWriter, r *http.Request) {
	key := r.URL.RequestURI()
	f.mu.Lock()
	f.requests[r.Method+" "+key]++
	body, ok := f.pages[key]
	status := f.status[key]
	delay := f.delay
	f.mu.Unlock()
	if delay != nil {
		time.Sleep(delay(key))
	}
	if !ok {
		http.Error(w, "404 页面不存在 not found", http.StatusNotFound)
		return
	}
	if to, ok := strings.CutPrefix(body, "redirect:"); ok {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	switch {
	case key == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
	case strings.HasSuffix(r.URL.Path, ".pdf"):
		w.Header().Set("Content-Type", "application/pdf")
	case strings.HasSuffix(r.URL.Path, ".png"):
		w.Header().Set("Content-Type", "image/png")
	default:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	if status != 0 {
		w.WriteHeader(status)
	}
	io.WriteString(w, body)
}

// setDelay makes every request wait delay(path) before it is answered.
func (f *fixture) setDelay(delay func(path string) time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delay = delay
}

// count returns the requests made for method and path.
func (f *fixture) count(method, path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[method+" "+path]
}

// total returns all requests but those for robots.txt.
func (f *fixture) total() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, v := range f.requests {
		if !strings.HasSuffix(k, "/robots.txt") {
			out[k] = v
		}
	}
	return out
}

// html makes a page with a title and links.
func html(title string, hrefs ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html><head><title>%s</title></head><body><h1>%s</h1>\n", title, title)
	for _, h := range hrefs {
		switch {
		case strings.HasPrefix(h, "img:"):
			fmt.Fprintf(&b, "<img src=%q>\n", strings.TrimPrefix(h, "img:"))
		case strings.HasPrefix(h, "script:"):
			fmt.Fprintf(&b, "<script src=%q></script>\n", strings.TrimPrefix(h, "script:"))
		default:
			fmt.Fprintf(&b, "<a href=%q>link %s</a>\n", h, h)
		}
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// testClient returns a fetch client for loopback fixtures: no politeness
// delays, no retries, short timeouts.
func testClient(t testing.TB, edit func(*fetch.Config)) *fetch.Client {
	cfg := fetch.Config{
		AllowPrivate: true, Rate: -1, PerHost: -1, Retries: -1,
		Timeout: 5 * time.Second, ConnectTimeout: time.Second, Logger: testLogger(t),
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := fetch.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// testLogger logs to the test output with -v and GONGKAI_LOG=debug.
func testLogger(t testing.TB) *slog.Logger {
	if os.Getenv("GONGKAI_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// testConfig is DefaultConfig sized for tests.
func testConfig() Config {
	c := DefaultConfig()
	c.SyncEvery = time.Hour
	return c
}

var testAsOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// audit runs one audit and returns its directory and snapshots.
func audit(t testing.TB, out string, cfg Config, client *fetch.Client, sites ...snapshot.Site) (string, []*snapshot.Snapshot) {
	t.Helper()
	return auditRendered(t, out, cfg, nil, client, sites...)
}

// auditRendered runs one audit rendering with r.
func auditRendered(t testing.TB, out string, cfg Config, r Renderer, client *fetch.Client, sites ...snapshot.Site) (string, []*snapshot.Snapshot) {
	t.Helper()
	ac := AuditConfig{Out: out, AsOf: testAsOf, Sites: sites, Crawl: cfg, Renderer: r}
	dir, err := Run(context.Background(), ac, client, testLogger(t), nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	snaps, err := snapshot.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps) != len(sites) {
		t.Fatalf("%d snapshots for %d sites", len(snaps), len(sites))
	}
	return dir, snaps
}

// timeless ignores what legitimately differs between two crawls of the
// same web: times, durations and the audit id.
var timeless = cmp.Options{
	cmpopts.IgnoreFields(snapshot.Snapshot{}, "AuditID", "StartedAt", "FinishedAt"),
	cmpopts.IgnoreFields(snapshot.HomeProbe{}, "Duration"),
	cmpopts.IgnoreFields(snapshot.Page{}, "FetchedAt"),
	cmpopts.IgnoreFields(snapshot.Link{}, "CheckedAt"),
	// The bytes received by the run that finished the site: a resumed
	// crawl did not receive what the journal gave it.
	cmpopts.IgnoreFields(snapshot.Stats{}, "BytesFetched"),
	cmpopts.EquateEmpty(),
}

func pageURLs(s *snapshot.Snapshot) []string {
	var out []string
	for _, p := range s.Pages {
		out = append(out, p.URL)
	}
	return out
}

func linkByURL(s *snapshot.Snapshot, u string) *snapshot.Link {
	for i := range s.Links {
		if s.Links[i].URL == u {
			return &s.Links[i]
		}
	}
	return nil
}
