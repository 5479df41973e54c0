package crawlmetrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"gongkai/crawler"
	"gongkai/crawler/fetch"
	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/probe"
	"gongkai/crawler/snapshot"
)

// agency is a three-page site: a homepage linking a column, a dead page
// and an image.
func agency(t *testing.T) *httptest.Server {
	pages := map[string]string{
		"/":         `<html><body><a href="/gzdt/">工作动态</a><a href="/gone.html">旧文章</a><img src="/logo.png"></body></html>`,
		"/gzdt/":    `<html><body><ul><li><a href="/">首页</a> 2026-11-19</li></ul></body></html>`,
		"/logo.png": "\x89PNG",
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".png") {
			w.Header().Set("Content-Type", "image/png")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(s.Close)
	return s
}

// TestCrawlMetrics runs a real audit with the observer and compares the
// exposition of what it counted; the metrics pass client_golang's lint.
func TestCrawlMetrics(t *testing.T) {
	s := agency(t)
	reg := prometheus.NewPedanticRegistry()
	obs, err := NewCrawl(reg)
	if err != nil {
		t.Fatal(err)
	}
	client, err := fetch.New(fetch.Config{AllowPrivate: true, Rate: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	cfg := crawler.DefaultConfig()
	cfg.Render = crawler.RenderNever
	_, err = crawler.Run(t.Context(), crawler.AuditConfig{
		Out: t.TempDir(), Crawl: cfg, Observer: obs,
		Sites: []snapshot.Site{{ID: "a", Name: "A", URL: s.URL + "/", Kind: "portal"}},
	}, client, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `
# HELP gongkai_crawler_pages_total Pages fetched by audits, by how the fetch ended (crawl_status: ok, timeout, http_error, blocked, …).
# TYPE gongkai_crawler_pages_total counter
gongkai_crawler_pages_total{crawl_status="http_error"} 1
gongkai_crawler_pages_total{crawl_status="ok"} 2
# HELP gongkai_crawler_link_checks_total Links checked with a request of their own, by outcome (crawl_status).
# TYPE gongkai_crawler_link_checks_total counter
gongkai_crawler_link_checks_total{crawl_status="ok"} 1
# HELP gongkai_crawler_link_checks_queued Link checks queued and not yet done (the link queue's depth).
# TYPE gongkai_crawler_link_checks_queued gauge
gongkai_crawler_link_checks_queued 0
# HELP gongkai_crawler_sites_total Sites whose crawl finished with a snapshot, by the homepage's crawl_status.
# TYPE gongkai_crawler_sites_total counter
gongkai_crawler_sites_total{crawl_status="ok"} 1
# HELP gongkai_crawler_sites_queued Sites of the running audit not yet started.
# TYPE gongkai_crawler_sites_queued gauge
gongkai_crawler_sites_queued 0
# HELP gongkai_crawler_sites_in_progress Sites being crawled now.
# TYPE gongkai_crawler_sites_in_progress gauge
gongkai_crawler_sites_in_progress 0
`
	names := []string{"gongkai_crawler_pages_total", "gongkai_crawler_link_checks_total", "gongkai_crawler_link_checks_queued",
		"gongkai_crawler_sites_total", "gongkai_crawler_sites_queued", "gongkai_crawler_sites_in_progress"}
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(obs.siteDuration); n != 1 {
		t.Errorf("site duration series %d", n)
	}
	if got := testutil.ToFloat64(obs.bytes); got <= 0 {
		t.Errorf("bytes %v", got)
	}
	lint(t, reg)
}

// lint fails on any problem client_golang's linter (promlint, as in
// promtool check metrics) finds in what reg exposes.
func lint(t *testing.T, reg prometheus.Gatherer) {
	t.Helper()
	problems, err := testutil.GatherAndLint(reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
}

type fakeRenderer struct {
	err    error
	closed *[]string
}

func (f fakeRenderer) Render(_ context.Context, _, _ string) (*crawler.Rendered, error) {
	return &crawler.Rendered{}, f.err
}

func (f fakeRenderer) NeedsRender(h htmlfacts.RenderHints) (bool, string) {
	return h.Links == 0, "no links"
}

func (f fakeRenderer) CloseSite(siteID string) {
	if f.closed != nil {
		*f.closed = append(*f.closed, siteID)
	}
}

func TestRendererTimed(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	obs, err := NewCrawl(reg)
	if err != nil {
		t.Fatal(err)
	}
	var closed []string
	timed := obs.Renderer(fakeRenderer{closed: &closed})
	timed.Render(t.Context(), "a", "http://x/")
	obs.Renderer(fakeRenderer{err: errors.New("crashed")}).Render(t.Context(), "a", "http://x/")
	// The wrapper passes the rest of the Renderer on.
	timed.CloseSite("a")
	if ok, why := timed.NeedsRender(htmlfacts.RenderHints{}); !ok || why != "no links" || len(closed) != 1 {
		t.Errorf("timed renderer: NeedsRender %v %q, sites closed %q", ok, why, closed)
	}
	want := `
# HELP gongkai_crawler_render_duration_seconds Time to render a page in headless Chromium, by result (ok, error).
# TYPE gongkai_crawler_render_duration_seconds histogram
gongkai_crawler_render_duration_seconds_bucket{result="error",le="+Inf"} 1
gongkai_crawler_render_duration_seconds_count{result="error"} 1
gongkai_crawler_render_duration_seconds_bucket{result="ok",le="+Inf"} 1
gongkai_crawler_render_duration_seconds_count{result="ok"} 1
`
	if err := compareCounts(reg, want); err != nil {
		t.Error(err)
	}
	lint(t, reg)
}

func TestAuditsAndMonitor(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	a, err := NewAudits(reg)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMonitor(reg)
	if err != nil {
		t.Fatal(err)
	}
	a.Scheduled(time.Unix(1_800_000_000, 0), 24*time.Hour)
	a.Started()
	a.Finished(errors.New("sites file: line 3: bad url"), 90*time.Second)
	one := snapshot.Site{ID: "hd", Level: "city", Kind: "portal", Region: "河北省"}
	two := snapshot.Site{ID: "bj", Level: "province", Kind: "portal", Region: "北京市"}
	m.SitesChanged([]snapshot.Site{one, two})
	ok := probe.Family{ProbeSample: snapshot.ProbeSample{Family: "ipv4", Status: snapshot.StatusOK, Duration: 80 * time.Millisecond}}
	down := probe.Family{ProbeSample: snapshot.ProbeSample{Family: "ipv6", Status: snapshot.StatusTimeout, Duration: 15 * time.Second}}
	m.Probed(probe.Result{Site: one, Families: []probe.Family{ok, down}})
	m.Probed(probe.Result{Site: two, Families: []probe.Family{ok}})
	m.SitesChanged([]snapshot.Site{one})
	want := `
# HELP gongkai_audit_runs_total Audit runs ended, by result: success (a release was published) or failure.
# TYPE gongkai_audit_runs_total counter
gongkai_audit_runs_total{result="failure"} 1
gongkai_audit_runs_total{result="success"} 0
# HELP gongkai_audit_running 1 while an audit runs, else 0.
# TYPE gongkai_audit_running gauge
gongkai_audit_running 0
# HELP gongkai_audit_last_success_timestamp_seconds When the last audit that published a release ended (Unix time); 0 before any.
# TYPE gongkai_audit_last_success_timestamp_seconds gauge
gongkai_audit_last_success_timestamp_seconds 0
# HELP gongkai_audit_last_run_duration_seconds How long the last audit run took, crawl, judging and publishing.
# TYPE gongkai_audit_last_run_duration_seconds gauge
gongkai_audit_last_run_duration_seconds 90
# HELP gongkai_audit_next_run_timestamp_seconds When the next scheduled audit starts (Unix time); 0 when none is scheduled.
# TYPE gongkai_audit_next_run_timestamp_seconds gauge
gongkai_audit_next_run_timestamp_seconds 1.8e+09
# HELP gongkai_audit_interval_seconds The time between two scheduled audits (--audit-every); 0 when audits are not scheduled.
# TYPE gongkai_audit_interval_seconds gauge
gongkai_audit_interval_seconds 86400
# HELP gongkai_monitor_home_up 1 if the last scheduled probe of the site's homepage over the family opened it (any answer but a failure), else 0.
# TYPE gongkai_monitor_home_up gauge
gongkai_monitor_home_up{family="ipv4",kind="portal",level="city",region="河北省",site_id="hd"} 1
gongkai_monitor_home_up{family="ipv6",kind="portal",level="city",region="河北省",site_id="hd"} 0
# HELP gongkai_monitor_probes_total Scheduled homepage probes, by IP family and how they ended (crawl_status).
# TYPE gongkai_monitor_probes_total counter
gongkai_monitor_probes_total{crawl_status="ok",family="ipv4"} 2
gongkai_monitor_probes_total{crawl_status="timeout",family="ipv6"} 1
# HELP gongkai_monitor_sites Sites whose homepages are probed on the schedule.
# TYPE gongkai_monitor_sites gauge
gongkai_monitor_sites 1
`
	names := []string{"gongkai_audit_runs_total", "gongkai_audit_running", "gongkai_audit_last_success_timestamp_seconds",
		"gongkai_audit_last_run_duration_seconds", "gongkai_audit_next_run_timestamp_seconds", "gongkai_audit_interval_seconds",
		"gongkai_monitor_home_up", "gongkai_monitor_probes_total", "gongkai_monitor_sites"}
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	lint(t, reg)
}

// compareCounts compares only the _count and +Inf bucket lines of
// histograms (their sums and finite buckets depend on the clock).
func compareCounts(reg prometheus.Gatherer, want string) error {
	got, err := testutil.GatherAndCount(reg)
	if err != nil || got == 0 {
		return fmt.Errorf("gather: %v (%d series)", err, got)
	}
	var b strings.Builder
	mfs, _ := reg.Gather()
	for _, mf := range mfs {
		if !strings.Contains(want, mf.GetName()) {
			continue
		}
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s histogram\n", mf.GetName(), mf.GetHelp(), mf.GetName())
		for _, m := range mf.GetMetric() {
			lbl := ""
			for _, l := range m.GetLabel() {
				lbl += fmt.Sprintf("%s=%q,", l.GetName(), l.GetValue())
			}
			fmt.Fprintf(&b, "%s_bucket{%sle=\"+Inf\"} %d\n", mf.GetName(), lbl, m.GetHistogram().GetSampleCount())
			fmt.Fprintf(&b, "%s_count{%s} %d\n", mf.GetName(), strings.TrimSuffix(lbl, ","), m.GetHistogram().GetSampleCount())
		}
	}
	if strings.TrimSpace(b.String()) != strings.TrimSpace(want) {
		return fmt.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	return nil
}
