package datasets

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Changes is the difference between two releases: findings that appeared
// or were resolved (per site × rule × url, failing findings only), and
// score, grade and veto changes per site.
type Changes struct {
	From, To string
	Rows     []ChangeRow
	// Names maps site ids to site names, for the text summary.
	Names map[string]string
}

// Diff compares release a (older) with b (newer). Both need their sites,
// findings and scores tables loaded.
func Diff(a, b *Release) Changes {
	rows := diffRows(a.ID, b.ID, newDiffInput(&a.Tables), newDiffInput(&b.Tables))
	changesTable.sort(rows)
	names := map[string]string{}
	for _, t := range []*Release{a, b} {
		for _, s := range t.Sites {
			names[s.SiteID] = s.Name
		}
	}
	return Changes{From: a.ID, To: b.ID, Rows: rows, Names: names}
}

type findingKey struct{ site, rule, url string }

// diffInput is what a diff needs of one release.
type diffInput struct {
	sites    map[string]bool
	findings map[findingKey]FindingRow // failing findings only
	scores   map[string]ScoreRow
}

func newDiffInput(t *Tables) *diffInput {
	d := &diffInput{}
	d.add(t)
	return d
}

func (d *diffInput) add(t *Tables) {
	if d.sites == nil {
		d.sites, d.findings, d.scores = map[string]bool{}, map[findingKey]FindingRow{}, map[string]ScoreRow{}
	}
	for _, s := range t.Sites {
		d.sites[s.SiteID] = true
	}
	for _, f := range t.Findings {
		k := findingKey{f.SiteID, f.RuleID, f.URL}
		if _, seen := d.findings[k]; !seen && f.Outcome == "fail" {
			d.findings[k] = f
		}
	}
	for _, s := range t.Scores {
		d.scores[s.SiteID] = s
	}
}

// diffRows lists the changes from prev to cur; none if there is no
// previous release.
func diffRows(prevID, id string, prev, cur *diffInput) []ChangeRow {
	if prevID == "" {
		return nil
	}
	var out []ChangeRow
	add := func(c ChangeRow) {
		c.ReleaseID, c.PreviousReleaseID = id, prevID
		out = append(out, c)
	}
	for s := range cur.sites {
		if !prev.sites[s] {
			add(ChangeRow{SiteID: s, Change: ChangeSiteAdded})
		}
	}
	for s := range prev.sites {
		if !cur.sites[s] {
			add(ChangeRow{SiteID: s, Change: ChangeSiteRemoved})
		}
	}
	both := func(site string) bool { return prev.sites[site] && cur.sites[site] }
	for k, f := range cur.findings {
		if _, was := prev.findings[k]; !was && both(k.site) {
			add(ChangeRow{SiteID: k.site, Change: ChangeFindingAppeared, RuleID: k.rule, URL: k.url, After: f.Outcome, Message: f.Message})
		}
	}
	for k, f := range prev.findings {
		if _, is := cur.findings[k]; !is && both(k.site) {
			add(ChangeRow{SiteID: k.site, Change: ChangeFindingResolved, RuleID: k.rule, URL: k.url, Before: f.Outcome, Message: f.Message})
		}
	}
	for site, b := range cur.scores {
		if a, ok := prev.scores[site]; ok && both(site) {
			for _, c := range scoreChanges(a, b) {
				c.SiteID = site
				add(c)
			}
		}
	}
	changesTable.sort(out)
	return out
}

func scoreChanges(a, b ScoreRow) []ChangeRow {
	var out []ChangeRow
	if fmtScore(a.Score) != fmtScore(b.Score) {
		c := ChangeRow{Change: ChangeScore, Before: fmtScore(a.Score), After: fmtScore(b.Score)}
		if a.Score != nil && b.Score != nil {
			d := *b.Score - *a.Score
			c.Delta = &d
		}
		out = append(out, c)
	}
	if a.Grade != b.Grade {
		out = append(out, ChangeRow{Change: ChangeGrade, Before: a.Grade, After: b.Grade})
	}
	if a.Veto != b.Veto {
		out = append(out, ChangeRow{Change: ChangeVeto, Before: strconv.FormatBool(a.Veto), After: strconv.FormatBool(b.Veto),
			Message: strings.Join(b.VetoRules, ";")})
	}
	return out
}

func fmtScore(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

// WriteText writes a human-readable summary of the changes (what `gongkai
// diff A B` prints): totals, then each site's changes.
func (c Changes) WriteText(w io.Writer) error {
	count := map[string]int{}
	bySite := map[string][]ChangeRow{}
	var sites []string
	for _, r := range c.Rows {
		count[r.Change]++
		if bySite[r.SiteID] == nil {
			sites = append(sites, r.SiteID)
		}
		bySite[r.SiteID] = append(bySite[r.SiteID], r)
	}
	slices.Sort(sites)
	p := &errWriter{w: w}
	p.printf("Changes from %s to %s\n", c.From, c.To)
	p.printf("  sites:    %d added, %d removed\n", count[ChangeSiteAdded], count[ChangeSiteRemoved])
	p.printf("  findings: %d appeared, %d resolved\n", count[ChangeFindingAppeared], count[ChangeFindingResolved])
	p.printf("  scores:   %d changed, %d grades changed, %d vetoes changed\n", count[ChangeScore], count[ChangeGrade], count[ChangeVeto])
	for _, s := range sites {
		p.printf("\n%s", s)
		if n := c.Names[s]; n != "" {
			p.printf("  %s", n)
		}
		p.printf("\n")
		rows := bySite[s]
		slices.SortStableFunc(rows, func(a, b ChangeRow) int { return cmp.Compare(changeOrder(a.Change), changeOrder(b.Change)) })
		for _, r := range rows {
			p.printf("  %s\n", describeChange(r))
		}
	}
	return p.err
}

func changeOrder(c string) int {
	return slices.Index([]string{ChangeSiteAdded, ChangeSiteRemoved, ChangeVeto, ChangeGrade, ChangeScore,
		ChangeFindingAppeared, ChangeFindingResolved}, c)
}

func describeChange(r ChangeRow) string {
	evidence := func() string {
		s := r.RuleID
		if r.URL != "" {
			s += " " + r.URL
		}
		if r.Message != "" {
			s += ": " + r.Message
		}
		return s
	}
	switch r.Change {
	case ChangeSiteAdded:
		return "site added"
	case ChangeSiteRemoved:
		return "site removed"
	case ChangeFindingAppeared:
		return "+ " + evidence()
	case ChangeFindingResolved:
		return "- " + evidence()
	case ChangeScore:
		s := fmt.Sprintf("score %s -> %s", orDash(r.Before), orDash(r.After))
		if r.Delta != nil {
			s += fmt.Sprintf(" (%+g)", *r.Delta)
		}
		return s
	case ChangeGrade:
		return fmt.Sprintf("grade %s -> %s", orDash(r.Before), orDash(r.After))
	case ChangeVeto:
		return fmt.Sprintf("veto %s -> %s", r.Before, r.After)
	}
	return r.Change
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// errWriter remembers the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
