package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gongkai/crawler/render"
	"gongkai/reports"
)

// reportWorkers is the number of reports written at once (and so of
// documents the printer prints at once: its default).
const reportWorkers = 2

// reportFlags are the flags of "gongkai report" (DESIGN.md §2.6).
type reportFlags struct {
	data, release, site, format, lang, out string
}

// runReport implements "gongkai report": one report to a file (the site's
// with --site, else the summary), or, without --site and with an --out
// that ends in /, one report per site and the summary (_summary.EXT) into
// that directory. With --site, an --out ending in / is the directory of
// SITE_ID.EXT.
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
		path := f.out
		if strings.HasSuffix(path, "/") {
			path += f.site + "." + string(format)
		}
		if err := w.WriteFile(ctx, path, f.site, format); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, path)
		return nil
	}
	n, err := w.WriteDir(ctx, f.out, format, reportWorkers)
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
