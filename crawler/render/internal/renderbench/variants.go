package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/internal/proctree"
	"gongkai/crawler/render"
)

// quiet matches crawler/render's readiness rule (load, then 300 ms without
// network activity) in the puppeteer baseline.
const quiet = 300 * time.Millisecond

// newClient returns the fetch path the renderer uses, without politeness
// limits (the pages are on loopback).
func newClient() (*fetch.Client, error) {
	return fetch.New(fetch.Config{AllowPrivate: true, Rate: -1, PerHost: -1, IgnoreRobots: true, Retries: -1})
}

// jsURLs returns n script-built page URLs.
func jsURLs(base string, n int) []string {
	urls := make([]string, n)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/js/%d.html", base, i)
	}
	return urls
}

// builtLinks reports whether rendered HTML holds the script-built links.
func builtLinks(html []byte) bool {
	return bytes.Count(html, []byte(`class="built"`)) >= 9 // 8 from the script, 1 from the XHR
}

// each runs f for every URL with conc workers.
func each(urls []string, conc int, f func(i int, u string)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(urls) {
					return
				}
				f(i, urls[i])
			}
		})
	}
	wg.Wait()
}

// pooled renders the pages with one Renderer (one browser, conc pages).
func pooled(ctx context.Context, o options, base string) (row, error) {
	client, err := newClient()
	if err != nil {
		return row{}, err
	}
	start := time.Now()
	r, err := render.New(ctx, render.Config{Bin: o.bin, Pages: o.concurrency, Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}, client)
	if err != nil {
		return row{}, err
	}
	defer r.Close()
	// The browsers are this process's descendants: following the kernel's
	// children lists costs the driver far less CPU, counted as its own,
	// than reading every command line in /proc ten times a second.
	self := os.Getpid()
	s := sample(func() ([]int, int) { return proctree.Tree(self)[1:], self })
	if o.cpuprofile != "" {
		f, err := os.Create(o.cpuprofile)
		if err != nil {
			return row{}, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return row{}, err
		}
		defer pprof.StopCPUProfile()
	}
	var errs, reqs atomic.Int64
	var ph phaseSum
	urls := jsURLs(base, o.pages)
	each(urls, o.concurrency, func(i int, u string) {
		res, err := r.Render(ctx, "site"+strconv.Itoa(i%o.sites), u)
		if err == nil {
			reqs.Add(int64(len(res.Requests)))
			ph.add(res)
		}
		if err != nil || !builtLinks(res.HTML) {
			if errs.Add(1) <= 3 {
				fmt.Fprintf(os.Stderr, "pooled: %s: %v\n", u, errOrMissing(err))
			}
		}
	})
	if err := r.Close(); err != nil {
		return row{}, err
	}
	elapsed := time.Since(start)
	rss, pss, drv, bcpu, dcpu := s.stop()
	return row{name: "crawler/render pooled", pages: len(urls), errors: int(errs.Load()), elapsed: elapsed,
		peakRSS: rss, peakPSS: pss, driverRSS: drv, browserCPU: bcpu, driverCPU: dcpu,
		note: fmt.Sprintf("1 browser recycled every 200 pages (the default), incognito context per site (%d sites), "+
			"every request through crawler/fetch or the site's asset cache (%.1f per page); includes launches and Close\n    %s",
			o.sites, float64(reqs.Load())/float64(len(urls)), ph.String())}, nil
}

// phaseSum adds up the renders' Phases.
type phaseSum struct {
	mu                                           sync.Mutex
	n, reused, calls, reqs, cached               int
	tab, nav, load, settle, serialise, shot, all time.Duration
}

// add counts one successful render.
func (s *phaseSum) add(res *render.Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := res.Phases
	s.n++
	if p.Reused {
		s.reused++
	}
	s.calls += p.Calls
	s.tab += p.Tab
	s.nav += p.Navigate
	s.load += p.Load
	s.settle += p.Settle
	s.serialise += p.Serialise
	s.shot += p.Screenshot
	s.all += res.Duration
	for _, q := range res.Requests {
		s.reqs++
		if q.Cached {
			s.cached++
		}
	}
}

// String gives the mean per render.
func (s *phaseSum) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n == 0 {
		return "no render"
	}
	ms := func(d time.Duration) float64 { return d.Seconds() * 1000 / float64(s.n) }
	return fmt.Sprintf("where a render's %.0f ms went (mean): tab %.0f (%d%% of tabs reused), navigate %.0f, load %.0f, settle %.0f (quiet period %d), serialise %.0f, screenshot %.0f; %.1f DevTools calls/page; %d%% of requests from the asset cache",
		ms(s.all), ms(s.tab), 100*s.reused/s.n, ms(s.nav), ms(s.load), ms(s.settle), quiet.Milliseconds(), ms(s.serialise), ms(s.shot),
		float64(s.calls)/float64(s.n), 100*s.cached/max(s.reqs, 1))
}

// errOrMissing describes a failed render.
func errOrMissing(err error) string {
	if err != nil {
		return err.Error()
	}
	return "script-built links missing from the rendered DOM"
}

// perPage renders baselinePages pages starting (and closing) one browser
// for each, conc at a time.
func perPage(ctx context.Context, o options, base string) (row, error) {
	if o.baselinePages <= 0 {
		return row{}, nil
	}
	client, err := newClient()
	if err != nil {
		return row{}, err
	}
	prefix := filepath.Join(os.TempDir(), fmt.Sprintf("gongkai-render-%d-", os.Getpid()))
	s := sample(func() ([]int, int) { pids, _ := proctree.Find(prefix); return pids, os.Getpid() })
	var errs atomic.Int64
	urls := jsURLs(base, o.baselinePages)
	start := time.Now()
	each(urls, o.concurrency, func(i int, u string) {
		r, err := render.New(ctx, render.Config{Bin: o.bin, Pages: 1}, client)
		if err != nil {
			errs.Add(1)
			return
		}
		res, err := r.Render(ctx, "s", u)
		if err != nil || !builtLinks(res.HTML) {
			errs.Add(1)
		}
		_ = r.Close()
	})
	elapsed := time.Since(start)
	rss, pss, drv, bcpu, dcpu := s.stop()
	return row{name: "browser per page", pages: len(urls), errors: int(errs.Load()), elapsed: elapsed,
		peakRSS: rss, peakPSS: pss, driverRSS: drv, browserCPU: bcpu, driverCPU: dcpu,
		note: fmt.Sprintf("crawler/render with a new browser for every page, %d at a time", o.concurrency)}, nil
}

// puppeteer renders the pages with node and puppeteer-core on the same
// Chromium.
func puppeteer(ctx context.Context, o options, base string) (row, error) {
	if !o.puppeteer {
		return row{}, nil
	}
	bin := o.bin
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("chromium"); err != nil {
			return row{}, fmt.Errorf("puppeteer baseline: %w", err)
		}
	}
	urls := jsURLs(base, o.pages)
	cmd := exec.CommandContext(ctx, "node", "bench.js", bin, strconv.Itoa(o.concurrency), strconv.Itoa(int(quiet.Milliseconds())))
	cmd.Dir = o.nodeDir
	cmd.Stdin = strings.NewReader(strings.Join(urls, "\n"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return row{}, fmt.Errorf("puppeteer baseline: %w", err)
	}
	node := cmd.Process.Pid
	s := sample(func() ([]int, int) { return proctree.Tree(node)[1:], node })
	err := cmd.Wait()
	elapsed := time.Since(start)
	rss, pss, drv, bcpu, dcpu := s.stop()
	if err != nil {
		return row{}, fmt.Errorf("puppeteer baseline: %w", err)
	}
	var res struct{ Pages, Errors int }
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return row{}, fmt.Errorf("puppeteer baseline output %q: %w", out.String(), err)
	}
	return row{name: "puppeteer-core", pages: res.Pages, errors: res.Errors, elapsed: elapsed,
		peakRSS: rss, peakPSS: pss, driverRSS: drv, browserCPU: bcpu, driverCPU: dcpu,
		note: "node + puppeteer-core 24, 1 browser, plain page per URL, Chromium fetches by itself; load + 300 ms network idle; includes launch and close"}, nil
}

// npmInstall installs puppeteer-core into dir when it is missing. It
// never downloads a browser (puppeteer-core has none; PUPPETEER_SKIP_DOWNLOAD
// makes sure).
func npmInstall(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "puppeteer-core")); err == nil {
		return nil
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not found (apt-get install -y nodejs npm)", tool)
		}
	}
	cmd := exec.Command("npm", "install", "--no-audit", "--no-fund")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PUPPETEER_SKIP_DOWNLOAD=1")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install in %s: %w", dir, err)
	}
	return nil
}

// sampler tracks the peak memory and the CPU time of a process set,
// sampling every 100 ms.
type sampler struct {
	stopc           chan struct{}
	done            chan struct{}
	rss, pss, drive int64
	cpu             map[int]time.Duration // browser pid -> CPU time last seen
	driver          int
	driverCPU0      time.Duration
	driverCPU       time.Duration // last seen
	ownCPU          time.Duration // the sampler's own thread, not the driver's work
}

// sample starts sampling the processes find returns (the browser tree and
// the driver).
func sample(find func() (browser []int, driver int)) *sampler {
	s := &sampler{stopc: make(chan struct{}), done: make(chan struct{}), cpu: map[int]time.Duration{}}
	_, s.driver = find()
	s.driverCPU0 = proctree.CPUTime(s.driver)
	go func() {
		defer close(s.done)
		// On a thread of its own, so that its CPU time (reading /proc
		// ten times a second) is not counted as the driver's when the
		// driver is this process.
		runtime.LockOSThread()
		tid := syscall.Gettid()
		defer func() { s.ownCPU = threadCPU(tid) }()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			pids, drv := find()
			s.rss = max(s.rss, proctree.RSS(pids))
			s.pss = max(s.pss, proctree.PSS(pids))
			s.drive = max(s.drive, proctree.RSS([]int{drv}))
			for _, pid := range pids {
				s.cpu[pid] = max(s.cpu[pid], proctree.CPUTime(pid))
			}
			s.driverCPU = max(s.driverCPU, proctree.CPUTime(drv))
			select {
			case <-s.stopc:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// threadCPU returns the CPU time of one thread of this process
// (/proc/PID/stat gives the whole process's, even for a thread's id).
func threadCPU(tid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/self/task/%d/stat", tid))
	if err != nil {
		return 0
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond // USER_HZ is 100
}

// stop ends sampling and returns the peaks and CPU times (browser
// processes that lived less than a sample interval are missed).
func (s *sampler) stop() (rss, pss, driver int64, browserCPU, driverCPU time.Duration) {
	close(s.stopc)
	<-s.done
	for _, c := range s.cpu {
		browserCPU += c
	}
	driverCPU = max(s.driverCPU, proctree.CPUTime(s.driver)) - s.driverCPU0
	if s.driver == os.Getpid() {
		driverCPU -= s.ownCPU
	}
	return s.rss, s.pss, s.drive, browserCPU, driverCPU
}
