package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"gongkai/datasets"
)

// Outcomes and effects as the findings table writes them.
const (
	outcomePass          = "pass"
	outcomeFail          = "fail"
	outcomeNotApplicable = "not_applicable"
	outcomeError         = "error"

	effectVeto   = "veto"
	effectDeduct = "deduct"
	effectBonus  = "bonus"
	effectInfo   = "info"
)

// fullMark is the score of a site with nothing deducted (DESIGN §2.4:
// 100 minus capped deductions); a department scored out of less is
// scaled to it.
const fullMark = 100

// columnKinds are the check kinds whose failures are about columns
// (栏目) and required entries: their findings make the column list.
var columnKinds = map[string]bool{"column_freshness": true, "column_blank": true, "section_presence": true}

// Scorecard builds the per-site report of a site, or an error naming an
// unknown site.
func (d *Data) Scorecard(siteID string) (*Scorecard, error) {
	site, score, ok := d.site(siteID)
	if !ok {
		return nil, fmt.Errorf("scorecard: no site %q in release %s", siteID, d.rel.ID)
	}
	rows := d.rowsOf(siteID)
	ev := d.evidenceIndex(rows)
	sc := &Scorecard{
		Release: d.info(),
		Site:    site,
		Score:   score,
		Rank:    d.ranks[siteID],
		Ranked:  d.ranked,
	}
	if d.rel.Package != nil && d.rel.Package.PreviousReleaseID != nil {
		sc.PreviousReleaseID = *d.rel.Package.PreviousReleaseID
	}
	sc.Screenshot = d.homeScreenshot(rows)
	sc.Items, sc.Notes, sc.NotChecked = d.items(rows, ev)
	sc.Columns = d.columnIssues(rows)
	sc.Documents = d.documentIssues(rows)
	sc.Guides = d.guideIssues(rows)
	sc.Fixes = fixes(sc)
	for _, i := range rows.changes {
		sc.Changes = append(sc.Changes, d.rel.Changes[i])
	}
	return sc, nil
}

// homeScreenshot returns the screenshot of the site's homepage (the
// depth-0 page), if one is on disk.
func (d *Data) homeScreenshot(rows *siteRows) string {
	for _, i := range rows.pages {
		if p := d.rel.Pages[i]; p.Depth == 0 && p.Screenshot != "" {
			if s := d.screenshot(p.Screenshot); s != "" {
				return s
			}
		}
	}
	return ""
}

// items groups the site's findings by rule: items (veto, deduct, bonus),
// notes (info) and rules not checked.
func (d *Data) items(rows *siteRows, ev *evidenceIndex) (items, notes []Item, notChecked []NotChecked) {
	byRule := map[string]*Item{}
	var order []string
	seenNC := map[string]bool{}
	for _, i := range rows.findings {
		f := d.rel.Findings[i]
		switch {
		case f.Outcome == outcomeNotApplicable || f.Outcome == outcomeError:
			if !seenNC[f.RuleID] {
				seenNC[f.RuleID] = true
				notChecked = append(notChecked, NotChecked{Rule: d.rule(f.RuleID), Outcome: f.Outcome, Reason: f.Message})
			}
			continue
		case !moves(f):
			continue
		}
		it := byRule[f.RuleID]
		if it == nil {
			it = &Item{Rule: d.rule(f.RuleID), Effect: f.Effect}
			byRule[f.RuleID] = it
			order = append(order, f.RuleID)
		}
		it.Points = round4(it.Points + f.Points)
		it.Findings = append(it.Findings, Finding{RuleID: f.RuleID, Outcome: f.Outcome, Effect: f.Effect,
			Points: f.Points, URL: f.URL, Message: f.Message, Evidence: ev.of(f.URL, f.Screenshot)})
	}
	for _, id := range order {
		if it := byRule[id]; it.Effect == effectInfo {
			notes = append(notes, *it)
		} else {
			items = append(items, *it)
		}
	}
	slices.SortStableFunc(items, func(a, b Item) int {
		if c := cmp.Compare(effectOrder(a.Effect), effectOrder(b.Effect)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Points, a.Points); c != 0 {
			return c
		}
		return cmp.Compare(a.Rule.RuleID, b.Rule.RuleID)
	})
	slices.SortStableFunc(notChecked, func(a, b NotChecked) int { return cmp.Compare(a.Rule.RuleID, b.Rule.RuleID) })
	return items, notes, notChecked
}

// moves reports whether a finding moved the verdict: a failure of a veto,
// deduct or info rule, or a bonus awarded.
func moves(f datasets.FindingRow) bool {
	if f.Effect == effectBonus {
		return f.Outcome == outcomePass && f.Points > 0
	}
	return f.Outcome == outcomeFail
}

func effectOrder(e string) int {
	return slices.Index([]string{effectVeto, effectDeduct, effectBonus, effectInfo}, e)
}

// columnIssues lists the failing findings of column rules that count.
func (d *Data) columnIssues(rows *siteRows) []ColumnIssue {
	byURL := map[string]int{}
	for _, i := range rows.columns {
		byURL[d.rel.Columns[i].URL] = i
	}
	var out []ColumnIssue
	for _, i := range rows.findings {
		f := d.rel.Findings[i]
		if f.Outcome != outcomeFail || f.Effect == effectInfo || !columnKinds[d.rule(f.RuleID).Kind] {
			continue
		}
		c := ColumnIssue{Name: quoted(f.Message), URL: f.URL, RuleID: f.RuleID, Lacks: f.Message}
		if j, ok := byURL[f.URL]; ok && f.URL != "" {
			row := d.rel.Columns[j]
			c.Column = &row
			if c.Name == "" {
				c.Name = row.Name
			}
		}
		out = append(out, c)
	}
	return out
}

// quoted returns the first 「…」 quotation of a message, or "".
func quoted(msg string) string {
	_, rest, ok := strings.Cut(msg, "「")
	if !ok {
		return ""
	}
	name, _, ok := strings.Cut(rest, "」")
	if !ok {
		return ""
	}
	return name
}

func (d *Data) documentIssues(rows *siteRows) []DocumentIssue {
	var out []DocumentIssue
	for _, i := range rows.documents {
		if doc := d.rel.Documents[i]; len(doc.MissingFields) > 0 {
			out = append(out, DocumentIssue{Title: doc.Title, URL: doc.URL, Missing: doc.MissingFields})
		}
	}
	return out
}

func (d *Data) guideIssues(rows *siteRows) []GuideIssue {
	var out []GuideIssue
	for _, i := range rows.guides {
		g := d.rel.Guides[i]
		if len(g.ElementsMissing) > 0 || len(g.VaguePhrases) > 0 || g.Stale {
			out = append(out, GuideIssue{Title: g.Title, URL: g.URL, Missing: g.ElementsMissing,
				Vague: g.VaguePhrases, UpdatedAt: g.UpdatedAt, Stale: g.Stale})
		}
	}
	return out
}

// fixes orders what to fix: every failed veto first (together they
// decide whether the points count at all), then each deduction by the
// points it gives back, largest first. A deduction's points are those its
// findings carry after caps, scaled from the site's full mark (out_of) to
// 100; ScoreAfter adds them up.
func fixes(sc *Scorecard) []Fix {
	outOf := sc.Score.OutOf
	if outOf <= 0 {
		outOf = fullMark
	}
	scale := fullMark / outOf
	base := max(0, (outOf-sc.Score.Deductions)*scale)
	now := 0.0
	if sc.Score.Score != nil {
		now = *sc.Score.Score - sc.Score.Bonus
	}
	var out []Fix
	var vetoes []Item
	for _, it := range sc.Items {
		if it.Effect == effectVeto {
			vetoes = append(vetoes, it)
		}
	}
	if len(vetoes) > 0 {
		recovers := round4(max(0, base-now))
		for _, it := range vetoes {
			out = append(out, Fix{Rule: it.Rule, Gate: true, Instances: len(it.Findings), Recovers: recovers, ScoreAfter: round4(base)})
		}
		now = base
	}
	var deduct []Fix
	for _, it := range sc.Items {
		if it.Effect == effectDeduct && it.Points > 0 {
			deduct = append(deduct, Fix{Rule: it.Rule, Instances: len(it.Findings), Recovers: round4(it.Points * scale)})
		}
	}
	slices.SortStableFunc(deduct, func(a, b Fix) int {
		if c := cmp.Compare(b.Recovers, a.Recovers); c != 0 {
			return c
		}
		return cmp.Compare(a.Rule.RuleID, b.Rule.RuleID)
	})
	for i := range deduct {
		now = min(fullMark, now+deduct[i].Recovers)
		deduct[i].ScoreAfter = round4(now)
	}
	return append(out, deduct...)
}

// round4 rounds to four decimals, as the scores table does.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
