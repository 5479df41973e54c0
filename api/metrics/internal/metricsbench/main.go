// Command metricsbench measures a scrape of gongkai serve's /metrics for a
// release of N sites (default 15,000): the time to take the release up
// (Compliance.Update), then per scrape its time, its bytes (plain text and
// gzip, as Prometheus asks) and its series, at each --metrics-detail
// level; beside a plain client_golang GaugeVec holding the same number of
// series with the same labels, scraped the same way (the baseline: what
// direct instrumentation would cost).
//
//	go run ./api/metrics/internal/metricsbench -sites 15000
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"gongkai/api/internal/releasegen"
	"gongkai/api/metrics"
	"gongkai/datasets"
)

func main() {
	sites := flag.Int("sites", 15000, "sites in the generated release")
	findings := flag.Int("findings", 40, "findings per site")
	scrapes := flag.Int("scrapes", 10, "scrapes measured per variant (a third of them at detail rule)")
	flag.Parse()
	if err := run(*sites, *findings, *scrapes); err != nil {
		fmt.Fprintln(os.Stderr, "metricsbench:", err)
		os.Exit(1)
	}
}

func run(sites, findings, scrapes int) error {
	dir, err := os.MkdirTemp("", "metricsbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	start := time.Now()
	id, err := releasegen.Synthetic(context.Background(), dir, releasegen.Config{Sites: sites, FindingsPerSite: findings, Seed: 1})
	if err != nil {
		return err
	}
	fmt.Printf("release: %d sites, %d findings, generated in %v\n", sites, sites*findings, time.Since(start).Round(time.Second))
	rel, err := datasets.Load(dir, id, datasets.TableSites, datasets.TableScores, datasets.TableRules)
	if err != nil {
		return err
	}
	tw := os.Stdout
	fmt.Fprintf(tw, rowFormat, "variant", "update", "series", "scrape p50", "scrape max", "CPU/scrape", "text", "gzip", "heap after")
	for _, d := range []struct {
		name   string
		detail metrics.Detail
	}{{"compliance summary", metrics.DetailSummary}, {"compliance site", metrics.DetailSite}, {"compliance rule", metrics.DetailRule}} {
		c := metrics.NewCompliance(d.detail, nil)
		t0 := time.Now()
		if err := c.Update(rel); err != nil {
			return err
		}
		update := time.Since(t0)
		reg := prometheus.NewRegistry()
		reg.MustRegister(c)
		n := scrapes
		if d.detail == metrics.DetailRule {
			n = max(scrapes/3, 1)
		}
		r, err := measure(reg, n)
		if err != nil {
			return err
		}
		r.print(tw, d.name, update)
		baseline, err := gaugeVec(r.series)
		if err != nil {
			return err
		}
		b, err := measure(baseline, n)
		if err != nil {
			return err
		}
		b.print(tw, "  baseline GaugeVec", 0)
	}
	return nil
}

// rowFormat lays out one row of the results.
const rowFormat = "%-20s %8s %8s %11s %11s %11s %9s %9s %10s\n"

// gaugeVec is the baseline: one GaugeVec with n series labelled like the
// per-site metrics, set once, as direct instrumentation would hold them.
func gaugeVec(n int) (*prometheus.Registry, error) {
	reg := prometheus.NewRegistry()
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "baseline_site_value", Help: "Baseline: a plain gauge vector."},
		[]string{"site_id", "level", "kind", "region"})
	if err := reg.Register(g); err != nil {
		return nil, err
	}
	for i := range n {
		g.WithLabelValues("site-"+strconv.Itoa(i), "county", "portal", "河北省石家庄市").Set(float64(i % 100))
	}
	return reg, nil
}

// result is what the scrapes of one variant measured.
type result struct {
	series          int
	p50, max, cpu   time.Duration
	text, gzipBytes int
	heap            uint64
}

func (r result) print(w io.Writer, name string, update time.Duration) {
	u := "-"
	if update > 0 {
		u = update.Round(10 * time.Millisecond).String()
	}
	fmt.Fprintf(w, rowFormat, name, u, strconv.Itoa(r.series), r.p50.Round(time.Millisecond).String(),
		r.max.Round(time.Millisecond).String(), r.cpu.Round(time.Millisecond).String(), mib(r.text), mib(r.gzipBytes), mib(int(r.heap)))
}

// measure scrapes reg through promhttp n times (plain text, the way
// Prometheus 2 asks without gzip, then once with gzip for its size).
func measure(reg *prometheus.Registry, n int) (result, error) {
	srv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	defer srv.Close()
	var r result
	var took []time.Duration
	cpu0 := cpuTime()
	for i := range n {
		t0 := time.Now()
		body, err := get(srv.URL, "identity")
		if err != nil {
			return r, err
		}
		took = append(took, time.Since(t0))
		if i == 0 {
			r.text, r.series = len(body), countSeries(body)
		}
	}
	r.cpu = (cpuTime() - cpu0) / time.Duration(n)
	gz, err := get(srv.URL, "gzip")
	if err != nil {
		return r, err
	}
	r.gzipBytes = len(gz)
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	r.p50, r.max = took[len(took)/2], took[len(took)-1]
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.heap = ms.HeapAlloc
	return r, nil
}

// get fetches u, asking for the given content encoding, and returns the
// body as sent (compressed when it was).
func get(u, encoding string) ([]byte, error) {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Accept-Encoding", encoding)
	req.Header.Set("Accept", "text/plain;version=0.0.4")
	tr := &http.Transport{DisableCompression: true}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// countSeries counts the sample lines of a text exposition.
func countSeries(b []byte) int {
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if line := sc.Bytes(); len(line) > 0 && line[0] != '#' {
			n++
		}
	}
	return n
}

// cpuTime is the CPU time (user and system) of this process so far: the
// server's and the reader's, both in this process. On a shared machine it
// is steadier than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func mib(n int) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
