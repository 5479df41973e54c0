package crawler

import (
	"context"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/sampleweb"
	"gongkai/crawler/snapshot"
)

// BenchmarkCrawl crawls a generated 2000-page site without politeness, with
// every per-page task, and reports pages/s and the heap in use at the end
// of the crawl. For the comparison with other crawlers and the peak RSS of
// large sites see crawler/internal/crawlbench.
func BenchmarkCrawl(b *testing.B) {
	const pages = 2000
	srv := httptest.NewServer(sampleweb.NewLargeSite(pages, 30000))
	defer srv.Close()
	client, err := fetch.New(fetch.Config{AllowPrivate: true, Rate: -1, PerHost: -1, Timeout: 30 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.MaxPages, cfg.MaxDepth, cfg.PatternCap, cfg.MaxLinks = pages, 100, 0, 4*pages
	cfg.Workers, cfg.LinkWorkers = 32, 32
	site := snapshot.Site{ID: "large", Name: "样本县人民政府", URL: srv.URL + "/", Kind: "portal"}
	start := time.Now()
	for b.Loop() {
		_, err := Run(context.Background(), AuditConfig{Out: b.TempDir(), Sites: []snapshot.Site{site}, Crawl: cfg}, client, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pages*b.N)/time.Since(start).Seconds(), "pages/s")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
}
