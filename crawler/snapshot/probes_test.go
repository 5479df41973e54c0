package snapshot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestProbeLog(t *testing.T) {
	out := t.TempDir()
	l, err := OpenProbeLog(out)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 20, 23, 50, 0, 0, time.UTC)
	samples := []ProbeSample{
		{SiteID: "a", At: day, Family: "ipv6", Status: StatusTimeout, Duration: 15 * time.Second, Error: "timeout"},
		{SiteID: "a", At: day, Family: "ipv4", Status: StatusOK, HTTPStatus: 200, Duration: 80 * time.Millisecond},
		{SiteID: "b", At: day.Add(20 * time.Minute), Family: "ipv4", Status: StatusDNSError, Error: "no such host"},
		{SiteID: "a", At: day.Add(-48 * time.Hour), Family: "ipv4", Status: StatusOK, HTTPStatus: 200},
	}
	if err := l.Append(samples...); err != nil {
		t.Fatal(err)
	}
	got, err := ReadProbes(out, day.Add(-time.Hour), day.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]ProbeSample{"a": {samples[1], samples[0]}, "b": {samples[2]}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("window (-want +got):\n%s", diff)
	}

	// A write cut short by a crash is skipped; a bad line inside a file
	// is an error naming it.
	next := filepath.Join(out, ProbesDir, "2026-11-21.jsonl")
	f, _ := os.OpenFile(next, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"site_id":"b","probed_at":"2026-11-21T00:`)
	f.Close()
	if got, err := ReadProbes(out, day.Add(-time.Hour), day.Add(time.Hour)); err != nil || len(got["b"]) != 1 {
		t.Errorf("torn line: %v %v", got, err)
	}
	os.WriteFile(next, []byte("{oops\n"), 0o644)
	if _, err := ReadProbes(out, day.Add(-time.Hour), day.Add(time.Hour)); err == nil || !strings.Contains(err.Error(), "2026-11-21.jsonl:1") {
		t.Errorf("bad line: %v", err)
	}

	if err := l.Prune(day.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(out, ProbesDir, "*.jsonl"))
	if len(left) != 2 {
		t.Errorf("after prune: %v", left)
	}
	if got, _ := ReadProbes(t.TempDir(), day, day.Add(time.Hour)); len(got) != 0 {
		t.Errorf("no log: %v", got)
	}
}
