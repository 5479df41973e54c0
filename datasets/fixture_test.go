package datasets

import (
	"fmt"
	"time"
)

func ptr[T any](v T) *T { return &v }

// fixture returns deterministic tables for nSites sites with linksPerSite
// links each. Values cover what the formats must carry exactly: Chinese
// text, commas, quotes, line breaks, ';' and '\' in lists, nulls, empty
// lists, formula-like text, dates and millisecond timestamps.
func fixture(nSites, linksPerSite int) *Tables {
	asOf := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	t := &Tables{Provenance: Provenance{AsOf: asOf, RulesVersion: "2026.1", AuditID: "audit-20261122"}}
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for i := range nSites {
		site := fmt.Sprintf("gov-%03d", i)
		home := fmt.Sprintf("https://www.%s.gov.cn/", site)
		score := 100 - float64(i)*2.5
		t.Sites = append(t.Sites, SiteRow{
			SiteID: site, Name: fmt.Sprintf("某市第%d人民政府, \"门户\"", i), URL: home, Level: "city", Kind: "portal",
			Region: "广东省", AuditID: t.AuditID, CrawlStatus: "ok", HomeStatus: ptr(int64(200)), HomeFinalURL: home,
			HomeMillis: ptr(int64(312 + i)), PagesCrawled: int64(10 + i), LinksChecked: int64(linksPerSite), LinksDead: 1,
			Score: ptr(score), Veto: ptr(i%3 == 0), Grade: "合格", HTTPS: true, AAAA: i%2 == 0, IPv6Home: i%2 == 0,
			IPv6L2Ratio: ptr(0.5), IPv6L3Ratio: nil, SiteIDCode: fmt.Sprintf("44010000%02d", i),
			StartedAt: ptr(at), FinishedAt: ptr(at.Add(90*time.Second + 123*time.Millisecond)),
		})
		t.Pages = append(t.Pages,
			PageRow{SiteID: site, URL: home, FinalURL: home, Depth: 0, Status: ptr(int64(200)), CrawlStatus: "ok",
				PageType: "home", ContentType: "text/html", Charset: "gb18030", Title: "首页\n（第二行）", Bytes: 48213,
				Redirects: []string{"http://" + site + ".gov.cn/", home}, FetchedAt: ptr(at.Add(time.Second))},
			PageRow{SiteID: site, URL: home + "zwgk/", FinalURL: home + "zwgk/", Depth: 1, Status: nil,
				CrawlStatus: "timeout", Error: "context deadline exceeded", Title: "=HYPERLINK(\"x\")",
				PublishedAt: ptr(DayOf(asOf.AddDate(0, 0, -i))), Redirects: []string{}, FetchedAt: nil},
		)
		for j := range linksPerSite {
			dead := j%7 == 3
			l := LinkRow{SiteID: site, URL: fmt.Sprintf("%sart/%06d.html", home, j), FromURL: home,
				Text: fmt.Sprintf("通知公告 %d", j), Tag: "a", Host: "www." + site + ".gov.cn", Internal: true,
				OnHomepage: j%2 == 0, Level: int64(2 + j%2), Status: ptr(int64(200)), CrawlStatus: "ok",
				Verdict: VerdictOK, Attempts: 1, CheckedAt: ptr(at.Add(time.Duration(j) * time.Millisecond))}
			if dead {
				l.Status, l.Verdict, l.Dead, l.Error = ptr(int64(404)), VerdictDead, true, "http 404"
			}
			if j%11 == 5 {
				l.Status, l.CrawlStatus, l.Verdict, l.CheckedAt = nil, "not_checked", VerdictNotChecked, nil
			}
			t.Links = append(t.Links, l)
		}
		t.Hosts = append(t.Hosts, HostRow{SiteID: site, Host: "www." + site + ".gov.cn", Level: 1,
			A: []string{"192.0.2.1"}, AAAA: []string{"2001:db8::1"}, IPv4OK: true, IPv6OK: i%2 == 0, IPv6Error: ""})
		for k := range 3 {
			pt := at.Add(-time.Duration(k)*30*time.Minute + 250*time.Millisecond)
			t.Probes = append(t.Probes,
				ProbeRow{SiteID: site, ProbedAt: pt, Family: "ipv4", Status: ptr(int64(200)), CrawlStatus: "ok", DurationMS: int64(120 + k)},
				ProbeRow{SiteID: site, ProbedAt: pt, Family: "ipv6", CrawlStatus: "timeout", DurationMS: 15000, Error: "context deadline exceeded"})
		}
		t.Documents = append(t.Documents, DocumentRow{SiteID: site, URL: home + "zwgk/doc1.html", Title: "关于印发《办法》的通知",
			IndexNumber: "000014349/2017-00110", DocNumber: "粤府〔2017〕1号", Issuer: "办公室",
			WrittenDate: ptr(DayOf(time.Date(2017, 1, 3, 0, 0, 0, 0, time.UTC))), PublishedDate: nil,
			Validity: "有效", MissingFields: []string{"发布日期"}})
		t.Guides = append(t.Guides, GuideRow{SiteID: site, URL: home + "bs/g1.html", Title: "户籍迁移",
			ElementsPresent: []string{"事项名称", "设定依据;含分号", `反斜杠\在此`}, ElementsMissing: []string{},
			VaguePhrases: []string{"其他材料"}, UpdatedAt: ptr(DayOf(asOf.AddDate(-2, 0, 0))), Stale: true})
		t.Findings = append(t.Findings,
			FindingRow{SiteID: site, RuleID: "https", Outcome: "pass", Effect: "deduct", Points: 0, Category: "安全"},
			FindingRow{SiteID: site, RuleID: "links-dead-home", Outcome: "fail", Effect: "deduct", Points: 0.5,
				URL: home + "art/000003.html", Message: "死链：HTTP 404", Category: "可用性"},
		)
		t.Scores = append(t.Scores, ScoreRow{SiteID: site, Score: ptr(score), Veto: i%3 == 0,
			VetoRules: vetoRules(i), Deductions: 2.5 * float64(i), Grade: "合格", RulesVersion: t.RulesVersion, AsOf: DayOf(asOf)})
	}
	t.Rules = []RuleRow{
		{RuleID: "https", TitleZh: "使用 HTTPS", TitleEn: "Served over HTTPS", Source: "检查指标", Kind: "https",
			Effect: "deduct", Points: 1, Category: "安全", AppliesTo: []string{}, Enabled: true, Params: `{}`, RulesVersion: t.RulesVersion},
		{RuleID: "links-dead-home", TitleZh: "首页死链", TitleEn: "Dead links on the homepage", Source: "检查指标 链接可用性",
			Kind: "links-dead", Effect: "deduct", Points: 0.5, Cap: 5, Category: "可用性", AppliesTo: []string{"portal", "department"},
			Enabled: true, Params: `{"scope":"home"}`, RulesVersion: t.RulesVersion},
	}
	return t
}

func vetoRules(i int) []string {
	if i%3 == 0 {
		return []string{"home-stale"}
	}
	return []string{}
}
