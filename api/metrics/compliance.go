package metrics

import (
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"gongkai/datasets"
)

// Detail says how many series per site the compliance metrics expose.
type Detail int

// The levels of Detail (the --metrics-detail flag), each adding to the
// one before.
const (
	// DetailSummary is the default: per site its info (grade, crawl
	// status, veto, HTTPS, AAAA, IPv6 homepage), score and failed rules,
	// three series; sums by level, kind and region; per rule its failing
	// sites. 15,000 sites make about 45,000 series.
	DetailSummary Detail = iota
	// DetailSite adds per site its dead links, pages crawled, stale
	// columns and guides, IPv6 link ratios, homepage time, deductions and
	// bonus (about nine more per site).
	DetailSite
	// DetailRule adds per site and rule its failing findings: a series
	// for every rule judged on every site.
	DetailRule
)

// ParseDetail parses the --metrics-detail flag: summary, site or rule.
func ParseDetail(s string) (Detail, error) {
	switch s {
	case "summary", "":
		return DetailSummary, nil
	case "site":
		return DetailSite, nil
	case "rule":
		return DetailRule, nil
	}
	return 0, fmt.Errorf("metrics detail %q: want summary, site or rule", s)
}

// Compliance is a Prometheus collector of the compliance of the release
// being served: per site, per rule, per level/kind/region and per release.
// The values are worked out, and the constant metrics built, once per
// release (Update); a scrape writes them out and reads nothing from disk.
// Before the first Update it exposes nothing.
type Compliance struct {
	detail Detail
	log    *slog.Logger
	now    func() time.Time

	requested atomic.Uint64 // Update calls so far

	mu    sync.RWMutex
	view  *view
	built []prometheus.Metric // of view
	shown uint64              // the Update call whose view is shown
}

// NewCompliance returns a collector exposing detail series per site. A
// nil logger discards.
func NewCompliance(detail Detail, logger *slog.Logger) *Compliance {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Compliance{detail: detail, log: logger, now: time.Now}
}

// Update takes up rel, the release now served: it needs the sites, scores
// and rules tables in memory and streams the findings, guides, columns and changes
// from the release's files. Updates may run concurrently: the release of
// the last call to start wins. On error the previous release stays shown.
func (c *Compliance) Update(rel *datasets.Release) error {
	if rel == nil {
		return nil
	}
	c.mu.RLock()
	shown := c.view != nil && c.view.id == rel.ID
	c.mu.RUnlock()
	if shown {
		return nil // releases are immutable: nothing to work out again
	}
	call := c.requested.Add(1)
	start := time.Now()
	v, err := buildView(rel)
	if err != nil {
		return err
	}
	built := c.build(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if call < c.shown {
		return nil
	}
	c.view, c.built, c.shown = v, built, call
	c.log.Info("compliance metrics updated", slog.String("release", v.id), slog.Int("sites", len(v.sites)),
		slog.Duration("took", time.Since(start)))
	return nil
}

// Describe implements prometheus.Collector.
func (c *Compliance) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs() {
		ch <- d
	}
}

// Collect implements prometheus.Collector: the metrics built when the
// release was taken up, and the release's age now.
func (c *Compliance) Collect(ch chan<- prometheus.Metric) {
	c.mu.RLock()
	v, built := c.view, c.built
	c.mu.RUnlock()
	if v == nil {
		return
	}
	for _, m := range built {
		ch <- m
	}
	if !v.published.IsZero() {
		ch <- prometheus.MustNewConstMetric(descReleaseAge, prometheus.GaugeValue, c.now().Sub(v.published).Seconds())
	}
}

// build makes every metric of v but the release's age: constant metrics,
// built once per release so that a scrape only writes them out.
func (c *Compliance) build(v *view) []prometheus.Metric {
	var out []prometheus.Metric
	emit := func(m prometheus.Metric) { out = append(out, m) }
	c.buildRelease(emit, v)
	for i := range v.sites {
		c.buildSite(emit, v, &v.sites[i])
	}
	for _, r := range v.rules {
		gauge(emit, descRuleFailing, float64(r.failing), r.id, r.effect)
		gauge(emit, descRuleJudged, float64(r.judged), r.id, r.effect)
	}
	for _, g := range v.groups {
		gauge(emit, descGroupDeadLinks, float64(g.deadLinks), g.labels...)
		gauge(emit, descGroupPages, float64(g.pages), g.labels...)
		gauge(emit, descGroupStaleColumns, float64(g.staleColumns), g.labels...)
		gauge(emit, descGroupStaleGuides, float64(g.guides), g.labels...)
	}
	return out
}

func (c *Compliance) buildRelease(emit func(prometheus.Metric), v *view) {
	gauge(emit, descReleaseInfo, 1, v.id, v.rulesVersion)
	gauge(emit, descReleaseSites, float64(len(v.sites)))
	if !v.asOf.IsZero() {
		gauge(emit, descReleaseAsOf, unixSeconds(v.asOf))
	}
	if !v.published.IsZero() {
		gauge(emit, descReleasePublished, unixSeconds(v.published))
	}
}

func (c *Compliance) buildSite(emit func(prometheus.Metric), v *view, s *siteView) {
	gauge(emit, descSiteInfo, 1, s.info...)
	if s.scored {
		gauge(emit, descSiteScore, s.score, s.labels...)
	}
	gauge(emit, descSiteFailedRules, float64(s.failed), s.labels...)
	if s.scoreChange != nil {
		gauge(emit, descSiteScoreChange, *s.scoreChange, s.labels...)
	}
	if s.newVetoRules > 0 {
		gauge(emit, descSiteNewVetoRules, float64(s.newVetoRules), s.labels...)
	}
	if c.detail >= DetailSite {
		buildSiteDetail(emit, s)
	}
	if c.detail >= DetailRule {
		for ri, n := range s.outcomes {
			if n >= 0 {
				r := v.rules[ri]
				gauge(emit, descSiteRuleFailures, float64(n), s.labels[0], s.labels[1], s.labels[2], s.labels[3], r.id, r.effect)
			}
		}
	}
}

func buildSiteDetail(emit func(prometheus.Metric), s *siteView) {
	gauge(emit, descSiteDeadLinks, float64(s.deadLinks), s.labels...)
	gauge(emit, descSitePages, float64(s.pages), s.labels...)
	gauge(emit, descSiteStaleColumns, float64(s.staleColumns), s.labels...)
	gauge(emit, descSiteStaleGuides, float64(s.staleGuides), s.labels...)
	gauge(emit, descSiteDeductions, s.deductions, s.labels...)
	gauge(emit, descSiteBonus, s.bonus, s.labels...)
	if s.homeSeconds != nil {
		gauge(emit, descSiteHomeSeconds, *s.homeSeconds, s.labels...)
	}
	for _, lr := range []struct {
		level string
		ratio *float64
	}{{"2", s.l2}, {"3", s.l3}} {
		if lr.ratio != nil {
			gauge(emit, descSiteIPv6LinkRatio, *lr.ratio, s.labels[0], s.labels[1], s.labels[2], s.labels[3], lr.level)
		}
	}
}

func gauge(emit func(prometheus.Metric), d *prometheus.Desc, v float64, labels ...string) {
	emit(prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...))
}

func unixSeconds(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }
