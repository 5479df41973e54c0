// Command reportbench measures the reports of a large release: one
// report per site plus the summary, in Markdown, HTML and PDF (one
// browser reused for every PDF), beside a baseline that starts a fresh
// browser for every PDF. Each variant runs in its own process; its time
// and the peak RSS of its process tree (the browser included) are
// printed.
//
//	go run ./reports/internal/reportbench -sites 1000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"gongkai/crawler/render"
	"gongkai/reports"
	"gongkai/reports/internal/fixture"
)

// releaseID is the id of the generated release.
const releaseID = "20261120T000000Z-001"

// variant is one way of writing the reports.
type variant struct {
	name, what string
	// limit, when positive, writes only that many reports (the summary
	// and the first sites): the baseline is too slow for all of them.
	limit int
	run   func(ctx context.Context, d *reports.Data, out string, limit int) (int, error)
}

func variants() []variant {
	return []variant{
		{"md", "Markdown, 2 workers", 0, writeAll(reports.Markdown, false)},
		{"html", "HTML, 2 workers", 0, writeAll(reports.HTML, false)},
		{"pdf", "PDF, one browser reused, 2 tabs", 0, writeAll(reports.PDF, false)},
		{"pdf-fresh", "baseline: PDF, a fresh browser per report", 40, writeAll(reports.PDF, true)},
	}
}

func main() {
	sites := flag.Int("sites", 1000, "sites in the generated release")
	dir := flag.String("dir", "", "work directory (default: a temporary one, removed after)")
	only := flag.String("variant", "", "run only this variant, in this process (used by the parent)")
	which := flag.String("variants", "", "comma-separated variants to run (default: all)")
	flag.Parse()
	if *which != "" {
		selected = strings.Split(*which, ",")
	}
	if *only != "" {
		os.Exit(child(*only, *dir))
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "reportbench-")
		exitOn(err)
		*dir = d
		defer os.RemoveAll(d)
	}
	exitOn(parent(*dir, *sites))
}

// selected are the variants to run; nil runs all.
var selected []string

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "reportbench:", err)
		os.Exit(1)
	}
}

// child runs one variant and prints "reports seconds".
func child(name, dir string) int {
	for _, v := range variants() {
		if v.name != name {
			continue
		}
		start := time.Now()
		d, err := reports.Open(filepath.Join(dir, "data"), releaseID)
		if err == nil {
			var n int
			n, err = v.run(context.Background(), d, filepath.Join(dir, "out", name), v.limit)
			fmt.Printf("%d %f\n", n, time.Since(start).Seconds())
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(os.Stderr, "unknown variant %q\n", name)
	return 2
}

// writeAll writes the summary and the sites' reports in format f, two at
// a time, with one printer for all (or, fresh, one per report).
func writeAll(f reports.Format, fresh bool) func(context.Context, *reports.Data, string, int) (int, error) {
	return func(ctx context.Context, d *reports.Data, out string, limit int) (int, error) {
		w := &reports.Writer{Data: d, Lang: reports.Chinese}
		if f == reports.PDF && !fresh {
			p, err := render.NewPrinter(ctx, render.PrinterConfig{Pages: 2})
			if err != nil {
				return 0, err
			}
			defer p.Close()
			w.Printer = p
		}
		if limit == 0 {
			return w.WriteDir(ctx, out, f, 2)
		}
		jobs := append([]string{""}, d.SiteIDs()...)[:limit]
		errs := make(chan error, len(jobs))
		sem := make(chan struct{}, 2)
		for _, site := range jobs {
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				ww := *w
				p, err := render.NewPrinter(ctx, render.PrinterConfig{Pages: 1})
				if err == nil {
					ww.Printer = p
					err = ww.WriteFile(ctx, filepath.Join(out, site+"x."+string(f)), site, f)
					p.Close()
				}
				errs <- err
			}()
		}
		for range jobs {
			if err := <-errs; err != nil {
				return 0, err
			}
		}
		return len(jobs), nil
	}
}

type result struct {
	v       variant
	reports int
	secs    float64
	cpu     float64
	rssKB   int64 // peak RSS of the process tree
	bytes   int64
}

func parent(dir string, sites int) error {
	fmt.Printf("reportbench: %d sites, %s %s/%s, %d CPUs, dir %s\n", sites, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), dir)
	start := time.Now()
	copies := (sites + 10) / 11
	_, err := fixture.Publish(context.Background(), filepath.Join(dir, "data"), fixture.Config{
		Audit:  "cmd/gongkai/testdata/sampleweb/audit",
		Copies: copies, Sites: sites,
		Releases: []fixture.Release{{ID: releaseID, Created: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
			AsOf: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}},
	})
	if err != nil {
		return fmt.Errorf("generate the release (run from the module root): %w", err)
	}
	fmt.Printf("release of %d sites (the 11 sample-web sites judged, copied) generated in %.1fs\n\n", sites, time.Since(start).Seconds())
	self, err := os.Executable()
	if err != nil {
		return err
	}
	tw := newTable()
	for _, v := range variants() {
		if selected != nil && !slices.Contains(selected, v.name) {
			continue
		}
		r, err := runChild(self, dir, v)
		if err != nil {
			return err
		}
		printRow(tw, r) // as each variant ends: a long run reports what it has
	}
	fmt.Println("\nms/report compares the PDF variants: the baseline pays a browser start per report.")
	fmt.Println("peak RSS (tree) sums the RSS of every process of the variant (shared pages counted in each).")
	return nil
}

func runChild(self, dir string, v variant) (result, error) {
	cmd := exec.Command(self, "-variant", v.name, "-dir", dir)
	cmd.Stderr = os.Stderr
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	peak := make(chan int64)
	stop := make(chan struct{})
	go func() { peak <- samplePeak(cmd.Process.Pid, stop) }()
	err := cmd.Wait()
	close(stop)
	r := result{v: v, rssKB: <-peak}
	if err != nil {
		return r, fmt.Errorf("variant %s: %w", v.name, err)
	}
	if _, err := fmt.Sscan(out.String(), &r.reports, &r.secs); err != nil {
		return r, fmt.Errorf("variant %s: output %q: %w", v.name, out.String(), err)
	}
	r.cpu = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	r.bytes = dirSize(filepath.Join(dir, "out", v.name))
	return r, nil
}

// samplePeak samples the RSS of pid and its descendants every 100 ms
// until stop is closed, and returns the peak in kB.
func samplePeak(pid int, stop <-chan struct{}) int64 {
	var peak int64
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		peak = max(peak, treeRSS(pid))
		select {
		case <-stop:
			return peak
		case <-t.C:
		}
	}
}

// treeRSS sums VmRSS (kB) of pid and every descendant.
func treeRSS(pid int) int64 {
	total := int64(0)
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				total += kb
			}
		}
	}
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for _, c := range strings.Fields(string(b)) {
			if cp, err := strconv.Atoi(c); err == nil {
				total += treeRSS(cp)
			}
		}
	}
	return total
}

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

func newTable() *tabwriter.Writer {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "variant\t\treports\twall s\tCPU s\tms/report\toutput MB\tpeak RSS MB (tree)\t")
	tw.Flush()
	return tw
}

func printRow(tw *tabwriter.Writer, r result) {
	fmt.Fprintf(tw, "%s\t%s\t%d\t%.1f\t%.1f\t%.0f\t%.1f\t%.0f\t\n", r.v.name, r.v.what, r.reports, r.secs, r.cpu,
		1000*r.secs/float64(max(1, r.reports)), float64(r.bytes)/1e6, float64(r.rssKB)/1024)
	tw.Flush()
}
