// Package crawlmetrics is the crawler's own Prometheus instrumentation:
// what an audit is doing (pages, bytes, statuses, link checks, rendering,
// queue depth, per-site durations), how audit runs go, and what the
// scheduled homepage probes see. Each part registers on the Registerer it
// is given (a server's or an audit's own registry, never the global one)
// and implements the observer interface of the package it watches, so
// the crawler itself never imports Prometheus.
package crawlmetrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"gongkai/crawler"
	"gongkai/crawler/snapshot"
)

// Crawl observes audits as they run (crawler.Observer). One Crawl serves
// every audit of a process: counters add up across audits.
type Crawl struct {
	pages         *prometheus.CounterVec
	bytes         prometheus.Counter
	linkChecks    *prometheus.CounterVec
	linksQueued   prometheus.Gauge
	sites         *prometheus.CounterVec
	siteDuration  prometheus.Histogram
	sitesQueued   prometheus.Gauge
	sitesActive   prometheus.Gauge
	renderSeconds *prometheus.HistogramVec
}

var _ crawler.Observer = (*Crawl)(nil)

// NewCrawl registers the crawl metrics on reg.
func NewCrawl(reg prometheus.Registerer) (*Crawl, error) {
	c := &Crawl{
		pages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gongkai_crawler_pages_total",
			Help: "Pages fetched by audits, by how the fetch ended (crawl_status: ok, timeout, http_error, blocked, …).",
		}, []string{"crawl_status"}),
		bytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "gongkai_crawler_page_bytes_total",
			Help: "Body bytes of the pages fetched by audits, after content decoding (capped per page).",
		}),
		linkChecks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gongkai_crawler_link_checks_total",
			Help: "Links checked with a request of their own, by outcome (crawl_status).",
		}, []string{"crawl_status"}),
		linksQueued: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "gongkai_crawler_link_checks_queued",
			Help: "Link checks queued and not yet done (the link queue's depth).",
		}),
		sites: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gongkai_crawler_sites_total",
			Help: "Sites whose crawl finished with a snapshot, by the homepage's crawl_status.",
		}, []string{"crawl_status"}),
		siteDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "gongkai_crawler_site_duration_seconds",
			Help:    "Time from the start of a site's crawl to its snapshot.",
			Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400},
		}),
		sitesQueued: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "gongkai_crawler_sites_queued",
			Help: "Sites of the running audit not yet started.",
		}),
		sitesActive: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "gongkai_crawler_sites_in_progress",
			Help: "Sites being crawled now.",
		}),
		renderSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gongkai_crawler_render_duration_seconds",
			Help:    "Time to render a page in headless Chromium, by result (ok, error).",
			Buckets: []float64{0.25, 0.5, 1, 2, 4, 8, 15, 30, 60},
		}, []string{"result"}),
	}
	for _, col := range []prometheus.Collector{c.pages, c.bytes, c.linkChecks, c.linksQueued, c.sites,
		c.siteDuration, c.sitesQueued, c.sitesActive, c.renderSeconds} {
		if err := reg.Register(col); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// AuditStarted implements crawler.Observer.
func (c *Crawl) AuditStarted(sites int) {
	c.sitesQueued.Set(float64(sites))
	c.linksQueued.Set(0)
}

// SiteStarted implements crawler.Observer.
func (c *Crawl) SiteStarted(string) {
	c.sitesQueued.Dec()
	c.sitesActive.Inc()
}

// SiteEnded implements crawler.Observer.
func (c *Crawl) SiteEnded(string) { c.sitesActive.Dec() }

// SiteFinished implements crawler.Observer.
func (c *Crawl) SiteFinished(_ string, status snapshot.Status, took time.Duration) {
	c.sites.WithLabelValues(string(status)).Inc()
	c.siteDuration.Observe(took.Seconds())
}

// PageFetched implements crawler.Observer.
func (c *Crawl) PageFetched(p *snapshot.Page) {
	c.pages.WithLabelValues(string(p.Status)).Inc()
	c.bytes.Add(float64(p.Bytes))
}

// LinkQueued implements crawler.Observer.
func (c *Crawl) LinkQueued() { c.linksQueued.Inc() }

// LinkChecked implements crawler.Observer.
func (c *Crawl) LinkChecked(status snapshot.Status) {
	c.linksQueued.Dec()
	c.linkChecks.WithLabelValues(string(status)).Inc()
}

// AuditEnded implements crawler.Observer: what an interrupted audit left
// queued is no longer waiting.
func (c *Crawl) AuditEnded() {
	c.sitesQueued.Set(0)
	c.linksQueued.Set(0)
}

// Renderer returns r timed: each Render is observed in
// gongkai_crawler_render_duration_seconds.
func (c *Crawl) Renderer(r crawler.Renderer) crawler.Renderer {
	return timedRenderer{r, c.renderSeconds}
}

// timedRenderer times the renders of the Renderer it embeds; the other
// methods are the embedded one's.
type timedRenderer struct {
	crawler.Renderer
	seconds *prometheus.HistogramVec
}

func (t timedRenderer) Render(ctx context.Context, siteID, pageURL string) (*crawler.Rendered, error) {
	start := time.Now()
	out, err := t.Renderer.Render(ctx, siteID, pageURL)
	result := "ok"
	if err != nil {
		result = "error"
	}
	t.seconds.WithLabelValues(result).Observe(time.Since(start).Seconds())
	return out, err
}
