// Package releasegen publishes releases for the server's tests and
// benchmarks: synthetic ones of any size (15,000 sites and 5 million
// findings for the benchmark), streamed through datasets.ReleaseWriter so
// that they are real releases, and the sample web's release judged from
// the stored snapshots of cmd/gongkai/testdata.
package releasegen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"gongkai/checks"
	"gongkai/datasets"
)

// Config sizes a synthetic release.
type Config struct {
	// Sites is the number of sites; FindingsPerSite the findings of each.
	Sites, FindingsPerSite int
	// Seed makes the content vary between releases (same seed, same rows).
	Seed uint64
	// Changed, when above 0, keeps every site as Seed makes it except one
	// in Changed, made with Seed+1: a next release that differs a little,
	// as consecutive audits do.
	Changed int
	// Created fixes the release's creation time (default: now).
	Created time.Time
}

var (
	levels   = []string{"national", "province", "city", "county", "township"}
	kinds    = []string{"portal", "department"}
	regions  = []string{"北京市", "河北省石家庄市", "浙江省杭州市", "江西省南昌市", "广东省广州市", "四川省成都市", "云南省昆明市", "甘肃省兰州市"}
	agencies = []string{"人民政府", "发展和改革委员会", "教育局", "公安局", "财政局", "生态环境局", "交通运输局", "卫生健康委员会", "市场监督管理局", "政务服务中心"}
	outcomes = []string{"pass", "pass", "pass", "fail", "not_applicable"}
)

// Synthetic publishes a release of cfg's size in dir and returns its id.
// Rules come from the embedded catalog, so findings name real rules.
func Synthetic(ctx context.Context, dir string, cfg Config) (string, error) {
	cat := checks.Default()
	rules, err := datasets.RuleRows(cat)
	if err != nil {
		return "", err
	}
	asOf := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	rw, err := datasets.Begin(ctx, dir, datasets.Provenance{AsOf: asOf, RulesVersion: cat.Version, AuditID: "synthetic"},
		datasets.PublishOptions{SoftwareVersion: "releasegen", Created: cfg.Created})
	if err != nil {
		return "", err
	}
	defer rw.Abort()
	if err := rw.Append(ctx, &datasets.Tables{Rules: rules}); err != nil {
		return "", err
	}
	for i := range cfg.Sites {
		seed := cfg.Seed
		if cfg.Changed > 0 && i%cfg.Changed == 0 {
			seed++
		}
		rnd := rand.New(rand.NewPCG(seed, uint64(i)))
		if err := rw.Append(ctx, site(rnd, i, cfg.FindingsPerSite, rules, asOf)); err != nil {
			return "", fmt.Errorf("synthetic site %d: %w", i, err)
		}
	}
	return rw.Commit(ctx)
}

// SiteID is the id of the i-th synthetic site.
func SiteID(i int) string { return fmt.Sprintf("site-%05d", i) }

// site returns the rows of the i-th synthetic site.
func site(rnd *rand.Rand, i, findings int, rules []datasets.RuleRow, asOf time.Time) *datasets.Tables {
	id := SiteID(i)
	region := regions[i%len(regions)]
	name := fmt.Sprintf("%s第%d%s", region, i, agencies[i%len(agencies)])
	host := fmt.Sprintf("www.s%05d.gov.cn", i)
	score := float64(rnd.IntN(1000)) / 10
	veto := rnd.IntN(10) == 0
	grade := gradeOf(score, veto)
	if veto {
		score = 0
	}
	status := int64(200)
	t := &datasets.Tables{
		Sites: []datasets.SiteRow{{
			SiteID: id, Name: name, URL: "https://" + host + "/", Level: levels[i%len(levels)], Kind: kinds[i%len(kinds)],
			Region: region, AuditID: "synthetic", CrawlStatus: "ok", HomeStatus: &status, HomeFinalURL: "https://" + host + "/",
			PagesCrawled: int64(50 + rnd.IntN(250)), LinksChecked: int64(100 + rnd.IntN(900)), LinksDead: int64(rnd.IntN(20)),
			Score: &score, Veto: &veto, Grade: grade, HTTPS: rnd.IntN(2) == 0, AAAA: rnd.IntN(2) == 0,
			IPv6Home: rnd.IntN(3) == 0, SiteIDCode: fmt.Sprintf("%010d", 1000000000+i),
		}},
		Scores: []datasets.ScoreRow{{
			SiteID: id, Score: &score, Veto: veto, Deductions: 100 - score, Grade: grade,
			RulesVersion: "synthetic", AsOf: datasets.DayOf(asOf), OutOf: 100,
		}},
	}
	for k := range findings {
		r := rules[k%len(rules)]
		f := datasets.FindingRow{
			SiteID: id, RuleID: r.RuleID, Outcome: outcomes[rnd.IntN(len(outcomes))], Effect: r.Effect, Category: r.Category,
			URL:     fmt.Sprintf("https://%s/col%d/art%06d.html", host, k%50, k),
			Message: fmt.Sprintf("页面 %d：%s", k, r.TitleZh),
		}
		if f.Outcome == "fail" {
			f.Points = r.Points
			if veto && r.Effect == "veto" {
				t.Scores[0].VetoRules = []string{r.RuleID}
			}
		}
		t.Findings = append(t.Findings, f)
	}
	return t
}

// gradeOf mirrors the default catalog's bands closely enough for tests.
func gradeOf(score float64, veto bool) string {
	switch {
	case veto || score < 60:
		return "不合格"
	case score >= 90:
		return "优秀"
	case score >= 80:
		return "良好"
	default:
		return "合格"
	}
}
