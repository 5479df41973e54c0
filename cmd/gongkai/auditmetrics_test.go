package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestAuditMetricsAddr: while gongkai audit --metrics-addr runs, the
// crawler's metrics are served on that address, on a registry of the
// audit's own (the Go and process collectors, no compliance metrics).
func TestAuditMetricsAddr(t *testing.T) {
	t.Parallel()
	// The pages the homepage links to are held until the test has read
	// the metrics once, so that it reads them while the audit runs
	// however slowly either goes.
	seen := make(chan struct{})
	var release sync.Once
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/p") {
			select {
			case <-seen:
			case <-r.Context().Done():
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var links strings.Builder
		for i := range 12 {
			fmt.Fprintf(&links, `<a href="/p%d.html">第%d篇</a>`, i, i)
		}
		io.WriteString(w, "<html><body>"+links.String()+"</body></html>")
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { release.Do(func() { close(seen) }) }) // before Close, which waits for the handlers
	out := t.TempDir()
	sites := filepath.Join(out, "sites.csv")
	os.WriteFile(sites, []byte("site_id,name,url\nslow,慢县,"+slow.URL+"/\n"), 0o644)
	stderr := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"audit", "--sites", sites, "--out", out, "--allow-private", "--render", "never",
			"--rate", "0", "--max-pages", "13", "--metrics-addr", "127.0.0.1:0"}, io.Discard, stderr)
	}()
	addrRE := regexp.MustCompile(`metrics on (http://\S+/metrics)`)
	var got string
	deadline := time.Now().Add(60 * time.Second)
	for got == "" && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		m := addrRE.FindStringSubmatch(stderr.String())
		if m == nil {
			continue
		}
		resp, err := http.Get(m[1])
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), `gongkai_crawler_pages_total{crawl_status="ok"}`) {
			got = string(b)
		}
	}
	release.Do(func() { close(seen) })
	if code := <-done; code != 0 {
		t.Fatalf("audit exited %d:\n%s", code, stderr.String())
	}
	if got == "" {
		t.Fatalf("no crawl metrics seen during the audit:\n%s", stderr.String())
	}
	for _, want := range []string{"gongkai_crawler_sites_in_progress 1", "go_goroutines", "process_cpu_seconds_total", "gongkai_audit_running 1"} {
		if !strings.Contains(got, want) {
			t.Errorf("metrics during the audit lack %q", want)
		}
	}
	if strings.Contains(got, "gongkai_site_") {
		t.Error("an audit's registry exposes compliance metrics")
	}
}
