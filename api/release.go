package api

import (
	"context"
	"sync"
	"time"

	"gongkai/datasets"
	"gongkai/reports"
)

// memoryTables are the tables a served release keeps in memory: small
// (one row per site or rule) or needed whole by the portal. The large
// tables (findings, links, pages) are read from Parquet on demand.
var memoryTables = []string{datasets.TableSites, datasets.TableScores, datasets.TableRules, datasets.TableChanges}

// Release is a release loaded for serving: its small tables in memory and
// indexes over them. It never changes once loaded; a new release is a new
// value.
type Release struct {
	*datasets.Release
	// LoadedAt is when the server switched to it.
	LoadedAt time.Time

	siteIndex map[string]int // site_id → index in Sites
	scores    map[string]*datasets.ScoreRow
	findings  *findingsIndex
	// orders holds, per sort key of the sites list, the site indexes in
	// ascending order (built once, so a list request never sorts).
	orders map[string][]int

	evidence map[string]siteIndex // by table
	summary  *reports.Summary
	ranks    map[string]int
	cards    *cardCache
	charts   sync.Map // reports.Lang → *charts
}

// loadRelease loads release id of dir, verifying every file against its
// SHA256SUMS, and builds the indexes.
func loadRelease(ctx context.Context, dir, id string) (*Release, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dr, err := datasets.Load(dir, id, memoryTables...)
	if err != nil {
		return nil, err
	}
	r := &Release{
		Release:   dr,
		LoadedAt:  time.Now(),
		siteIndex: make(map[string]int, len(dr.Sites)),
		scores:    make(map[string]*datasets.ScoreRow, len(dr.Scores)),
	}
	for i := range dr.Sites {
		r.siteIndex[dr.Sites[i].SiteID] = i
	}
	for i := range dr.Scores {
		r.scores[dr.Scores[i].SiteID] = &dr.Scores[i]
	}
	in := interner{}
	for _, s := range dr.Sites {
		in[s.SiteID] = s.SiteID
	}
	if r.findings, err = indexFindings(ctx, dr, in); err != nil {
		return nil, err
	}
	r.orders = sortOrders(dr.Sites)
	if err := r.buildViews(ctx, in); err != nil {
		return nil, err
	}
	return r, nil
}

// FailedRules returns the rules that failed on a site, sorted.
func (r *Release) FailedRules(siteID string) []string { return r.findings.failed[siteID] }

// RuleFailures returns how many failed findings each rule has.
func (r *Release) RuleFailures() map[string]int64 { return r.findings.failures }

// SiteFindings reads a site's findings from the release's Parquet files.
func (r *Release) SiteFindings(siteID string) ([]datasets.FindingRow, error) {
	return siteRows[datasets.FindingRow](r.findings.siteIndex, siteID)
}

// Site returns the row of a site, or nil.
func (r *Release) Site(id string) *datasets.SiteRow {
	i, ok := r.siteIndex[id]
	if !ok {
		return nil
	}
	return &r.Sites[i]
}

// Score returns the score row of a site, or nil.
func (r *Release) Score(id string) *datasets.ScoreRow { return r.scores[id] }

// close closes the Parquet files the release keeps open. Call it once no
// request can use the release any more.
func (r *Release) close() {
	r.findings.close()
	for _, idx := range r.evidence {
		idx.close()
	}
}

// idOrNone names a release for logs.
func (r *Release) idOrNone() string {
	if r == nil {
		return "none"
	}
	return r.ID
}
