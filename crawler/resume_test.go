package crawler

import (
	"context"
	"errors"
	"fmt"
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

	"github.com/google/go-cmp/cmp"

	"gongkai/crawler/snapshot"
)

// resumeSite builds a 321-page site (homepage, 20 columns of 15 articles)
// whose every page takes delay to serve, plus an attachment per column
// (checked during the crawl) and a missing page per article (checked after).
func resumeSite(t *testing.T, delay time.Duration) (*fixture, *atomic.Int64) {
	pages := map[string]string{}
	var cols []string
	for i := range 20 {
		col := fmt.Sprintf("/c/%02d/index.html", i)
		cols = append(cols, col)
		links := []string{"/index.html", fmt.Sprintf("/files/%02d.pdf", i)}
		for j := range 15 {
			art := fmt.Sprintf("/c/%02d/%02d.html", i, j)
			links = append(links, art)
			pages[art] = html(fmt.Sprintf("文章 %d-%d", i, j), "/index.html", col, fmt.Sprintf("img:/missing/%02d-%02d.png", i, j))
		}
		pages[col] = html(fmt.Sprintf("栏目 %d", i), links...)
		pages[fmt.Sprintf("/files/%02d.pdf", i)] = "%PDF"
	}
	pages["/index.html"] = html("首页", cols...)
	f := newFixture(t, pages)
	var served atomic.Int64
	f.setDelay(func(path string) time.Duration {
		if strings.HasSuffix(path, ".html") {
			served.Add(1)
		}
		return delay
	})
	return f, &served
}

func resumeConfig() Config {
	c := testConfig()
	c.Workers = 4
	c.PatternCap = 0
	c.SyncEvery = 50 * time.Millisecond
	return c
}

// TestResumeChild is the crawl child process of TestResumeAfterKill; it
// does nothing unless started by it.
func TestResumeChild(t *testing.T) {
	if os.Getenv("GONGKAI_CRAWL_CHILD") != "1" {
		t.Skip("child process of TestResumeAfterKill")
	}
	site := snapshot.Site{ID: "rs", Name: "Resume", URL: os.Getenv("GONGKAI_CHILD_URL"), Kind: "portal"}
	ac := AuditConfig{Out: os.Getenv("GONGKAI_CHILD_OUT"), AsOf: testAsOf, Sites: []snapshot.Site{site},
		Crawl: resumeConfig(), Resume: os.Getenv("GONGKAI_CHILD_RESUME") == "1"}
	if _, err := Run(context.Background(), ac, testClient(t, nil), testLogger(t), nil); err != nil {
		t.Fatal(err)
	}
}

func runChild(t *testing.T, out, siteURL string, resume bool) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestResumeChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "GONGKAI_CRAWL_CHILD=1", "GONGKAI_CHILD_OUT="+out, "GONGKAI_CHILD_URL="+siteURL)
	if resume {
		cmd.Env = append(cmd.Env, "GONGKAI_CHILD_RESUME=1")
	}
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// countJournaled returns the number of pages in the journals of the
// unfinished audit in out, 0 while there is none; it may be read while the
// journal is being written (a torn last line is skipped).
func countJournaled(out string) int {
	dir, _, err := snapshot.LatestUnfinished(out)
	if err != nil {
		return 0
	}
	n := 0
	for rec, err := range snapshot.ReadJournal(snapshot.JournalPath(dir, "rs"), false) {
		if err != nil {
			return n
		}
		if rec.RawPage != nil {
			n++
		}
	}
	return n
}

// journaledPages returns the URLs of the pages in the journals of the
// unfinished audit in out.
func journaledPages(t *testing.T, out string) []string {
	dir, _, err := snapshot.LatestUnfinished(out)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for rec, err := range snapshot.ReadJournal(snapshot.JournalPath(dir, "rs"), true) {
		if err != nil {
			t.Fatal(err)
		}
		if rec.Page != nil {
			urls = append(urls, rec.Page.URL)
		}
	}
	return urls
}

func TestResumeAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	site, served := resumeSite(t, 12*time.Millisecond)
	// The crawl stalls after 100 pages until the child is killed, so that
	// it is killed mid-crawl however fast or slow the machine runs it.
	stall := make(chan struct{})
	var unstall sync.Once
	t.Cleanup(func() { unstall.Do(func() { close(stall) }) }) // before the fixture's Close, which waits for its handlers
	site.setDelay(func(path string) time.Duration {
		if strings.HasSuffix(path, ".html") && served.Add(1) > 100 {
			<-stall
		}
		return 12 * time.Millisecond
	})
	home := site.URL + "/index.html"
	out := t.TempDir()

	child := runChild(t, out, home, false)
	// Kill it once its journal holds 50 pages (it is synced every 50 ms).
	for deadline := time.Now().Add(2 * time.Minute); countJournaled(out) < 50; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = child.Process.Kill()
			t.Fatalf("the child journaled %d pages in 2 minutes, %d served", countJournaled(out), served.Load())
		}
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := child.Wait()
	unstall.Do(func() { close(stall) })
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed (it finished too soon?): %v", err)
	}
	journaled := journaledPages(t, out)
	if len(journaled) < 50 || len(journaled) > 300 {
		t.Fatalf("%d pages journaled when killed after %d served", len(journaled), served.Load())
	}
	t.Logf("killed after %d pages served, %d journaled", served.Load(), len(journaled))

	if err := runChild(t, out, home, true).Wait(); err != nil {
		t.Fatalf("resumed child: %v", err)
	}
	resumedDir, err := latestAudit(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := snapshot.ReadDir(resumedDir)
	if err != nil || len(got) != 1 {
		t.Fatalf("resumed audit: %v, %d snapshots", err, len(got))
	}
	if a, err := snapshot.ReadAudit(resumedDir); err != nil || !a.Finished() {
		t.Errorf("resumed audit not marked finished: %v", err)
	}

	// No journaled page was fetched again; at most Workers pages (in flight
	// when killed) were fetched twice.
	requests := site.total()
	for _, u := range journaled {
		path := strings.TrimPrefix(u, site.URL)
		if n := requests["GET "+path]; n != 1 && u != home {
			t.Errorf("journaled page %s requested %d times", path, n)
		}
	}
	twice := 0
	for k, n := range requests {
		if n > 1 && k != "GET /index.html" && k != "HEAD /index.html" {
			twice++
		}
	}
	if twice > resumeConfig().Workers+resumeConfig().LinkWorkers {
		t.Errorf("%d URLs requested more than once, want at most %d in-flight ones", twice, resumeConfig().Workers+resumeConfig().LinkWorkers)
	}

	// The result equals an uninterrupted crawl's.
	_, want := audit(t, t.TempDir(), resumeConfig(), testClient(t, nil),
		snapshot.Site{ID: "rs", Name: "Resume", URL: home, Kind: "portal"})
	if len(got[0].Pages) != 321 {
		t.Errorf("resumed crawl has %d pages, want 321", len(got[0].Pages))
	}
	if diff := cmp.Diff(want[0], got[0], timeless); diff != "" {
		t.Errorf("resumed snapshot differs from an uninterrupted crawl (-want +got):\n%s", diff)
	}
}

// latestAudit returns the newest audit directory in out.
func latestAudit(out string) (string, error) {
	m, err := filepath.Glob(filepath.Join(out, snapshot.AuditsDir, "*"))
	if err != nil || len(m) == 0 {
		return "", fmt.Errorf("no audit in %s: %v", out, err)
	}
	return m[len(m)-1], nil
}

// TestCancelAndResume interrupts a crawl through its context (SIGINT) and
// resumes it in process.
func TestCancelAndResume(t *testing.T) {
	site, served := resumeSite(t, 2*time.Millisecond)
	// The crawl stalls after 60 pages until it is cancelled, so that it is
	// cancelled mid-crawl however fast or slow the machine runs it.
	stall := make(chan struct{})
	var unstall sync.Once
	t.Cleanup(func() { unstall.Do(func() { close(stall) }) }) // before the fixture's Close, which waits for its handlers
	site.setDelay(func(path string) time.Duration {
		if strings.HasSuffix(path, ".html") && served.Add(1) > 60 {
			<-stall
		}
		return 2 * time.Millisecond
	})
	home := snapshot.Site{ID: "rs", Name: "Resume", URL: site.URL + "/index.html", Kind: "portal"}
	out := t.TempDir()
	client := testClient(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelled := make(chan time.Time, 1)
	go func() {
		for served.Load() <= 60 && ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		cancelled <- time.Now()
		cancel()
		unstall.Do(func() { close(stall) })
	}()
	ac := AuditConfig{Out: out, AsOf: testAsOf, Sites: []snapshot.Site{home}, Crawl: resumeConfig()}
	dir, err := Run(ctx, ac, client, testLogger(t), nil)
	if !errors.Is(err, ErrInterrupted) || !errors.Is(err, context.Canceled) || dir == "" {
		t.Fatalf("cancelled Run = %q, %v", dir, err)
	}
	if d := time.Since(<-cancelled); d > 30*time.Second { // only a Run that ignores its context takes this long
		t.Errorf("cancelled Run took %v to return", d)
	}
	// What was done is there to publish, marked interrupted and listed
	// for the resume to replace.
	partial, err := snapshot.ReadFile(snapshot.SnapshotPath(dir, "rs"))
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := partial.CrawlStatus(); st != snapshot.StatusInterrupted || partial.Stopped.Phase != snapshot.PhaseCrawl ||
		len(partial.Pages) == 0 || partial.Status != snapshot.StatusOK {
		t.Fatalf("interrupted snapshot: status %s %s stopped %+v, %d pages", st, partial.Status, partial.Stopped, len(partial.Pages))
	}
	if a, err := snapshot.ReadAudit(dir); err != nil || !slices.Equal(a.Interrupted, []string{"rs"}) || a.Finished() {
		t.Fatalf("audit.json after the interruption: %+v %v", a, err)
	}
	if n := len(journaledPages(t, out)); n == 0 || n >= 321 {
		t.Fatalf("%d pages journaled", n)
	}
	ac.Resume, ac.Sites = true, nil
	if dir2, err := Run(context.Background(), ac, client, testLogger(t), nil); err != nil || dir2 != dir {
		t.Fatalf("resume = %q, %v; want %q", dir2, err, dir)
	}
	got, err := snapshot.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, want := audit(t, t.TempDir(), resumeConfig(), testClient(t, nil), home)
	if diff := cmp.Diff(want[0], got[0], timeless); diff != "" {
		t.Errorf("resumed snapshot differs (-want +got):\n%s", diff)
	}
	// Nothing left to resume.
	ac.Resume = true
	if _, err := Run(context.Background(), ac, client, nil, nil); err == nil || !strings.Contains(err.Error(), "no unfinished audit") {
		t.Errorf("second resume: %v", err)
	}
}
