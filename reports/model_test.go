package reports_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gongkai/datasets"
	"gongkai/reports"
)

// TestScorecardFixesRecoverTheDeductions: the fixes of every scored site
// give back exactly what was deducted (scaled to 100), vetoes come first,
// and deductions come largest first.
func TestScorecardFixesRecoverTheDeductions(t *testing.T) {
	t.Parallel()
	d := sampleData(t, secondRelease)
	for _, id := range d.SiteIDs() {
		t.Run(id, func(t *testing.T) {
			sc, err := d.Scorecard(id)
			if err != nil {
				t.Fatal(err)
			}
			sum, gates := 0.0, 0
			for i, f := range sc.Fixes {
				if f.Gate {
					gates++
					if i >= gates {
						t.Errorf("veto fix %s after a deduction", f.Rule.RuleID)
					}
					continue
				}
				sum += f.Recovers
				if i > gates && f.Recovers > sc.Fixes[i-1].Recovers {
					t.Errorf("fix %s (%g) after a smaller one (%g)", f.Rule.RuleID, f.Recovers, sc.Fixes[i-1].Recovers)
				}
			}
			want := sc.Score.Deductions * 100 / sc.Score.OutOf
			if math.Abs(sum-want) > 1e-6 {
				t.Errorf("fixes recover %g, deductions are %g (scaled %g)", sum, sc.Score.Deductions, want)
			}
			if gates != len(sc.Score.VetoRules) {
				t.Errorf("%d veto fixes, %d veto rules %v", gates, len(sc.Score.VetoRules), sc.Score.VetoRules)
			}
			if n := len(sc.Fixes); n > 0 && sc.Score.Score != nil && math.Abs(sc.Fixes[n-1].ScoreAfter-100) > 1e-6 {
				t.Errorf("after every fix the score is %g, want 100", sc.Fixes[n-1].ScoreAfter)
			}
		})
	}
}

// TestScorecardEvidence: findings carry the crawl's record of their URL
// (a page with its status and fetch time, a dead link with its error, the
// host's addresses), and the homepage screenshot is found in the audit
// directory beside the release.
func TestScorecardEvidence(t *testing.T) {
	t.Parallel()
	d := sampleData(t, secondRelease)
	sc, err := d.Scorecard("deadlinks")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Screenshot == "" || !strings.HasPrefix(sc.Screenshot, "audits/") {
		t.Fatalf("homepage screenshot %q, want a path under audits/", sc.Screenshot)
	}
	if b, err := d.ReadScreenshot(sc.Screenshot); err != nil || len(b) < 8 || string(b[1:4]) != "PNG" {
		t.Fatalf("read screenshot: %v (%d bytes)", err, len(b))
	}
	if _, err := d.ReadScreenshot("../../etc/passwd"); err == nil {
		t.Error("ReadScreenshot read a file the release does not name")
	}
	dead := findingsOf(sc, "links-dead-home")
	if len(dead) == 0 {
		t.Fatal("no links-dead-home findings")
	}
	var refused bool
	for _, f := range dead {
		e := f.Evidence
		if e == nil || e.Source == "" || e.At == nil || e.Verdict == "" || e.Verdict == datasets.VerdictOK {
			t.Errorf("%s: evidence %+v, want a checked link with its verdict", f.URL, e)
			continue
		}
		if e.CrawlStatus == "refused" && strings.Contains(e.Error, "connection refused") && e.Host != nil && len(e.Host.A) > 0 {
			refused = true
		}
	}
	if !refused {
		t.Error("no refused link with its error and host addresses among the dead homepage links")
	}
	home := findingsOf(sc, "https")
	if len(home) != 1 || home[0].Evidence == nil || home[0].Evidence.Source != "page" ||
		home[0].Evidence.Status == nil || *home[0].Evidence.Status != 200 || home[0].Evidence.Screenshot == "" {
		t.Errorf("https finding evidence: %+v", home)
	}
}

func findingsOf(sc *reports.Scorecard, rule string) []reports.Finding {
	for _, it := range sc.Items {
		if it.Rule.RuleID == rule {
			return it.Findings
		}
	}
	return nil
}

// TestScorecardIssues: the columns, documents and guides that fail each
// say what they lack.
func TestScorecardIssues(t *testing.T) {
	t.Parallel()
	d := sampleData(t, secondRelease)
	stale, _ := d.Scorecard("stale")
	if !slices.ContainsFunc(stale.Columns, func(c reports.ColumnIssue) bool {
		return c.RuleID == "columns-blank" && c.Name == "统计信息" && c.URL != "" && c.Column != nil && c.Column.Items == 0
	}) {
		t.Errorf("stale: no blank column 统计信息 in %+v", stale.Columns)
	}
	banshi, _ := d.Scorecard("banshi")
	if !slices.ContainsFunc(banshi.Guides, func(g reports.GuideIssue) bool {
		return g.Title == "再生育审批" && slices.Contains(g.Missing, "设定依据") && g.Stale
	}) {
		t.Errorf("banshi: guide 再生育审批 not listed with its missing elements: %+v", banshi.Guides)
	}
	if len(banshi.Items) == 0 || banshi.Items[0].Effect != "veto" {
		t.Errorf("banshi: first item %+v, want its veto", banshi.Items[0])
	}
	var docs int
	for _, id := range d.SiteIDs() {
		sc, _ := d.Scorecard(id)
		for _, doc := range sc.Documents {
			docs++
			if len(doc.Missing) == 0 || d.FieldTitle("documents", doc.Missing[0], reports.Chinese) == doc.Missing[0] {
				t.Errorf("%s: document %s lacks %v, without a dictionary title", id, doc.URL, doc.Missing)
			}
		}
	}
	if docs == 0 {
		t.Error("no document with missing metadata in the sample web")
	}
	if _, err := d.Scorecard("nosuchsite"); err == nil {
		t.Error("Scorecard of an unknown site: no error")
	}
}

// TestSummary: ranking, grades, failure rates and changes of the second
// sample release.
func TestSummary(t *testing.T) {
	t.Parallel()
	d := sampleData(t, secondRelease)
	s := d.Summary()
	if s.Sites != len(d.SiteIDs()) || len(s.Ranking) != s.Sites {
		t.Fatalf("%d sites, %d ranked rows", s.Sites, len(s.Ranking))
	}
	for i := 1; i < len(s.Ranking); i++ {
		a, b := s.Ranking[i-1], s.Ranking[i]
		if b.Score.Score != nil && (a.Score.Score == nil || *a.Score.Score < *b.Score.Score) {
			t.Errorf("ranking: %s before %s", a.Site.SiteID, b.Site.SiteID)
		}
		if b.Score.Score != nil && *a.Score.Score == *b.Score.Score && a.Rank != b.Rank {
			t.Errorf("equal scores of %s and %s have ranks %d and %d", a.Site.SiteID, b.Site.SiteID, a.Rank, b.Rank)
		}
	}
	total := 0
	for _, g := range s.Grades {
		total += g.Sites
	}
	if total != s.Sites || s.Grades[0].Grade != "优秀" {
		t.Errorf("grades %+v: want every site counted, 优秀 first", s.Grades)
	}
	for _, r := range s.Rules {
		if r.Rule.Effect == "info" || r.Failed > r.Judged {
			t.Errorf("rule rate %+v", r)
		}
	}
	c := s.Change
	if c.PreviousReleaseID != firstRelease {
		t.Errorf("previous release %q", c.PreviousReleaseID)
	}
	if !slices.Equal(c.Added, []string{"gbk"}) || !slices.Equal(c.Removed, []string{"trap"}) {
		t.Errorf("added %v, removed %v; want [gbk], [trap]", c.Added, c.Removed)
	}
	if !slices.ContainsFunc(c.Regressed, func(d reports.SiteDelta) bool { return d.SiteID == "deadlinks" }) ||
		!slices.ContainsFunc(c.Improved, func(d reports.SiteDelta) bool { return d.SiteID == "shifan" && d.Delta > 0 }) ||
		!slices.ContainsFunc(c.LiftedVetoes, func(s reports.SiteCount) bool { return s.SiteID == "v6broken" }) ||
		c.Appeared == 0 || c.Resolved == 0 {
		t.Errorf("changes %+v: want deadlinks regressed, shifan improved, v6broken's veto lifted", c)
	}
}

// TestMethodology: the crawl parameters come from the audit directory,
// and what could not be checked is listed with the reason.
func TestMethodology(t *testing.T) {
	t.Parallel()
	d := sampleData(t, secondRelease)
	m := d.Methodology()
	if !slices.ContainsFunc(m.Crawl, func(p reports.Param) bool { return p.Name == "max_pages" && p.Value == "300" }) {
		t.Errorf("crawl parameters %+v: want max_pages 300", m.Crawl)
	}
	if !slices.ContainsFunc(m.Unreached, func(s reports.SiteReason) bool { return s.SiteID == "gone" && s.Status == "dns_error" }) {
		t.Errorf("unreached %+v: want gone (dns_error)", m.Unreached)
	}
	if m.Verification["V"] == 0 || m.Verification["R"] == 0 {
		t.Errorf("verification levels %v", m.Verification)
	}
	// Without the audit directory there are no crawl parameters, and no
	// screenshots: the report says so rather than failing.
	rel, err := datasets.Load(sampleDir, secondRelease)
	if err != nil {
		t.Fatal(err)
	}
	bare, err := reports.NewData(rel, "")
	if err != nil {
		t.Fatal(err)
	}
	if m := bare.Methodology(); m.Crawl != nil {
		t.Errorf("crawl parameters without an audit directory: %+v", m.Crawl)
	}
	if sc, _ := bare.Scorecard("deadlinks"); sc.Screenshot != "" {
		t.Errorf("screenshot without an audit directory: %q", sc.Screenshot)
	}
}
