package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"gongkai/crawler/render"
	"gongkai/reports"
)

// reportFlags are the flags of "gongkai report" (DESIGN.md §2.6).
type reportFlags struct {
	data, release, site, format, lang, out string
}

// runReport implements "gongkai report": one report to a file (the site's
// with --site, else the summary), or, without --site and with an --out
// that ends in /, one report per site and the summary (_summary.EXT) into
// that directory.
func runReport(ctx context.Context, e *env, args []string) error {
	var f reportFlags
	fs := newFlagSet("report", e.stderr)
	fs.StringVar(&f.data, "data", "", "data `DIR` (the --out of the audit: releases/ and audits/)")
	fs.StringVar(&f.release, "release", "latest", "release `ID`")
	fs.StringVar(&f.site, "site", "", "report on this `SITE_ID` only (default: the summary, or every site into a directory)")
	fs.StringVar(&f.format, "format", "", "html|pdf|md")
	fs.StringVar(&f.lang, "lang", "zh", "zh|en")
	fs.StringVar(&f.out, "out", "", "output `PATH`: a file, or a directory ending in / for one report per site")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	format, lang, err := f.validate()
	if err != nil {
		return err
	}
	data, err := reports.Open(f.data, f.release)
	if err != nil {
		return err
	}
	w := &reports.Writer{Data: data, Lang: lang}
	if format == reports.PDF {
		p, err := render.NewPrinter(ctx, render.PrinterConfig{Logger: e.logger})
		if err != nil {
			return err
		}
		defer p.Close()
		w.Printer = p
	}
	if f.site != "" || !strings.HasSuffix(f.out, "/") {
		if err := writeOneReport(ctx, w, f.out, f.data, f.site, format); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, f.out)
		return nil
	}
	n, err := writeAllReports(ctx, w, f.out, f.data, format, 2)
	fmt.Fprintf(e.stdout, "%d reports in %s\n", n, f.out)
	return err
}

func (f *reportFlags) validate() (reports.Format, reports.Lang, error) {
	var errs []error
	if f.data == "" {
		errs = append(errs, errors.New("flag --data is required"))
	}
	if f.out == "" {
		errs = append(errs, errors.New("flag --out is required"))
	}
	format, err := reports.ParseFormat(f.format)
	if err != nil {
		errs = append(errs, fmt.Errorf("flag --format: %w", err))
	}
	lang, err := reports.ParseLang(f.lang)
	if err != nil {
		errs = append(errs, fmt.Errorf("flag --lang: %w", err))
	}
	return format, lang, errors.Join(errs...)
}

// writeOneReport writes the report of site (the summary when "") to
// path, atomically: a reader never sees half a report.
func writeOneReport(ctx context.Context, w *reports.Writer, path, dataDir, site string, format reports.Format) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	ww := *w
	ww.MarkdownData = markdownData(dir, dataDir)
	if site == "" {
		err = ww.Summary(ctx, tmp, format)
	} else {
		err = ww.Site(ctx, tmp, site, format)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// markdownData is the data directory as Markdown reports in dir refer to
// it (screenshot links).
func markdownData(dir, dataDir string) string {
	ad, err1 := filepath.Abs(dir)
	dd, err2 := filepath.Abs(dataDir)
	if err1 != nil || err2 != nil {
		return dataDir
	}
	rel, err := filepath.Rel(ad, dd)
	if err != nil {
		return dd
	}
	return filepath.ToSlash(rel)
}

// summaryName is the file of the summary among the per-site reports:
// site ids never start with "_".
const summaryName = "_summary"

// writeAllReports writes the summary and every site's report into dir,
// workers at a time; it returns how many it wrote and the first error
// (the others are still written).
func writeAllReports(ctx context.Context, w *reports.Writer, dir, dataDir string, format reports.Format, workers int) (int, error) {
	jobs := append([]string{""}, w.Data.SiteIDs()...)
	ch := make(chan string)
	var (
		mu    sync.Mutex
		n     int
		first error
		wg    sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for site := range ch {
				name := site
				if name == "" {
					name = summaryName
				}
				err := writeOneReport(ctx, w, filepath.Join(dir, name+"."+string(format)), dataDir, site, format)
				mu.Lock()
				if err == nil {
					n++
				} else if first == nil {
					first = err
				}
				mu.Unlock()
			}
		})
	}
	for _, site := range jobs {
		if ctx.Err() != nil {
			break
		}
		ch <- site
	}
	close(ch)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return n, first
}
