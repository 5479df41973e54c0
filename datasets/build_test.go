package datasets

import (
	"cmp"
	"context"
	"path/filepath"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"gongkai/checks"
	"gongkai/crawler/snapshot"
)

// judged returns the tables of snapshots judged with cat as of asOf, the
// way the pipeline makes them: the rules once, then site by site.
func judged(snaps []*snapshot.Snapshot, cat *checks.Catalog, asOf time.Time) *Tables {
	rules, err := RuleRows(cat)
	if err != nil {
		panic(err) // the default catalog parsed
	}
	t := &Tables{Provenance: Provenance{AsOf: asOf, RulesVersion: cat.Version}, Rules: rules}
	for _, s := range snaps {
		one := SiteTables(s, cat.Judge(s, asOf))
		t.AuditID = cmp.Or(t.AuditID, one.AuditID)
		t.Append(one)
	}
	return t
}

// TestSiteTablesMapsResult: the rows of a site copy the snapshot and the
// judgement, and the writer sorts them and drops repeated keys.
func TestSiteTablesMapsResult(t *testing.T) {
	cat := checks.Default()
	snaps := []*snapshot.Snapshot{testSnapshot("b-city", false), testSnapshot("a-city", true)}
	dir := t.TempDir()
	rel, err := Load(dir, publishFixture(t, dir, judged(snaps, cat, buildAsOf), PublishOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	tb := &rel.Tables

	if len(tb.Sites) != 2 || tb.Sites[0].SiteID != "a-city" {
		t.Fatalf("sites not sorted: %+v", tb.Sites)
	}
	a := tb.Sites[0]
	checkSite := []struct {
		name      string
		got, want any
	}{
		{"home_status", *a.HomeStatus, int64(200)},
		{"home_ms", *a.HomeMillis, int64(812)},
		{"links_dead", a.LinksDead, int64(1)},
		{"aaaa", a.AAAA, true},
		{"ipv6_home", a.IPv6Home, true},
		{"https", a.HTTPS, true},
		{"site_id_code", a.SiteIDCode, "4400000001"},
		{"audit_id", a.AuditID, "20261121T080000Z"},
		{"started_at", a.StartedAt.String(), "2026-11-21 00:00:00 +0000 UTC"},
		{"score", a.Score != nil && a.Veto != nil, true},
		{"b aaaa", tb.Sites[1].AAAA, false},
	}
	for _, c := range checkSite {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	res := cat.Judge(snaps[1], buildAsOf)
	// The IPv6 ratios are the judgement's site facts, copied. Site b has no IPv6.
	if a.IPv6L2Ratio == nil || res.Site.IPv6L2Ratio == nil || *a.IPv6L2Ratio != *res.Site.IPv6L2Ratio || *a.IPv6L2Ratio == 0 {
		t.Errorf("ipv6_l2_ratio = %v, judge says %v", a.IPv6L2Ratio, res.Site.IPv6L2Ratio)
	}
	if b := tb.Sites[1]; b.IPv6L2Ratio == nil || *b.IPv6L2Ratio != 0 || b.IPv6L3Ratio == nil {
		t.Errorf("site b ratios = %v %v, want 0 and a value", b.IPv6L2Ratio, b.IPv6L3Ratio)
	}
	if got := countSite(tb.Findings, "a-city"); got != len(res.Findings) {
		t.Errorf("findings of a-city = %d, want %d", got, len(res.Findings))
	}
	if len(tb.Rules) != len(cat.Rules) || tb.RulesVersion != cat.Version || tb.AuditID != "20261121T080000Z" {
		t.Errorf("rules %d/%d, version %q, audit %q", len(tb.Rules), len(cat.Rules), tb.RulesVersion, tb.AuditID)
	}
	if len(tb.Links) != 2*7 {
		t.Errorf("links = %d, want 14 (duplicates dropped)", len(tb.Links))
	}
	verdicts := map[string]int{}
	for _, l := range tb.Links {
		verdicts[l.Verdict]++
	}
	if diff := gocmp.Diff(map[string]int{VerdictOK: 10, VerdictDead: 2, VerdictNotChecked: 2}, verdicts); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s", diff)
	}
	pageTypes := map[string]string{}
	for _, p := range tb.Pages {
		if p.SiteID == "a-city" {
			pageTypes[p.URL] = p.PageType
		}
	}
	for _, pi := range res.Pages {
		if pageTypes[pi.URL] != pi.Type {
			t.Errorf("page %s type %q, want %q", pi.URL, pageTypes[pi.URL], pi.Type)
		}
	}
	if len(tb.Documents) != 2*len(res.Documents) || len(tb.Guides) != 2*len(res.Guides) {
		t.Errorf("documents %d guides %d, judge gave %d and %d per site", len(tb.Documents), len(tb.Guides), len(res.Documents), len(res.Guides))
	}
	if s := tb.Scores[0]; s.AsOf.String() != "2026-11-22" || s.RulesVersion != cat.Version || s.OutOf == 0 {
		t.Errorf("score row %+v", s)
	}
}

func countSite(fs []FindingRow, site string) int {
	n := 0
	for _, f := range fs {
		if f.SiteID == site {
			n++
		}
	}
	return n
}

// TestRescoreIsDeterministic: the same snapshots, catalog and as-of give
// byte-identical table files (Parquet and CSV); only datapackage.json and
// latest.json carry the creation time.
func TestRescoreIsDeterministic(t *testing.T) {
	t.Parallel()
	cat := checks.Default()
	snaps := func() []*snapshot.Snapshot {
		return []*snapshot.Snapshot{testSnapshot("a-city", true), testSnapshot("b-city", false), testSnapshot("c-city", true)}
	}
	dirA, dirB := t.TempDir(), t.TempDir()
	meta := PublishOptions{ReleaseID: "20261123T023000Z-001", Created: testCreated}
	publishFixture(t, dirA, judged(snaps(), cat, buildAsOf), meta)
	meta.Created = testCreated.Add(3600e9) // another day, same id
	publishFixture(t, dirB, judged(snaps(), cat, buildAsOf), meta)
	relA := filepath.Join(dirA, "releases", meta.ReleaseID)
	relB := filepath.Join(dirB, "releases", meta.ReleaseID)
	compareTableFiles(t, relA, relB, nil)

	// Publishing again into dirA gives a new id: every table but findings
	// (release_id column) and changes (now against a previous release) is
	// byte-identical.
	id2 := publishFixture(t, dirA, judged(snaps(), cat, buildAsOf), PublishOptions{Created: testCreated})
	if id2 != "20261123T023000Z-002" {
		t.Fatalf("second id %s", id2)
	}
	compareTableFiles(t, relA, filepath.Join(dirA, "releases", id2), map[string]bool{TableFindings: true, TableChanges: true})
	rel, err := Load(dirA, id2, TableChanges)
	if err != nil {
		t.Fatal(err)
	}
	if len(rel.Changes) != 0 {
		t.Errorf("rescore with the same inputs has %d changes", len(rel.Changes))
	}
}

// TestAppendPerSiteLikePublish: appending site by site (the streaming
// form the pipeline uses) gives the same release as publishing every row
// at once.
func TestAppendPerSiteLikePublish(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cat := checks.Default()
	snaps := func() []*snapshot.Snapshot {
		return []*snapshot.Snapshot{testSnapshot("a-city", true), testSnapshot("b-city", false)}
	}
	meta := PublishOptions{ReleaseID: "20261123T023000Z-001", Created: testCreated}
	dirA, dirB := t.TempDir(), t.TempDir()
	publishFixture(t, dirA, judged(snaps(), cat, buildAsOf), meta)
	rw, err := Begin(ctx, dirB, Provenance{AsOf: buildAsOf, RulesVersion: cat.Version}, meta)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := RuleRows(cat)
	if err != nil {
		t.Fatal(err)
	}
	if err := rw.Append(ctx, &Tables{Rules: rules}); err != nil {
		t.Fatal(err)
	}
	for _, s := range snaps() {
		if err := rw.Append(ctx, SiteTables(s, cat.Judge(s, buildAsOf))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rw.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	compareTableFiles(t, filepath.Join(dirA, "releases", meta.ReleaseID), filepath.Join(dirB, "releases", meta.ReleaseID), nil)
	a, _ := Load(dirA, "")
	b, err := Load(dirB, "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff(a.Package, b.Package); diff != "" {
		t.Errorf("datapackage.json differs:\n%s", diff)
	}
}

// TestSiteTablesProbes: the probes a snapshot was judged with are its
// rows of the probes table, read back as written.
func TestSiteTablesProbes(t *testing.T) {
	s := testSnapshot("a-city", true)
	at := time.Date(2026, 11, 21, 7, 30, 0, 123456789, time.UTC)
	s.Probes = []snapshot.ProbeSample{
		{SiteID: "a-city", At: at, Family: "ipv6", Status: snapshot.StatusTimeout, Duration: 15 * time.Second, Error: "timeout"},
		{SiteID: "a-city", At: at, Family: "ipv4", Status: snapshot.StatusOK, HTTPStatus: 200, Duration: 87 * time.Millisecond},
	}
	dir := t.TempDir()
	cat := checks.Default()
	rel, err := Load(dir, publishFixture(t, dir, judged([]*snapshot.Snapshot{s}, cat, buildAsOf), PublishOptions{}), TableProbes)
	if err != nil {
		t.Fatal(err)
	}
	ms := at.Truncate(time.Millisecond)
	want := []ProbeRow{
		{SiteID: "a-city", ProbedAt: ms, Family: "ipv4", Status: ptr(int64(200)), CrawlStatus: "ok", DurationMS: 87},
		{SiteID: "a-city", ProbedAt: ms, Family: "ipv6", CrawlStatus: "timeout", DurationMS: 15000, Error: "timeout"},
	}
	if diff := gocmp.Diff(want, rel.Probes); diff != "" {
		t.Errorf("probes (-want +got):\n%s", diff)
	}
}
