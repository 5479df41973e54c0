package datasets

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// changedFixture is fixture(3, 5) one audit later: site gov-002 is gone,
// gov-003 is new, gov-000's dead link is fixed and a new one appears,
// gov-001 loses points and its grade.
func changedFixture() *Tables {
	tb := fixture(4, 5)
	keep := func(site string) bool { return site != "gov-002" }
	tb.Sites = filter(tb.Sites, func(r SiteRow) bool { return keep(r.SiteID) })
	tb.Scores = filter(tb.Scores, func(r ScoreRow) bool { return keep(r.SiteID) })
	tb.Findings = filter(tb.Findings, func(r FindingRow) bool { return keep(r.SiteID) })
	for i := range tb.Findings {
		if f := &tb.Findings[i]; f.SiteID == "gov-000" && f.Outcome == "fail" {
			f.URL = "https://www.gov-000.gov.cn/art/000004.html"
		}
	}
	for i := range tb.Scores {
		if s := &tb.Scores[i]; s.SiteID == "gov-001" {
			s.Score, s.Grade, s.Veto = ptr(55.0), "不合格", true
		}
	}
	return tb
}

func filter[T any](rows []T, keep func(T) bool) []T {
	var out []T
	for _, r := range rows {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

func TestDiffAndChangesTable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	idA := publishFixture(t, dir, fixture(3, 5), PublishOptions{})
	idB := publishFixture(t, dir, changedFixture(), PublishOptions{})
	a, err := Load(dir, idA)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(dir, idB)
	if err != nil {
		t.Fatal(err)
	}
	ch := Diff(a, b)
	type change struct{ Site, Change, Rule, URL, Before, After string }
	var got []change
	for _, r := range ch.Rows {
		got = append(got, change{r.SiteID, r.Change, r.RuleID, r.URL, r.Before, r.After})
		if r.ReleaseID != idB || r.PreviousReleaseID != idA {
			t.Errorf("release ids %s %s", r.ReleaseID, r.PreviousReleaseID)
		}
	}
	want := []change{
		{"gov-000", ChangeFindingAppeared, "links-dead-home", "https://www.gov-000.gov.cn/art/000004.html", "", "fail"},
		{"gov-000", ChangeFindingResolved, "links-dead-home", "https://www.gov-000.gov.cn/art/000003.html", "fail", ""},
		{"gov-001", ChangeGrade, "", "", "合格", "不合格"},
		{"gov-001", ChangeScore, "", "", "97.5", "55"},
		{"gov-001", ChangeVeto, "", "", "false", "true"},
		{"gov-002", ChangeSiteRemoved, "", "", "", ""},
		{"gov-003", ChangeSiteAdded, "", "", "", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diff (-want +got):\n%s", diff)
	}
	// The release's own changes table holds the same rows.
	if diff := cmp.Diff(ch.Rows, b.Changes, cmpOpts...); diff != "" {
		t.Errorf("changes table differs from Diff (-diff +table):\n%s", diff)
	}

	var out bytes.Buffer
	if err := ch.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "diff.txt")
	if *update {
		os.WriteFile(golden, out.Bytes(), 0o644)
	}
	if diff := cmp.Diff(string(mustRead(t, golden)), out.String()); diff != "" {
		t.Errorf("text summary (-golden +got):\n%s", diff)
	}
}

func TestDiffOfEqualReleasesIsEmpty(t *testing.T) {
	a := &Release{ID: "a", Tables: *fixture(3, 2)}
	b := &Release{ID: "b", Tables: *fixture(3, 2)}
	if ch := Diff(a, b); len(ch.Rows) != 0 {
		t.Errorf("changes: %+v", ch.Rows)
	}
}
