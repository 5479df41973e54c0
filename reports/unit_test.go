package reports_test

import (
	"context"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"

	"gongkai/datasets"
	"gongkai/reports"
)

func ptr[T any](v T) *T { return &v }

// handRelease is a release made by hand: a department scored out of 75
// (deductions scaled by 100/75) with a veto and two deductions.
func handRelease() *datasets.Release {
	rules := []datasets.RuleRow{
		{RuleID: "home-stale", TitleZh: "首页不更新", Effect: "veto", Kind: "home_freshness"},
		{RuleID: "links-dead-home", TitleZh: "首页链接不可用", Effect: "deduct", Points: 1, Cap: 10},
		{RuleID: "https", TitleZh: "HTTPS访问", Effect: "deduct", Points: 1, Cap: 1},
	}
	f := func(rule, effect, outcome string, pts float64, url string) datasets.FindingRow {
		return datasets.FindingRow{SiteID: "dept", RuleID: rule, Effect: effect, Outcome: outcome, Points: pts, URL: url, Message: rule}
	}
	return &datasets.Release{ID: "20261120T000000Z-001", Tables: datasets.Tables{
		Sites: []datasets.SiteRow{{SiteID: "dept", Name: "某某局", Kind: "department", CrawlStatus: "ok"}},
		Scores: []datasets.ScoreRow{{SiteID: "dept", Score: ptr(0.0), Veto: true, VetoRules: []string{"home-stale"},
			Deductions: 4.5, OutOf: 75, Grade: "不合格"}},
		Rules: rules,
		Findings: []datasets.FindingRow{
			f("home-stale", "veto", "fail", 0, "https://x.gov.cn/"),
			f("https", "deduct", "fail", 1, "https://x.gov.cn/"),
			f("links-dead-home", "deduct", "fail", 1, "https://x.gov.cn/a"),
			f("links-dead-home", "deduct", "fail", 1, "https://x.gov.cn/b"),
			f("links-dead-home", "deduct", "fail", 1.5, "https://x.gov.cn/c"),
		},
	}}
}

// TestFixesScaleToTheFullMark: a department scored out of 75 gets back
// 100/75 of each deduction, the veto first with what all vetoes give
// back together.
func TestFixesScaleToTheFullMark(t *testing.T) {
	t.Parallel()
	d, err := reports.NewData(handRelease(), "")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := d.Scorecard("dept")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		rule            string
		gate            bool
		recovers, after float64
	}{
		{"home-stale", true, 94, 94}, // (75 - 4.5) × 100/75
		{"links-dead-home", false, 4.6667, 98.6667},
		{"https", false, 1.3333, 100},
	}
	if len(sc.Fixes) != len(want) {
		t.Fatalf("fixes %+v", sc.Fixes)
	}
	for i, w := range want {
		f := sc.Fixes[i]
		if f.Rule.RuleID != w.rule || f.Gate != w.gate || math.Abs(f.Recovers-w.recovers) > 1e-3 || math.Abs(f.ScoreAfter-w.after) > 1e-3 {
			t.Errorf("fix %d: %s gate=%v recovers %g after %g; want %+v", i+1, f.Rule.RuleID, f.Gate, f.Recovers, f.ScoreAfter, w)
		}
	}
}

// TestChartsEscapeAndScale: chart labels are escaped, bars are scaled to
// the full value, and the same data draws the same bytes.
func TestChartsEscapeAndScale(t *testing.T) {
	t.Parallel()
	bars := []reports.Bar{{Label: `<script>"x"&`, Value: 1}, {Label: "半", Value: 0.5}}
	svg := string(reports.BarChart("t<", bars, 1))
	if strings.Contains(svg, "<script>") || !strings.Contains(svg, "&lt;script&gt;") || strings.Contains(svg, `aria-label="t<"`) {
		t.Errorf("labels not escaped:\n%s", svg)
	}
	widths := regexp.MustCompile(`<rect x="[0-9.]+" y="\d+" width="([0-9.]+)"`).FindAllStringSubmatch(svg, -1)
	if len(widths) != 2 || widths[0][1] == "0" || strings.TrimSuffix(widths[0][1], ".0") == widths[1][1] {
		t.Fatalf("bar widths %v", widths)
	}
	if again := string(reports.BarChart("t<", bars, 1)); again != svg {
		t.Error("the same chart drew different bytes")
	}
	if svg := string(reports.ColumnChart("c", nil)); !strings.HasPrefix(svg, "<svg") {
		t.Errorf("empty column chart: %s", svg)
	}
}

// TestLabels: every label has both languages, and every label a template
// names exists.
func TestLabels(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"title.site", "sec.fixes", "f.recovers", "ch.new_vetoes", "verif.R"} {
		if reports.Label(reports.Chinese, key) == reports.Label(reports.English, key) {
			t.Errorf("label %s is the same in both languages", key)
		}
	}
	names := regexp.MustCompile(`\{\{-?\s*(?:t|tf) "([^"]+)"`)
	files, _ := os.ReadDir("templates")
	for _, f := range files {
		b, err := os.ReadFile("templates/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range names.FindAllStringSubmatch(string(b), -1) {
			if reports.Label(reports.English, m[1]) == m[1] {
				t.Errorf("%s: label %q is not defined", f.Name(), m[1])
			}
		}
	}
}

// TestRunningHeadIsQuoted: a site name that tries to end the page's
// style sheet is escaped in the running head, and the head is there (not
// replaced by the template's ZgotmplZ).
func TestRunningHeadIsQuoted(t *testing.T) {
	t.Parallel()
	rel := handRelease()
	rel.Sites[0].Name = `某某局"}</style><script>alert(1)</script>: x`
	d, err := reports.NewData(rel, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []reports.Lang{reports.Chinese, reports.English} {
		var b strings.Builder
		w := &reports.Writer{Data: d, Lang: lang}
		if err := w.Site(context.Background(), &b, "dept", reports.HTML); err != nil {
			t.Fatal(err)
		}
		html := b.String()
		if strings.Contains(html, "ZgotmplZ") || strings.Contains(html, "<script>") || !strings.Contains(html, `@top-right { content: "gongkai · 某某局\22 \7d \3c \2f style`) {
			i := strings.Index(html, "@top-right")
			t.Errorf("%s: running head: %.200s", lang, html[i:])
		}
	}
}
