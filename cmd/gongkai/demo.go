package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gongkai/api"
	"gongkai/crawler"
	"gongkai/crawler/render"
	"gongkai/crawler/sampleweb"
	"gongkai/reports"
)

// runDemo implements "gongkai demo": start the built-in sample agency web
// on loopback with its own DNS server, audit it through that resolver and
// publish a release, write its reports and serve the portal on it (until
// Ctrl-C; --serve=false stops after the reports). Nothing leaves the
// machine.
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("demo", e.stderr)
	out := fs.String("out", "demo-out", "output `DIR` for audits and releases")
	renderMode := fs.String("render", "auto", "headless rendering: auto|always|never")
	rules := fs.String("rules", "", "rule catalog `FILE` (default: the embedded catalog)")
	var asOf dateFlag
	fs.Var(&asOf, "as-of", "audit date `YYYY-MM-DD` (default: today, China time)")
	serve := fs.Bool("serve", true, "serve the portal on the release at the end (Ctrl-C to stop), with /metrics and the sample web monitored")
	addr := fs.String("addr", "127.0.0.1:8080", "where the portal listens (`HOST:PORT`)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := checkHostPort("addr", *addr); err != nil {
		return err
	}
	mode, err := crawler.ParseRenderMode(*renderMode)
	if err != nil {
		return fmt.Errorf("flag --render: %w", err)
	}
	cat, err := loadCatalog(*rules)
	if err != nil {
		return err
	}
	day := asOf.orToday(time.Now())
	web, err := sampleweb.Start(ctx, sampleweb.Config{AsOf: day, Logger: e.logger})
	if err != nil {
		return fmt.Errorf("start sample web: %w", err)
	}
	defer web.Close()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	sitesFile := filepath.Join(*out, "sites.csv")
	if err := os.WriteFile(sitesFile, web.SitesCSV(), 0o644); err != nil {
		return err
	}
	sites, err := crawler.ReadSites(sitesFile)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "sample web: %d sites, DNS %s, sites file %s\n", len(sites), web.DNSAddr, sitesFile)
	crawl := crawler.DefaultConfig()
	crawl.MaxPages = 300
	p := pipeline{
		out:     *out,
		asOf:    day,
		sites:   sites,
		catalog: cat,
		crawl:   crawl,
		render:  mode,
		rootCAs: web.RootCAs(),
		flags:   map[string]string{"command": "demo", "resolver": web.DNSAddr, "render": string(mode)},
	}
	p.fetch.Resolver = web.DNSAddr
	p.fetch.AllowPrivate = true
	p.fetch.Rate = -1 // loopback: no need to be polite to ourselves
	p.fetch.PerHost = 8
	id, err := p.run(ctx, e)
	if err != nil {
		return err
	}
	if err := demoReports(ctx, e, *out, id, mode != crawler.RenderNever); err != nil || !*serve {
		return err
	}
	return serveDemo(ctx, e, *out, sitesFile, web, *addr)
}

// demoReports writes the summary and every site's report of the demo's
// release into OUT/reports/<format>/: HTML and Markdown, and PDF when a
// browser is in use (not with --render never).
func demoReports(ctx context.Context, e *env, out, releaseID string, pdf bool) error {
	data, err := reports.Open(out, releaseID)
	if err != nil {
		return err
	}
	formats := []reports.Format{reports.HTML, reports.Markdown}
	w := &reports.Writer{Data: data, Lang: reports.Chinese}
	if pdf {
		printer, err := render.NewPrinter(ctx, render.PrinterConfig{Logger: e.logger})
		if err != nil {
			return err
		}
		defer printer.Close()
		w.Printer = printer
		formats = append(formats, reports.PDF)
	}
	for _, f := range formats {
		dir := filepath.Join(out, "reports", string(f))
		n, err := w.WriteDir(ctx, dir, f, reportWorkers)
		if err != nil {
			return fmt.Errorf("demo reports: %w", err)
		}
		fmt.Fprintf(e.stdout, "reports %s (%d)\n", dir, n)
	}
	return nil
}

// serveDemo serves the demo's release as gongkai serve would, monitoring
// the sample web (scheduled probes, /probe) through its own DNS server.
func serveDemo(ctx context.Context, e *env, out, sitesFile string, web *sampleweb.Web, addr string) error {
	f := monitorFlags{schedule: "30m", detail: "summary"}
	f.crawl = auditFlags{sites: sitesFile, resolver: web.DNSAddr, allowPrivate: true, render: "auto", rate: 0,
		maxPages: 300, maxDepth: crawler.DefaultConfig().MaxDepth, siteTimeout: crawler.DefaultConfig().SiteTimeout}
	f.crawl.setByteBudgets()
	if err := f.validate(); err != nil {
		return err
	}
	ops, err := newOperations(e, &f, out, web.RootCAs())
	if err != nil {
		return err
	}
	srv, err := api.New(ctx, api.Options{Data: out, Logger: e.logger, Observe: ops.observe()})
	if err != nil {
		return err
	}
	ops.mount(srv)
	fmt.Fprintf(e.stdout, "Prometheus metrics of the sample web's compliance: http://%s/metrics\n", addr)
	return ops.serve(ctx, srv, addr)
}
