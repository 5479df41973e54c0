package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"gongkai/checks"
	"gongkai/datasets"
)

// The monitoring files the test puts to work.
const (
	alertsFile     = "../../api/metrics/prometheus/alerts.yml"
	promConfigFile = "../../api/metrics/prometheus/prometheus.yml"
	dashboardsDir  = "../../api/metrics/grafana/dashboards"
)

// needTool returns the path of a program; without it the test fails under
// CI=true (.ci/sysdeps.sh installs it) and is skipped elsewhere.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found but CI=true: apt-get install -y prometheus", name)
		}
		t.Skipf("%s not found (apt-get install prometheus)", name)
	}
	return path
}

// TestPrometheusScrapesServe is the monitoring tested with the real thing:
// Debian's prometheus, on loopback, scrapes a running gongkai serve on the
// sample web's releases (the example prometheus.yml with the /probe job,
// and alerts.yml loaded), while the server probes homepages, runs a
// scheduled audit that publishes, then one that fails on a broken sites
// file. Then every dashboard panel query, every dashboard variable and
// every alert expression is evaluated through Prometheus's HTTP API and
// must return data; every alerting rule must evaluate without error.
func TestPrometheusScrapesServe(t *testing.T) {
	prom := needTool(t, "prometheus")
	t.Parallel()
	start := time.Now()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	data := t.TempDir()
	cat := checks.Default()
	// The sample web's release as of its audit, and two months later
	// (stale pages: new vetoes, score drops), both published hours ago.
	for i, day := range []time.Time{asOf, asOf.AddDate(0, 2, 0)} {
		created := start.Add(time.Duration(i-3) * time.Hour).UTC().Truncate(time.Second)
		_, err := judgeAndPublish(ctx, goldenAudit, data, cat, day, datasets.PublishOptions{Created: created, SoftwareVersion: "test"})
		if err != nil {
			t.Fatal(err)
		}
	}
	web := tinyWeb(t)
	sites := filepath.Join(t.TempDir(), "sites.csv")
	writeFile(t, sites, "site_id,name,url,level,kind,region\n"+
		"tiny,小县人民政府,"+web+"/,county,portal,测试省\n"+
		"closed,关闭县人民政府,http://127.0.0.1:1/,county,portal,测试省\n")
	token := filepath.Join(t.TempDir(), "token")
	writeFile(t, token, "s3cret\n")

	needChromium(t) // the scheduled audit renders its homepage (render time)
	addr := freePort(t)
	p := startPrometheus(t, prom, addr, token)
	logs := &syncBuffer{}
	stdout := &syncBuffer{}
	e := &env{stdout: stdout, stderr: logs, logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	served := make(chan error, 1)
	go func() {
		served <- runServe(ctx, e, []string{"--data", data, "--addr", addr, "--poll", "200ms", "--rate-limit", "-1",
			"--sites", sites, "--schedule", "1s", "--audit-every", "6s", "--allow-private", "--render", "auto", "--rate", "0",
			"--metrics-detail", "rule", "--token-file", token})
	}()
	waitMatch(t, stdout, regexp.MustCompile(`on http://(127\.0\.0\.1:\d+)/`), served)
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	}()
	if code := status(t, "http://"+addr+"/probe?target=tiny", ""); code != http.StatusUnauthorized {
		t.Errorf("/probe without the token: %d, want 401", code)
	}
	// The sample web's second release is scraped before the first
	// scheduled audit replaces it.
	p.waitFor(t, `gongkai_site_score_change < -10`, 2*time.Minute)
	// A scheduled audit publishes; then the sites file breaks and the next
	// one fails.
	p.waitFor(t, `gongkai_audit_runs_total{result="success"} >= 1`, 90*time.Second)
	writeFile(t, sites, "site_id,name,url\nbad id,坏,not a url\n")
	p.waitFor(t, `gongkai_audit_runs_total{result="failure"} >= 1`, 60*time.Second)
	p.waitFor(t, `probe_success{site_id="tiny"}`, 2*time.Minute)

	vars := map[string]string{"$level": ".*", "$kind": ".*", "$region": ".*", "$site": "tiny", "$__rate_interval": "30s"}
	checked := 0
	for _, dq := range dashboardQueries(t) {
		expr := dq.expr
		for k, v := range vars {
			expr = strings.ReplaceAll(expr, k, v)
		}
		if n := p.waitRange(t, expr, start); n == 0 {
			t.Errorf("dashboard %s, panel %q: no data for %s", dq.dashboard, dq.panel, expr)
		}
		checked++
	}
	for _, v := range dashboardVariables(t) {
		if n := p.labelValues(t, v.label, v.match); n == 0 {
			t.Errorf("dashboard %s, variable %s: no values of %s in %s", v.dashboard, v.name, v.label, v.match)
		}
	}
	for name, expr := range alertExprs(t) {
		if n := p.waitRange(t, expr, start); n == 0 {
			t.Errorf("alert %s: its expression never held: %s", name, expr)
		}
		checked++
	}
	p.rulesHealthy(t)
	t.Logf("%d queries evaluated on Prometheus in %v", checked, time.Since(start).Round(time.Second))
}

// freePort returns a loopback address free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// tinyWeb is a three-page agency site on loopback.
func tinyWeb(t *testing.T) string {
	pages := map[string]string{
		"/":                 `<html><head><title>小县人民政府</title></head><body><ul><li><a href="/gzdt/1.html">召开会议</a> 2026-01-05</li></ul><a href="/gzdt/">工作动态</a><a href="/gone.html">旧闻</a><a href="/files/report.pdf">年报</a><div class="footer">网站标识码：1300000009</div></body></html>`,
		"/gzdt/":            `<html><body><ul><li><a href="/gzdt/1.html">召开会议</a> 2026-01-05</li></ul></body></html>`,
		"/gzdt/1.html":      `<html><body><h1>召开会议</h1><p>发布日期：2026-01-05</p></body></html>`,
		"/files/report.pdf": "%PDF-1.4 年度报告",
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".pdf") {
			w.Header().Set("Content-Type", "application/pdf")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(s.Close)
	return s.URL
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitMatch waits for re to match what b collects and returns its first
// group, failing if done reports first.
func waitMatch(t *testing.T, b *syncBuffer, re *regexp.Regexp, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(b.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("server ended: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("no match for %s in:\n%s", re, b.String())
	return ""
}

func status(t *testing.T, u, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// promServer is a running prometheus.
type promServer struct{ base string }

// startPrometheus runs prometheus on a loopback port with the example
// configuration pointed at the server at addr, scraping every 3 seconds.
func startPrometheus(t *testing.T, bin, addr, token string) *promServer {
	t.Helper()
	var cfg map[string]any
	b, err := os.ReadFile(promConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	alerts, _ := filepath.Abs(alertsFile)
	// Scrapes every 3 s, each allowed 3 s: at 1 s a loaded machine did not
	// write the rule-detail exposition in time ("error encoding and
	// sending metric family: context canceled") and no series appeared.
	cfg["global"] = map[string]any{"scrape_interval": "3s", "evaluation_interval": "1s"}
	cfg["rule_files"] = []string{alerts}
	for _, sc := range cfg["scrape_configs"].([]any) {
		job := sc.(map[string]any)
		job["scrape_interval"], job["scrape_timeout"] = "3s", "3s"
		switch job["job_name"] {
		case "gongkai":
			job["static_configs"] = []any{map[string]any{"targets": []string{addr}}}
		case "gongkai-probe":
			job["authorization"] = map[string]any{"credentials_file": token}
			job["static_configs"] = []any{map[string]any{"targets": []string{"tiny", "closed"}}}
			job["params"] = map[string]any{"module": []string{"ipv4"}}
			for _, r := range job["relabel_configs"].([]any) {
				if rc := r.(map[string]any); rc["target_label"] == "__address__" {
					rc["replacement"] = addr
				}
			}
		}
	}
	dir := t.TempDir()
	out, _ := yaml.Marshal(cfg)
	cfgPath := filepath.Join(dir, "prometheus.yml")
	writeFile(t, cfgPath, string(out))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := ln.Addr().String()
	ln.Close()
	logs := &syncBuffer{}
	cmd := exec.Command(bin, "--config.file="+cfgPath, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+listen, "--log.level=warn")
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("prometheus log:\n%s", logs.String())
		}
	})
	p := &promServer{base: "http://" + listen}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if resp, err := http.Get(p.base + "/-/ready"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus not ready:\n%s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// apiResult is the part of a Prometheus API answer the test reads.
type apiResult struct {
	Status    string          `json:"status"`
	Error     string          `json:"error"`
	Data      json.RawMessage `json:"data"`
	ErrorType string          `json:"errorType"`
}

func (p *promServer) get(t *testing.T, path string, q url.Values) json.RawMessage {
	t.Helper()
	resp, err := http.Get(p.base + path + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r apiResult
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if r.Status != "success" {
		t.Errorf("%s %v: %s: %s", path, q, r.ErrorType, r.Error)
		return nil
	}
	return r.Data
}

// rangeSeries evaluates expr every second since start and returns how
// many series it gave.
func (p *promServer) rangeSeries(t *testing.T, expr string, start time.Time) int {
	t.Helper()
	data := p.get(t, "/api/v1/query_range", url.Values{"query": {expr}, "start": {unix(start)},
		"end": {unix(time.Now())}, "step": {"1"}})
	var d struct{ Result []json.RawMessage }
	json.Unmarshal(data, &d)
	return len(d.Result)
}

// waitRange is rangeSeries, asked again each second for up to 30 s while
// it gives none: the scrapes of the failed state that an expression needs
// come later on a loaded machine, not never.
func (p *promServer) waitRange(t *testing.T, expr string, start time.Time) int {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		n := p.rangeSeries(t, expr, start)
		if n > 0 || time.Now().After(deadline) {
			return n
		}
		time.Sleep(time.Second)
	}
}

// waitFor waits until the instant query expr returns a series.
func (p *promServer) waitFor(t *testing.T, expr string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		data := p.get(t, "/api/v1/query", url.Values{"query": {expr}})
		var d struct{ Result []json.RawMessage }
		json.Unmarshal(data, &d)
		if len(d.Result) > 0 {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("%s did not hold within %v", expr, limit)
}

func (p *promServer) labelValues(t *testing.T, label, match string) int {
	t.Helper()
	data := p.get(t, "/api/v1/label/"+label+"/values", url.Values{"match[]": {match}})
	var vals []string
	json.Unmarshal(data, &vals)
	return len(vals)
}

// rulesHealthy checks that Prometheus loaded every alerting rule and
// evaluated it without error.
func (p *promServer) rulesHealthy(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var d struct {
			Groups []struct {
				Rules []struct {
					Name, Health, LastError string
				}
			}
		}
		json.Unmarshal(p.get(t, "/api/v1/rules", url.Values{"type": {"alert"}}), &d)
		var bad []string
		n := 0
		for _, g := range d.Groups {
			for _, r := range g.Rules {
				n++
				if r.Health != "ok" {
					bad = append(bad, fmt.Sprintf("%s: %s %s", r.Name, r.Health, r.LastError))
				}
			}
		}
		if n >= 5 && len(bad) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%d alerting rules loaded, unhealthy: %v", n, bad)
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func unix(t time.Time) string { return fmt.Sprintf("%.3f", float64(t.UnixNano())/1e9) }

// dashboardQuery is one target of a provisioned dashboard.
type dashboardQuery struct{ dashboard, panel, expr string }

func dashboardQueries(t *testing.T) []dashboardQuery {
	t.Helper()
	var out []dashboardQuery
	for _, f := range dashboardFiles(t) {
		var d struct {
			Panels []struct {
				Title   string
				Targets []struct{ Expr string }
			}
		}
		readJSON(t, f, &d)
		for _, p := range d.Panels {
			for _, tg := range p.Targets {
				out = append(out, dashboardQuery{filepath.Base(f), p.Title, tg.Expr})
			}
		}
	}
	if len(out) < 40 {
		t.Fatalf("only %d dashboard queries", len(out))
	}
	return out
}

// dashboardVariable is a label_values variable of a dashboard.
type dashboardVariable struct{ dashboard, name, label, match string }

var labelValuesRE = regexp.MustCompile(`^label_values\((\w+)(\{[^}]*\})?, *(\w+)\)$`)

func dashboardVariables(t *testing.T) []dashboardVariable {
	t.Helper()
	var out []dashboardVariable
	for _, f := range dashboardFiles(t) {
		var d struct {
			Templating struct {
				List []struct {
					Name, Type string
					Query      any
				}
			}
		}
		readJSON(t, f, &d)
		for _, v := range d.Templating.List {
			if v.Type != "query" {
				continue
			}
			s, _ := v.Query.(string)
			m := labelValuesRE.FindStringSubmatch(s)
			if m == nil {
				t.Errorf("%s: variable %s: query %v is not label_values(metric{…}, label)", f, v.Name, v.Query)
				continue
			}
			// The narrowing selectors use the other variables: all values.
			sel := regexp.MustCompile(`=~"\$\w+"`).ReplaceAllString(m[2], `=~".*"`)
			out = append(out, dashboardVariable{filepath.Base(f), v.Name, m[3], m[1] + sel})
		}
	}
	return out
}

func dashboardFiles(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join(dashboardsDir, "*.json"))
	if err != nil || len(files) < 3 {
		t.Fatalf("dashboards: %v %v", files, err)
	}
	return files
}

func alertExprs(t *testing.T) map[string]string {
	t.Helper()
	var rules struct {
		Groups []struct {
			Rules []struct{ Alert, Expr string }
		}
	}
	b, err := os.ReadFile(alertsFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &rules); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			out[r.Alert] = r.Expr
		}
	}
	return out
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
