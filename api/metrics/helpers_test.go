package metrics

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"gongkai/checks"
	"gongkai/crawler/snapshot"
	"gongkai/datasets"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sampleAudit is the stored audit of the built-in sample web (every site,
// rendering on), the fixed input of cmd/gongkai's golden release.
const sampleAudit = "../../cmd/gongkai/testdata/sampleweb/audit"

// sampleAsOf is the sample audit's as-of date.
var sampleAsOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// publishSample judges the stored sample-web snapshots as of asOf and
// publishes them into dir as release id, created at created (the
// pipeline's judge-and-publish stage, without a crawl).
func publishSample(t testing.TB, dir, id string, asOf, created time.Time) {
	t.Helper()
	ctx := context.Background()
	cat := checks.Default()
	rw, err := datasets.Begin(ctx, dir, datasets.Provenance{AsOf: asOf, RulesVersion: cat.Version},
		datasets.PublishOptions{ReleaseID: id, Created: created, SoftwareVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Abort()
	rules, err := datasets.RuleRows(cat)
	if err != nil {
		t.Fatal(err)
	}
	if err := rw.Append(ctx, &datasets.Tables{Rules: rules}); err != nil {
		t.Fatal(err)
	}
	for s, err := range snapshot.Snapshots(sampleAudit) {
		if err != nil {
			t.Fatal(err)
		}
		if err := rw.Append(ctx, datasets.SiteTables(s, cat.Judge(s, asOf))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rw.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// loadServed loads a release the way the server keeps it in memory.
func loadServed(t testing.TB, dir, id string) *datasets.Release {
	t.Helper()
	rel, err := datasets.Load(dir, id, datasets.TableSites, datasets.TableScores, datasets.TableRules)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// exposition gathers reg and writes it in the text format.
func exposition(t testing.TB, reg prometheus.Gatherer) []byte {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := expfmt.NewEncoder(&b, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the golden file; run go test ./api/metrics -update and review the diff\n%s", name, lineDiff(want, got))
	}
}

// lineDiff lists the lines of a and b that differ (first 40).
func lineDiff(a, b []byte) string {
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	var out bytes.Buffer
	n := 0
	for i := 0; i < max(len(al), len(bl)) && n < 40; i++ {
		var x, y []byte
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if !bytes.Equal(x, y) {
			out.WriteString("- " + string(x) + "\n+ " + string(y) + "\n")
			n++
		}
	}
	return out.String()
}

// tool returns the path of a program the test needs (promtool,
// prometheus). Without it the test is skipped, except under CI=true,
// where a missing tool is a failure: CI installs it (.ci/sysdeps.sh).
func tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found: CI installs it with .ci/sysdeps.sh (Debian package prometheus)", name)
		}
		t.Skipf("%s not found (apt-get install prometheus)", name)
	}
	return path
}

// promtoolCheckMetrics runs promtool check metrics on an exposition.
func promtoolCheckMetrics(t *testing.T, text []byte) {
	t.Helper()
	cmd := exec.Command(tool(t, "promtool"), "check", "metrics")
	cmd.Stdin = bytes.NewReader(text)
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}
