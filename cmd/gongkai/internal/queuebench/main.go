// Command queuebench measures the distributed audit (gongkai audit
// --queue) against the in-process default on a generated loopback web:
// N sites of P pages each, every site on its own 127.0.0.1 port. It runs
// the in-process audit, then the coordinator with 1, 2 and 4 worker
// processes on a fresh nats-server each time, and prints wall time, sites
// per second and the queue's overhead (1-worker wall over in-process wall,
// minus one; a worker crawls --sites-at-once sites, as the in-process audit
// does).
//
//	go run ./cmd/gongkai/internal/queuebench -gongkai bin/gongkai -sites 200 -pages 20
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	bin := flag.String("gongkai", "bin/gongkai", "the gongkai `BINARY` (make build)")
	natsBin := flag.String("nats-server", "nats-server", "the nats-server `BINARY`")
	sites := flag.Int("sites", 200, "sites in the generated web")
	pages := flag.Int("pages", 20, "pages per site")
	workers := flag.String("workers", "1,2,4", "worker process counts to run")
	flag.Parse()
	if err := run(*bin, *natsBin, *sites, *pages, *workers); err != nil {
		log.Fatal(err)
	}
}

func run(bin, natsBin string, nSites, nPages int, workerList string) error {
	dir, err := os.MkdirTemp("", "queuebench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sitesFile, stop, err := serveWeb(dir, nSites, nPages)
	if err != nil {
		return err
	}
	defer stop()
	common := []string{"--sites", sitesFile, "--as-of", "2026-11-20", "--render", "never", "--rate", "0",
		"--max-pages", strconv.Itoa(nPages + 1)}
	fmt.Printf("queuebench: %d sites × %d pages on loopback, %d CPUs\n\n", nSites, nPages+1, numCPU())
	fmt.Printf("| run | wall | sites/s | vs in-process |\n| --- | --- | --- | --- |\n")
	inproc, err := timed(func() error {
		return command(bin, append([]string{"audit", "--out", filepath.Join(dir, "inproc"), "--allow-private"}, common...)...).Run()
	})
	if err != nil {
		return fmt.Errorf("in-process audit: %w", err)
	}
	report("in-process (4 sites at once)", inproc, nSites, inproc)
	for _, w := range strings.Split(workerList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(w))
		if err != nil || n < 1 {
			return fmt.Errorf("-workers: %q", w)
		}
		took, err := distributed(bin, natsBin, filepath.Join(dir, "q"+w), n, common)
		if err != nil {
			return fmt.Errorf("%d workers: %w", n, err)
		}
		report(fmt.Sprintf("--queue, %d worker process(es) × 4 sites at once", n), took, nSites, inproc)
	}
	return nil
}

// distributed runs a nats-server, n workers and the coordinator, and
// returns the coordinator's wall time (workers already waiting).
func distributed(bin, natsBin, dir string, n int, common []string) (time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return 0, err
	}
	nats := exec.Command(natsBin, "-a", "127.0.0.1", "-p", strconv.Itoa(port), "-js", "-sd", filepath.Join(dir, "nats"))
	if err := nats.Start(); err != nil {
		return 0, err
	}
	defer func() { nats.Process.Kill(); nats.Wait() }()
	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	if err := waitListen(fmt.Sprintf("127.0.0.1:%d", port)); err != nil {
		return 0, err
	}
	store := filepath.Join(dir, "store")
	var ws []*exec.Cmd
	for i := range n {
		w := command(bin, "worker", "--queue", url, "--store", store, "--allow-private", "--work", filepath.Join(dir, fmt.Sprint("w", i)))
		if err := w.Start(); err != nil {
			return 0, err
		}
		ws = append(ws, w)
	}
	defer func() {
		for _, w := range ws {
			w.Process.Signal(os.Interrupt)
			w.Wait()
		}
	}()
	return timed(func() error {
		return command(bin, append([]string{"audit", "--out", filepath.Join(dir, "out"), "--queue", url, "--store", store}, common...)...).Run()
	})
}

func command(bin string, args ...string) *exec.Cmd {
	c := exec.CommandContext(context.Background(), bin, args...)
	c.Stderr = os.Stderr
	c.Env = append(os.Environ(), "GONGKAI_LOG=error")
	return c
}

func timed(f func() error) (time.Duration, error) {
	start := time.Now()
	err := f()
	return time.Since(start), err
}

func report(name string, took time.Duration, sites int, base time.Duration) {
	fmt.Printf("| %s | %.1f s | %.2f | %+.1f%% |\n", name, took.Seconds(), float64(sites)/took.Seconds(), 100*(took.Seconds()/base.Seconds()-1))
}

// serveWeb serves n sites of p pages, each on its own loopback port, and
// writes their sites file.
func serveWeb(dir string, n, p int) (string, func(), error) {
	var b strings.Builder
	b.WriteString("site_id,name,url,level,kind\n")
	var servers []*http.Server
	stop := func() {
		for _, s := range servers {
			s.Close()
		}
	}
	for i := range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			stop()
			return "", nil, err
		}
		srv := &http.Server{Handler: site(i, p)}
		servers = append(servers, srv)
		go srv.Serve(ln)
		fmt.Fprintf(&b, "s%03d,第%d县人民政府,http://%s/,county,portal\n", i, i, ln.Addr())
	}
	path := filepath.Join(dir, "sites.csv")
	return path, stop, os.WriteFile(path, []byte(b.String()), 0o644)
}

// site is a homepage linking p article pages of about 8 KB.
func site(i, p int) http.Handler {
	body := strings.Repeat("<p>根据《中华人民共和国政府信息公开条例》，本机关主动公开政府信息。</p>\n", 80)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/" {
			fmt.Fprintf(w, "<!doctype html><html><head><title>第%d县人民政府</title></head><body><ul>", i)
			for j := range p {
				fmt.Fprintf(w, `<li><a href="/zwgk/%d.html">通知公告 %d</a> <span>2026-11-%02d</span></li>`, j, j, 1+j%19)
			}
			fmt.Fprint(w, "</ul></body></html>")
			return
		}
		if !strings.HasPrefix(r.URL.Path, "/zwgk/") {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<!doctype html><html><head><title>通知 %s</title></head><body><a href="/">首页</a>%s</body></html>`, r.URL.Path, body)
	})
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func waitListen(addr string) error {
	for range 600 {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("nothing listens on %s", addr)
}

func numCPU() int {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	return strings.Count(string(data), "processor\t:")
}
