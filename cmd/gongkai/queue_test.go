package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"

	"gongkai/crawler/jobqueue/natstest"
	"gongkai/datasets"
)

// The distributed audit's tests run a real NATS server (Debian's
// nats-server, a process of its own so that it can be killed and
// restarted) and gongkai coordinators and workers as processes (this test
// binary run as gongkai, see TestMain), all on loopback.

// testAckWait is the workers' ack wait in these tests: a killed worker's
// job comes back after it. Heartbeats every quarter of it keep a live
// worker's job, however busy the machine.
const testAckWait = "5s"

// proc is a child process with its output.
type proc struct {
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{}
	err  error
}

// startProc starts bin with args; env is added to the test's environment.
func startProc(t *testing.T, bin string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{out: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(p.kill)
	return p
}

// gongkai starts this test binary as gongkai with args and env added to
// the test's environment.
func gongkai(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	return startProc(t, os.Args[0], append([]string{envAsMain + "=1", "GONGKAI_LOG=info"}, env...), args...)
}

// kill ends the process with SIGKILL and waits for it.
func (p *proc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// wait waits for the process to exit, at most d, and returns its error.
func (p *proc) wait(t *testing.T, d time.Duration) error {
	t.Helper()
	select {
	case <-p.done:
		return p.err
	case <-time.After(d):
		p.kill()
		t.Fatalf("%s still running after %v:\n%s", p.cmd.Args[0], d, p.out.String())
		return nil
	}
}

// waitOutput waits until the process has written s, at most d.
func (p *proc) waitOutput(t *testing.T, s string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !strings.Contains(p.out.String(), s) {
		select {
		case <-p.done:
			t.Fatalf("exited before writing %q: %v\n%s", s, p.err, p.out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q not written after %v:\n%s", s, d, p.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// tinySite is a two-page site on its own loopback port that counts the
// requests for its homepage (the crawl's, and the IPv4/IPv6 probes') and
// for its depth-2 page (one per crawl that got past the homepage); a gated
// one holds homepage requests until opened.
type tinySite struct {
	id     string
	srv    *httptest.Server
	hits   atomic.Int32
	crawls atomic.Int32
	hit    chan struct{} // a homepage request arrived
	gate   chan struct{} // closed: homepage requests are answered
	gated  bool
	once   sync.Once
}

func newTinySite(t *testing.T, id string, gated bool) *tinySite {
	t.Helper()
	s := &tinySite{id: id, hit: make(chan struct{}, 64), gate: make(chan struct{}), gated: gated}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			s.hits.Add(1)
			s.hit <- struct{}{}
			if s.gated {
				select {
				case <-s.gate:
				case <-r.Context().Done():
					return
				}
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html><head><title>%s 人民政府</title></head><body><a href="/zwgk/">政务公开</a></body></html>`, id)
		case "/zwgk/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html><head><title>政务公开</title></head><body><a href="/">首页</a><a href="/zwgk/1.html">通知</a></body></html>`)
		case "/zwgk/1.html":
			s.crawls.Add(1)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html><head><title>通知</title></head><body><a href="/zwgk/">政务公开</a></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(func() { s.open(); s.srv.Close() })
	return s
}

// open lets homepage requests through.
func (s *tinySite) open() { s.once.Do(func() { close(s.gate) }) }

// waitHit waits for a homepage request.
func (s *tinySite) waitHit(t *testing.T) {
	t.Helper()
	select {
	case <-s.hit:
	case <-time.After(2 * time.Minute):
		t.Fatalf("site %s never requested", s.id)
	}
}

// tinyCluster is a queue, a store and a sites file of tiny sites.
type tinyCluster struct {
	nats  *natstest.Server
	dir   string
	sites []*tinySite
	store string
	env   []string // for the coordinator and workers
	out   string
}

func newTinyCluster(t *testing.T, sites ...*tinySite) *tinyCluster {
	t.Helper()
	c := &tinyCluster{nats: natstest.Start(t), dir: t.TempDir(), sites: sites}
	c.store = filepath.Join(c.dir, "store")
	c.out = filepath.Join(c.dir, "out")
	var b strings.Builder
	b.WriteString("site_id,name,url,level,kind\n")
	for _, s := range sites {
		fmt.Fprintf(&b, "%s,%s人民政府,%s/,county,portal\n", s.id, s.id, s.srv.URL)
	}
	if err := os.WriteFile(filepath.Join(c.dir, "sites.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return c
}

// audit starts the coordinator.
func (c *tinyCluster) audit(t *testing.T, extra ...string) *proc {
	t.Helper()
	args := []string{"audit", "--sites", filepath.Join(c.dir, "sites.csv"), "--out", c.out, "--as-of", "2026-11-20",
		"--render", "never", "--allow-private", "--rate", "0", "--max-pages", "10",
		"--queue", c.nats.URL, "--store", c.store}
	return gongkai(t, c.env, append(args, extra...)...)
}

// worker starts a worker.
func (c *tinyCluster) worker(t *testing.T, extra ...string) *proc {
	t.Helper()
	args := []string{"worker", "--queue", c.nats.URL, "--store", c.store, "--allow-private", "--ack-wait", testAckWait,
		"--work", t.TempDir()}
	return gongkai(t, c.env, append(args, extra...)...)
}

// waitStored waits until the snapshots of sites are in the store.
func (c *tinyCluster) waitStored(t *testing.T, sites ...string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for _, id := range sites {
		for {
			if m, _ := filepath.Glob(filepath.Join(c.store, "audits", "*", "snapshots", id+".json.gz")); len(m) > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("site %s not in the store after 2 minutes", id)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// release loads the newest release in the cluster's output.
func (c *tinyCluster) release(t *testing.T) *datasets.Release {
	t.Helper()
	return loadNewestRelease(t, c.out)
}

func loadNewestRelease(t *testing.T, out string) *datasets.Release {
	t.Helper()
	rel, err := datasets.Load(out, newestRelease(t, out))
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// newestRelease returns the id of the newest release in out.
func newestRelease(t *testing.T, out string) string {
	t.Helper()
	ids, err := os.ReadDir(filepath.Join(out, "releases"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ids {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		t.Fatalf("no release in %s", out)
	}
	slices.Sort(names)
	return names[len(names)-1]
}

// siteStatuses returns each site's crawl_status and crawl_error, and
// fails the test when a site is missing or appears twice.
func siteStatuses(t *testing.T, rel *datasets.Release, sites []*tinySite) map[string]datasets.SiteRow {
	t.Helper()
	got := map[string]datasets.SiteRow{}
	for _, r := range rel.Sites {
		if _, dup := got[r.SiteID]; dup {
			t.Errorf("site %s is in the release twice", r.SiteID)
		}
		got[r.SiteID] = r
	}
	for _, s := range sites {
		if _, ok := got[s.id]; !ok {
			t.Errorf("site %s is not in the release", s.id)
		}
	}
	if len(got) != len(sites) {
		t.Errorf("%d sites in the release, want %d", len(got), len(sites))
	}
	return got
}

// wantAllOK fails for each site whose crawl_status is not ok.
func wantAllOK(t *testing.T, got map[string]datasets.SiteRow, sites []*tinySite) {
	t.Helper()
	for _, s := range sites {
		if st := got[s.id].CrawlStatus; st != "ok" {
			t.Errorf("site %s: crawl_status %q, want ok (%s)", s.id, st, got[s.id].CrawlError)
		}
	}
}

// TestQueueWorkerKilled: a worker killed (SIGKILL) in the middle of a site
// loses its job; after the ack wait the job goes to another worker, which
// crawls the site; the release has every site exactly once, all crawled.
func TestQueueWorkerKilled(t *testing.T) {
	t.Parallel()
	gate := newTinySite(t, "gate", true)
	sites := []*tinySite{gate, newTinySite(t, "a", false), newTinySite(t, "b", false), newTinySite(t, "c", false)}
	c := newTinyCluster(t, sites...)
	coord := c.audit(t)
	first := c.worker(t, "--sites-at-once", "8")
	gate.waitHit(t)
	// The other sites are done (in the store) before the kill: the gate's
	// job is the one lost mid-site.
	c.waitStored(t, "a", "b", "c")
	first.kill()
	gate.open()
	metricsAddr := freePort(t)
	second := c.worker(t, "--metrics-addr", metricsAddr)
	if err := coord.wait(t, 3*time.Minute); err != nil {
		t.Fatalf("audit: %v\n%s\nfirst worker:\n%s\nsecond worker:\n%s", err, coord.out.String(), first.out.String(), second.out.String())
	}
	// The second worker's /metrics: the job it took again, its crawl, and
	// the queue drained.
	scraped := scrape(t, metricsAddr)
	// How many of the first worker's jobs it had finished before it was
	// killed depends on the machine: the gate's job at least came back.
	for _, never := range []string{
		"gongkai_worker_jobs_redelivered_total 0",
		`gongkai_worker_jobs_total{outcome="crawled"} 0`,
	} {
		if strings.Contains(scraped, never+"\n") || !strings.Contains(scraped, strings.Fields(never)[0]+" ") {
			t.Errorf("worker metrics: want %s above 0:\n%s", strings.Fields(never)[0], grepLines(scraped, "gongkai_"))
		}
	}
	for _, want := range []string{
		"gongkai_worker_jobs_in_flight 0",
		"gongkai_queue_up 1",
		"gongkai_queue_jobs_pending 0",
		"gongkai_queue_jobs_in_flight 0",
	} {
		if !strings.Contains(scraped, want+"\n") {
			t.Errorf("worker metrics lack %q:\n%s", want, grepLines(scraped, "gongkai_"))
		}
	}
	got := siteStatuses(t, c.release(t), sites)
	wantAllOK(t, got, sites)
	for _, s := range sites {
		if n := s.crawls.Load(); n != 1 {
			t.Errorf("site %s crawled %d times, want once", s.id, n)
		}
	}
	if !strings.Contains(second.out.String(), "site=gate attempt=2") {
		t.Errorf("the second worker did not take the gate site's job as its second delivery:\n%s", second.out.String())
	}
}

// TestQueueWorkerRestartedNATS: the NATS server killed and started again
// while a worker is in the middle of a site; the worker reconnects, its
// acknowledgement and the jobs it had not taken yet go through, and the
// audit completes with every site.
func TestQueueNATSRestart(t *testing.T) {
	t.Parallel()
	gate := newTinySite(t, "gate", true)
	sites := []*tinySite{gate, newTinySite(t, "a", false), newTinySite(t, "b", false), newTinySite(t, "c", false)}
	c := newTinyCluster(t, sites...)
	coord := c.audit(t)
	coord.waitOutput(t, "sites queued", 2*time.Minute)
	w := c.worker(t, "--sites-at-once", "1")
	gate.waitHit(t)
	c.nats.Restart(t)
	gate.open()
	if err := coord.wait(t, 3*time.Minute); err != nil {
		t.Fatalf("audit: %v\n%s\nworker:\n%s", err, coord.out.String(), w.out.String())
	}
	got := siteStatuses(t, c.release(t), sites)
	wantAllOK(t, got, sites)
	if !strings.Contains(w.out.String(), "reconnected to the queue server") {
		t.Errorf("the worker never lost its server:\n%s", w.out.String())
	}
}

// TestQueuePoisonedJob: a site whose crawl kills every worker that takes
// it (here the test kills the worker when the site is requested) ends,
// after --attempts deliveries, as a row of its own with crawl_status
// job_failed; the other sites are crawled.
func TestQueuePoisonedJob(t *testing.T) {
	t.Parallel()
	poison := newTinySite(t, "poison", true)
	sites := []*tinySite{poison, newTinySite(t, "a", false)}
	c := newTinyCluster(t, sites...)
	coord := c.audit(t, "--attempts", "2")
	var logs []string
	for range 2 {
		// One site at a time: a worker that dies loses an attempt of
		// every job it holds, the poisoned one's and its neighbours'.
		w := c.worker(t, "--sites-at-once", "1")
		poison.waitHit(t)
		w.kill()
		logs = append(logs, w.out.String())
	}
	last := c.worker(t)
	if err := coord.wait(t, 3*time.Minute); err != nil {
		t.Fatalf("audit: %v\n%s\nworkers:\n%s\n%s", err, coord.out.String(), strings.Join(logs, "\n"), last.out.String())
	}
	got := siteStatuses(t, c.release(t), sites)
	if row := got["poison"]; row.CrawlStatus != "job_failed" || !strings.Contains(row.CrawlError, "each of 2 attempts") {
		t.Errorf("poisoned site: crawl_status %q, crawl_error %q; want job_failed after 2 attempts", row.CrawlStatus, row.CrawlError)
	}
	if row := got["a"]; row.CrawlStatus != "ok" {
		t.Errorf("site a: crawl_status %q (%s), want ok", row.CrawlStatus, row.CrawlError)
	}
	if n := poison.hits.Load(); n != 2 {
		t.Errorf("the poisoned site was requested %d times, want once per attempt (2)", n)
	}
}

// TestQueueCoordinatorResume: a coordinator killed after publishing its
// jobs, then started again with --resume, publishes the same jobs again
// (de-duplicated by their message ids) and waits for them; the workers,
// started after, crawl every site once, however many sites they take at
// once.
func TestQueueCoordinatorResume(t *testing.T) {
	t.Parallel()
	sites := []*tinySite{newTinySite(t, "a", false), newTinySite(t, "b", false), newTinySite(t, "c", false)}
	c := newTinyCluster(t, sites...)
	first := c.audit(t)
	first.waitOutput(t, "3 sites queued", 2*time.Minute)
	first.kill()
	resumed := c.audit(t, "--resume")
	resumed.waitOutput(t, "0 sites queued", 2*time.Minute)
	if !strings.Contains(resumed.out.String(), "3 already queued") {
		t.Errorf("the resumed coordinator did not find its jobs queued:\n%s", resumed.out.String())
	}
	w := c.worker(t, "--sites-at-once", "8")
	if err := resumed.wait(t, 3*time.Minute); err != nil {
		t.Fatalf("resumed audit: %v\n%s\nworker:\n%s", err, resumed.out.String(), w.out.String())
	}
	got := siteStatuses(t, c.release(t), sites)
	wantAllOK(t, got, sites)
	for _, s := range sites {
		if n := s.crawls.Load(); n != 1 {
			t.Errorf("site %s crawled %d times, want once", s.id, n)
		}
	}
	audits, err := os.ReadDir(filepath.Join(c.out, "audits"))
	if err != nil || len(audits) != 1 {
		t.Errorf("want the one audit resumed, got %v (%v)", audits, err)
	}
}

// TestQueueS3Store: the distributed audit with its snapshots in
// S3-compatible object storage (gofakes3 on loopback): two workers put
// them there, the coordinator takes them back and publishes every site.
func TestQueueS3Store(t *testing.T) {
	t.Parallel()
	sites := []*tinySite{newTinySite(t, "a", false), newTinySite(t, "b", false), newTinySite(t, "c", false)}
	c := newTinyCluster(t, sites...)
	backend, host := startFakeS3(t, "gongkai")
	c.store = "s3://gongkai/national?secure=false&endpoint=" + host
	c.env = []string{"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test-secret"}
	coord := c.audit(t)
	w1, w2 := c.worker(t), c.worker(t)
	if err := coord.wait(t, 3*time.Minute); err != nil {
		t.Fatalf("audit: %v\n%s\nworkers:\n%s\n%s", err, coord.out.String(), w1.out.String(), w2.out.String())
	}
	got := siteStatuses(t, c.release(t), sites)
	wantAllOK(t, got, sites)
	for _, s := range sites {
		if n := s.crawls.Load(); n != 1 {
			t.Errorf("site %s crawled %d times, want once", s.id, n)
		}
	}
	objs, err := backend.ListBucket("gongkai", &gofakes3.Prefix{}, gofakes3.ListBucketPage{})
	if err != nil {
		t.Fatal(err)
	}
	if len(objs.Contents) != len(sites) {
		var keys []string
		for _, o := range objs.Contents {
			keys = append(keys, o.Key)
		}
		t.Errorf("objects in the bucket: %v, want one snapshot per site", keys)
	}
}

// scrape returns the text of http://addr/metrics.
func scrape(t *testing.T, addr string) string {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// grepLines returns the lines of s that begin with prefix.
func grepLines(s, prefix string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
