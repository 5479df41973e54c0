package checks

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Scoring is the catalog's scoring method (国办秘函〔2019〕19号): a veto gate,
// 100 points of capped deductions in four categories, and bonus points for
// portals above a gate.
type Scoring struct {
	Max            float64    `yaml:"max" json:"max"`                           // full mark of the deduction part (100)
	FailBelow      float64    `yaml:"fail_below" json:"fail_below"`             // below this the site is 不合格 (60)
	BonusAbove     float64    `yaml:"bonus_above" json:"bonus_above"`           // bonus counts only for scores strictly above (80)
	BonusMax       float64    `yaml:"bonus_max" json:"bonus_max"`               // most bonus points (30)
	BonusSiteKinds []string   `yaml:"bonus_site_kinds" json:"bonus_site_kinds"` // site kinds eligible for bonus (portal)
	OnVeto         string     `yaml:"on_veto" json:"on_veto"`                   // zero: a vetoed site scores 0; computed: it keeps its deduction score
	Categories     []Category `yaml:"categories" json:"categories"`
	NoService      NoService  `yaml:"no_service" json:"no_service"`
	Grades         []Grade    `yaml:"grades" json:"grades"` // by descending min; below the last, or vetoed: FailGrade
	FailGrade      string     `yaml:"fail_grade" json:"fail_grade"`
	// UngradedGrade is the grade of a site that answered but whose pages
	// could not be fetched (robots.txt, WAF): most rules were not applicable,
	// so its score says little.
	UngradedGrade string `yaml:"ungraded_grade" json:"ungraded_grade"`
}

// Category is a first-level deduction indicator with its points (the cap of
// its deductions).
type Category struct {
	Name         string  `yaml:"name" json:"name"`
	Points       float64 `yaml:"points" json:"points"`
	Verification string  `yaml:"verification" json:"verification"`
}

// NoService is the rule for departments without public services (没有对外
// 服务职能): their category is skipped, the rest is scored out of OutOf and
// scaled to Max (×4/3 for 75 of 100).
type NoService struct {
	SiteKinds       []string `yaml:"site_kinds" json:"site_kinds"`
	Category        string   `yaml:"category" json:"category"`
	OutOf           float64  `yaml:"out_of" json:"out_of"`
	ServiceSections []string `yaml:"service_sections" json:"service_sections"` // sections showing that services exist
}

// Grade is a score band.
type Grade struct {
	Name         string  `yaml:"name" json:"name"`
	Min          float64 `yaml:"min" json:"min"`
	Verification string  `yaml:"verification" json:"verification"`
}

func (s *Scoring) category(name string) *Category {
	for i := range s.Categories {
		if s.Categories[i].Name == name {
			return &s.Categories[i]
		}
	}
	return nil
}

func (s *Scoring) categoryNames() string {
	names := make([]string, len(s.Categories))
	for i, c := range s.Categories {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// validate returns the offending field (relative to scoring) and the error.
func (s *Scoring) validate(c *Catalog) (string, error) {
	if s.Max <= 0 || s.FailBelow < 0 || s.FailBelow > s.Max || s.BonusMax < 0 {
		return ".max", fmt.Errorf("need max > 0, 0 <= fail_below <= max, bonus_max >= 0")
	}
	if s.OnVeto != "zero" && s.OnVeto != "computed" {
		return ".on_veto", fmt.Errorf("%q is not zero or computed", s.OnVeto)
	}
	sum := 0.0
	for i, cat := range s.Categories {
		if cat.Name == "" || cat.Points <= 0 || s.category(cat.Name) != &s.Categories[i] {
			return fmt.Sprintf(".categories[%d]", i), fmt.Errorf("a category needs a unique name and positive points")
		}
		sum += cat.Points
	}
	if math.Abs(sum-s.Max) > 1e-9 {
		return ".categories", fmt.Errorf("category points add up to %g, not max %g", sum, s.Max)
	}
	ns := s.NoService
	if cat := s.category(ns.Category); cat == nil {
		return ".no_service.category", fmt.Errorf("unknown category %q", ns.Category)
	} else if math.Abs(ns.OutOf-(s.Max-cat.Points)) > 1e-9 {
		return ".no_service.out_of", fmt.Errorf("must be max minus the %s points (%g)", ns.Category, s.Max-cat.Points)
	}
	if err := checkSections(c, "service_sections", ns.ServiceSections); err != nil {
		return ".no_service." + err.field, fmt.Errorf("%s", err.msg)
	}
	for i, g := range s.Grades {
		if g.Name == "" || (i > 0 && g.Min >= s.Grades[i-1].Min) || g.Min < s.FailBelow {
			return fmt.Sprintf(".grades[%d]", i), fmt.Errorf("grades need names and strictly descending mins not below fail_below")
		}
	}
	if len(s.Grades) == 0 || s.FailGrade == "" || s.UngradedGrade == "" {
		return ".grades", fmt.Errorf("grades, fail_grade and ungraded_grade are required")
	}
	return "", nil
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// score applies caps (per rule, then per category, in catalog and finding
// order) by setting each finding's points, so every point deducted or added
// is carried by a finding, then computes the site's score and grade.
func (c *Catalog) score(v *siteView, fs []Finding) Score {
	sc := c.Scoring
	out := Score{RulesVersion: c.Version, AsOf: v.asOf, OutOf: sc.Max}
	if v.noService {
		out.OutOf = sc.NoService.OutOf
	}
	ruleUsed := map[string]float64{}
	catUsed := map[string]float64{}
	for i := range fs {
		f := &fs[i]
		r := &c.Rules[c.byID[f.RuleID]]
		switch {
		case f.Outcome == Error:
			out.Errors++
		case f.Effect == Veto && f.Outcome == Fail && !slices.Contains(out.VetoRules, f.RuleID):
			out.VetoRules = append(out.VetoRules, f.RuleID)
		case f.Effect == Deduct && f.Points > 0:
			pts := capped(f.Points, r.Cap, ruleUsed[r.ID])
			pts = capped(pts, sc.category(r.Category).Points, catUsed[r.Category])
			ruleUsed[r.ID] += pts
			catUsed[r.Category] += pts
			if pts < f.Points {
				f.Message += fmt.Sprintf("（已达扣分上限，本条扣%s分）", num(round4(pts)))
			}
			f.Points = round4(pts)
			out.Deductions += f.Points
		}
	}
	out.Deductions = round4(out.Deductions)
	out.Veto = len(out.VetoRules) > 0
	base := math.Max(0, (out.OutOf-out.Deductions)*sc.Max/out.OutOf)
	bonusOK := slices.Contains(sc.BonusSiteKinds, v.siteKind) && base > sc.BonusAbove && !out.Veto
	bonusUsed := map[string]float64{}
	for i := range fs {
		f := &fs[i]
		if f.Effect != Bonus || f.Points == 0 {
			continue
		}
		r := &c.Rules[c.byID[f.RuleID]]
		pts := 0.0
		if bonusOK {
			pts = capped(capped(f.Points, r.Cap, bonusUsed[r.ID]), sc.BonusMax, out.Bonus)
		}
		bonusUsed[r.ID] += pts
		f.Points = round4(pts)
		out.Bonus = round4(out.Bonus + f.Points)
	}
	out.Score = round4(base + out.Bonus)
	if out.Veto && sc.OnVeto == "zero" {
		out.Score = 0
	}
	out.Grade = sc.grade(out.Score, out.Veto)
	if !out.Veto && (!v.crawled || v.snap.Stopped != nil) {
		// Nothing of the site's content could be judged, or only part of
		// it (the crawl stopped early): a number would read as a verdict.
		// NaN is published as an empty (null) score.
		out.Grade = sc.UngradedGrade
		out.Score = math.NaN()
	}
	return out
}

// capped returns the part of pts that fits under limit given what is used
// (limit 0 means no limit).
func capped(pts, limit, used float64) float64 {
	if limit <= 0 {
		return pts
	}
	return math.Max(0, math.Min(pts, limit-used))
}

func (s *Scoring) grade(score float64, veto bool) string {
	if veto || score < s.FailBelow {
		return s.FailGrade
	}
	for _, g := range s.Grades {
		if score >= g.Min {
			return g.Name
		}
	}
	return s.FailGrade
}
