// Command servebench measures gongkai serve on a generated release of
// 15,000 sites and 5 million findings (make bench-serve): latency
// percentiles and requests per second of /api/v1/sites and of scorecard
// pages under 64 concurrent clients (wrk when installed, a Go load
// generator otherwise), the server's memory, the time to load a release
// and to switch to the next one, and the downloads beside a bare net/http
// file server over the same files.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"gongkai/api"
	"gongkai/api/internal/releasegen"
	"gongkai/datasets"
)

func main() {
	sites := flag.Int("sites", 15000, "sites in the generated release")
	findings := flag.Int("findings", 5_000_000, "findings in the generated release (spread evenly over the sites)")
	conns := flag.Int("c", 64, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "duration of each load run")
	dir := flag.String("dir", "", "data directory (default: a temporary one, removed at the end); its latest release is reused when it has one")
	forceGo := flag.Bool("go-load", false, "use the Go load generator even when wrk is installed")
	doSwitch := flag.Bool("switch", true, "publish a next release and time the switch")
	genNext := flag.Bool("gen-next", false, "only publish the next release into -dir (run as a child, so that the server's memory is its own)")
	flag.Parse()
	if *genNext {
		per := max(1, *findings / *sites)
		if _, err := releasegen.Synthetic(context.Background(), *dir, releasegen.Config{Sites: *sites, FindingsPerSite: per, Seed: 1, Changed: 100}); err != nil {
			log.Fatal(err)
		}
		return
	}
	if err := run(*sites, *findings, *conns, *dur, *dir, *forceGo, *doSwitch); err != nil {
		log.Fatal(err)
	}
}

func run(sites, findings, conns int, dur time.Duration, dir string, forceGo, doSwitch bool) error {
	ctx := context.Background()
	if dir == "" {
		tmp, err := os.MkdirTemp("", "servebench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	per := max(1, findings/sites)
	fmt.Printf("servebench: %d sites × %d findings = %d findings, %d clients, %s per run, GOMAXPROCS %d\n",
		sites, per, sites*per, conns, dur, runtime.GOMAXPROCS(0))
	start := time.Now()
	first, err := datasets.LatestID(dir)
	if err != nil {
		return err
	}
	if first != "" {
		fmt.Printf("reusing release %s of %s (%s on disk)\n", first, dir, dirSize(filepath.Join(dir, "releases", first)))
	} else {
		if first, err = releasegen.Synthetic(ctx, dir, releasegen.Config{Sites: sites, FindingsPerSite: per, Seed: 1}); err != nil {
			return err
		}
		fmt.Printf("generated release %s in %s (%s on disk)\n", first, time.Since(start).Round(time.Second), dirSize(filepath.Join(dir, "releases", first)))
	}

	runtime.GC()
	before := heapInUse()
	start = time.Now()
	srv, err := api.New(ctx, api.Options{Data: dir, RateLimit: -1, Poll: 200 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		return err
	}
	loadTook := time.Since(start)
	runtime.GC()
	debug.FreeOSMemory()
	fmt.Printf("\nload and verify a release: %s; server heap in use %s (before %s), process RSS %s\n",
		loadTook.Round(time.Millisecond), mib(heapInUse()), mib(before), rss())

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go srv.Serve(sctx, ln)
	base := "http://" + ln.Addr().String()
	load := newLoader(forceGo, conns, dur)
	fmt.Printf("load generator: %s\n\n", load.name())
	fmt.Printf("%-44s %10s %10s %10s %12s\n", "endpoint", "p50", "p99", "req/s", "MB/s")

	runs := []struct {
		name, path string
		spec       spec
	}{
		{"GET /api/v1/sites (page 1, 50 sites)", "/api/v1/sites", spec{}},
		{"GET /api/v1/sites?level=county&sort=name&page=40", "/api/v1/sites?level=county&sort=name&page=40", spec{}},
		{"GET /api/v1/sites/{random}/findings", "/api/v1/sites/site-00000/findings", spec{prefix: "/api/v1/sites/", suffix: "/findings", sites: sites}},
		{"GET /sites/{random} (scorecard page)", "/sites/site-00000", spec{prefix: "/sites/", sites: sites}},
		{"GET / (ranking page)", "/", spec{}},
	}
	for _, r := range runs {
		res, err := load.run(base+r.path, r.spec)
		if err != nil {
			return fmt.Errorf("%s: %w", r.name, err)
		}
		res.print(r.name)
	}
	runtime.GC()
	fmt.Printf("\nafter the load: server heap in use %s, process RSS %s\n", mib(heapInUse()), rss())

	if err := downloads(load, base, dir, first); err != nil {
		return err
	}
	if !doSwitch {
		return nil
	}
	return switchRelease(ctx, srv, dir, sites, per)
}

// downloads compares the server's downloads with a bare net/http file
// server over the same release directory.
func downloads(load loader, base, dir, id string) error {
	bare := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 5 * time.Second}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer bare.Close()
	go bare.Serve(ln)
	bareBase := "http://" + ln.Addr().String()
	fmt.Printf("\ndownloads (the same files; baseline: http.FileServer)\n")
	fmt.Printf("%-44s %10s %10s %10s %12s\n", "file", "p50", "p99", "req/s", "MB/s")
	for _, f := range []string{"sites.parquet", "scores.csv"} {
		path := "/releases/" + id + "/" + f
		for _, s := range []struct{ label, url string }{{"gongkai " + f, base + path}, {"net/http " + f, bareBase + path}} {
			res, err := load.run(s.url, spec{})
			if err != nil {
				return err
			}
			res.print(s.label)
		}
	}
	// The findings table is the largest file (its first part when it is
	// split at 1,000,000 rows).
	parts, _ := filepath.Glob(filepath.Join(dir, "releases", id, "findings*.parquet"))
	if len(parts) == 0 {
		return fmt.Errorf("release %s has no findings Parquet file", id)
	}
	big := filepath.Base(parts[0])
	for _, s := range []struct{ label, url string }{
		{"gongkai " + big + ", Range 1 MiB", base + "/releases/" + id + "/" + big},
		{"net/http " + big + ", Range 1 MiB", bareBase + "/releases/" + id + "/" + big},
	} {
		res, err := load.run(s.url, spec{rangeHeader: "bytes=0-1048575"})
		if err != nil {
			return err
		}
		res.print(s.label)
	}
	return nil
}

// switchRelease publishes the next release (one site in a hundred
// changed), in a child process, while the server runs and times the
// switch.
func switchRelease(ctx context.Context, srv *api.Server, dir string, sites, per int) error {
	done := make(chan api.Event, 1)
	cancel := srv.Store().Subscribe(func(e api.Event) { done <- e })
	defer cancel()
	start := time.Now()
	gen := exec.CommandContext(ctx, os.Args[0], "-gen-next", "-dir", dir, "-sites", fmt.Sprint(sites), "-findings", fmt.Sprint(sites*per))
	gen.Stdout, gen.Stderr = os.Stdout, os.Stderr
	if err := gen.Run(); err != nil {
		return fmt.Errorf("publish the next release: %w", err)
	}
	published := time.Now()
	next, err := datasets.LatestID(dir)
	if err != nil {
		return err
	}
	select {
	case e := <-done:
		if e.Err != nil {
			return e.Err
		}
		fmt.Printf("\nswitch to the next release %s: published in %s; served %s after publication (load and verify %s, polling every 200ms)\n",
			next, published.Sub(start).Round(time.Second), time.Since(published).Round(time.Millisecond), e.Took.Round(time.Millisecond))
	case <-time.After(10 * time.Minute):
		return fmt.Errorf("release %s not picked up", next)
	}
	runtime.GC()
	fmt.Printf("after the switch: server heap in use %s, process RSS %s\n", mib(heapInUse()), rss())
	return nil
}

func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func mib(n uint64) string { return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20)) }

// rss is the process's resident set (the server and the Go load
// generator share the process when wrk is missing).
func rss() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func dirSize(dir string) string {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return mib(uint64(n))
}

// hasWrk reports whether wrk is installed.
func hasWrk() bool {
	_, err := exec.LookPath("wrk")
	return err == nil
}
