package reports

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// Methodology returns the methodology appendix of the release (built
// once; each call returns a copy whose slices are shared: read-only).
func (d *Data) Methodology() *Methodology {
	d.methodologyOnce.Do(func() { d.methodology = d.buildMethodology() })
	m := *d.methodology
	return &m
}

func (d *Data) buildMethodology() *Methodology {
	m := &Methodology{Release: d.info(), Rules: slices.Clone(d.rel.Rules), Verification: map[string]int{}}
	if d.rel.Package != nil {
		m.Software = d.rel.Package.SoftwareVersion
	}
	for _, r := range m.Rules {
		m.Verification[r.Verification]++
	}
	if d.audit != nil {
		m.Crawl = crawlParams(d.audit.Crawl, d.audit.Flags)
		m.CrawlStarted, m.CrawlFinished = d.audit.StartedAt, d.audit.FinishedAt
	}
	for _, s := range d.rel.Sites {
		if s.CrawlStatus != "ok" {
			m.Unreached = append(m.Unreached, SiteReason{SiteID: s.SiteID, Name: s.Name, Status: s.CrawlStatus, Reason: s.CrawlError})
		}
		if s.BudgetExhausted || s.PagesSkipped > 0 {
			m.Limited = append(m.Limited, SiteLimit{SiteID: s.SiteID, Name: s.Name, Crawled: s.PagesCrawled,
				Skipped: s.PagesSkipped, BudgetExhausted: s.BudgetExhausted})
		}
	}
	m.NotChecked = d.notChecked()
	m.Grades = gradeRanges(d.ranking())
	return m
}

// gradeRanges gives each grade's lowest and highest score, in the order
// of the grade distribution.
func gradeRanges(ranking []RankRow) []GradeRange {
	var out []GradeRange
	for _, g := range grades(ranking) {
		gr := GradeRange{Grade: g.Grade, Sites: g.Sites}
		for _, r := range ranking {
			if r.Score.Grade != g.Grade || r.Score.Score == nil {
				continue
			}
			v := *r.Score.Score
			if gr.Min == nil || v < *gr.Min {
				gr.Min = &v
			}
			if gr.Max == nil || v > *gr.Max {
				gr.Max = &v
			}
		}
		out = append(out, gr)
	}
	return out
}

// crawlParams lists the crawl configuration recorded in audit.json (its
// keys as the crawler wrote them, sorted), then the command-line flags.
func crawlParams(raw json.RawMessage, flags map[string]string) []Param {
	var out []Param
	var cfg map[string]any
	if len(raw) > 0 && json.Unmarshal(raw, &cfg) == nil {
		for _, k := range sortedKeys(cfg) {
			out = append(out, Param{Name: k, Value: paramValue(cfg[k])})
		}
	}
	for _, k := range sortedKeys(flags) {
		out = append(out, Param{Name: "--" + k, Value: flags[k]})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// paramValue prints a JSON value of the crawl configuration.
func paramValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case nil:
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// notChecked counts, per rule, the sites where it was not applicable or
// its check failed, with the most frequent reason.
func (d *Data) notChecked() []RuleNotChecked {
	type tally struct {
		na, errs map[string]bool
		reasons  map[string]int
	}
	by := map[string]*tally{}
	for _, f := range d.rel.Findings {
		if f.Outcome != outcomeNotApplicable && f.Outcome != outcomeError {
			continue
		}
		t := by[f.RuleID]
		if t == nil {
			t = &tally{na: map[string]bool{}, errs: map[string]bool{}, reasons: map[string]int{}}
			by[f.RuleID] = t
		}
		if f.Outcome == outcomeError {
			t.errs[f.SiteID] = true
		} else {
			t.na[f.SiteID] = true
		}
		t.reasons[f.Message]++
	}
	out := make([]RuleNotChecked, 0, len(by))
	for id, t := range by {
		r := RuleNotChecked{Rule: d.rule(id), NotApplicable: len(t.na), Errors: len(t.errs)}
		for _, msg := range sortedKeys(t.reasons) {
			if r.Example == "" || t.reasons[msg] > t.reasons[r.Example] {
				r.Example = msg
			}
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b RuleNotChecked) int { return cmp.Compare(a.Rule.RuleID, b.Rule.RuleID) })
	return out
}
