package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// spec varies the requests of a run: a random site's path
// (prefix + site-NNNNN + suffix) and an optional Range header.
type spec struct {
	prefix, suffix string
	sites          int
	rangeHeader    string
}

// result is what one load run measured.
type result struct {
	p50, p99  time.Duration
	rps, mbps float64
	errors    int64
}

func (r result) print(name string) {
	fmt.Printf("%-44s %10s %10s %10.0f %12.1f", name, r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.rps, r.mbps)
	if r.errors > 0 {
		fmt.Printf("  (%d non-2xx/errors)", r.errors)
	}
	fmt.Println()
}

// loader runs load against one URL.
type loader interface {
	name() string
	run(url string, s spec) (result, error)
}

func newLoader(forceGo bool, conns int, dur time.Duration) loader {
	if !forceGo && hasWrk() {
		return wrkLoader{conns: conns, dur: dur}
	}
	return goLoader{conns: conns, dur: dur}
}

// wrkLoader drives Debian's wrk (two threads, the given connections).
type wrkLoader struct {
	conns int
	dur   time.Duration
}

func (w wrkLoader) name() string {
	return fmt.Sprintf("wrk, 2 threads, %d connections (one process beside the server)", w.conns)
}

func (w wrkLoader) run(url string, s spec) (result, error) {
	args := []string{"-t2", fmt.Sprintf("-c%d", w.conns), fmt.Sprintf("-d%ds", int(w.dur.Seconds())), "--latency", "--timeout", "10s"}
	if lua := s.lua(); lua != "" {
		f, err := os.CreateTemp("", "servebench-*.lua")
		if err != nil {
			return result{}, err
		}
		defer os.Remove(f.Name())
		f.WriteString(lua)
		f.Close()
		args = append(args, "-s", f.Name())
	}
	out, err := exec.Command("wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	return parseWrk(string(out))
}

// lua is the wrk script of a spec ("" for plain GETs of the URL).
func (s spec) lua() string {
	var b strings.Builder
	if s.rangeHeader != "" {
		fmt.Fprintf(&b, "wrk.headers[\"Range\"] = %q\n", s.rangeHeader)
	}
	if s.sites > 0 {
		fmt.Fprintf(&b, "math.randomseed(42)\nrequest = function()\n  return wrk.format(\"GET\", string.format(\"%s%%s%s\", string.format(\"site-%%05d\", math.random(0, %d))))\nend\n",
			s.prefix, s.suffix, s.sites-1)
	}
	return b.String()
}

var (
	wrkLatency = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s)\s*$`)
	wrkRPS     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkXfer    = regexp.MustCompile(`Transfer/sec:\s+([0-9.]+)([KMG]?B)`)
	wrkNon2xx  = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkErrors  = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

func parseWrk(out string) (result, error) {
	var r result
	for _, m := range wrkLatency.FindAllStringSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		unit := map[string]float64{"us": 1e3, "ms": 1e6, "s": 1e9}[m[3]]
		d := time.Duration(v * unit)
		if m[1] == "50" {
			r.p50 = d
		} else {
			r.p99 = d
		}
	}
	m := wrkRPS.FindStringSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("cannot read wrk's output:\n%s", out)
	}
	r.rps, _ = strconv.ParseFloat(m[1], 64)
	if m := wrkXfer.FindStringSubmatch(out); m != nil {
		v, _ := strconv.ParseFloat(m[1], 64)
		r.mbps = v * map[string]float64{"B": 1.0 / (1 << 20), "KB": 1.0 / (1 << 10), "MB": 1, "GB": 1 << 10}[m[2]]
	}
	if m := wrkNon2xx.FindStringSubmatch(out); m != nil {
		r.errors, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if m := wrkErrors.FindStringSubmatch(out); m != nil {
		for _, s := range m[1:] {
			n, _ := strconv.ParseInt(s, 10, 64)
			r.errors += n
		}
	}
	return r, nil
}

// goLoader is the fallback: conns goroutines with keep-alive connections.
type goLoader struct {
	conns int
	dur   time.Duration
}

func (g goLoader) name() string {
	return fmt.Sprintf("Go load generator, %d clients (in the server's process)", g.conns)
}

func (g goLoader) run(url string, s spec) (result, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: g.conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	base := url
	if s.sites > 0 {
		base = url[:strings.Index(url, s.prefix)]
	}
	var (
		mu       sync.Mutex
		lat      []time.Duration
		bytes    atomic.Int64
		errs     atomic.Int64
		wg       sync.WaitGroup
		deadline = time.Now().Add(g.dur)
	)
	for w := range g.conns {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(uint64(w), 1))
			var mine []time.Duration
			for time.Now().Before(deadline) {
				u := url
				if s.sites > 0 {
					u = fmt.Sprintf("%s%ssite-%05d%s", base, s.prefix, rnd.IntN(s.sites), s.suffix)
				}
				req, _ := http.NewRequest(http.MethodGet, u, nil)
				if s.rangeHeader != "" {
					req.Header.Set("Range", s.rangeHeader)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs.Add(1)
					continue
				}
				n, _ := io.Copy(io.Discard, bufio.NewReader(resp.Body))
				resp.Body.Close()
				mine = append(mine, time.Since(t0))
				bytes.Add(n)
				if resp.StatusCode >= 300 {
					errs.Add(1)
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if len(lat) == 0 {
		return result{}, fmt.Errorf("no request completed")
	}
	slices.Sort(lat)
	return result{
		p50: lat[len(lat)/2], p99: lat[len(lat)*99/100],
		rps: float64(len(lat)) / g.dur.Seconds(), mbps: float64(bytes.Load()) / (1 << 20) / g.dur.Seconds(),
		errors: errs.Load(),
	}, nil
}
