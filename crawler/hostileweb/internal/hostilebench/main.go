// Command hostilebench audits the hostile web in one run of the gongkai
// binary, beside the same audit of the sample web and of a normal site of
// 2000 pages, and reports for each: wall time, the peak memory of the
// process tree (gongkai and its browsers: PSS, and the RSS sum that counts
// the pages Chromium's processes share once per process), gongkai's own
// peak RSS, and for the hostile web the bytes received per site. It runs
// inside a network namespace of its own (hostileweb.Reexec): the hostile
// sites have public-looking addresses there and are audited WITHOUT
// --allow-private; the sample web and the large site are on loopback.
//
//	go build -o bin/gongkai ./cmd/gongkai
//	go run ./crawler/hostileweb/internal/hostilebench -gongkai bin/gongkai
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"gongkai/crawler/hostileweb"
	"gongkai/crawler/sampleweb"
	"gongkai/crawler/snapshot"
)

// common are the flags of every audited run: the defaults, with a site
// budget of a minute and a byte budget of 64 MiB so the run takes minutes.
var common = []string{"--render", "auto", "--site-timeout", "60s", "--max-bytes", "64MiB", "--as-of", "2026-11-20"}

// run is one measured audit.
type run struct {
	name    string
	sites   int
	pages   int
	wall    time.Duration
	mem     hostileweb.TreeMemory
	snaps   []*snapshot.Snapshot
	served  func(id string) int64
	status  map[string]string
	leftBrs int
}

func main() {
	gongkai := flag.String("gongkai", "bin/gongkai", "the gongkai binary to measure (built without -race)")
	largePages := flag.Int("large-pages", 2000, "pages of the normal site")
	only := flag.String("runs", "hostile,sample,large", "runs to make, comma-separated")
	flag.Parse()
	log.SetFlags(0)
	bin, err := filepath.Abs(*gongkai)
	if err != nil {
		log.Fatal(err)
	}
	if !hostileweb.InNetns() {
		out, err := hostileweb.Reexec(os.Args[1:]...)
		os.Stdout.Write(out)
		if err != nil {
			log.Fatal(err)
		}
		return
	}
	if _, err := os.Stat(bin); err != nil {
		log.Fatalf("%v: build it first (go build -o bin/gongkai ./cmd/gongkai)", err)
	}
	ctx := context.Background()
	var runs []run
	all := map[string]func(context.Context, string) (run, error){"hostile": hostileRun, "sample": sampleRun, "large": largeRun(*largePages)}
	for _, name := range strings.Split(*only, ",") {
		f := all[name]
		if f == nil {
			log.Fatalf("no run %q: want hostile, sample or large", name)
		}
		r, err := f(ctx, bin)
		if err != nil {
			log.Fatal(err)
		}
		runs = append(runs, r)
	}
	report(runs)
}

// hostileRun audits the hostile web.
func hostileRun(ctx context.Context, bin string) (run, error) {
	web, err := hostileweb.Start(ctx, hostileweb.Config{})
	if err != nil {
		return run{}, err
	}
	defer web.Close()
	r, err := audit(bin, "hostile web", web.SitesCSV(), web.CAPEM(), append([]string{"--resolver", web.DNSAddr}, common...))
	r.served = web.BytesServed
	return r, err
}

// sampleRun audits the sample web.
func sampleRun(ctx context.Context, bin string) (run, error) {
	web, err := sampleweb.Start(ctx, sampleweb.Config{AsOf: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		return run{}, err
	}
	defer web.Close()
	return audit(bin, "sample web", web.SitesCSV(), web.CAPEM(),
		append([]string{"--resolver", web.DNSAddr, "--allow-private", "--max-pages", "300"}, common...))
}

// largeRun audits one ordinary site of n pages of 30 KB (no politeness).
func largeRun(n int) func(context.Context, string) (run, error) {
	return func(ctx context.Context, bin string) (run, error) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return run{}, err
		}
		srv := &http.Server{Handler: columns{sampleweb.NewLargeSite(n, 30000)}}
		go func() { _ = srv.Serve(ln) }()
		defer srv.Close()
		csv := fmt.Sprintf("site_id,name,url\nlarge,普通县人民政府,http://%s/\n", ln.Addr())
		return audit(bin, fmt.Sprintf("normal site, %d pages", n), []byte(csv), nil,
			append([]string{"--allow-private", "--rate", "0", "--max-pages", fmt.Sprint(n)}, common...))
	}
}

// columns spreads the generated site's pages over 40 columns
// (/lmXY/p/N.html) so that, as on a real portal, its URLs do not all share
// one pattern: the crawler crawls at most 50 pages of a URL pattern.
type columns struct{ h http.Handler }

var pageLink = regexp.MustCompile(`/p/([0-9]+)\.html`)

func column(n int) string { return fmt.Sprintf("/lm%c%c", 'a'+(n%40)/26, 'a'+(n%40)%26) }

func (c columns) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r2 := r.Clone(r.Context())
	if len(r2.URL.Path) > 5 && strings.HasPrefix(r2.URL.Path, "/lm") {
		r2.URL.Path = r2.URL.Path[5:]
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, r2)
	body := pageLink.ReplaceAllFunc(rec.Body.Bytes(), func(m []byte) []byte {
		n, _ := strconv.Atoi(string(pageLink.FindSubmatch(m)[1]))
		return append([]byte(column(n)), m...)
	})
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

// audit runs gongkai on a sites file and measures it.
func audit(bin, name string, sites, ca []byte, args []string) (run, error) {
	dir, err := os.MkdirTemp("", "hostilebench-")
	if err != nil {
		return run{}, err
	}
	defer os.RemoveAll(dir)
	sitesFile := filepath.Join(dir, "sites.csv")
	if err := os.WriteFile(sitesFile, sites, 0o644); err != nil {
		return run{}, err
	}
	env := append(os.Environ(), "GONGKAI_LOG=error")
	if ca != nil {
		caFile := filepath.Join(dir, "ca.pem")
		if err := os.WriteFile(caFile, ca, 0o644); err != nil {
			return run{}, err
		}
		env = append(env, "SSL_CERT_FILE="+caFile)
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, append([]string{"audit", "--sites", sitesFile, "--out", dir}, args...)...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, &out, &out
	log.Printf("auditing the %s ...", name)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return run{}, err
	}
	stop := hostileweb.WatchTree(cmd.Process.Pid, 100*time.Millisecond)
	werr := cmd.Wait()
	r := run{name: name, wall: time.Since(start), mem: stop(), leftBrs: len(hostileweb.BrowserProcesses(cmd.Process.Pid))}
	if werr != nil {
		return r, fmt.Errorf("%s: %v\n%s", name, werr, out.String())
	}
	audits, _ := filepath.Glob(filepath.Join(dir, "audits", "*"))
	if len(audits) != 1 {
		return r, errors.New(name + ": no audit directory")
	}
	if r.snaps, err = snapshot.ReadDir(audits[0]); err != nil {
		return r, err
	}
	r.status = map[string]string{}
	for _, s := range r.snaps {
		st, _ := s.CrawlStatus()
		r.status[s.Site.ID] = string(st)
		r.pages += len(s.Pages)
	}
	r.sites = len(r.snaps)
	return r, nil
}

// report prints the runs and the hostile web's bytes per site.
func report(runs []run) {
	fmt.Printf("\ngongkai audit %s (+ --resolver; --allow-private for the loopback runs)\n\n", strings.Join(common, " "))
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\tsites\tpages\twall s\ttree PSS MiB\ttree RSS-sum MiB\tgongkai RSS MiB\tbrowser procs left\t")
	for _, r := range runs {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%d\t%d\t%d\t%d\t\n", r.name, r.sites, r.pages, r.wall.Seconds(),
			r.mem.PSS>>20, r.mem.RSS>>20, r.mem.Root>>20, r.leftBrs)
	}
	tw.Flush()
	h := runs[0]
	if h.served == nil {
		return
	}
	fmt.Printf("\n%s, per site:\n\n", h.name)
	tw = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "site\tcrawl_status\tpages\tKiB received\tKiB served\t")
	slices.SortFunc(h.snaps, func(a, b *snapshot.Snapshot) int { return strings.Compare(a.Site.ID, b.Site.ID) })
	for _, s := range h.snaps {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t\n", s.Site.ID, h.status[s.Site.ID], len(s.Pages), s.Stats.BytesFetched>>10, h.served(s.Site.ID)>>10)
	}
	tw.Flush()
	fmt.Printf("\ntree memory at the hostile run's PSS peak (rss/pss): %s\n", strings.Join(h.mem.AtPeak, ", "))
}
