// Command queuebench measures the distributed audit (gongkai audit
// --queue) against the in-process default on generated loopback webs, in
// two scenarios:
//
//   - cpu: many small sites, --rate 0 and no server latency. Every audit
//     is bound by the machine's CPU: the in-process audit already uses
//     every core, so more workers on the same machine cannot help. What it
//     shows is the queue's cost, in wall time and in CPU time per site.
//   - polite: fewer sites, each limited by --rate (and answering after a
//     server latency), as real agency sites are. The in-process audit,
//     four sites at once, waits on politeness, not on the CPU; each worker
//     brings four more sites at once, so workers scale until the CPU is
//     used, as they would on machines of their own.
//
// For each it runs the in-process audit, then the coordinator with 1, 2
// and 4 worker processes (4 sites at once each, as the in-process audit)
// on a fresh nats-server each, and prints wall time, sites per second, the
// speed-up over one worker, the queue's overhead (one worker beside the
// in-process audit: the same sites at once), the CPU time per site of
// every process (audit, or coordinator + workers + nats-server: the
// overhead measure that does not depend on the machine being idle) and
// the 1-minute load average before and after each run. Every audit passes
// --ip-rate 0: the sites all live on 127.0.0.1 and must not throttle each
// other.
//
//	go build -o bin/gongkai ./cmd/gongkai
//	go run ./cmd/gongkai/internal/queuebench -gongkai bin/gongkai
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// sitesAtOnce is how many sites the in-process audit crawls at once (the
// crawler's default, which gongkai audit does not change); each worker is
// given as many.
const sitesAtOnce = 4

// scenario is one generated web and the politeness it is audited with.
type scenario struct {
	name    string
	sites   int
	pages   int // article pages per site, besides the homepage
	rate    float64
	latency time.Duration
}

// config is the bench's command line.
type config struct {
	bin, natsBin string
	work         string
	scenarios    []scenario
	workers      []int
	repeat       int
}

func main() {
	cfg, err := parseFlags()
	if err != nil {
		log.Fatal(err)
	}
	if err := run(cfg); err != nil {
		log.Fatal(err)
	}
}

func parseFlags() (config, error) {
	var cfg config
	flag.StringVar(&cfg.bin, "gongkai", "bin/gongkai", "the gongkai `BINARY` (make build)")
	flag.StringVar(&cfg.natsBin, "nats-server", "nats-server", "the nats-server `BINARY`")
	flag.StringVar(&cfg.work, "work", "", "put the workers' --work directories (journals of the sites under way) under `DIR`, e.g. a tmpfs (default: beside the store)")
	cpu := scenario{name: "cpu"}
	polite := scenario{name: "polite"}
	flag.IntVar(&cpu.sites, "sites", 200, "sites of the CPU-bound web")
	flag.IntVar(&cpu.pages, "pages", 20, "article pages per site of the CPU-bound web")
	flag.IntVar(&polite.sites, "polite-sites", 64, "sites of the politeness-bound web")
	flag.IntVar(&polite.pages, "polite-pages", 20, "article pages per site of the politeness-bound web")
	flag.Float64Var(&polite.rate, "rate", 10, "--rate of the politeness-bound audits, requests per second per host")
	flag.DurationVar(&polite.latency, "latency", 100*time.Millisecond, "server latency of the politeness-bound web")
	workers := flag.String("workers", "1,2,4", "worker process counts to run, comma-separated")
	only := flag.String("scenarios", "cpu,polite", "scenarios to run, comma-separated: cpu, polite")
	flag.IntVar(&cfg.repeat, "repeat", 1, "rounds of runs, each audit once a round; its shortest wall time and least CPU time are reported")
	flag.Parse()
	for _, w := range strings.Split(*workers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(w))
		if err != nil || n < 1 {
			return cfg, fmt.Errorf("-workers: %q is not a worker count", w)
		}
		cfg.workers = append(cfg.workers, n)
	}
	for _, name := range strings.Split(*only, ",") {
		i := slices.IndexFunc([]scenario{cpu, polite}, func(s scenario) bool { return s.name == strings.TrimSpace(name) })
		if i < 0 {
			return cfg, fmt.Errorf("-scenarios: unknown scenario %q", name)
		}
		cfg.scenarios = append(cfg.scenarios, []scenario{cpu, polite}[i])
	}
	if cfg.repeat < 1 {
		return cfg, fmt.Errorf("-repeat: want 1 or more, got %d", cfg.repeat)
	}
	return cfg, nil
}

func run(cfg config) error {
	dir, err := os.MkdirTemp("", "queuebench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Printf("queuebench: %d CPUs, best of %d interleaved round(s) (wall and CPU time each at its least)\n", runtime.NumCPU(), cfg.repeat)
	for i, s := range cfg.scenarios {
		if err := runScenario(cfg, s, fmt.Sprintf("%s/%d", dir, i)); err != nil {
			return fmt.Errorf("scenario %s: %w", s.name, err)
		}
	}
	return nil
}

// runScenario serves the scenario's web and measures the in-process audit
// and the queued one on each worker count.
func runScenario(cfg config, s scenario, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	w, err := serveWeb(dir, s.sites, s.pages, s.latency)
	if err != nil {
		return err
	}
	defer w.close()
	r := runner{bin: cfg.bin, natsBin: cfg.natsBin, dir: dir, work: cfg.work, audit: []string{
		"--sites", w.sitesFile, "--as-of", "2026-11-20", "--render", "never",
		"--rate", strconv.FormatFloat(s.rate, 'g', -1, 64), "--ip-rate", "0",
		"--max-pages", strconv.Itoa(s.pages + 1),
	}}
	runs := []func() (measure, error){r.inProcess}
	for _, n := range cfg.workers {
		runs = append(runs, func() (measure, error) { return r.queued(n, sitesAtOnce) })
	}
	ms, err := interleave(cfg.repeat, runs)
	if err != nil {
		return err
	}
	t := newTable(s, r.audit)
	t.inProcess(best(ms[0]))
	for i, n := range cfg.workers {
		t.queued(n, best(ms[i+1]))
	}
	t.print(os.Stdout)
	return nil
}

// interleave makes n rounds of runs, each run once a round, so that a
// change in the machine's load falls on every run alike; it returns the
// measures of each run.
func interleave(n int, runs []func() (measure, error)) ([][]measure, error) {
	out := make([][]measure, len(runs))
	for range n {
		for i, run := range runs {
			m, err := run()
			if err != nil {
				return nil, err
			}
			out[i] = append(out[i], m)
		}
	}
	return out, nil
}

// best returns the shortest wall time of ms (with its load) and the least
// CPU time (with its split between processes): the runs least disturbed
// by the machine's other work.
func best(ms []measure) measure {
	var out measure
	for i, m := range ms {
		if i == 0 || m.wall < out.wall {
			out.wall, out.load = m.wall, m.load
		}
		if i == 0 || m.cpu() < out.cpu() {
			out.coordinator, out.workers, out.nats = m.coordinator, m.workers, m.nats
		}
	}
	return out
}
