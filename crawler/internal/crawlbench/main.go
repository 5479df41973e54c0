// Command crawlbench measures crawl throughput and memory on a generated
// loopback site (sampleweb.NewLargeSite): gongkai's crawler with all its
// per-page work (page facts, link verdicts, journal, snapshot) but without
// politeness, against a bare net/http + x/net/html crawler (the machine's
// practical limit) and colly v2 as shipped. Each crawler runs in a child
// process of its own so that CPU time and peak RSS are its alone.
//
//	go run ./crawler/internal/crawlbench -pages 10000 -size 30000
//	go run ./crawler/internal/crawlbench -rss-only -pages 200000
//
// Columns: pages the crawler counted, distinct pages the server served,
// wall seconds and pages/s of the crawl (gongkai's includes writing the
// final snapshot), CPU seconds (user+sys) and CPU per page of the child,
// and its peak RSS (getrusage ru_maxrss). The server runs in the parent, so
// its CPU is nobody's. -cpuprofile and -memprofile profile the gongkai
// child. Set CRAWLBENCH_PROGRESS=1 to see gongkai's progress lines.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"gongkai/crawler/sampleweb"
)

// result is what a child reports on stdout.
type result struct {
	Impl  string  `json:"impl"`
	Pages int     `json:"pages"` // pages the crawler itself counted
	Wall  float64 `json:"wall"`  // seconds from first request to done
	CPU   float64 `json:"cpu"`   // user+sys seconds of the child when done
}

// row is one line of the table.
type row struct {
	result
	served  int // distinct pages the server served
	cpu     float64
	maxRSS  int64 // bytes
	elapsed float64
}

func main() {
	var (
		pages   = flag.Int("pages", 10000, "pages of the generated site")
		size    = flag.Int("size", 30000, "bytes per page")
		workers = flag.Int("workers", 32, "concurrent fetches per crawler")
		impls   = flag.String("impls", "gongkai,bare,colly", "crawlers to run, comma-separated")
		rssOnly = flag.Bool("rss-only", false, "the peak-RSS run: gongkai and bare only")
		impl    = flag.String("impl", "", "child mode: run this crawler against -url")
		target  = flag.String("url", "", "child mode: the site's homepage")
		profile = flag.String("cpuprofile", "", "write a CPU profile of the gongkai crawler here")
		memprof = flag.String("memprofile", "", "write heap profiles of the gongkai crawler here, every 10 s")
	)
	flag.Parse()
	log.SetFlags(0)
	if *impl != "" {
		child(*impl, *target, *pages, *workers, *profile, *memprof)
		return
	}
	list := strings.Split(*impls, ",")
	if *rssOnly {
		list = []string{"gongkai", "bare"}
	}
	rows, err := parent(list, *pages, *size, *workers, *profile, *memprof)
	if err != nil {
		log.Fatal(err)
	}
	print(rows, *pages, *size, *workers)
}

// parent serves the site and runs each crawler in a child process.
func parent(impls []string, pages, size, workers int, profile, memprof string) ([]row, error) {
	site := &counting{h: sampleweb.NewLargeSite(pages, size), seen: map[string]bool{}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(l)
	defer srv.Close()
	home := "http://" + l.Addr().String() + "/"
	var rows []row
	for _, impl := range impls {
		site.reset()
		args := []string{"-impl", impl, "-url", home, "-pages", fmt.Sprint(pages), "-workers", fmt.Sprint(workers)}
		if profile != "" && impl == "gongkai" {
			args = append(args, "-cpuprofile", profile)
		}
		if memprof != "" && impl == "gongkai" {
			args = append(args, "-memprofile", memprof)
		}
		cmd := exec.Command(os.Args[0], args...)
		cmd.Stderr = os.Stderr
		start := time.Now()
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", impl, err)
		}
		var r row
		if err := json.Unmarshal(out, &r.result); err != nil {
			return nil, fmt.Errorf("%s: bad report %q: %w", impl, out, err)
		}
		r.elapsed = time.Since(start).Seconds()
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		r.cpu = r.CPU
		if r.cpu == 0 {
			r.cpu = tv(ru.Utime) + tv(ru.Stime)
		}
		r.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
		r.served = site.distinct()
		rows = append(rows, r)
		log.Printf("%-8s %d pages in %.1fs", impl, r.Pages, r.Wall)
	}
	return rows, nil
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

// print writes the table.
func print(rows []row, pages, size, workers int) {
	fmt.Printf("site: %d pages of %d bytes on loopback; %d concurrent fetches; GOMAXPROCS of the machine\n\n", pages, size, workers)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "crawler\tpages\tserved\twall s\tpages/s\tCPU s\tCPU ms/page\tpeak RSS MiB\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%.0f\t%.2f\t%.2f\t%.1f\t\n", r.Impl, r.Pages, r.served, r.Wall,
			float64(r.Pages)/r.Wall, r.cpu, 1000*r.cpu/float64(max(r.Pages, 1)), float64(r.maxRSS)/(1<<20))
	}
	tw.Flush()
}

// counting serves the site and counts the distinct paths GET requested.
type counting struct {
	h    http.Handler
	mu   sync.Mutex
	seen map[string]bool
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path != "/robots.txt" {
		c.mu.Lock()
		c.seen[r.URL.RequestURI()] = true
		c.mu.Unlock()
	}
	c.h.ServeHTTP(w, r)
}

func (c *counting) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen = map[string]bool{}
}

func (c *counting) distinct() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen)
}
