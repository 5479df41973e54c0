package checks

import (
	"math"
	"strings"
	"testing"
	"time"

	"gongkai/crawler/snapshot"

	"github.com/google/go-cmp/cmp"
)

// outcomes returns rule id -> outcomes of its findings, joined.
func outcomes(res Result) map[string]string {
	out := map[string]string{}
	for _, f := range res.Findings {
		if out[f.RuleID] != "" {
			out[f.RuleID] += ","
		}
		out[f.RuleID] += string(f.Outcome)
	}
	return out
}

func dump(t *testing.T, res Result) {
	t.Helper()
	for _, f := range res.Findings {
		t.Logf("%-26s %-14s %5.2f %s %s", f.RuleID, f.Outcome, f.Points, f.URL, f.Message)
	}
	t.Logf("score %+v", res.Score)
}

func TestJudgeGoodSite(t *testing.T) {
	c := Default()
	res := c.Judge(goodSite(), asOf)
	for _, f := range res.Findings {
		want := Pass
		if f.RuleID == "bonus-manual" {
			want = NotApplicable
		}
		if f.Outcome != want {
			t.Errorf("%s: %s, want %s: %s", f.RuleID, f.Outcome, want, f.Message)
		}
	}
	if res.Score.Score != 100 || res.Score.Veto || res.Score.Grade != "优秀" || res.Score.Deductions != 0 {
		t.Errorf("score = %+v", res.Score)
	}
	if t.Failed() {
		dump(t, res)
	}
	for _, r := range c.Rules {
		if r.Enabled && outcomes(res)[r.ID] == "" {
			t.Errorf("rule %s gave no finding", r.ID)
		}
	}
	if len(res.Documents) != 1 || len(res.Guides) != 1 || len(res.Pages) != 11 {
		t.Errorf("documents %d guides %d pages %d", len(res.Documents), len(res.Guides), len(res.Pages))
	}
}

func TestJudgeDeterministic(t *testing.T) {
	c := Default()
	s := goodSite()
	s.Links[0].Dead, s.Links[0].HTTPStatus = true, 404
	s.Pages[1].Items[0].Date = "2026-01-01"
	a, b := c.Judge(s, asOf), c.Judge(s, asOf)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("Judge not deterministic (-first +second):\n%s", diff)
	}
}

// TestPointsTrace: every deducted point is carried by a finding.
func TestPointsTrace(t *testing.T) {
	c := Default()
	s := goodSite()
	for i := range s.Links {
		s.Links[i].Dead, s.Links[i].HTTPStatus = true, 404 // 17 dead homepage links: capped at 10
	}
	s.Home.HTTPS = false
	s.Pages[0].Footer = ""
	res := c.Judge(s, asOf)
	sum, bonus := 0.0, 0.0
	for _, f := range res.Findings {
		switch {
		case f.Effect == Deduct:
			sum += f.Points
		case f.Effect == Bonus:
			bonus += f.Points
		case f.Points != 0:
			t.Errorf("%s %s carries %g points", f.RuleID, f.Outcome, f.Points)
		}
		if f.Outcome != Fail && f.Effect == Deduct && f.Points != 0 {
			t.Errorf("%s: %s finding with points", f.RuleID, f.Outcome)
		}
	}
	if math.Abs(sum-res.Score.Deductions) > 1e-6 || math.Abs(bonus-res.Score.Bonus) > 1e-6 {
		t.Errorf("finding points %g/%g, score deductions %g bonus %g", sum, bonus, res.Score.Deductions, res.Score.Bonus)
	}
	// links-dead-home is capped at 10; plus 0.1 (other page), 2 (ICP and
	// police; the SiteIDCode meta stands in for the code) and 1 (https).
	if res.Score.Deductions != 13.1 || res.Score.Score != 86.9 || res.Score.Grade != "良好" {
		dump(t, res)
		t.Errorf("deductions %g score %g, want 13.1 and 86.9", res.Score.Deductions, res.Score.Score)
	}
}

func TestErrorIsolation(t *testing.T) {
	c := Default()
	// A rule whose params do not match its kind makes the check panic.
	i := c.byID["home-stale"]
	c.Rules[i].Params = &NoParams{}
	res := c.Judge(goodSite(), asOf)
	o := outcomes(res)
	if o["home-stale"] != "error" {
		t.Fatalf("home-stale = %q, want error", o["home-stale"])
	}
	if o["columns-stale"] != "pass" || o["https"] != "pass" {
		t.Errorf("other rules did not run: %v", o)
	}
	if res.Score.Errors != 1 {
		t.Errorf("score errors = %d", res.Score.Errors)
	}
	for _, f := range res.Findings {
		if f.RuleID == "home-stale" && !strings.Contains(f.Message, "home_freshness") {
			t.Errorf("error message %q does not name the kind", f.Message)
		}
	}
}

func TestJudgeOddSnapshots(t *testing.T) {
	c := Default()
	odd := []*snapshot.Snapshot{
		nil,
		{},
		{Status: snapshot.StatusOK},
		{Status: snapshot.StatusOK, Pages: []snapshot.Page{{}}},
		{Status: snapshot.StatusOK, Pages: []snapshot.Page{{Depth: 0, Items: []snapshot.Item{{Title: "x", Date: "99-99"}},
			Tables: []snapshot.Table{{Rows: [][]string{{}, {"本年新收"}}}}, Breadcrumb: []string{""}}, {Depth: 5, Title: "2025年政府信息公开工作年度报告"}},
			Links: []snapshot.Link{{}}, Hosts: []snapshot.Host{{}}},
	}
	for i, s := range odd {
		res := c.Judge(s, time.Time{})
		if len(res.Findings) == 0 {
			t.Errorf("snapshot %d: no findings", i)
		}
		for _, f := range res.Findings {
			if f.Outcome == Error && strings.Contains(f.Message, "异常") {
				t.Errorf("snapshot %d: %s panicked: %s", i, f.RuleID, f.Message)
			}
		}
	}
}
