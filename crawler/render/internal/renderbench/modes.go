package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/render"
)

// modeRow is one line of the auto/never table.
type modeRow struct {
	site      string
	mode      render.Mode
	pages     int
	rendered  int
	errors    int
	elapsed   time.Duration // median of the runs
	reference time.Duration // never's median on the same site
}

// autoNever fetches and extracts every page of a static site (and of a
// site where 2% of the pages are script-built) the way the crawler does,
// rendering what Decide asks for under each mode.
func autoNever(ctx context.Context, o options, base string) ([]modeRow, error) {
	static := make([]string, o.pages)
	mixed := make([]string, o.pages)
	for i := range static {
		static[i] = fmt.Sprintf("%s/static/%d.html", base, i)
		mixed[i] = static[i]
		if i%50 == 0 {
			mixed[i] = fmt.Sprintf("%s/js/%d.html", base, i)
		}
	}
	var rows []modeRow
	for _, s := range []struct {
		name string
		urls []string
	}{{"static (scripts, nav in HTML)", static}, {"mixed (2% script-built)", mixed}} {
		var never time.Duration
		for _, mode := range []render.Mode{render.Never, render.Auto} {
			var runs []time.Duration
			var last modeRow
			for range o.repeat {
				r, err := crawlPages(ctx, o, s.urls, mode)
				if err != nil {
					return nil, err
				}
				runs = append(runs, r.elapsed)
				last = r
			}
			slices.Sort(runs)
			last.site, last.elapsed = s.name, runs[len(runs)/2]
			if mode == render.Never {
				never = last.elapsed
			}
			last.reference = never
			rows = append(rows, last)
			fmt.Fprintf(os.Stderr, "done: %s %s\n", s.name, mode)
		}
	}
	return rows, nil
}

// crawlPages is the crawler's per-page path: fetch, extract, Decide, and
// render (then extract again) when Decide says so. The renderer is created
// for every run but starts a browser only for the first page it renders.
func crawlPages(ctx context.Context, o options, urls []string, mode render.Mode) (modeRow, error) {
	client, err := newClient()
	if err != nil {
		return modeRow{}, err
	}
	start := time.Now()
	var r *render.Renderer
	if mode != render.Never {
		if r, err = render.New(ctx, render.Config{Bin: o.bin, Pages: o.concurrency}, client); err != nil {
			return modeRow{}, err
		}
		defer r.Close()
	}
	var rendered, errs atomic.Int64
	each(urls, o.concurrency, func(_ int, u string) {
		resp, err := client.Fetch(ctx, fetch.Request{URL: u})
		if err != nil {
			errs.Add(1)
			return
		}
		facts, err := htmlfacts.Extract(resp.FinalURL, resp.Body)
		if err != nil {
			errs.Add(1)
			return
		}
		if ok, _ := render.Decide(mode, facts.Hints); !ok {
			return
		}
		rendered.Add(1)
		res, err := r.Render(ctx, "site", u)
		if err != nil {
			errs.Add(1)
			return
		}
		if _, err := htmlfacts.Extract(res.FinalURL, res.HTML); err != nil {
			errs.Add(1)
		}
	})
	if r != nil {
		if err := r.Close(); err != nil {
			return modeRow{}, err
		}
	}
	return modeRow{mode: mode, pages: len(urls), rendered: int(rendered.Load()), errors: int(errs.Load()),
		elapsed: time.Since(start)}, nil
}

// printModes prints the auto/never table.
func printModes(rows []modeRow) {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "site\tmode\tpages\trendered\terrors\tseconds (median)\tpages/s\tx never\t")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%.3f\t%.0f\t%.2f\t\n", r.site, r.mode, r.pages, r.rendered, r.errors,
			r.elapsed.Seconds(), float64(r.pages)/r.elapsed.Seconds(), r.elapsed.Seconds()/r.reference.Seconds())
	}
	_ = w.Flush()
}
