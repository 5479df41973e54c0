package datasets

import (
	"math"
	"slices"
	"strings"

	"gongkai/checks"
	"gongkai/crawler/snapshot"
)

// RuleRows returns the rules table of a catalog.
func RuleRows(cat *checks.Catalog) ([]RuleRow, error) {
	rows := make([]RuleRow, 0, len(cat.Rules))
	for _, r := range cat.Rules {
		params, err := r.ParamsJSON()
		if err != nil {
			return nil, err
		}
		rows = append(rows, RuleRow{
			RuleID: r.ID, TitleZh: r.TitleZh, TitleEn: r.TitleEn, Source: r.Source, Verification: r.Verification,
			Kind: r.Kind, Effect: string(r.Effect), Points: r.Points, Cap: r.Cap, Category: r.Category,
			AppliesTo: nonNil(r.AppliesTo), Enabled: r.Enabled, Params: params, Note: r.Note,
			RulesVersion: cat.Version,
		})
	}
	rulesTable.sort(rows)
	return rows, nil
}

// SiteTables maps one judged site to its rows: the snapshot's own facts and
// what Judge concluded about it (res), copied, never worked out again. It
// fills every table but rules (RuleRows) and changes (computed at Commit);
// ReleaseWriter.Append sorts the rows and drops repeated keys.
func SiteTables(s *snapshot.Snapshot, res checks.Result) *Tables {
	t := &Tables{Provenance: Provenance{AsOf: res.Score.AsOf, RulesVersion: res.Score.RulesVersion, AuditID: s.AuditID}}
	t.Sites = []SiteRow{siteRow(s, res)}
	pageInfo := map[string]checks.PageInfo{}
	for _, p := range res.Pages {
		pageInfo[p.URL] = p
	}
	for i := range s.Pages {
		t.Pages = append(t.Pages, pageRow(s.Site.ID, &s.Pages[i], pageInfo[s.Pages[i].URL]))
	}
	for i := range s.Links {
		t.Links = append(t.Links, linkRow(s.Site.ID, &s.Links[i], res.Soft404[s.Links[i].URL]))
	}
	for _, h := range s.Hosts {
		t.Hosts = append(t.Hosts, HostRow{SiteID: s.Site.ID, Host: strings.ToLower(h.Name), Level: int64(h.Level),
			A: nonNil(h.A), AAAA: nonNil(h.AAAA), DNSError: h.DNSError, IPv4OK: h.IPv4OK, IPv4Error: h.IPv4Error,
			IPv6OK: h.IPv6OK, IPv6Error: h.IPv6Error})
	}
	for _, p := range s.Probes {
		t.Probes = append(t.Probes, probeRow(p))
	}
	for _, d := range res.Documents {
		t.Documents = append(t.Documents, DocumentRow{SiteID: s.Site.ID, URL: d.URL, Title: d.Title,
			IndexNumber: d.IndexNumber, DocNumber: d.DocNumber, Issuer: d.Issuer, WrittenDate: NullDay(d.WrittenDate),
			PublishedDate: NullDay(d.PublishedDate), Validity: d.Validity, Topic: d.Topic,
			MissingFields: nonNil(d.MissingFields), HasHeader: d.HasHeader})
	}
	for _, g := range res.Guides {
		t.Guides = append(t.Guides, GuideRow{SiteID: s.Site.ID, URL: g.URL, Host: g.Host, Title: g.Title,
			ElementsPresent: nonNil(g.ElementsPresent), ElementsMissing: nonNil(g.ElementsMissing),
			VaguePhrases: nonNil(g.VaguePhrases), UpdatedAt: NullDay(g.UpdatedAt), Stale: g.Stale})
	}
	for _, c := range res.Columns {
		t.Columns = append(t.Columns, ColumnRow{SiteID: s.Site.ID, URL: c.URL, Name: c.Name, Kind: c.Kind,
			Level: int64(c.Level), Items: int64(c.Items), NewestItemDate: NullDay(c.NewestItemDate), Stale: c.Stale})
	}
	for _, f := range res.Findings {
		t.Findings = append(t.Findings, FindingRow{SiteID: s.Site.ID, RuleID: f.RuleID, Outcome: string(f.Outcome),
			Effect: string(f.Effect), Points: f.Points, Category: f.Category, URL: f.URL, Message: f.Message,
			Screenshot: f.Screenshot})
	}
	t.Scores = []ScoreRow{scoreRow(s.Site.ID, res.Score)}
	return t
}

func siteRow(s *snapshot.Snapshot, res checks.Result) SiteRow {
	status, detail := s.CrawlStatus()
	r := SiteRow{
		SiteID: s.Site.ID, Name: s.Site.Name, URL: s.Site.URL, Level: s.Site.Level, Kind: s.Site.Kind,
		Region: s.Site.Region, AuditID: s.AuditID, CrawlStatus: string(status), CrawlError: crawlError(detail, s.Caps),
		HomeStatus: nonZero(int64(s.Home.HTTPStatus)), HomeFinalURL: s.Home.FinalURL,
		PagesCrawled: int64(s.Stats.PagesFetched), PagesFailed: int64(s.Stats.PagesFailed),
		PagesSkipped: int64(s.Stats.PagesSkipped), PagesRendered: int64(s.Stats.Rendered),
		LinksChecked: int64(s.Stats.LinksChecked), LinksDead: deadLinks(s.Links), BudgetExhausted: s.Stats.BudgetExhausted,
		Grade: res.Score.Grade, HTTPS: s.Home.HTTPS, IPv6Consistent: s.IPv6.Consistent,
		AAAA: res.Site.AAAA, IPv6Home: res.Site.IPv6Home, IPv6L2Ratio: res.Site.IPv6L2Ratio,
		IPv6L3Ratio: res.Site.IPv6L3Ratio, SiteIDCode: res.Site.SiteIDCode,
		StartedAt: NullTimestamp(s.StartedAt), FinishedAt: NullTimestamp(s.FinishedAt),
	}
	if s.Home.Status != "" {
		r.HomeMillis = ptrTo(s.Home.Duration.Milliseconds())
	}
	if validFloat(res.Score.Score) {
		r.Score = ptrTo(res.Score.Score)
		r.Veto = ptrTo(res.Score.Veto)
	}
	return r
}

// deadLinks counts the dead links, each URL once: by its first record, the
// one the links table keeps.
func deadLinks(links []snapshot.Link) int64 {
	seen := make(map[string]bool, len(links))
	var n int64
	for _, l := range links {
		if !seen[l.URL] {
			seen[l.URL] = true
			if l.Dead {
				n++
			}
		}
	}
	return n
}

func nonZero(n int64) *int64 {
	if n == 0 {
		return nil
	}
	return &n
}

func ptrTo[T any](v T) *T { return &v }

// nonNil returns l, or an empty list for nil (lists are never null).
func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return slices.Clone(l)
}

func validFloat(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// crawlError is the detail of a site's crawl status followed by the caps
// it ran into ("crawl_delay: ...").
func crawlError(detail string, caps []snapshot.Cap) string {
	parts := make([]string, 0, 1+len(caps))
	if detail != "" {
		parts = append(parts, detail)
	}
	for _, c := range caps {
		parts = append(parts, c.Name+": "+c.Detail)
	}
	return strings.Join(parts, "; ")
}
