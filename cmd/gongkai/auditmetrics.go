package main

import (
	"context"
	"fmt"
	"time"

	"gongkai/api/metrics"
	"gongkai/crawler/crawlmetrics"
)

// runWithMetrics runs the audit p while serving the crawler's metrics at
// http://addr/metrics on a registry of its own (gongkai audit
// --metrics-addr). The endpoint stops when the audit ends.
func runWithMetrics(ctx context.Context, e *env, p pipeline, addr string) error {
	reg := metrics.NewRegistry()
	crawl, err := crawlmetrics.NewCrawl(reg)
	if err != nil {
		return err
	}
	audits, err := crawlmetrics.NewAudits(reg)
	if err != nil {
		return err
	}
	ln, err := listen(addr)
	if err != nil {
		return fmt.Errorf("flag --metrics-addr: %w", err)
	}
	sctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	served := make(chan error, 1)
	go func() { served <- metrics.Serve(sctx, ln, reg, e.logger) }()
	fmt.Fprintf(e.stderr, "metrics on http://%s/metrics\n", ln.Addr())
	p.observe = crawl
	start := time.Now()
	audits.Started()
	_, err = p.run(ctx, e)
	audits.Finished(err, time.Since(start))
	stop()
	if serr := <-served; serr != nil {
		e.logger.Warn("metrics endpoint", "err", serr)
	}
	return err
}
