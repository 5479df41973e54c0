package checks

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"gongkai/crawler/snapshot"
)

// pass is one rule applied to one understood site: the check reports
// findings through it (the go/analysis Pass idea).
type pass struct {
	rule     *Rule
	site     *siteView
	findings []Finding
}

func (p *pass) add(o Outcome, url string, weight float64, format string, args ...any) {
	p.findings = append(p.findings, Finding{
		Outcome: o, URL: url, Message: fmt.Sprintf(format, args...), Points: weight,
	})
}

// fail reports one failing instance worth the rule's points.
func (p *pass) fail(url, format string, args ...any) { p.add(Fail, url, 1, format, args...) }

// failPoints reports one failing instance worth points (instead of the rule's).
func (p *pass) failPoints(url string, points float64, format string, args ...any) {
	p.add(Fail, url, points/p.rule.Points, format, args...)
}

func (p *pass) ok(url, format string, args ...any) { p.add(Pass, url, 1, format, args...) }
func (p *pass) na(format string, args ...any)      { p.add(NotApplicable, "", 0, format, args...) }
func (p *pass) errorf(format string, args ...any)  { p.add(Error, "", 0, format, args...) }

// Judge runs every enabled rule of the catalog over one snapshot as of asOf
// (only its civil date matters; a zero asOf means the snapshot's start) and
// scores the site. It never panics: a check that panics yields an error
// finding and the other rules still run. The result is deterministic:
// findings follow catalog order, then URL and message; documents, guides and
// pages are sorted by URL.
func (c *Catalog) Judge(s *snapshot.Snapshot, asOf time.Time) Result {
	if s == nil {
		s = &snapshot.Snapshot{}
	}
	if asOf.IsZero() {
		asOf = s.StartedAt
	}
	site, uerr := c.understandSafe(s, DateOf(asOf))
	var findings []Finding
	for i := range c.Rules {
		r := &c.Rules[i]
		if !r.Enabled {
			continue
		}
		fs := c.runRule(r, site, uerr)
		for j := range fs {
			fs[j].SiteID, fs[j].RuleID, fs[j].Effect, fs[j].Category = s.Site.ID, r.ID, r.Effect, r.Category
			fs[j].Points = c.initialPoints(r, fs[j])
		}
		slices.SortStableFunc(fs, func(a, b Finding) int {
			return cmp.Or(cmp.Compare(a.URL, b.URL), cmp.Compare(a.Message, b.Message))
		})
		findings = append(findings, fs...)
	}
	res := Result{Findings: findings, Site: c.siteFacts(s)}
	res.Score = c.score(site, res.Findings)
	res.Score.SiteID = s.Site.ID
	if uerr == nil {
		res.Documents, res.Guides, res.Pages, res.Columns = site.outputs()
		res.Soft404 = site.funnelReasons()
	}
	attachScreenshots(s, res.Findings)
	return res
}

// initialPoints is the points a finding moves before caps: weight × rule
// points for failing deduct and passing bonus findings, 0 otherwise.
func (c *Catalog) initialPoints(r *Rule, f Finding) float64 {
	switch {
	case r.Effect == Deduct && f.Outcome == Fail, r.Effect == Bonus && f.Outcome == Pass:
		return f.Points * r.Points
	}
	return 0
}

// runRule applies one rule, turning a panic into an error finding.
func (c *Catalog) runRule(r *Rule, site *siteView, uerr error) (out []Finding) {
	p := &pass{rule: r, site: site}
	spec := checkKinds[r.Kind]
	switch {
	case !r.appliesTo(site.siteKind):
		p.na("本规则仅适用于%s，本站为%s", strings.Join(siteKindNames(r.AppliesTo), "、"), siteKindName(site.siteKind))
		return p.findings
	case site.noService && r.Category != "" && r.Category == c.Scoring.NoService.Category:
		p.na("本站为无对外服务职能的部门网站，不检查%s类指标", r.Category)
		return p.findings
	case spec.need == needCrawl && !site.crawled:
		p.na("站点未能抓取（%s），无法检查页面内容", site.statusText())
		return p.findings
	case spec.need == needAnswer && !site.answered:
		p.na("站点未响应（%s），无法检查", site.statusText())
		return p.findings
	case spec.need == needCrawl && uerr != nil:
		p.errorf("页面理解失败：%v", uerr)
		return p.findings
	}
	defer func() {
		if v := recover(); v != nil {
			out = []Finding{{Outcome: Error, Message: fmt.Sprintf("检查程序异常（%s）：%v", r.Kind, v)}}
		}
	}()
	spec.check(p)
	if len(p.findings) == 0 {
		p.errorf("检查未给出结论（%s）", r.Kind)
	}
	settleCut(p, spec)
	return p.findings
}

// siteKindNames returns the Chinese names of site kinds (Rule.AppliesTo).
func siteKindNames(ks []string) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = siteKindName(k)
	}
	return out
}

// siteKindName is the Chinese name of a site kind, portal or department
// (a site's kind; a rule's Kind is its check kind).
func siteKindName(k string) string {
	switch k {
	case "portal":
		return "政府门户网站"
	case "department":
		return "部门网站"
	}
	return k
}

// attachScreenshots copies the screenshot of each finding's evidence page.
func attachScreenshots(s *snapshot.Snapshot, fs []Finding) {
	shots := map[string]string{}
	for _, pg := range s.Pages {
		if pg.Screenshot != "" {
			shots[pg.URL] = pg.Screenshot
			if pg.FinalURL != "" {
				shots[pg.FinalURL] = pg.Screenshot
			}
		}
	}
	for i := range fs {
		if fs[i].URL != "" {
			fs[i].Screenshot = shots[fs[i].URL]
		}
	}
}
