package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gongkai/crawler/hostileweb"
	"gongkai/crawler/snapshot"
	"gongkai/datasets"
)

// envAsMain makes the test binary run as gongkai (TestMain), so that an
// end-to-end test can start it as a child process and watch its process
// tree.
const envAsMain = "GONGKAI_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envAsMain) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// inHostileNetns runs the calling test again in a network namespace of its
// own (see hostileweb.Reexec) and reports false; inside it, it reports
// true and the test goes on.
func inHostileNetns(t *testing.T) bool {
	t.Helper()
	if hostileweb.InNetns() {
		return true
	}
	out, err := hostileweb.Reexec("-test.run=^"+t.Name()+"$", "-test.v", "-test.timeout=15m")
	t.Logf("in its network namespace:\n%s", out)
	switch {
	case errors.Is(err, hostileweb.ErrNoNetns) && os.Getenv("CI") != "true":
		t.Skip(err)
	case err != nil:
		t.Fatal(err)
	}
	return false
}

// hostileAudit is one gongkai run on the hostile web.
type hostileAudit struct {
	out      string
	exit     error
	took     time.Duration
	memory   hostileweb.TreeMemory
	output   string
	browsers []int // browser processes left when gongkai returned
}

// startGongkai runs gongkai with args in the hostile web's namespace,
// trusting the web's CA (SSL_CERT_FILE, as an operator would add a root),
// watches its process tree, and calls during(pid) while it runs.
func startGongkai(t *testing.T, web *hostileweb.Web, dir string, args []string, during func(pid int)) hostileAudit {
	t.Helper()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, web.CAPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), envAsMain+"=1", "SSL_CERT_FILE="+ca, "GONGKAI_LOG=warn")
	cmd.Stdout, cmd.Stderr = &buf, &buf
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := hostileweb.WatchTree(cmd.Process.Pid, 100*time.Millisecond)
	if during != nil {
		go during(cmd.Process.Pid)
	}
	err := cmd.Wait()
	a := hostileAudit{out: dir, exit: err, took: time.Since(start), memory: stop(), output: buf.String(),
		browsers: hostileweb.BrowserProcesses(cmd.Process.Pid)}
	return a
}

// TestHostileWebAudit audits every hostile site at once with the gongkai
// binary, WITHOUT --allow-private: the sites have public-looking addresses
// in the test's network namespace, the canaries private ones. The audit
// must end within its budget and publish a release in which every site
// has its crawl_status; no canary may see a connection; no browser process
// may be left when gongkai returns; the process tree stays under 1 GiB.
// The caps are small (256 KiB a response, 4 MiB a site, 30 pages) so that
// the sites that must finish do so well within their 45 s even when the
// race detector and a busy machine slow gongkai tenfold: every cap trips
// on bytes or counts long before a clock.
func TestHostileWebAudit(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end audit")
	}
	if !inHostileNetns(t) {
		return
	}
	needChromium(t)
	web, err := hostileweb.Start(t.Context(), hostileweb.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = web.Close() })
	dir := t.TempDir()
	sites := filepath.Join(dir, "sites.csv")
	if err := os.WriteFile(sites, web.SitesCSV(), 0o644); err != nil {
		t.Fatal(err)
	}
	// The sites that must end on bytes or counts (bombs, parser, endless,
	// trap) need their site budget to outlast a loaded machine; the ones
	// that end on the clock (tarpit, trickle, robots-delay) cost it.
	const budget = 8 * time.Minute
	a := startGongkai(t, web, dir, []string{"audit", "--sites", sites, "--out", dir, "--resolver", web.DNSAddr,
		"--as-of", "2026-11-20", "--render", "auto", "--rate", "0", "--max-pages", "30",
		"--site-timeout", "2m", "--max-bytes", "4MiB", "--max-page-bytes", "256KiB", "--timeout", budget.String()}, nil)
	t.Logf("gongkai took %v; process tree peak RSS %d MiB (PSS %d MiB), gongkai alone %d MiB; at the peak: %s",
		a.took, a.memory.RSS>>20, a.memory.PSS>>20, a.memory.Root>>20, strings.Join(a.memory.AtPeak, ", "))
	if a.exit != nil {
		t.Fatalf("gongkai audit: %v\n%s", a.exit, a.output)
	}
	if a.took > budget+time.Minute {
		t.Errorf("the audit took %v, over its budget of %v", a.took, budget)
	}
	if len(a.browsers) != 0 {
		t.Errorf("browser processes left when gongkai returned: %v", a.browsers)
	}
	rel, err := datasets.Load(dir, "latest", "sites", "pages")
	if err != nil {
		t.Fatalf("no release: %v\n%s", err, a.output)
	}
	// With a site budget longer than a tarpit's retries (header timeouts
	// on robots.txt and the homepage, about a minute), the tarpit's
	// homepage times out before its budget does: a bounded outcome too.
	longBudget := map[string]snapshot.Status{"tarpit": snapshot.StatusTimeout}
	got := map[string]datasets.SiteRow{}
	for _, r := range rel.Sites {
		got[r.SiteID] = r
	}
	for _, s := range web.Sites {
		r, ok := got[s.ID]
		switch {
		case !ok:
			t.Errorf("%s: no row in the release", s.ID)
		case r.CrawlStatus != string(s.Want) && r.CrawlStatus != string(longBudget[s.ID]):
			t.Errorf("%s: crawl_status %s (%s), want %s (%s)", s.ID, r.CrawlStatus, r.CrawlError, s.Want, s.Why)
		default:
			took := "-"
			if r.StartedAt != nil && r.FinishedAt != nil {
				took = r.FinishedAt.Sub(*r.StartedAt).Round(time.Second).String()
			}
			t.Logf("%-13s %-18s %4d pages %6s  %.100s", s.ID, r.CrawlStatus, r.PagesCrawled, took, r.CrawlError)
		}
	}
	rendered := map[string]string{}
	for _, p := range rel.Pages {
		if p.SiteID == "browser" {
			rendered[strings.TrimPrefix(p.URL, "http://www.browser.gov.cn")] = p.CrawlStatus
		}
	}
	if rendered["/bomb.html"] != "render_error" || rendered["/spy.html"] != "ok" {
		t.Errorf("browser pages %v: want the memory bomb render_error, the spy page rendered", rendered)
	}
	if n, seen := web.CanaryHits(); n != 0 {
		t.Errorf("%d connections reached a private address: %v", n, seen)
	}
	const treeCap = 1 << 30
	if a.memory.PSS > treeCap || a.memory.RSS > 2*treeCap {
		t.Errorf("process tree peaked at PSS %d MiB, RSS %d MiB; want PSS under 1 GiB", a.memory.PSS>>20, a.memory.RSS>>20)
	}
	if t.Failed() {
		t.Logf("gongkai output:\n%s", a.output)
	}
}

// TestHostileWebInterrupt sends SIGTERM to an audit under way: it must
// publish what it did (the unfinished sites interrupted), exit non-zero,
// leave no browser process, and --resume must finish it.
func TestHostileWebInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end audit")
	}
	if !inHostileNetns(t) {
		return
	}
	needChromium(t)
	web, err := hostileweb.Start(t.Context(), hostileweb.Config{Only: []string{"normal", "trickle", "tarpit", "lying"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = web.Close() })
	dir := t.TempDir()
	sites := filepath.Join(dir, "sites.csv")
	if err := os.WriteFile(sites, web.SitesCSV(), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"audit", "--sites", sites, "--out", dir, "--resolver", web.DNSAddr, "--as-of", "2026-11-20",
		"--render", "auto", "--rate", "0", "--site-timeout", "60s", "--max-page-bytes", "256KiB"}
	a := startGongkai(t, web, dir, args, func(pid int) {
		// SIGTERM once the normal site is done and the slow ones are under
		// way: their 60 s budget outlasts the normal site on a loaded
		// machine (20 s did not, at a load average of 50).
		deadline := time.Now().Add(time.Minute)
		for time.Now().Before(deadline) {
			if snaps, _ := filepath.Glob(filepath.Join(dir, "audits", "*", "snapshots", "normal.json.gz")); len(snaps) > 0 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		_ = syscall.Kill(pid, syscall.SIGTERM)
	})
	var ee *exec.ExitError
	if !errors.As(a.exit, &ee) || ee.ExitCode() == 0 || !strings.Contains(a.output, "interrupted") {
		t.Fatalf("interrupted audit exited %v, want non-zero saying interrupted\n%s", a.exit, a.output)
	}
	if len(a.browsers) != 0 {
		t.Errorf("browser processes left when gongkai returned: %v", a.browsers)
	}
	status := func() map[string]string {
		rel, err := datasets.Load(dir, "latest", "sites")
		if err != nil {
			t.Fatalf("no release: %v\n%s", err, a.output)
		}
		out := map[string]string{}
		for _, r := range rel.Sites {
			out[r.SiteID] = r.CrawlStatus
		}
		return out
	}
	first := status()
	if first["normal"] != "ok" || first["trickle"] != "interrupted" || first["tarpit"] != "interrupted" || len(first) != 4 {
		t.Errorf("release of the interrupted audit: %v; want normal ok, the slow sites interrupted, a row each", first)
	}

	b := startGongkai(t, web, dir, append(args, "--resume"), nil)
	if b.exit != nil {
		t.Fatalf("resume: %v\n%s", b.exit, b.output)
	}
	final := status()
	want := map[string]string{"lying": "ok", "normal": "ok", "tarpit": "site_timeout", "trickle": "site_timeout"}
	if fmt.Sprint(final) != fmt.Sprint(want) {
		t.Errorf("release after --resume: %v, want %v", final, want)
	}
	if n, seen := web.CanaryHits(); n != 0 {
		t.Errorf("%d connections reached a private address: %v", n, seen)
	}
}
