package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gongkai/checks"
	"gongkai/datasets"
)

// TestReportCommand: gongkai report writes the summary to a file, one
// site's report with --site, and every site's plus the summary into a
// directory given with a trailing slash; bad flags name themselves.
func TestReportCommand(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	id, err := judgeAndPublish(context.Background(), goldenAudit, data, checks.Default(), asOf, goldenOptions)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	report := func(args ...string) (int, string) {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"report", "--data", data}, args...), &stdout, &stderr)
		return code, stdout.String() + stderr.String()
	}
	summary := filepath.Join(out, "summary.md")
	if code, msg := report("--release", id, "--format", "md", "--out", summary); code != 0 {
		t.Fatalf("summary: exit %d: %s", code, msg)
	}
	if b, _ := os.ReadFile(summary); !strings.Contains(string(b), "# 政府网站政务公开评估总报告") || !strings.Contains(string(b), "德林县人民政府") {
		t.Errorf("summary.md:\n%.400s", b)
	}
	site := filepath.Join(out, "one", "deadlinks.html")
	if code, msg := report("--site", "deadlinks", "--format", "html", "--lang", "en", "--out", site); code != 0 {
		t.Fatalf("site: exit %d: %s", code, msg)
	}
	if b, _ := os.ReadFile(site); !strings.Contains(string(b), "Dead links on the homepage") {
		t.Errorf("deadlinks.html has no English rule title")
	}
	if code, msg := report("--site", "gone", "--format", "md", "--out", filepath.Join(out, "sites")+"/"); code != 0 {
		t.Fatalf("--site into a directory: exit %d: %s", code, msg)
	} else if _, err := os.Stat(filepath.Join(out, "sites", "gone.md")); err != nil {
		t.Errorf("--site with --out DIR/: %v", err)
	}
	dir := filepath.Join(out, "all") + "/"
	if code, msg := report("--format", "md", "--out", dir); code != 0 {
		t.Fatalf("directory: exit %d: %s", code, msg)
	}
	rel, err := datasets.Load(data, id, datasets.TableSites)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"_summary.md"}
	for _, s := range rel.Sites {
		want = append(want, s.SiteID+".md")
	}
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("directory holds %v, want %v", got, want)
	}
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "docx", "--out", summary}, "flag --format"},
		{[]string{"--format", "md", "--lang", "fr", "--out", summary}, "flag --lang"},
		{[]string{"--format", "md"}, "flag --out is required"},
		{[]string{"--format", "md", "--site", "nosuchsite", "--out", filepath.Join(out, "x.md")}, `no site "nosuchsite"`},
		{[]string{"--format", "md", "--release", "20990101T000000Z-001", "--out", filepath.Join(out, "x.md")}, "20990101T000000Z-001"},
	} {
		code, msg := report(bad.args...)
		if code == 0 || !strings.Contains(msg, bad.want) {
			t.Errorf("report %v: exit %d, %q; want an error naming %q", bad.args, code, msg, bad.want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "x.md")); err == nil {
		t.Error("a failed report left a file")
	}
}
