package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gongkai/checks"
	"gongkai/crawler/snapshot"
	"gongkai/datasets"
)

var update = flag.Bool("update", false, "rewrite the golden release files in testdata/sampleweb/release")

// goldenAudit is a stored audit of the sample web (every site, rendering
// on): the snapshots are fixed input, so the release made from them
// depends only on the checks, the catalog and the release writer.
const goldenAudit = "testdata/sampleweb/audit"

// goldenOptions fixes everything of a release that is not made from the
// snapshots: its id, creation time and software version.
var goldenOptions = datasets.PublishOptions{
	ReleaseID:       "20261120T000000Z-001",
	Created:         time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
	SoftwareVersion: "golden",
}

// TestSampleWebReleaseGolden judges the stored sample-web snapshots as of
// the audit's date and publishes them; every table (as CSV) and the
// SHA256SUMS of the whole release (Parquet, CSV, gzip, Excel CSV and
// datapackage.json) must equal the golden files byte for byte. A change of
// verdict, of a column or of the bytes of a format shows here as a diff;
// when it is intended, rewrite the golden files with
//
//	go test ./cmd/gongkai -run TestSampleWebReleaseGolden -update
//
// and review the diff. testdata/sampleweb/README.md says how the stored
// snapshots are made again when the sample web or the crawler changes.
func TestSampleWebReleaseGolden(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	id, err := judgeAndPublish(context.Background(), goldenAudit, out, checks.Default(), asOf, goldenOptions)
	if err != nil {
		t.Fatal(err)
	}
	rel := filepath.Join(out, "releases", id)
	golden := filepath.Join("testdata", "sampleweb", "release")
	names := []string{"SHA256SUMS"}
	for _, tbl := range datasets.TableNames() {
		names = append(names, tbl+".csv")
	}
	if *update {
		if err := os.MkdirAll(golden, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range names {
		got, err := os.ReadFile(filepath.Join(rel, name))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(golden, name)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if diff := cmp.Diff(lines(want), lines(got)); diff != "" {
			t.Errorf("%s differs from the golden release (-golden +now):\n%s", name, diff)
		}
	}
}

func lines(b []byte) []string { return strings.SplitAfter(string(b), "\n") }

// TestJudgeWithoutPublishing: one site judged and mapped alone, with no
// release written (what a live probe or a report does), gives the very
// rows the published release holds for it.
func TestJudgeWithoutPublishing(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	cat := checks.Default()
	id, err := judgeAndPublish(context.Background(), goldenAudit, out, cat, asOf, goldenOptions)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := datasets.Load(out, id, datasets.TableSites, datasets.TableScores)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for s, err := range snapshot.Snapshots(goldenAudit) {
		if err != nil {
			t.Fatal(err)
		}
		rows := datasets.SiteTables(s, cat.Judge(s, asOf))
		if diff := cmp.Diff(rel.Sites[n], rows.Sites[0]); diff != "" {
			t.Errorf("%s: sites row (-release +alone):\n%s", s.Site.ID, diff)
		}
		if diff := cmp.Diff(rel.Scores[n], rows.Scores[0]); diff != "" {
			t.Errorf("%s: scores row (-release +alone):\n%s", s.Site.ID, diff)
		}
		n++
	}
	if n != len(rel.Sites) || n == 0 {
		t.Errorf("%d snapshots, %d sites published", n, len(rel.Sites))
	}
}
