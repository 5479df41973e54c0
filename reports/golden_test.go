package reports_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gongkai/reports"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata/golden")

// goldenReports are the reports kept as golden files: the summary and
// three sites that show every section (a veto with guides, dead links
// with their evidence, a site that could not be crawled), in Chinese, and
// the summary and one site in English.
var goldenReports = []struct {
	site string // "" for the summary
	lang reports.Lang
}{
	{"", reports.Chinese},
	{"banshi", reports.Chinese},
	{"deadlinks", reports.Chinese},
	{"gone", reports.Chinese},
	{"", reports.English},
	{"deadlinks", reports.English},
}

// TestGoldenReports renders Markdown and HTML reports of the second sample
// release and compares them with testdata/golden byte for byte. When a
// change is intended, rewrite them and review the diff:
//
//	go test ./reports -run TestGoldenReports -update
func TestGoldenReports(t *testing.T) {
	t.Parallel()
	d := sampleData(t, secondRelease)
	for _, g := range goldenReports {
		for _, f := range []reports.Format{reports.Markdown, reports.HTML} {
			name := g.site
			if name == "" {
				name = "summary"
			}
			name += "." + string(g.lang) + "." + string(f)
			t.Run(name, func(t *testing.T) {
				w := &reports.Writer{Data: d, Lang: g.lang}
				var buf bytes.Buffer
				var err error
				if g.site == "" {
					err = w.Summary(context.Background(), &buf, f)
				} else {
					err = w.Site(context.Background(), &buf, g.site, f)
				}
				if err != nil {
					t.Fatal(err)
				}
				compareGolden(t, filepath.Join("testdata", "golden", name), buf.Bytes())
			})
		}
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(strings.SplitAfter(string(want), "\n"), strings.SplitAfter(string(got), "\n")); diff != "" {
		t.Errorf("%s differs (-golden +now):\n%s", path, diff)
	}
}
