package metrics

import (
	"fmt"
	"time"

	"gongkai/datasets"
)

// view is what the compliance metrics show of one release, worked out
// once when the release is taken up, so that a scrape only formats it.
type view struct {
	id, rulesVersion string
	asOf, published  time.Time
	sites            []siteView
	rules            []ruleView
	groups           []groupView
}

// siteView is one site of the release.
type siteView struct {
	labels []string // site_id, level, kind, region
	info   []string // labels + grade, crawl_status, veto, https, aaaa, ipv6_home

	score        float64
	scored       bool
	failed       int // failing rules of effect veto or deduct
	newVetoRules int // veto rules failing now that were not in the previous release
	scoreChange  *float64
	deadLinks    int64
	pages        int64
	staleColumns int
	staleGuides  int
	l2, l3       *float64
	homeSeconds  *float64
	deductions   float64
	bonus        float64
	// outcomes has, per rule of view.rules, the failing findings of the
	// site (-1: the rule was not judged on it).
	outcomes []int32
}

// ruleView is one rule of the release's catalog.
type ruleView struct {
	id, effect, kind string
	failing, judged  int // sites
}

// groupView sums sites of one level, kind and region.
type groupView struct {
	labels                                 []string
	deadLinks, pages, staleColumns, guides int64
}

// buildView works out the view of rel, which must hold its sites, scores
// and rules tables (as the server keeps them); its findings, guides,
// columns and changes are streamed from its Parquet files once.
func buildView(rel *datasets.Release) (*view, error) {
	v := &view{id: rel.ID, rulesVersion: rel.RulesVersion, asOf: rel.AsOf}
	if rel.Package != nil {
		v.published, _ = time.Parse(time.RFC3339, rel.Package.Created)
	}
	ruleIdx := map[string]int{}
	for _, r := range rel.Rules {
		ruleIdx[r.RuleID] = len(v.rules)
		v.rules = append(v.rules, ruleView{id: r.RuleID, effect: r.Effect, kind: r.Kind})
	}
	siteIdx := map[string]int{}
	scores := map[string]*datasets.ScoreRow{}
	for i := range rel.Scores {
		scores[rel.Scores[i].SiteID] = &rel.Scores[i]
	}
	for i := range rel.Sites {
		siteIdx[rel.Sites[i].SiteID] = i
		v.sites = append(v.sites, newSiteView(&rel.Sites[i], scores[rel.Sites[i].SiteID], len(v.rules)))
	}
	if err := v.scanFindings(rel, siteIdx, ruleIdx); err != nil {
		return nil, err
	}
	err := datasets.Scan(rel, func(rows []datasets.GuideRow) error {
		for _, g := range rows {
			if i, ok := siteIdx[g.SiteID]; ok && g.Stale {
				v.sites[i].staleGuides++
			}
		}
		return nil
	})
	if err == nil {
		err = datasets.Scan(rel, func(rows []datasets.ColumnRow) error {
			for _, c := range rows {
				if i, ok := siteIdx[c.SiteID]; ok && c.Stale {
					v.sites[i].staleColumns++
				}
			}
			return nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("metrics of release %s: %w", rel.ID, err)
	}
	if err := v.scanChanges(rel, siteIdx, ruleIdx); err != nil {
		return nil, err
	}
	v.sumRules()
	v.sumGroups()
	return v, nil
}

func newSiteView(s *datasets.SiteRow, sc *datasets.ScoreRow, rules int) siteView {
	sv := siteView{
		labels:    []string{s.SiteID, s.Level, s.Kind, s.Region},
		deadLinks: s.LinksDead, pages: s.PagesCrawled, l2: s.IPv6L2Ratio, l3: s.IPv6L3Ratio,
		outcomes: make([]int32, rules),
	}
	veto := s.Veto != nil && *s.Veto
	sv.info = append(append([]string{}, sv.labels...), s.Grade, s.CrawlStatus,
		boolText(veto), boolText(s.HTTPS), boolText(s.AAAA), boolText(s.IPv6Home))
	if s.Score != nil {
		sv.score, sv.scored = *s.Score, true
	}
	if s.HomeMillis != nil {
		sec := float64(*s.HomeMillis) / 1000
		sv.homeSeconds = &sec
	}
	if sc != nil {
		sv.deductions, sv.bonus = sc.Deductions, sc.Bonus
	}
	for i := range sv.outcomes {
		sv.outcomes[i] = -1
	}
	return sv
}

// scanFindings counts failing findings per site and rule, and which rules
// were judged (passed or failed) on each site.
func (v *view) scanFindings(rel *datasets.Release, siteIdx, ruleIdx map[string]int) error {
	err := datasets.Scan(rel, func(rows []datasets.FindingRow) error {
		for _, f := range rows {
			si, ok1 := siteIdx[f.SiteID]
			ri, ok2 := ruleIdx[f.RuleID]
			if !ok1 || !ok2 || (f.Outcome != "fail" && f.Outcome != "pass") {
				continue
			}
			o := &v.sites[si].outcomes[ri]
			if *o < 0 {
				*o = 0
			}
			if f.Outcome == "fail" {
				*o++
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("metrics of release %s: %w", rel.ID, err)
	}
	for si := range v.sites {
		s := &v.sites[si]
		for ri, n := range s.outcomes {
			r := v.rules[ri]
			if n > 0 && (r.effect == "veto" || r.effect == "deduct") {
				s.failed++
			}
		}
	}
	return nil
}

// scanChanges reads, from the changes against the previous release, each
// site's score change and the veto rules that newly fail on it.
func (v *view) scanChanges(rel *datasets.Release, siteIdx, ruleIdx map[string]int) error {
	newVeto := map[[2]int]bool{}
	err := datasets.Scan(rel, func(rows []datasets.ChangeRow) error {
		for _, c := range rows {
			si, ok := siteIdx[c.SiteID]
			if !ok {
				continue
			}
			switch c.Change {
			case datasets.ChangeScore:
				if c.Delta != nil {
					d := *c.Delta
					v.sites[si].scoreChange = &d
				}
			case datasets.ChangeFindingAppeared:
				if ri, ok := ruleIdx[c.RuleID]; ok && v.rules[ri].effect == "veto" && !newVeto[[2]int{si, ri}] {
					newVeto[[2]int{si, ri}] = true
					v.sites[si].newVetoRules++
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("metrics of release %s: %w", rel.ID, err)
	}
	return nil
}

// sumRules counts per rule the sites it failed and judged.
func (v *view) sumRules() {
	for _, s := range v.sites {
		for ri, n := range s.outcomes {
			if n >= 0 {
				v.rules[ri].judged++
			}
			if n > 0 {
				v.rules[ri].failing++
			}
		}
	}
}

// sumGroups adds up sites by level, kind and region.
func (v *view) sumGroups() {
	idx := map[[3]string]int{}
	for _, s := range v.sites {
		k := [3]string{s.labels[1], s.labels[2], s.labels[3]}
		i, ok := idx[k]
		if !ok {
			i = len(v.groups)
			idx[k] = i
			v.groups = append(v.groups, groupView{labels: k[:]})
		}
		g := &v.groups[i]
		g.deadLinks += s.deadLinks
		g.pages += s.pages
		g.staleColumns += int64(s.staleColumns)
		g.guides += int64(s.staleGuides)
	}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
