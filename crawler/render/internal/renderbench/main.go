// Command renderbench measures crawler/render on loopback pages whose
// navigation is built by script: rendered pages per second and peak memory
// of the browser process tree, for the pooled renderer, for a browser
// started per page, and for puppeteer-core driving the same system
// Chromium with the same concurrency; then the cost of --render auto
// against --render never on a site whose pages need no rendering.
//
//	go run ./crawler/render/internal/renderbench -pages 500
//
// Run as root where `unshare` exists, it re-executes itself in a
// loopback-only network namespace (-netns=false to disable).
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"text/tabwriter"
	"time"
)

// options are the command-line flags.
type options struct {
	pages         int
	baselinePages int
	concurrency   int
	repeat        int
	sites         int
	bin           string
	nodeDir       string
	puppeteer     bool
	modes         bool
	netns         bool
	cpuprofile    string
}

func main() {
	var o options
	flag.IntVar(&o.pages, "pages", 500, "pages rendered by the pooled renderer and by puppeteer, and fetched by auto/never")
	flag.IntVar(&o.baselinePages, "baseline-pages", 40, "pages rendered by the browser-per-page baseline (slow)")
	flag.IntVar(&o.concurrency, "concurrency", min(4, 2*runtime.NumCPU()), "pages at once, every variant")
	flag.IntVar(&o.sites, "sites", 10, "sites the pooled renderer's pages are spread over (one incognito context each)")
	flag.IntVar(&o.repeat, "repeat", 3, "runs of each auto/never variant (the median is shown)")
	flag.StringVar(&o.bin, "chromium", "", "browser executable (default: as crawler/render looks it up)")
	flag.StringVar(&o.nodeDir, "node", "crawler/render/internal/renderbench/node", "directory of the puppeteer baseline (npm install runs there if needed)")
	flag.BoolVar(&o.puppeteer, "puppeteer", true, "run the puppeteer-core baseline")
	flag.BoolVar(&o.modes, "modes", true, "run the auto/never comparison")
	flag.BoolVar(&o.netns, "netns", true, "re-execute in a loopback-only network namespace when possible")
	flag.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the pooled variant's Go side (the driver) to this file")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "renderbench:", err)
		os.Exit(1)
	}
}

// run prepares the puppeteer baseline, enters the namespace and runs every
// variant.
func run(o options) error {
	if o.puppeteer {
		if err := npmInstall(o.nodeDir); err != nil {
			fmt.Fprintln(os.Stderr, "renderbench: puppeteer baseline disabled:", err)
			o.puppeteer = false
		}
	}
	if o.netns && os.Getenv("RENDERBENCH_NETNS") == "" {
		if code, ok := reexecInNetns(); ok {
			os.Exit(code)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: site{}, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	ctx := context.Background()
	fmt.Printf("renderbench: %d CPUs, concurrency %d, %s\n\n", runtime.NumCPU(), o.concurrency, chromiumVersion(o.bin))
	var rows []row
	for _, v := range []func(context.Context, options, string) (row, error){pooled, perPage, puppeteer} {
		r, err := v(ctx, o, base)
		if err != nil {
			return err
		}
		if r.name != "" {
			rows = append(rows, r)
			fmt.Fprintf(os.Stderr, "done: %s\n", r.name)
		}
	}
	printRenders(rows)
	if !o.modes {
		return nil
	}
	modes, err := autoNever(ctx, o, base)
	if err != nil {
		return err
	}
	printModes(modes)
	return nil
}

// reexecInNetns runs this program again under `unshare -n` with loopback
// up. ok is false when that is not possible.
func reexecInNetns() (code int, ok bool) {
	if os.Geteuid() != 0 {
		return 0, false
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		return 0, false
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return 0, false
	}
	args := append([]string{"-n", "--", "sh", "-c", `ip link set lo up && exec "$@"`, "sh"}, os.Args...)
	cmd := exec.Command("unshare", args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "RENDERBENCH_NETNS=1")
	if err := cmd.Run(); err != nil {
		if ee, isExit := err.(*exec.ExitError); isExit {
			return ee.ExitCode(), true
		}
		fmt.Fprintln(os.Stderr, "renderbench: unshare:", err, "(running in the host namespace)")
		return 0, false
	}
	return 0, true
}

// row is one line of the render table.
type row struct {
	name          string
	pages, errors int
	elapsed       time.Duration
	peakRSS       int64 // browser process tree, summed RSS
	peakPSS       int64 // browser process tree, summed PSS
	driverRSS     int64 // the driving process (Go or node)
	browserCPU    time.Duration
	driverCPU     time.Duration
	note          string
}

// printRenders prints the render table.
func printRenders(rows []row) {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "variant\tpages\terrors\tseconds\tpages/s\tbrowser CPU s/page\tdriver CPU s/page\tbrowser peak RSS MiB\tbrowser peak PSS MiB\tdriver peak RSS MiB\t")
	for _, r := range rows {
		n := float64(r.pages)
		fmt.Fprintf(w, "%s\t%d\t%d\t%.1f\t%.2f\t%.3f\t%.3f\t%.0f\t%.0f\t%.0f\t\n", r.name, r.pages, r.errors,
			r.elapsed.Seconds(), n/r.elapsed.Seconds(), r.browserCPU.Seconds()/n, r.driverCPU.Seconds()/n,
			mib(r.peakRSS), mib(r.peakPSS), mib(r.driverRSS))
	}
	_ = w.Flush()
	for _, r := range rows {
		if r.note != "" {
			fmt.Printf("  %s: %s\n", r.name, r.note)
		}
	}
	fmt.Println()
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// chromiumVersion returns the browser's --version line.
func chromiumVersion(bin string) string {
	if bin == "" {
		bin = "chromium"
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		return "chromium version unknown"
	}
	return string(trimNL(out))
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
