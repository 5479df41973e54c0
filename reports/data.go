package reports

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"gongkai/crawler/snapshot"
	"gongkai/datasets"
)

// Data is a release indexed for reports: its rows grouped by site, its
// rules by id, and the audit directory beside it when there is one. It is
// read-only once made and safe for concurrent use.
type Data struct {
	rel   *datasets.Release
	dir   string          // the data directory (DIR), "" if unknown
	audit *snapshot.Audit // nil when the audit directory is absent

	sites  map[string]int // site id → index in rel.Sites
	scores map[string]int // site id → index in rel.Scores
	rows   map[string]*siteRows
	rules  map[string]Rule
	ranks  map[string]int
	ranked int
	shots  map[string]bool // screenshot path (as published) → file present
	// failGrade is the grade vetoed sites have (the catalog's fail
	// grade), "" when no site is vetoed.
	failGrade string

	methodologyOnce sync.Once
	methodology     *Methodology
}

// siteRows are the indexes of one site's rows in each table.
type siteRows struct {
	findings, pages, links, hosts, documents, guides, changes, columns []int
}

// Open loads release releaseID ("" or "latest": the latest) of the data
// directory dir (the --out of the audit: it holds releases/ and audits/)
// and indexes it. Every file of the release is verified; the pages and
// links tables, by far the largest, are streamed and only the rows a
// report shows are kept (the evidence of findings and the homepages), so
// memory follows the findings, not the crawl.
func Open(dir, releaseID string) (*Data, error) {
	rel, err := datasets.Load(dir, releaseID, datasets.TableSites, datasets.TableScores, datasets.TableFindings,
		datasets.TableRules, datasets.TableHosts, datasets.TableDocuments, datasets.TableGuides, datasets.TableChanges, datasets.TableColumns)
	if err != nil {
		return nil, fmt.Errorf("open report data: %w", err)
	}
	if err := loadEvidence(rel); err != nil {
		return nil, fmt.Errorf("open report data: %w", err)
	}
	return NewData(rel, dir)
}

// loadEvidence reads the pages and links that findings point at, and
// the homepages, into rel.
func loadEvidence(rel *datasets.Release) error {
	type key struct{ site, url string }
	want := map[key]bool{}
	for _, f := range rel.Findings {
		if f.URL != "" {
			want[key{f.SiteID, f.URL}] = true
		}
	}
	err := datasets.Scan(rel, func(rows []datasets.PageRow) error {
		for _, p := range rows {
			if p.Depth == 0 || want[key{p.SiteID, p.URL}] || want[key{p.SiteID, p.FinalURL}] {
				p.Redirects = slices.Clone(p.Redirects)
				rel.Pages = append(rel.Pages, p)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return datasets.Scan(rel, func(rows []datasets.LinkRow) error {
		for _, l := range rows {
			if want[key{l.SiteID, l.URL}] {
				rel.Links = append(rel.Links, l)
			}
		}
		return nil
	})
}

// NewData indexes a loaded release. The release needs the tables the
// views read: sites, scores, findings and rules; pages, links, hosts,
// columns, documents, guides and changes add evidence when loaded. dir is the data
// directory the release came from, where the audit directory (screenshots,
// crawl parameters) is looked for; "" looks nowhere.
func NewData(rel *datasets.Release, dir string) (*Data, error) {
	d := &Data{rel: rel, dir: dir, rows: map[string]*siteRows{}, rules: map[string]Rule{},
		sites: map[string]int{}, scores: map[string]int{}, shots: map[string]bool{}}
	if dir != "" && rel.AuditID != "" {
		a, err := snapshot.ReadAudit(d.auditDir())
		switch {
		case err == nil:
			d.audit = a
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("index release %s: %w", rel.ID, err)
		}
	}
	for i, s := range rel.Sites {
		d.sites[s.SiteID] = i
	}
	for i, s := range rel.Scores {
		d.scores[s.SiteID] = i
		if s.Veto && d.failGrade == "" {
			d.failGrade = s.Grade
		}
	}
	for _, r := range rel.Rules {
		d.rules[r.RuleID] = r
	}
	d.index()
	d.rank()
	return d, nil
}

func (d *Data) index() {
	t := &d.rel.Tables
	group := func(n int, site func(int) string, field func(*siteRows) *[]int) {
		for i := range n {
			r := d.rows[site(i)]
			if r == nil {
				r = &siteRows{}
				d.rows[site(i)] = r
			}
			*field(r) = append(*field(r), i)
		}
	}
	group(len(t.Findings), func(i int) string { return t.Findings[i].SiteID }, func(r *siteRows) *[]int { return &r.findings })
	group(len(t.Pages), func(i int) string { return t.Pages[i].SiteID }, func(r *siteRows) *[]int { return &r.pages })
	group(len(t.Links), func(i int) string { return t.Links[i].SiteID }, func(r *siteRows) *[]int { return &r.links })
	group(len(t.Hosts), func(i int) string { return t.Hosts[i].SiteID }, func(r *siteRows) *[]int { return &r.hosts })
	group(len(t.Documents), func(i int) string { return t.Documents[i].SiteID }, func(r *siteRows) *[]int { return &r.documents })
	group(len(t.Guides), func(i int) string { return t.Guides[i].SiteID }, func(r *siteRows) *[]int { return &r.guides })
	group(len(t.Changes), func(i int) string { return t.Changes[i].SiteID }, func(r *siteRows) *[]int { return &r.changes })
	group(len(t.Columns), func(i int) string { return t.Columns[i].SiteID }, func(r *siteRows) *[]int { return &r.columns })
	for _, f := range t.Findings {
		if f.Screenshot != "" {
			d.shots[f.Screenshot] = false
		}
	}
	for _, p := range t.Pages {
		if p.Screenshot != "" {
			d.shots[p.Screenshot] = false
		}
	}
	if d.audit == nil {
		return
	}
	for p := range d.shots {
		_, err := os.Stat(d.shotFile(p))
		d.shots[p] = err == nil
	}
}

// Release returns the indexed release.
func (d *Data) Release() *datasets.Release { return d.rel }

// SiteIDs returns the site ids of the release, in the sites table's order.
func (d *Data) SiteIDs() []string {
	ids := make([]string, len(d.rel.Sites))
	for i, s := range d.rel.Sites {
		ids[i] = s.SiteID
	}
	return ids
}

// info returns what identifies the release.
func (d *Data) info() ReleaseInfo {
	in := ReleaseInfo{ID: d.rel.ID, RulesVersion: d.rel.RulesVersion, AuditID: d.rel.AuditID}
	if !d.rel.AsOf.IsZero() {
		in.AsOf = d.rel.AsOf.Format(time.DateOnly)
	}
	if d.rel.Package != nil {
		in.Created, _ = time.Parse(time.RFC3339, d.rel.Package.Created)
	}
	return in
}

// auditDir is the audit directory of the release: DIR/audits/<audit_id>.
func (d *Data) auditDir() string {
	return filepath.Join(d.dir, snapshot.AuditsDir, d.rel.AuditID)
}

// shotFile is the file of a screenshot path as the tables publish it.
func (d *Data) shotFile(p string) string { return filepath.Join(d.auditDir(), filepath.FromSlash(p)) }

// screenshot returns a published screenshot path relative to the data
// directory, or "" when the file is not there.
func (d *Data) screenshot(p string) string {
	if p == "" || !d.shots[p] {
		return ""
	}
	return filepath.ToSlash(filepath.Join(snapshot.AuditsDir, d.rel.AuditID, filepath.FromSlash(p)))
}

// ReadScreenshot reads a screenshot named as the view models name it
// (relative to the data directory). Only the screenshots the release
// refers to are read.
func (d *Data) ReadScreenshot(rel string) ([]byte, error) {
	prefix := filepath.ToSlash(filepath.Join(snapshot.AuditsDir, d.rel.AuditID)) + "/"
	p, ok := strings.CutPrefix(rel, prefix)
	if !ok || !d.shots[p] {
		return nil, fmt.Errorf("read screenshot %q: not a screenshot of release %s", rel, d.rel.ID)
	}
	b, err := os.ReadFile(d.shotFile(p))
	if err != nil {
		return nil, fmt.Errorf("read screenshot: %w", err)
	}
	return b, nil
}

// rank orders the scored sites, best first; equal scores share a rank
// (1, 2, 2, 4).
func (d *Data) rank() {
	var scored []datasets.ScoreRow
	for _, s := range d.rel.Scores {
		if s.Score != nil {
			scored = append(scored, s)
		}
	}
	slices.SortStableFunc(scored, compareScores)
	d.ranks = make(map[string]int, len(scored))
	for i, s := range scored {
		r := i + 1
		if i > 0 && *scored[i-1].Score == *s.Score {
			r = d.ranks[scored[i-1].SiteID]
		}
		d.ranks[s.SiteID] = r
	}
	d.ranked = len(scored)
}

// compareScores orders score rows best first: by score, then site id;
// rows without a score last.
func compareScores(a, b datasets.ScoreRow) int {
	switch {
	case a.Score == nil && b.Score == nil:
	case a.Score == nil:
		return 1
	case b.Score == nil:
		return -1
	case *a.Score > *b.Score:
		return -1
	case *a.Score < *b.Score:
		return 1
	}
	if a.SiteID < b.SiteID {
		return -1
	}
	if a.SiteID > b.SiteID {
		return 1
	}
	return 0
}

// site returns the site's rows of sites and scores.
func (d *Data) site(id string) (datasets.SiteRow, datasets.ScoreRow, bool) {
	i, ok := d.sites[id]
	if !ok {
		return datasets.SiteRow{}, datasets.ScoreRow{}, false
	}
	var sc datasets.ScoreRow
	if j, ok := d.scores[id]; ok {
		sc = d.rel.Scores[j]
	}
	return d.rel.Sites[i], sc, true
}

// rowsOf returns the site's row indexes (never nil).
func (d *Data) rowsOf(id string) *siteRows {
	if r := d.rows[id]; r != nil {
		return r
	}
	return &siteRows{}
}

// rule returns the rule of an id; a rule missing from the rules table
// gets its id as title.
func (d *Data) rule(id string) Rule {
	if r, ok := d.rules[id]; ok {
		return r
	}
	return Rule{RuleID: id, TitleZh: id, TitleEn: id}
}

// FieldTitle returns the title of a column of a table in the release's
// data dictionary (datapackage.json), in Chinese or English; the column
// name when the dictionary does not have it.
func (d *Data) FieldTitle(table, column string, lang Lang) string {
	if d.rel.Package == nil {
		return column
	}
	for _, res := range d.rel.Package.Resources {
		if res.Name != table+"-parquet" || res.Schema == nil {
			continue
		}
		for _, f := range res.Schema.Fields {
			if f.Name != column {
				continue
			}
			if lang == English && f.Title != "" {
				return f.Title
			}
			if f.TitleZh != "" {
				return f.TitleZh
			}
		}
	}
	return column
}
