package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/checks"
	"gongkai/crawler"
	"gongkai/crawler/sampleweb"
	"gongkai/datasets"
)

// asOf is the fixed "today" of the end-to-end audits.
var asOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// needChromium fails the test under CI when no browser is installed, and
// skips it elsewhere.
func needChromium(t *testing.T) {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if _, err := exec.LookPath(name); err == nil {
			return
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found but CI=true: install it with apt-get install -y chromium fonts-noto-cjk")
	}
	t.Skip("chromium not found")
}

// auditSampleWeb audits the sample web into a temporary directory with the
// given render mode and returns the published release.
func auditSampleWeb(t *testing.T, mode crawler.RenderMode) (*sampleweb.Web, *datasets.Release) {
	t.Helper()
	ctx := t.Context() // no clock of its own: go test -timeout catches a hang
	web, err := sampleweb.Start(ctx, sampleweb.Config{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = web.Close() })
	return web, auditLoopback(ctx, t, loopbackWeb{sites: web.SitesCSV(), dns: web.DNSAddr, roots: web.RootCAs(), asOf: asOf}, mode)
}

// loopbackWeb is what an audit of a web served on loopback needs: its
// sites file, its DNS server, the CA of its HTTPS hosts and its as-of date.
type loopbackWeb struct {
	sites []byte
	dns   string
	roots *x509.CertPool
	asOf  time.Time
}

// auditLoopback audits web into a temporary directory through the
// binary's pipeline (as `gongkai audit --resolver DNS --allow-private
// --render MODE` would) and returns the published release.
func auditLoopback(ctx context.Context, t *testing.T, web loopbackWeb, mode crawler.RenderMode) *datasets.Release {
	t.Helper()
	logs := &syncBuffer{}
	e := &env{stdout: logs, stderr: logs, logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	out := t.TempDir()
	sitesFile := filepath.Join(out, "sites.csv")
	if err := os.WriteFile(sitesFile, web.sites, 0o644); err != nil {
		t.Fatal(err)
	}
	sites, err := crawler.ReadSites(sitesFile)
	if err != nil {
		t.Fatal(err)
	}
	crawl := crawler.DefaultConfig()
	crawl.MaxPages = 300
	p := pipeline{out: out, asOf: web.asOf, sites: sites, catalog: checks.Default(), crawl: crawl, render: mode, rootCAs: web.roots}
	p.fetch.Resolver = web.dns
	p.fetch.AllowPrivate = true
	p.fetch.Rate = -1
	p.fetch.PerHost = 8
	// The clocks are for a loaded machine: a page that takes seconds to
	// come must not change a verdict. The trap site's slow page trickles
	// for ever and costs two of these; /huge trips MaxBody on bytes.
	p.fetch.Timeout = 15 * time.Second
	p.fetch.MaxBody = 1 << 20
	p.fetch.Retries = 1
	p.renderTimeout = 2 * time.Minute
	id, err := p.run(ctx, e)
	if err != nil {
		t.Fatalf("audit: %v\n%s", err, logs.String())
	}
	rel, err := datasets.Load(out, id)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("release %s\n%s", id, logs.String())
	return rel
}

// syncBuffer is a bytes.Buffer safe for the concurrent writers of an
// audit (progress lines and log records), as os.Stderr is.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// ruleOutcomes folds the findings of a release into one outcome per site
// and rule: fail if any finding failed, error if any errored, pass if any
// passed, else not_applicable.
func ruleOutcomes(rel *datasets.Release) map[string]map[string]string {
	rank := map[string]int{"not_applicable": 0, "pass": 1, "error": 2, "fail": 3}
	got := map[string]map[string]string{}
	for _, f := range rel.Findings {
		if got[f.SiteID] == nil {
			got[f.SiteID] = map[string]string{}
		}
		if cur, ok := got[f.SiteID][f.RuleID]; !ok || rank[f.Outcome] > rank[cur] {
			got[f.SiteID][f.RuleID] = f.Outcome
		}
	}
	return got
}

// compareOutcomes reports every site × contract rule whose outcome differs
// from what the sample web's planted defects call for.
func compareOutcomes(t *testing.T, rel *datasets.Release, want map[string]map[string]string, rules []string) {
	t.Helper()
	got := ruleOutcomes(rel)
	var diffs []string
	sites := make([]string, 0, len(want))
	for s := range want {
		sites = append(sites, s)
	}
	slices.Sort(sites)
	for _, site := range sites {
		for _, rule := range rules {
			w, g := want[site][rule], got[site][rule]
			if g == "" {
				g = "(none)"
			}
			if w != g {
				diffs = append(diffs, fmt.Sprintf("%-10s %-24s want %-15s got %s%s", site, rule, w, g, evidence(rel, site, rule)))
			}
		}
	}
	if len(diffs) > 0 {
		t.Errorf("%d of %d site×rule outcomes differ from the planted defects:\n%s", len(diffs), len(sites)*len(rules), strings.Join(diffs, "\n"))
	}
}

// evidence returns the messages of a site's findings for one rule.
func evidence(rel *datasets.Release, site, rule string) string {
	var msgs []string
	for _, f := range rel.Findings {
		if f.SiteID == site && f.RuleID == rule && f.Outcome != "pass" && len(msgs) < 3 {
			msgs = append(msgs, f.Message)
		}
	}
	if len(msgs) == 0 {
		return ""
	}
	return "  — " + strings.Join(msgs, " | ")
}

// TestSampleWebOutcomes audits the whole sample web with rendering on and
// checks that every contract rule gives, for every site, the outcome its
// planted defects call for; and that the JavaScript-only site scores
// exactly like its static twin would. It logs the site × rule agreement
// table: go test ./cmd/gongkai -run TestSampleWebOutcomes -v
func TestSampleWebOutcomes(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end audit")
	}
	needChromium(t)
	web, rel := auditSampleWeb(t, crawler.RenderAuto)
	compareOutcomes(t, rel, web.Expected(), web.RuleIDs())
	var sites []string
	for _, s := range web.Sites {
		sites = append(sites, s.ID)
	}
	table, _ := agreementTable(sites, web.RuleIDs(), web.Expected(), ruleOutcomes(rel))
	t.Logf("sample web outcomes (lower case: agrees; WANT>GOT: differs; p pass, f fail, n not_applicable, e error, - none)\n%s", table)
	scores := map[string]datasets.ScoreRow{}
	for _, s := range rel.Scores {
		scores[s.SiteID] = s
	}
	twin, js := scores["shifan"], scores["shifan-js"]
	if twin.Score == nil || js.Score == nil || *twin.Score != *js.Score || twin.Grade != js.Grade {
		t.Errorf("shifan-js scores %v %s, its static twin shifan %v %s", deref(js.Score), js.Grade, deref(twin.Score), twin.Grade)
	}
	rendered := map[string]bool{}
	for _, p := range rel.Pages {
		if p.Rendered && p.RenderReason != "homepage screenshot" {
			rendered[p.SiteID] = true
		}
	}
	if !rendered["shifan-js"] || len(rendered) != 1 {
		t.Errorf("render auto rendered pages of %v, want shifan-js only", rendered)
	}
}

func deref(f *float64) float64 {
	if f == nil {
		return -1
	}
	return *f
}
