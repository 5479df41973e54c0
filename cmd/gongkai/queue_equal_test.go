package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gongkai/crawler/jobqueue/natstest"
	"gongkai/crawler/sampleweb"
	"gongkai/datasets"
)

// provenanceColumns are the columns of the release tables that say when
// and in which run a fact was gathered, not what it is: they differ
// between any two audits of the same web, distributed or not, and are
// left out of the comparison. Every other column of every table must
// agree.
var provenanceColumns = []string{
	"release_id",  // findings, changes: the release's own id
	"audit_id",    // sites: the audit's id (its start time)
	"started_at",  // sites: when the site's crawl started
	"finished_at", // sites: when it ended
	"home_ms",     // sites: how long the homepage took
	"fetched_at",  // pages: when the page was fetched
	"checked_at",  // links: when the link was checked
	"probed_at",   // probes: when the probe ran
	"duration_ms", // probes: how long it took
}

// volatileText are the parts of free-text cells that differ between any
// two audits of the same web: how long the homepage took, in a finding's
// message ("耗时0.5秒"), and the local port of a connection, in a network
// error ("read tcp6 [::1]:40374->[::1]:36231"). They are masked; the
// rest of the text must agree.
var volatileText = []struct {
	re   *regexp.Regexp
	mask string
}{
	{regexp.MustCompile(`耗时[0-9.]+秒`), "耗时…秒"},
	{regexp.MustCompile(`(\[::1\]|127\.0\.0\.1):[0-9]+->`), "$1:…->"},
}

// TestQueueAuditEqualsSingleProcess audits the sample web twice with the
// same flags: in one process, and with --queue on a NATS server, two
// worker processes and a directory store. The two releases must hold the
// same tables, row for row, but for the provenanceColumns.
func TestQueueAuditEqualsSingleProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("two audits of the sample web")
	}
	t.Parallel()
	nats := natstest.Start(t)
	ctx := t.Context()
	web, err := sampleweb.Start(ctx, sampleweb.Config{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = web.Close() })
	dir := t.TempDir()
	sitesFile, ca := filepath.Join(dir, "sites.csv"), filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(sitesFile, web.SitesCSV(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ca, web.CAPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{envAsMain + "=1", "SSL_CERT_FILE=" + ca, "GONGKAI_LOG=warn"}
	machine := []string{"--resolver", web.DNSAddr, "--allow-private"}
	audit := []string{"--as-of", "2026-11-20", "--render", "never", "--rate", "0", "--max-pages", "300", "--max-page-bytes", "1MiB"}

	single := filepath.Join(dir, "single")
	p := startProc(t, os.Args[0], env, append(append([]string{"audit", "--sites", sitesFile, "--out", single}, machine...), audit...)...)
	if err := p.wait(t, 10*time.Minute); err != nil {
		t.Fatalf("single-process audit: %v\n%s", err, p.out.String())
	}

	// The sample web answers some pages with a 503 or 429 the first time
	// only (transient failures); the second audit meets them afresh.
	web.ResetRequests()
	queued, store := filepath.Join(dir, "queued"), filepath.Join(dir, "store")
	var workers []*proc
	for range 2 {
		workers = append(workers, startProc(t, os.Args[0], env, append([]string{"worker", "--queue", nats.URL, "--store", store,
			"--work", t.TempDir(), "--ack-wait", "30s"}, machine...)...))
	}
	coord := startProc(t, os.Args[0], env, append([]string{"audit", "--sites", sitesFile, "--out", queued, "--queue", nats.URL, "--store", store}, audit...)...)
	if err := coord.wait(t, 10*time.Minute); err != nil {
		t.Fatalf("distributed audit: %v\n%s\nworkers:\n%s\n%s", err, coord.out.String(), workers[0].out.String(), workers[1].out.String())
	}

	a, b := loadNewestRelease(t, single), loadNewestRelease(t, queued)
	if len(a.Sites) != len(web.Sites) || len(b.Sites) != len(web.Sites) {
		t.Fatalf("sites published: single %d, distributed %d, want %d", len(a.Sites), len(b.Sites), len(web.Sites))
	}
	relA := filepath.Join(single, "releases", newestRelease(t, single))
	relB := filepath.Join(queued, "releases", newestRelease(t, queued))
	for _, tbl := range datasets.TableNames() {
		ta, tb := readTable(t, filepath.Join(relA, tbl+".csv")), readTable(t, filepath.Join(relB, tbl+".csv"))
		if diff := cmp.Diff(ta, tb); diff != "" {
			t.Errorf("%s.csv differs (-single +distributed), provenance columns left out:\n%s", tbl, diff)
		}
	}
}

// readTable reads a release CSV without its provenanceColumns, one string
// per row.
func readTable(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: no header", path)
	}
	var keep []int
	for i, col := range recs[0] {
		if !slices.Contains(provenanceColumns, col) {
			keep = append(keep, i)
		}
	}
	rows := make([]string, 0, len(recs))
	for _, r := range recs {
		var cells []string
		for _, i := range keep {
			cell := r[i]
			for _, v := range volatileText {
				cell = v.re.ReplaceAllString(cell, v.mask)
			}
			cells = append(cells, cell)
		}
		rows = append(rows, strings.Join(cells, "\x1f"))
	}
	return rows
}
