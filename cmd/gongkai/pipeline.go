package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"gongkai/checks"
	"gongkai/crawler"
	"gongkai/crawler/crawlmetrics"
	"gongkai/crawler/fetch"
	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/render"
	"gongkai/crawler/snapshot"
	"gongkai/datasets"
)

// pipeline is one audit: crawl every site, judge the snapshots, publish a
// release.
type pipeline struct {
	out     string
	asOf    time.Time
	sites   []snapshot.Site
	catalog *checks.Catalog
	fetch   fetch.Config
	crawl   crawler.Config
	render  crawler.RenderMode
	resume  bool
	timeout time.Duration // the audit's budget; 0 none
	rootCAs *x509.CertPool
	flags   map[string]string
	// observe receives the crawl's progress (the crawler's metrics); nil
	// observes nothing.
	observe *crawlmetrics.Crawl
	// renderTimeout bounds one render attempt; 0 is the renderer's default
	// (the end-to-end tests give a loaded machine more).
	renderTimeout time.Duration
	// dist, when its queue is set, has the sites crawled by workers
	// (crawlQueued) instead of in this process.
	dist distributed
	// publish, when set, copies the releases to shared storage once the
	// release is published in out.
	publish *publisher
}

// run crawls every site into an audit directory, then judges the snapshots
// and publishes them (judgeAndPublish), and copies the releases to
// p.publish if set; it returns the release id. An
// audit interrupted by ctx (SIGINT, SIGTERM) still publishes what was
// done, then returns an error wrapping crawler.ErrInterrupted.
func (p pipeline) run(ctx context.Context, e *env) (string, error) {
	crawl := p.crawlAll
	if p.dist.queue != "" {
		crawl = p.crawlQueued
	}
	auditDir, crawlErr := crawl(ctx, e)
	if crawlErr != nil && !errors.Is(crawlErr, crawler.ErrInterrupted) {
		return "", crawlErr
	}
	// Publishing is not interrupted: it is short, and what it writes is
	// what the interruption asked to keep.
	ctx = context.WithoutCancel(ctx)
	id, err := judgeAndPublish(ctx, auditDir, p.out, p.catalog, time.Time{}, datasets.PublishOptions{
		SoftwareVersion: version,
		Logger:          e.logger,
	})
	if err != nil {
		return "", errors.Join(crawlErr, err)
	}
	fmt.Fprintf(e.stdout, "audit   %s\nrelease %s\n", auditDir, filepath.Join(p.out, "releases", id))
	if err := printScores(e.stdout, p.out, id); err != nil {
		return id, errors.Join(crawlErr, err)
	}
	if p.publish != nil {
		if err := p.publish.push(ctx, e, p.out); err != nil {
			return id, errors.Join(crawlErr, err)
		}
	}
	if crawlErr != nil {
		return id, fmt.Errorf("%w; the release holds what was done, --resume continues the audit", crawlErr)
	}
	return id, nil
}

// crawlAll runs the crawl of the audit and returns its directory. The
// browsers are gone when it returns.
func (p pipeline) crawlAll(ctx context.Context, e *env) (string, error) {
	p.fetch.Logger = e.logger
	p.fetch.RootCAs = p.rootCAs
	client, err := fetch.New(p.fetch)
	if err != nil {
		return "", err
	}
	defer client.Close()

	crawl := p.crawl
	crawl.Render = p.render
	rend, stop, err := withRenderer(ctx, e.logger, client, p.render, p.renderTimeout, p.observe)
	if err != nil {
		return "", err
	}
	defer stop()
	return crawler.Run(ctx, crawler.AuditConfig{
		Out:      p.out,
		AsOf:     p.asOf,
		Sites:    p.sites,
		Resume:   p.resume,
		Timeout:  p.timeout,
		Crawl:    crawl,
		Flags:    p.flags,
		Observer: observer(p.observe),
		Renderer: rend,
	}, client, e.logger, e.stderr)
}

// withRenderer returns the renderer of mode, a browser of its own with
// its fetches through client (nil for RenderNever), and the function that
// closes the browser.
func withRenderer(ctx context.Context, logger *slog.Logger, client *fetch.Client, mode crawler.RenderMode, timeout time.Duration, observe *crawlmetrics.Crawl) (crawler.Renderer, func(), error) {
	if mode == crawler.RenderNever {
		return nil, func() {}, nil
	}
	r, err := render.New(ctx, render.Config{Logger: logger, Screenshots: true, PageTimeout: timeout}, client)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (or pass --render never)", err)
	}
	if err := r.Start(ctx); err != nil {
		r.Close()
		return nil, nil, fmt.Errorf("%w (or pass --render never)", err)
	}
	var rend crawler.Renderer = renderer{r, render.Mode(mode)}
	if observe != nil {
		rend = observe.Renderer(rend)
	}
	return rend, func() { r.Close() }, nil
}

// observer returns c as a crawler.Observer: nil (no metrics) when c is.
func observer(c *crawlmetrics.Crawl) crawler.Observer {
	if c == nil {
		return nil
	}
	return c
}

// renderer adapts render.Renderer, and render.Decide in mode, to the
// crawler's Renderer.
type renderer struct {
	r    *render.Renderer
	mode render.Mode
}

func (a renderer) CloseSite(siteID string) { a.r.CloseSite(siteID) }

func (a renderer) NeedsRender(h htmlfacts.RenderHints) (bool, string) {
	return render.Decide(a.mode, h)
}

func (a renderer) Render(ctx context.Context, siteID, pageURL string) (*crawler.Rendered, error) {
	res, err := a.r.Render(ctx, siteID, pageURL)
	if err != nil {
		return nil, err
	}
	return &crawler.Rendered{FinalURL: res.FinalURL, Status: res.Status, HTML: res.HTML, Truncated: res.Truncated, Screenshot: res.Screenshot}, nil
}
