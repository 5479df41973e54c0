package datasets

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"log/slog"
	"math"
	"slices"
	"strings"
	"time"

	"gongkai/checks"
	"gongkai/crawler/snapshot"
)

// Build judges every snapshot with cat as of asOf and maps snapshots and
// judgements to release rows, sorted. Changes are left empty (Publish
// computes them). Rows with a duplicate key are dropped (the first is
// kept) and logged.
func Build(snaps []*snapshot.Snapshot, cat *checks.Catalog, asOf time.Time, meta Meta) *Tables {
	snaps = slices.Clone(snaps)
	slices.SortStableFunc(snaps, func(a, b *snapshot.Snapshot) int { return cmp.Compare(a.Site.ID, b.Site.ID) })
	t := &Tables{Info: Info{AsOf: asOf, RulesVersion: cat.Version}, Rules: RuleRows(cat)}
	for i, s := range snaps {
		if i > 0 && s.Site.ID == snaps[i-1].Site.ID {
			meta.logger().Warn("duplicate snapshot dropped", "site", s.Site.ID)
			continue
		}
		one := BuildSite(s, cat, asOf, meta.logger())
		t.AuditID = cmp.Or(t.AuditID, one.AuditID)
		t.Append(one)
	}
	return t
}

// PublishSnapshots judges and publishes snapshots one site at a time, so
// the release may be far larger than memory: this is the streaming form of
// Build followed by Publish. snaps must yield sites in increasing site_id
// order.
func PublishSnapshots(ctx context.Context, dir string, snaps iter.Seq2[*snapshot.Snapshot, error],
	cat *checks.Catalog, asOf time.Time, meta Meta) (string, error) {
	rw, err := Begin(ctx, dir, Info{AsOf: asOf, RulesVersion: cat.Version}, meta)
	if err != nil {
		return "", err
	}
	if err := rw.Append(ctx, &Tables{Rules: RuleRows(cat)}); err != nil {
		rw.Abort()
		return "", err
	}
	for s, err := range snaps {
		if err == nil {
			err = rw.Append(ctx, BuildSite(s, cat, asOf, meta.logger()))
		}
		if err != nil {
			rw.Abort()
			return "", fmt.Errorf("publish snapshots: %w", err)
		}
	}
	return rw.Commit(ctx)
}

// RuleRows returns the rules table of a catalog.
func RuleRows(cat *checks.Catalog) []RuleRow {
	rows := make([]RuleRow, 0, len(cat.Rules))
	for _, r := range cat.Rules {
		rows = append(rows, RuleRow{
			RuleID: r.ID, TitleZh: r.TitleZh, TitleEn: r.TitleEn, Source: r.Source, Verification: r.Verification,
			Kind: r.Kind, Effect: string(r.Effect), Points: r.Points, Cap: r.Cap, Category: r.Category,
			AppliesTo: nonNil(r.AppliesTo), Enabled: r.Enabled, Params: r.ParamsJSON(), Note: r.Note,
			RulesVersion: cat.Version,
		})
	}
	rulesTable.sort(rows)
	return rows
}

// BuildSite judges one snapshot and returns its rows (no rules, no
// changes), sorted and without duplicate keys.
func BuildSite(s *snapshot.Snapshot, cat *checks.Catalog, asOf time.Time, log *slog.Logger) *Tables {
	if log == nil {
		log = Meta{}.logger()
	}
	res := cat.Judge(s, asOf)
	t := &Tables{Info: Info{AsOf: asOf, RulesVersion: cat.Version, AuditID: s.AuditID}}
	t.Sites = []SiteRow{siteRow(s, cat, res)}
	pageInfo := map[string]checks.PageInfo{}
	for _, p := range res.Pages {
		pageInfo[p.URL] = p
	}
	for i := range s.Pages {
		t.Pages = append(t.Pages, pageRow(s.Site.ID, &s.Pages[i], pageInfo[s.Pages[i].URL]))
	}
	for i := range s.Links {
		t.Links = append(t.Links, linkRow(s.Site.ID, &s.Links[i]))
	}
	for _, h := range s.Hosts {
		t.Hosts = append(t.Hosts, HostRow{SiteID: s.Site.ID, Host: strings.ToLower(h.Name), Level: int64(h.Level),
			A: nonNil(h.A), AAAA: nonNil(h.AAAA), DNSError: h.DNSError, IPv4OK: h.IPv4OK, IPv4Error: h.IPv4Error,
			IPv6OK: h.IPv6OK, IPv6Error: h.IPv6Error})
	}
	for _, d := range res.Documents {
		t.Documents = append(t.Documents, DocumentRow{SiteID: s.Site.ID, URL: d.URL, Title: d.Title,
			IndexNumber: d.IndexNumber, DocNumber: d.DocNumber, Issuer: d.Issuer, WrittenDate: NullDate(d.WrittenDate),
			PublishedDate: NullDate(d.PublishedDate), Validity: d.Validity, Topic: d.Topic,
			MissingFields: nonNil(d.MissingFields), HasHeader: d.HasHeader})
	}
	for _, g := range res.Guides {
		t.Guides = append(t.Guides, GuideRow{SiteID: s.Site.ID, URL: g.URL, Title: g.Title,
			ElementsPresent: nonNil(g.ElementsPresent), ElementsMissing: nonNil(g.ElementsMissing),
			VaguePhrases: nonNil(g.VaguePhrases), UpdatedAt: NullDate(g.UpdatedAt), Stale: g.Stale})
	}
	for _, f := range res.Findings {
		t.Findings = append(t.Findings, FindingRow{SiteID: s.Site.ID, RuleID: f.RuleID, Outcome: string(f.Outcome),
			Effect: string(f.Effect), Points: f.Points, Category: f.Category, URL: f.URL, Message: f.Message,
			Screenshot: f.Screenshot})
	}
	t.Scores = []ScoreRow{scoreRow(s.Site.ID, res.Score, asOf)}
	t.Sites[0].LinksDead = deadLinks(s.Links)
	return t
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

func siteRow(s *snapshot.Snapshot, cat *checks.Catalog, res checks.Result) SiteRow {
	r := SiteRow{
		SiteID: s.Site.ID, Name: s.Site.Name, URL: s.Site.URL, Level: s.Site.Level, Kind: s.Site.Kind,
		Region: s.Site.Region, AuditID: s.AuditID, CrawlStatus: string(s.Status), CrawlError: s.Error,
		HomeStatus: nonZero(int64(s.Home.HTTPStatus)), HomeFinalURL: s.Home.FinalURL,
		PagesCrawled: int64(s.Stats.PagesFetched), PagesFailed: int64(s.Stats.PagesFailed),
		PagesSkipped: int64(s.Stats.PagesSkipped), PagesRendered: int64(s.Stats.Rendered),
		LinksChecked: int64(s.Stats.LinksChecked), BudgetExhausted: s.Stats.BudgetExhausted,
		Grade: res.Score.Grade, HTTPS: s.Home.HTTPS, IPv6Consistent: s.IPv6.Consistent,
		IPv6Home:  s.IPv6.HomeV6Status >= 200 && s.IPv6.HomeV6Status <= 399, // as rule ipv6-home
		StartedAt: NullTimestamp(s.StartedAt), FinishedAt: NullTimestamp(s.FinishedAt),
	}
	if s.Home.Status != "" {
		r.HomeMillis = ptrTo(s.Home.Duration.Milliseconds())
	}
	if validFloat(res.Score.Score) {
		r.Score = ptrTo(res.Score.Score)
		r.Veto = ptrTo(res.Score.Veto)
	}
	if h := s.HomeHost(); h != nil {
		r.AAAA = len(h.AAAA) > 0
	}
	internal := true
	if rule, ok := cat.Rule("ipv6-links"); ok {
		if p, ok := rule.Params.(*checks.IPv6LinksParams); ok {
			internal = p.InternalOnly
		}
	}
	r.IPv6L2Ratio = linkRatio(s, 2, internal)
	r.IPv6L3Ratio = linkRatio(s, 3, internal)
	if home := s.HomePage(); home != nil {
		ids := cat.Identifiers(home)
		r.SiteIDCode = cmp.Or(ids.SiteIDCode, ids.SiteIDCodeMeta)
	}
	return r
}

// linkRatio is checks.LinkIPv6Ratio, null when no link was counted.
func linkRatio(s *snapshot.Snapshot, level int, internal bool) *float64 {
	ratio, n := checks.LinkIPv6Ratio(s, level, internal)
	if n == 0 {
		return nil
	}
	return &ratio
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
