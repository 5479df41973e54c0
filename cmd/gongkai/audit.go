package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"gongkai/crawler"
	"gongkai/crawler/fetch"
	"gongkai/crawler/jobqueue"
)

// auditFlags are the flags of "gongkai audit" (DESIGN.md §2.1).
type auditFlags struct {
	sites        string
	out          string
	asOf         dateFlag
	render       string
	resolver     string
	allowPrivate bool
	rules        string
	maxPages     int
	maxDepth     int
	rate         float64
	ipRate       ipRateFlag
	resume       bool
	siteTimeout  time.Duration
	timeout      time.Duration
	maxBytes     byteSize
	maxPageBytes byteSize
	metricsAddr  string
	queue        string
	store        string
	attempts     int
	publish      string
}

func (f *auditFlags) register(fs *flag.FlagSet) {
	def := crawler.DefaultConfig()
	fs.StringVar(&f.sites, "sites", "", "sites `FILE` (CSV: site_id,name,url[,level,kind,region])")
	fs.StringVar(&f.out, "out", "", "output `DIR` for audits and releases")
	fs.Var(&f.asOf, "as-of", "audit date `YYYY-MM-DD` for every date rule (default: today, China time)")
	fs.StringVar(&f.render, "render", "auto", "headless rendering: auto|always|never")
	fs.StringVar(&f.resolver, "resolver", "", "send every DNS query to `HOST:PORT`")
	fs.BoolVar(&f.allowPrivate, "allow-private", false, "allow loopback, private, link-local and metadata addresses")
	fs.StringVar(&f.rules, "rules", "", "rule catalog `FILE` (default: the embedded catalog)")
	fs.IntVar(&f.maxPages, "max-pages", def.MaxPages, "pages per site at most")
	fs.IntVar(&f.maxDepth, "max-depth", def.MaxDepth, "link depth from the homepage at most (homepage 0)")
	fs.Float64Var(&f.rate, "rate", 2, "requests per second per host (0: unlimited)")
	fs.Var(&f.ipRate, "ip-rate", "requests per second per IP address, over all the hosts on it (default: 4 × --rate; 0: no per-address limit)")
	fs.BoolVar(&f.resume, "resume", false, "continue the newest unfinished audit in --out")
	fs.DurationVar(&f.siteTimeout, "site-timeout", def.SiteTimeout, "wall-clock budget of one site: crawl, link checks, probes and rendering (0: none)")
	fs.DurationVar(&f.timeout, "timeout", 0, "wall-clock budget of the whole audit; unfinished sites are closed and the release published (0: none)")
	f.setByteBudgets()
	fs.Var(&f.maxBytes, "max-bytes", "bytes received per site at most, e.g. 512MiB (0: no limit)")
	fs.Var(&f.maxPageBytes, "max-page-bytes", "decoded bytes kept per response; the rest is not read and the page is too_large")
	fs.StringVar(&f.metricsAddr, "metrics-addr", "", "serve the crawler's Prometheus metrics at http://`HOST:PORT`/metrics while the audit runs")
	fs.StringVar(&f.queue, "queue", "", "crawl on workers: publish a job per site to the NATS JetStream server nats://`HOST:PORT` and wait for them (gongkai worker)")
	fs.StringVar(&f.store, "store", "", "with --queue: the storage `URL` the workers put snapshots in (a directory, file:///path or s3://bucket/prefix)")
	fs.IntVar(&f.attempts, "attempts", jobqueue.DefaultMaxAttempts, "with --queue: deliveries of a site's job before the site is recorded as job_failed")
	fs.StringVar(&f.publish, "publish", "", publishUsage)
}

// setByteBudgets sets the byte budgets to their defaults.
func (f *auditFlags) setByteBudgets() {
	f.maxBytes = byteSize(crawler.DefaultConfig().MaxBytes)
	f.maxPageBytes = byteSize(fetch.DefaultMaxBody)
}

// validate checks flag values that the flag package cannot.
func (f *auditFlags) validate(needSites bool) error {
	var errs []error
	if needSites && f.sites == "" {
		errs = append(errs, errors.New("flag --sites is required"))
	}
	if f.out == "" {
		errs = append(errs, errors.New("flag --out is required"))
	}
	if _, err := crawler.ParseRenderMode(f.render); err != nil {
		errs = append(errs, fmt.Errorf("flag --render: %w", err))
	}
	if err := checkHostPort("resolver", f.resolver); err != nil {
		errs = append(errs, err)
	}
	if err := checkHostPort("metrics-addr", f.metricsAddr); err != nil {
		errs = append(errs, err)
	}
	if f.maxPages < 1 {
		errs = append(errs, fmt.Errorf("flag --max-pages: want at least 1, got %d", f.maxPages))
	}
	if f.maxDepth < 0 {
		errs = append(errs, fmt.Errorf("flag --max-depth: want 0 or more, got %d", f.maxDepth))
	}
	if f.rate < 0 {
		errs = append(errs, fmt.Errorf("flag --rate: want 0 (unlimited) or more, got %g", f.rate))
	}
	if f.siteTimeout < 0 {
		errs = append(errs, fmt.Errorf("flag --site-timeout: want 0 (none) or more, got %v", f.siteTimeout))
	}
	if f.maxPageBytes < 1<<10 {
		errs = append(errs, fmt.Errorf("flag --max-page-bytes: want 1KiB or more, got %d", f.maxPageBytes))
	}
	switch {
	case f.queue != "" && f.store == "":
		errs = append(errs, errors.New("flag --queue needs --store (where the workers put the snapshots)"))
	case f.queue == "" && f.store != "":
		errs = append(errs, errors.New("flag --store needs --queue"))
	case f.queue != "":
		if err := jobqueue.CheckURL(f.queue); err != nil {
			errs = append(errs, fmt.Errorf("flag --queue: %w", err))
		}
		if err := checkStoreURL("store", f.store); err != nil {
			errs = append(errs, err)
		}
		if f.attempts < 1 {
			errs = append(errs, fmt.Errorf("flag --attempts: want 1 or more, got %d", f.attempts))
		}
	}
	if f.timeout < 0 {
		errs = append(errs, fmt.Errorf("flag --timeout: want 0 (none) or more, got %v", f.timeout))
	}
	if err := checkStoreURL("publish", f.publish); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// runAudit implements "gongkai audit".
func runAudit(ctx context.Context, e *env, args []string) error {
	var f auditFlags
	fs := newFlagSet("audit", e.stderr)
	f.register(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := f.validate(true); err != nil {
		return err
	}
	cat, err := loadCatalog(f.rules)
	if err != nil {
		return err
	}
	sites, err := crawler.ReadSites(f.sites)
	if err != nil {
		return err
	}
	pub, err := openPublisher(ctx, f.publish)
	if err != nil {
		return err
	}
	mode, _ := crawler.ParseRenderMode(f.render)
	p := pipeline{
		out:     f.out,
		asOf:    f.asOf.orToday(time.Now()),
		sites:   sites,
		catalog: cat,
		fetch:   f.fetchConfig(),
		crawl:   f.crawlConfig(),
		render:  mode,
		resume:  f.resume,
		timeout: f.timeout,
		dist:    distributed{queue: f.queue, store: f.store, attempts: f.attempts, poll: sweepEvery},
		publish: pub,
	}
	if f.metricsAddr == "" {
		_, err = p.run(ctx, e)
		return err
	}
	return runWithMetrics(ctx, e, p, f.metricsAddr)
}

func (f *auditFlags) fetchConfig() fetch.Config {
	return fetch.Config{
		Resolver:     f.resolver,
		AllowPrivate: f.allowPrivate,
		Rate:         rateOrUnlimited(f.rate),
		IPRate:       f.ipRate.fetchIPRate(),
		MaxBody:      int64(f.maxPageBytes),
	}
}

func (f *auditFlags) crawlConfig() crawler.Config {
	c := crawler.DefaultConfig()
	c.MaxPages = f.maxPages
	c.MaxDepth = f.maxDepth
	c.SiteTimeout = f.siteTimeout
	c.MaxBytes = int64(f.maxBytes)
	return c
}

// rateOrUnlimited maps the --rate flag (0 = unlimited) to fetch.Config.Rate
// (negative = unlimited, 0 = the default).
func rateOrUnlimited(r float64) float64 {
	if r == 0 {
		return -1
	}
	return r
}
