package reports

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"gongkai/datasets"
)

// worstLinks is the number of sites the dead-link table names.
const worstLinks = 10

// Summary builds the summary report of the release.
func (d *Data) Summary() *Summary {
	s := &Summary{Release: d.info(), Sites: len(d.rel.Sites), Scored: d.ranked}
	s.Ranking = d.ranking()
	var scores []float64
	for _, r := range s.Ranking {
		if r.Score.Veto {
			s.Vetoed++
		}
		if r.Score.Score != nil {
			scores = append(scores, *r.Score.Score)
		}
	}
	s.Mean = mean(scores)
	s.Grades = grades(s.Ranking)
	s.Rules = d.ruleRates()
	s.Scores = scoreBands(s.Ranking)
	s.IPv6 = d.ipv6()
	s.Links = d.linkTotals()
	s.Change = d.changeOverview()
	return s
}

func (d *Data) ranking() []RankRow {
	deltas := map[string]float64{}
	for _, c := range d.rel.Changes {
		if c.Change == datasets.ChangeScore && c.Delta != nil {
			deltas[c.SiteID] = *c.Delta
		}
	}
	failed := map[string]int{}
	for _, f := range d.rel.Findings {
		if f.Outcome == outcomeFail && (f.Effect == effectVeto || (f.Effect == effectDeduct && f.Points > 0)) {
			failed[f.SiteID]++
		}
	}
	out := make([]RankRow, 0, len(d.rel.Sites))
	for _, site := range d.rel.Sites {
		_, score, _ := d.site(site.SiteID)
		r := RankRow{Rank: d.ranks[site.SiteID], Site: site, Score: score, Failed: failed[site.SiteID]}
		if v, ok := deltas[site.SiteID]; ok {
			r.Delta = &v
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b RankRow) int {
		sa, sb := a.Score, b.Score
		sa.SiteID, sb.SiteID = a.Site.SiteID, b.Site.SiteID
		return compareScores(sa, sb)
	})
	return out
}

// grades counts sites per grade. Grades are ordered by the best score
// any of their sites has, so the catalog's bands come out best first
// whatever their names; a grade no scored site has comes last.
func grades(ranking []RankRow) []GradeCount {
	best := map[string]float64{}
	count := map[string]int{}
	scored := map[string]bool{}
	var names []string
	for _, r := range ranking {
		g := r.Score.Grade
		if g == "" {
			continue
		}
		if _, ok := count[g]; !ok {
			names = append(names, g)
			best[g] = math.Inf(-1)
		}
		count[g]++
		if r.Score.Score != nil {
			best[g] = max(best[g], *r.Score.Score)
			scored[g] = true
		}
	}
	slices.SortStableFunc(names, func(a, b string) int {
		if c := cmp.Compare(best[b], best[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	out := make([]GradeCount, len(names))
	for i, g := range names {
		out[i] = GradeCount{Grade: g, Sites: count[g], Scored: scored[g]}
	}
	return out
}

// ruleRates computes, per rule, on how many sites it was judged and
// failed. Rules that never moved points (info, and bonus) are left out.
func (d *Data) ruleRates() []RuleRate {
	type tally struct{ judged, failed map[string]bool }
	by := map[string]*tally{}
	for _, f := range d.rel.Findings {
		if f.Effect != effectVeto && f.Effect != effectDeduct {
			continue
		}
		t := by[f.RuleID]
		if t == nil {
			t = &tally{judged: map[string]bool{}, failed: map[string]bool{}}
			by[f.RuleID] = t
		}
		switch f.Outcome {
		case outcomeFail:
			t.failed[f.SiteID] = true
			t.judged[f.SiteID] = true
		case outcomePass:
			t.judged[f.SiteID] = true
		}
	}
	out := make([]RuleRate, 0, len(by))
	for id, t := range by {
		r := RuleRate{Rule: d.rule(id), Judged: len(t.judged), Failed: len(t.failed)}
		if r.Judged > 0 {
			r.Rate = float64(r.Failed) / float64(r.Judged)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b RuleRate) int {
		if c := cmp.Compare(b.Rate, a.Rate); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Failed, a.Failed); c != 0 {
			return c
		}
		return cmp.Compare(a.Rule.RuleID, b.Rule.RuleID)
	})
	return out
}

// scoreBands counts scored sites in bands of ten points, 0-9 to 90-100
// (bonus above 100 counts in the last band).
func scoreBands(ranking []RankRow) []ScoreBand {
	out := make([]ScoreBand, 10)
	for i := range out {
		out[i].Min = i * 10
	}
	for _, r := range ranking {
		if r.Score.Score == nil {
			continue
		}
		i := min(9, max(0, int(*r.Score.Score/10)))
		out[i].Sites++
	}
	return out
}

func (d *Data) ipv6() IPv6Overview {
	var o IPv6Overview
	var l2, l3 []float64
	for _, s := range d.rel.Sites {
		o.Sites++
		if s.AAAA {
			o.AAAA++
		}
		if s.IPv6Home {
			o.Home++
		}
		if s.IPv6Consistent {
			o.Consistent++
		}
		if s.IPv6L2Ratio != nil {
			l2 = append(l2, *s.IPv6L2Ratio)
		}
		if s.IPv6L3Ratio != nil {
			l3 = append(l3, *s.IPv6L3Ratio)
		}
	}
	o.L2, o.L3 = mean(l2), mean(l3)
	return o
}

func mean(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	m := sum / float64(len(xs))
	return &m
}

func (d *Data) linkTotals() LinkTotals {
	var t LinkTotals
	var worst []SiteCount
	for _, s := range d.rel.Sites {
		t.Checked += s.LinksChecked
		t.Dead += s.LinksDead
		if s.LinksDead > 0 {
			t.SitesWithDead++
			worst = append(worst, SiteCount{SiteID: s.SiteID, Name: s.Name, Count: s.LinksDead})
		}
	}
	slices.SortStableFunc(worst, func(a, b SiteCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.SiteID, b.SiteID)
	})
	t.Worst = worst[:min(len(worst), worstLinks)]
	return t
}

func (d *Data) changeOverview() ChangeOverview {
	var o ChangeOverview
	if d.rel.Package != nil && d.rel.Package.PreviousReleaseID != nil {
		o.PreviousReleaseID = *d.rel.Package.PreviousReleaseID
	}
	name := func(id string) string {
		if i, ok := d.sites[id]; ok {
			return d.rel.Sites[i].Name
		}
		return ""
	}
	for _, c := range d.rel.Changes {
		switch c.Change {
		case datasets.ChangeScore:
			if c.Delta == nil || *c.Delta == 0 {
				continue
			}
			sd := SiteDelta{SiteID: c.SiteID, Name: name(c.SiteID), Before: c.Before, After: c.After, Delta: *c.Delta}
			if sd.Delta > 0 {
				o.Improved = append(o.Improved, sd)
			} else {
				o.Regressed = append(o.Regressed, sd)
			}
		case datasets.ChangeVeto:
			sc := SiteCount{SiteID: c.SiteID, Name: name(c.SiteID)}
			if after, _ := strconv.ParseBool(c.After); after {
				o.NewVetoes = append(o.NewVetoes, sc)
			} else {
				o.LiftedVetoes = append(o.LiftedVetoes, sc)
			}
		case datasets.ChangeSiteAdded:
			o.Added = append(o.Added, c.SiteID)
		case datasets.ChangeSiteRemoved:
			o.Removed = append(o.Removed, c.SiteID)
		case datasets.ChangeFindingAppeared:
			o.Appeared++
		case datasets.ChangeFindingResolved:
			o.Resolved++
		}
	}
	slices.SortStableFunc(o.Improved, func(a, b SiteDelta) int { return cmp.Compare(b.Delta, a.Delta) })
	slices.SortStableFunc(o.Regressed, func(a, b SiteDelta) int { return cmp.Compare(a.Delta, b.Delta) })
	return o
}
