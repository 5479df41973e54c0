package checks

import (
	"strings"
	"time"
)

// GuidesUnusableParams configures guides_unusable (服务不实用).
type GuidesUnusableParams struct {
	// MinMissing is the number of missing key elements that makes a guide unusable.
	MinMissing int `yaml:"min_missing" json:"min_missing"`
	// MinGuides is the number of unusable guides that fails the rule; a site
	// with fewer guides fails when every guide is unusable.
	MinGuides int `yaml:"min_guides" json:"min_guides"`
}

func newGuidesUnusableParams() kindParams { return &GuidesUnusableParams{MinMissing: 4, MinGuides: 5} }

func (g *GuidesUnusableParams) validate(c *Catalog) *paramError {
	if g.MinMissing < 1 || g.MinMissing > len(c.Synonyms.GuideElements) {
		return perr("min_missing", "must be between 1 and the number of guide elements (%d)", len(c.Synonyms.GuideElements))
	}
	if g.MinGuides < 1 {
		return perr("min_guides", "must be at least 1")
	}
	return nil
}

func checkGuidesUnusable(p *pass) {
	gp := params[GuidesUnusableParams](p)
	guides := p.site.guides
	if len(guides) == 0 {
		p.na("未发现办事指南页面")
		return
	}
	var bad []*pageView
	for _, pv := range guides {
		if len(pv.guide.ElementsMissing) >= gp.MinMissing {
			bad = append(bad, pv)
		}
	}
	all := len(guides) < gp.MinGuides && len(bad) == len(guides)
	if len(bad) < gp.MinGuides && !all {
		p.ok("", "检查%d个办事指南，缺少%d类及以上要素的%d个（%d个及以上不合格）", len(guides), gp.MinMissing, len(bad), gp.MinGuides)
		return
	}
	for _, pv := range bad {
		g := pv.guide
		p.fail(g.URL, "办事指南「%s」缺少%d类要素：%s；共%d个指南缺少%d类及以上要素（共%d个指南）",
			g.Title, len(g.ElementsMissing), strings.Join(g.ElementsMissing, "、"), len(bad), gp.MinMissing, len(guides))
	}
}

// GuideElementsParams configures guide_elements (办事指南要素).
type GuideElementsParams struct {
	MinMissing int `yaml:"min_missing" json:"min_missing"` // missing elements that fail a guide
}

func newGuideElementsParams() kindParams { return &GuideElementsParams{MinMissing: 1} }

func (g *GuideElementsParams) validate(c *Catalog) *paramError {
	if g.MinMissing < 1 || g.MinMissing > len(c.Synonyms.GuideElements) {
		return perr("min_missing", "must be between 1 and the number of guide elements")
	}
	return nil
}

func checkGuideElements(p *pass) {
	gp := params[GuideElementsParams](p)
	if len(p.site.guides) == 0 {
		p.na("未发现办事指南页面")
		return
	}
	failed := 0
	for _, pv := range p.site.guides {
		if g := pv.guide; len(g.ElementsMissing) >= gp.MinMissing {
			failed++
			p.fail(g.URL, "办事指南「%s」缺少要素：%s", g.Title, strings.Join(g.ElementsMissing, "、"))
		}
	}
	if failed == 0 {
		p.ok("", "检查%d个办事指南，要素齐全", len(p.site.guides))
	}
}

// GuideVagueParams configures guide_vague (模糊表述): the elements whose
// values are scanned for the catalog's vague phrases.
type GuideVagueParams struct {
	Elements []string `yaml:"elements" json:"elements"`
}

func newGuideVagueParams() kindParams { return &GuideVagueParams{} }

func (g *GuideVagueParams) validate(c *Catalog) *paramError {
	if len(g.Elements) == 0 {
		return perr("elements", "at least one guide element is required")
	}
	return checkElements(c, "elements", g.Elements)
}

func checkGuideVague(p *pass) {
	if len(p.site.guides) == 0 {
		p.na("未发现办事指南页面")
		return
	}
	failed := 0
	for _, pv := range p.site.guides {
		if g := pv.guide; len(g.VaguePhrases) > 0 {
			failed++
			p.fail(g.URL, "办事指南「%s」使用模糊表述：%s", g.Title, quoteAll(g.VaguePhrases))
		}
	}
	if failed == 0 {
		p.ok("", "检查%d个办事指南，未发现模糊表述", len(p.site.guides))
	}
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "“" + s + "”"
	}
	return strings.Join(q, "、")
}

// GuideStaleParams configures guide_stale (办事指南未及时更新).
type GuideStaleParams struct {
	MaxAgeDays int `yaml:"max_age_days" json:"max_age_days"`
}

func newGuideStaleParams() kindParams { return &GuideStaleParams{MaxAgeDays: 365} }

func (g *GuideStaleParams) validate(*Catalog) *paramError {
	if g.MaxAgeDays < 1 {
		return perr("max_age_days", "must be at least 1")
	}
	return nil
}

func checkGuideStale(p *pass) {
	gp := params[GuideStaleParams](p)
	v := p.site
	if len(v.guides) == 0 {
		p.na("未发现办事指南页面")
		return
	}
	failed := 0
	for _, pv := range v.guides {
		g := pv.guide
		switch {
		case g.UpdatedAt.IsZero():
			failed++
			p.fail(g.URL, "办事指南「%s」未注明更新日期（视为未更新）", g.Title)
		case v.asOf.Sub(g.UpdatedAt) > time.Duration(gp.MaxAgeDays)*24*time.Hour:
			failed++
			p.fail(g.URL, "办事指南「%s」更新日期为%s，距检查日%d天（要求%d天内）",
				g.Title, g.UpdatedAt.Format(dateLayout), daysBetween(g.UpdatedAt, v.asOf), gp.MaxAgeDays)
		}
	}
	if failed == 0 {
		p.ok("", "检查%d个办事指南，均在%d天内更新", len(v.guides), gp.MaxAgeDays)
	}
}
