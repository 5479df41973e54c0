package main

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/robfig/cron/v3"

	"gongkai/api"
	"gongkai/api/metrics"
	"gongkai/checks"
	"gongkai/crawler"
	"gongkai/crawler/crawlmetrics"
	"gongkai/crawler/fetch"
	"gongkai/crawler/probe"
	"gongkai/crawler/snapshot"
)

// monitorFlags are the flags of gongkai serve for operators: /metrics,
// and with --sites the live /probe, scheduled homepage probes and
// scheduled audits (DESIGN.md §2.1: --sites FILE --schedule …).
type monitorFlags struct {
	crawl      auditFlags // sites, resolver, allow-private, rules, render, rate, max-pages, max-depth
	schedule   string
	auditEvery string
	detail     string

	every     time.Duration // parsed --schedule; 0: off
	audits    cron.Schedule // parsed --audit-every; nil: none
	interval  time.Duration // between two scheduled audits
	detailLvl metrics.Detail
}

func (f *monitorFlags) register(fs *flag.FlagSet) {
	def := crawler.DefaultConfig()
	c := &f.crawl
	fs.StringVar(&c.sites, "sites", "", "sites `FILE` to monitor and audit (re-read when it changes); enables /probe, --schedule and --audit-every")
	fs.StringVar(&f.schedule, "schedule", "30m", "probe every homepage of --sites every `INTERVAL` (jittered; \"off\": no probes)")
	fs.StringVar(&f.auditEvery, "audit-every", "", "run a full audit of --sites on `SCHEDULE`, a duration (24h) or a cron expression (\"0 2 * * *\"), publishing a new release each time")
	fs.StringVar(&f.detail, "metrics-detail", "summary", "series per site on /metrics: summary (3), site (about 12), rule (one more per rule judged)")
	fs.StringVar(&c.resolver, "resolver", "", "send every DNS query of probes and audits to `HOST:PORT`")
	fs.BoolVar(&c.allowPrivate, "allow-private", false, "let probes and audits reach loopback, private, link-local and metadata addresses")
	fs.StringVar(&c.rules, "rules", "", "rule catalog `FILE` for audits and probes (default: the embedded catalog)")
	fs.StringVar(&c.render, "render", "auto", "headless rendering in scheduled audits: auto|always|never")
	fs.Float64Var(&c.rate, "rate", 2, "requests per second per host (0: unlimited)")
	fs.Var(&c.ipRate, "ip-rate", "requests per second per IP address, over all the hosts on it (default: 4 × --rate; 0: no per-address limit)")
	fs.IntVar(&c.maxPages, "max-pages", def.MaxPages, "pages per site at most, in scheduled audits")
	fs.IntVar(&c.maxDepth, "max-depth", def.MaxDepth, "link depth from the homepage at most, in scheduled audits")
	fs.DurationVar(&c.siteTimeout, "site-timeout", def.SiteTimeout, "wall-clock budget of one site in scheduled audits (0: none)")
	c.setByteBudgets()
	fs.Var(&c.maxBytes, "max-bytes", "bytes received per site at most in scheduled audits, e.g. 512MiB (0: no limit)")
	fs.Var(&c.maxPageBytes, "max-page-bytes", "decoded bytes kept per response in scheduled audits and probes")
}

// validate checks and parses the flags.
func (f *monitorFlags) validate() error {
	var errs []error
	var err error
	if f.detailLvl, err = metrics.ParseDetail(f.detail); err != nil {
		errs = append(errs, fmt.Errorf("flag --metrics-detail: %w", err))
	}
	if f.crawl.sites == "" {
		if f.auditEvery != "" {
			errs = append(errs, errors.New("flag --audit-every needs --sites"))
		}
		return errors.Join(errs...)
	}
	if f.schedule != "off" {
		if f.every, err = time.ParseDuration(f.schedule); err != nil || f.every < time.Second {
			errs = append(errs, fmt.Errorf("flag --schedule: want an interval of 1s or more (30m) or off, got %q", f.schedule))
		}
	}
	if f.auditEvery != "" {
		if f.audits, f.interval, err = parseEvery(f.auditEvery, time.Now()); err != nil {
			errs = append(errs, fmt.Errorf("flag --audit-every: %w", err))
		}
	}
	f.crawl.out = "-" // the data directory; checked by serve
	return errors.Join(append(errs, f.crawl.validate(true))...)
}

// parseEvery parses --audit-every: a Go duration, or a five-field cron
// expression (or a descriptor such as @daily), in the server's time zone.
// It returns the schedule and the time between two of its runs after now.
func parseEvery(s string, now time.Time) (cron.Schedule, time.Duration, error) {
	if d, err := time.ParseDuration(s); err == nil {
		if d < time.Second {
			return nil, 0, fmt.Errorf("want a duration of 1s or more, got %s", s)
		}
		return cron.Every(d), d, nil
	}
	sched, err := cron.ParseStandard(s)
	if err != nil {
		return nil, 0, fmt.Errorf("want a duration (24h) or a cron schedule (\"0 2 * * *\"), got %q: %v", s, err)
	}
	next := sched.Next(now)
	return sched, sched.Next(next).Sub(next), nil
}

// monitoring is what gongkai serve runs for operators once --sites is
// given: the sites file, kept current; the probe monitor; the scheduled
// audits; the /probe handler.
type monitoring struct {
	e       *env
	f       *monitorFlags
	data    string
	cat     *checks.Catalog
	client  *fetch.Client
	rootCAs *x509.CertPool

	crawlMetrics *crawlmetrics.Crawl
	auditMetrics *crawlmetrics.Audits
	monitor      *probe.Monitor

	mu      sync.RWMutex
	sites   []snapshot.Site
	sitesAt time.Time // modification time of the sites file read

	running sync.Mutex // held while an audit runs: one at a time
}

// newMonitoring reads the sites file and the catalog and registers the
// crawler's, the audits' and the monitor's metrics on reg.
func newMonitoring(e *env, f *monitorFlags, data string, rootCAs *x509.CertPool, reg prometheus.Registerer) (*monitoring, error) {
	m := &monitoring{e: e, f: f, data: data, rootCAs: rootCAs}
	var err error
	if m.cat, err = loadCatalog(f.crawl.rules); err != nil {
		return nil, err
	}
	if err := m.reloadSites(); err != nil {
		return nil, err
	}
	cfg := f.crawl.fetchConfig()
	cfg.Logger, cfg.RootCAs = e.logger, rootCAs
	if m.client, err = fetch.New(cfg); err != nil {
		return nil, err
	}
	if m.crawlMetrics, err = crawlmetrics.NewCrawl(reg); err != nil {
		return nil, err
	}
	if m.auditMetrics, err = crawlmetrics.NewAudits(reg); err != nil {
		return nil, err
	}
	monMetrics, err := crawlmetrics.NewMonitor(reg)
	if err != nil {
		return nil, err
	}
	store, err := snapshot.OpenProbeLog(data)
	if err != nil {
		return nil, err
	}
	m.monitor = probe.NewMonitor(probe.New(m.client, e.logger), store, probe.Schedule{Every: f.every}, monMetrics, e.logger)
	m.monitor.SetSites(m.currentSites())
	return m, nil
}

// mount adds /probe (behind the bearer token) to srv.
func (m *monitoring) mount(srv *api.Server) {
	srv.Mount("GET /probe", srv.RequireToken(metrics.NewProber(metrics.ProberOptions{
		Prober: probe.New(m.client, m.e.logger), Catalog: m.cat, Sites: m.currentSites, Logger: m.e.logger,
	})))
}

// run probes, watches the sites file and runs scheduled audits until ctx
// ends.
func (m *monitoring) run(ctx context.Context) {
	var wg sync.WaitGroup
	if m.f.every > 0 {
		wg.Go(func() { _ = m.monitor.Run(ctx) })
	}
	if m.f.audits != nil {
		wg.Go(func() { m.scheduleAudits(ctx) })
	}
	wg.Go(func() { m.watchSites(ctx, 30*time.Second) })
	wg.Wait()
	m.client.Close()
}

func (m *monitoring) currentSites() []snapshot.Site {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.sites
}

// reloadSites reads the sites file if it changed since it was last read.
func (m *monitoring) reloadSites() error {
	fi, err := os.Stat(m.f.crawl.sites)
	if err != nil {
		return err
	}
	m.mu.RLock()
	same := fi.ModTime().Equal(m.sitesAt) && m.sites != nil
	m.mu.RUnlock()
	if same {
		return nil
	}
	sites, err := crawler.ReadSites(m.f.crawl.sites)
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.sites, m.sitesAt = sites, fi.ModTime()
	m.mu.Unlock()
	if m.monitor != nil {
		m.monitor.SetSites(sites)
	}
	return nil
}

// watchSites re-reads the sites file when it changes; a file that no
// longer reads is logged and the last good list kept.
func (m *monitoring) watchSites(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := m.reloadSites(); err != nil {
			m.e.logger.Error("sites file not reloaded; the last good list stays", "file", m.f.crawl.sites, "err", err)
		}
	}
}
