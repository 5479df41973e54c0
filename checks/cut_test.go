package checks

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gongkai/crawler/snapshot"
)

// TestJudgeCutShort: a site whose crawl stopped early is judged on what was
// gathered, but never passes a rule on part of its facts: passes become
// not_applicable saying why, failures found stand (noted), the rules on
// phases that never ran are not_applicable, and the site gets no score.
func TestJudgeCutShort(t *testing.T) {
	c := Default()
	for _, phase := range []string{snapshot.PhaseCrawl, snapshot.PhaseLinks, snapshot.PhaseProbes} {
		t.Run(phase, func(t *testing.T) {
			s := goodSite()
			s.Links[0].Dead, s.Links[0].HTTPStatus = true, 404 // a dead link found before the stop
			s.Stopped = &snapshot.Stop{Status: snapshot.StatusSiteTimeout, Phase: phase, Error: "the site's time budget of 20m0s ran out"}
			res := c.Judge(s, asOf)
			got := outcomes(res)
			for _, f := range res.Findings {
				k := checkKinds[c.Rules[c.byID[f.RuleID]].Kind]
				cut := k.need != needNothing && s.Stopped != nil &&
					slices.Index(phaseOrder, phase) <= slices.Index(phaseOrder, k.phaseOf())
				switch {
				case f.Outcome == Pass && cut:
					t.Errorf("%s passed on a crawl cut in %s: %s", f.RuleID, phase, f.Message)
				case f.Outcome == NotApplicable && cut && !strings.Contains(f.Message, "site_timeout"):
					t.Errorf("%s not applicable without saying why: %s", f.RuleID, f.Message)
				}
			}
			if phase != snapshot.PhaseProbes && got["links-dead-home"] != "fail" {
				t.Errorf("links-dead-home %q, want the dead link found to stand", got["links-dead-home"])
			}
			if got["ipv6-dns"] != "not_applicable" {
				t.Errorf("ipv6-dns %q on a site stopped in %s", got["ipv6-dns"], phase)
			}
			if phase == snapshot.PhaseProbes && got["site-identifiers"] != "pass" {
				t.Errorf("site-identifiers %q: the crawl was complete", got["site-identifiers"])
			}
			if !math.IsNaN(res.Score.Score) || res.Score.Grade != c.Scoring.UngradedGrade {
				t.Errorf("score %v grade %s, want none", res.Score.Score, res.Score.Grade)
			}
			if t.Failed() {
				dump(t, res)
			}
		})
	}
}
