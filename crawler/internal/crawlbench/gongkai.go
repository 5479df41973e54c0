package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/klauspost/compress/gzip"

	"gongkai/crawler"
	"gongkai/crawler/fetch"
	"gongkai/crawler/snapshot"
)

// crawlGongkai runs a whole gongkai audit of the one site, with every
// per-page task (page facts, link verdicts, journal, final snapshot) and
// no politeness: no rate limit, no per-host cap, workers fetches at once,
// and no site budget.
// The wall time ends when the final snapshot is written; the pages are
// then counted by streaming the snapshot back.
func crawlGongkai(home string, pages, workers int) (int, time.Duration, error) {
	start := time.Now()
	client, err := fetch.New(fetch.Config{AllowPrivate: true, Rate: -1, PerHost: -1, Timeout: 30 * time.Second})
	if err != nil {
		return 0, 0, err
	}
	out, err := os.MkdirTemp("", "crawlbench-")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(out)
	cfg := crawler.DefaultConfig()
	cfg.MaxPages, cfg.MaxDepth, cfg.PatternCap = pages, 1000, 0
	cfg.Workers, cfg.LinkWorkers, cfg.MaxLinks = workers, workers, 4*pages
	cfg.Render = crawler.RenderNever
	// The whole site: the per-site budgets (512 MiB, 20 minutes) would
	// stop a 200,000-page crawl at about 17,700 pages.
	cfg.MaxBytes, cfg.SiteTimeout = 0, 0
	ac := crawler.AuditConfig{Out: out, Sites: []snapshot.Site{{ID: "large", Name: "样本县人民政府", URL: home, Kind: "portal"}},
		Crawl: cfg, SiteWorkers: 1}
	var progress *os.File
	if os.Getenv("CRAWLBENCH_PROGRESS") != "" {
		progress = os.Stderr
	}
	dir, err := crawler.Run(context.Background(), ac, client, nil, progress)
	if err != nil {
		return 0, 0, err
	}
	wall := time.Since(start)
	markDone()
	n, err := countPages(snapshot.SnapshotPath(dir, "large"))
	return n, wall, err
}

// countPages counts the pages of a snapshot file one page at a time.
func countPages(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return 0, err
	}
	dec := json.NewDecoder(zr)
	if _, err := dec.Token(); err != nil { // {
		return 0, err
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return 0, err
		}
		if key != "pages" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return 0, err
			}
			continue
		}
		if _, err := dec.Token(); err != nil { // [
			return 0, err
		}
		n := 0
		for dec.More() {
			var p struct {
				URL string `json:"url"`
			}
			if err := dec.Decode(&p); err != nil {
				return 0, err
			}
			n++
		}
		return n, nil
	}
	return 0, fmt.Errorf("%s: no pages", path)
}
