package metrics

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"gongkai/checks"
	"gongkai/crawler/fetch"
	"gongkai/crawler/probe"
	"gongkai/crawler/snapshot"
)

// liveHome is a county portal's homepage: identifiers in the footer, one
// news item dated the day before the probe.
func liveHome(day string) string {
	return `<html><head><title>示例县人民政府</title><meta name="SiteIDCode" content="1300000001"></head><body>
<div class="news"><h3>要闻动态</h3><ul><li><a href="/gzdt/1.html">县政府召开常务会议</a><span>` + day + `</span></li></ul></div>
<div class="footer">主办：示例县人民政府办公室 网站标识码：1300000001 冀ICP备05000001号-1 冀公网安备 13010002000001号</div>
</body></html>`
}

// probeEnv is a /probe handler over two configured sites on loopback: a
// good homepage served over TLS and one that hangs until released.
type probeEnv struct {
	handler *Prober
	release chan struct{}
	hanging chan struct{} // a request reached the hanging site (buffered)
}

func newProbeEnv(t *testing.T, concurrency int) *probeEnv {
	t.Helper()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	good := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, liveHome("2026-11-19"))
	}))
	t.Cleanup(good.Close)
	e := &probeEnv{release: make(chan struct{}), hanging: make(chan struct{}, 16)}
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case e.hanging <- struct{}{}:
		default:
		}
		select {
		case <-e.release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(hang.Close)
	t.Cleanup(func() { close(e.release) })
	pool := x509.NewCertPool()
	pool.AddCert(good.Certificate())
	// The fetch's own clocks are a minute away: only the scrape timeout
	// can end a probe of the hanging site in time.
	client, err := fetch.New(fetch.Config{AllowPrivate: true, Rate: -1, PerHost: -1, RootCAs: pool, IgnoreRobots: true,
		HeaderTimeout: time.Minute, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	sites := []snapshot.Site{
		{ID: "good", Name: "示例县", URL: good.URL + "/", Level: "county", Kind: "portal"},
		{ID: "hang", Name: "挂起县", URL: hang.URL + "/", Level: "county", Kind: "portal"},
	}
	e.handler = NewProber(ProberOptions{Prober: probe.New(client, nil), Catalog: checks.Default(),
		Sites: func() []snapshot.Site { return sites }, Concurrency: concurrency})
	e.handler.now = func() time.Time { return now }
	return e
}

// get asks the handler for path, with the scrape timeout header when
// timeout is set.
func (e *probeEnv) get(path string, timeout string) (int, string) {
	return e.getContext(context.Background(), path, timeout)
}

// getContext is get with the request's context.
func (e *probeEnv) getContext(ctx context.Context, path string, timeout string) (int, string) {
	r := httptest.NewRequestWithContext(ctx, http.MethodGet, path, nil)
	if timeout != "" {
		r.Header.Set("X-Prometheus-Scrape-Timeout-Seconds", timeout)
	}
	w := httptest.NewRecorder()
	e.handler.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

// samples parses an exposition into "name{labels}" → value.
func samples(t *testing.T, text string) map[string]float64 {
	t.Helper()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := parser.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	out := map[string]float64{}
	for name, mf := range mfs {
		for _, m := range mf.GetMetric() {
			var ls []string
			for _, l := range m.GetLabel() {
				ls = append(ls, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			out[name+"{"+strings.Join(ls, ",")+"}"] = m.GetGauge().GetValue()
		}
	}
	return out
}

func TestProbeHandler(t *testing.T) {
	e := newProbeEnv(t, 4)
	code, body := e.get("/probe?target=good&module=ipv4", "")
	if code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	s := samples(t, body)
	for k, want := range map[string]float64{
		`probe_success{}`:                                                 1,
		`gongkai_probe_up{family="ipv4"}`:                                 1,
		`gongkai_probe_status{crawl_status="ok",family="ipv4"}`:           1,
		`gongkai_probe_http_status_code{family="ipv4"}`:                   200,
		`gongkai_probe_tls_version_info{family="ipv4",version="TLS 1.3"}`: 1,
		`gongkai_probe_rule_passed{rule_id="site-identifiers"}`:           1,
		`gongkai_probe_rule_passed{rule_id="home-stale"}`:                 1,
	} {
		if got, ok := s[k]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v\n%s", k, got, ok, want, body)
		}
	}
	if s[`gongkai_probe_tls_cert_expiry_timestamp_seconds{family="ipv4"}`] < 1e9 {
		t.Errorf("certificate expiry missing:\n%s", body)
	}
	promtoolCheckMetrics(t, []byte(body))

	// The home module asks IPv6 too: a loopback IPv4 literal has none, so
	// the probe fails over IPv6 and probe_success is 0.
	_, body = e.get("/probe?target=good", "")
	s = samples(t, body)
	if s[`probe_success{}`] != 0 || s[`gongkai_probe_up{family="ipv6"}`] != 0 || s[`gongkai_probe_up{family="ipv4"}`] != 1 {
		t.Errorf("home module:\n%s", body)
	}
}

func TestProbeHandlerRefuses(t *testing.T) {
	e := newProbeEnv(t, 4)
	for _, tt := range []struct {
		path string
		code int
	}{
		{"/probe?target=good&module=tcp", http.StatusBadRequest},
		{"/probe?target=nowhere", http.StatusNotFound},
		{"/probe", http.StatusNotFound},
		// Never an arbitrary URL, not even one of a configured site.
		{"/probe?target=" + "http://169.254.169.254/", http.StatusNotFound},
		{"/probe?target=good%20", http.StatusNotFound},
	} {
		if code, body := e.get(tt.path, ""); code != tt.code {
			t.Errorf("%s: %d %s, want %d", tt.path, code, body, tt.code)
		}
	}
}

// TestProbeHandlerBounded: a probe ends within the scraper's timeout, and
// a probe that finds every slot taken until its deadline gets 503.
func TestProbeHandlerBounded(t *testing.T) {
	t.Run("scrape timeout", func(t *testing.T) {
		e := newProbeEnv(t, 1)
		start := time.Now()
		_, body := e.get("/probe?target=hang&module=ipv4", "2")
		if !strings.Contains(body, `gongkai_probe_status{crawl_status="timeout",family="ipv4"} 1`) {
			t.Errorf("hanging site:\n%s", body)
		}
		// 1.5 s is the probe's time; the module's 20 s and the fetch's
		// minute would end it later.
		if took := time.Since(start); took > 15*time.Second {
			t.Errorf("probe took %v with a 2 s scrape timeout", took)
		}
	})
	t.Run("slots", func(t *testing.T) {
		e := newProbeEnv(t, 1)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		first := make(chan struct{})
		go func() {
			defer close(first)
			e.getContext(ctx, "/probe?target=hang&module=ipv4", "30")
		}()
		select {
		case <-e.hanging: // the first probe holds the only slot
		case <-time.After(time.Minute):
			t.Fatal("the first probe never reached the hanging site")
		}
		code, _ := e.get("/probe?target=good&module=ipv4", "1.5")
		cancel()
		<-first
		if code != http.StatusServiceUnavailable {
			t.Errorf("second probe while the slot was taken: %d, want 503", code)
		}
	})
}
