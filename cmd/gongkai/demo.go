package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gongkai/crawler"
	"gongkai/crawler/sampleweb"
)

// runDemo implements "gongkai demo": start the built-in sample agency web
// on loopback with its own DNS server, audit it through that resolver and
// publish a release. Nothing leaves the machine.
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("demo", e.stderr)
	out := fs.String("out", "demo-out", "output `DIR` for audits and releases")
	renderMode := fs.String("render", "auto", "headless rendering: auto|always|never")
	rules := fs.String("rules", "", "rule catalog `FILE` (default: the embedded catalog)")
	var asOf dateFlag
	fs.Var(&asOf, "as-of", "audit date `YYYY-MM-DD` (default: today, China time)")
	if err := parseFlags(fs, args, 0); err != nil {
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
	_, err = p.run(ctx, e)
	return err
}
