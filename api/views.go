package api

import (
	"container/list"
	"context"
	"html/template"
	"sync"

	"gongkai/datasets"
	"gongkai/reports"
)

// evidenceTables are the site tables a scorecard reads its evidence from;
// each is indexed by site at load and read by row range per scorecard.
var evidenceTables = []string{datasets.TablePages, datasets.TableLinks, datasets.TableHosts,
	datasets.TableDocuments, datasets.TableGuides, datasets.TableChanges}

// buildViews indexes the evidence tables and builds the release's summary
// with reports' view model, from the rows in memory and the findings
// reduced to their verdicts (the summary reads nothing else of them).
func (r *Release) buildViews(ctx context.Context, in interner) error {
	r.evidence = map[string]siteIndex{}
	for _, t := range evidenceTables {
		idx, err := indexSites(ctx, r.Release, t, nil, in, nil)
		if err != nil {
			return err
		}
		r.evidence[t] = idx
	}
	reduced := &datasets.Release{ID: r.ID, Dir: r.Dir, Package: r.Package, Tables: datasets.Tables{
		Provenance: r.Provenance, Sites: r.Sites, Scores: r.Scores, Rules: r.Rules,
		Findings: r.findings.scored, Changes: r.Changes,
	}}
	d, err := reports.NewData(reduced, "")
	if err != nil {
		return err
	}
	r.summary = d.Summary()
	r.ranks = make(map[string]int, len(r.summary.Ranking))
	for _, row := range r.summary.Ranking {
		r.ranks[row.Site.SiteID] = row.Rank
	}
	r.findings.scored = nil // the summary is made; the rows are not needed again
	r.cards = newCardCache(256)
	return nil
}

// Summary returns the summary view of the release (reports' model).
func (r *Release) Summary() *reports.Summary { return r.summary }

// Scorecard returns the scorecard view of a site and the reports data it
// was made from (for its screenshots): a release of that site's rows
// alone, read by row range from Parquet, beside every site's score (for
// the rank). Recent scorecards are cached.
func (r *Release) Scorecard(dataDir, siteID string) (*reports.Scorecard, *reports.Data, error) {
	if c, ok := r.cards.get(siteID); ok {
		return c.card, c.data, nil
	}
	// The site's own rows only: the rank over every site is the
	// summary's, set below (ranking all sites per page would cost
	// O(sites log sites) on every scorecard).
	t := datasets.Tables{Provenance: r.Provenance, Sites: []datasets.SiteRow{*r.Site(siteID)}, Rules: r.Rules}
	if sc := r.Score(siteID); sc != nil {
		t.Scores = []datasets.ScoreRow{*sc}
	}
	var err error
	if t.Findings, err = siteRows[datasets.FindingRow](r.findings.siteIndex, siteID); err != nil {
		return nil, nil, err
	}
	reads := []func() error{
		func() (err error) {
			t.Pages, err = siteRows[datasets.PageRow](r.evidence[datasets.TablePages], siteID)
			return
		},
		func() (err error) {
			t.Links, err = siteRows[datasets.LinkRow](r.evidence[datasets.TableLinks], siteID)
			return
		},
		func() (err error) {
			t.Hosts, err = siteRows[datasets.HostRow](r.evidence[datasets.TableHosts], siteID)
			return
		},
		func() (err error) {
			t.Documents, err = siteRows[datasets.DocumentRow](r.evidence[datasets.TableDocuments], siteID)
			return
		},
		func() (err error) {
			t.Guides, err = siteRows[datasets.GuideRow](r.evidence[datasets.TableGuides], siteID)
			return
		},
		func() (err error) {
			t.Changes, err = siteRows[datasets.ChangeRow](r.evidence[datasets.TableChanges], siteID)
			return
		},
	}
	for _, read := range reads {
		if err := read(); err != nil {
			return nil, nil, err
		}
	}
	d, err := reports.NewData(&datasets.Release{ID: r.ID, Dir: r.Dir, Package: r.Package, Tables: t}, dataDir)
	if err != nil {
		return nil, nil, err
	}
	card, err := d.Scorecard(siteID)
	if err != nil {
		return nil, nil, err
	}
	card.Rank, card.Ranked = r.Rank(siteID), r.summary.Scored
	r.cards.put(siteID, cachedCard{card: card, data: d})
	return card, d, nil
}

// charts are the summary's charts in one language, drawn once per
// release (they are the same for every request).
type charts struct {
	Grades, Scores, Rules, IPv6 template.HTML
}

// Charts returns the summary's charts in lang.
func (r *Release) Charts(lang reports.Lang) *charts {
	if c, ok := r.charts.Load(lang); ok {
		return c.(*charts)
	}
	s := r.summary
	c := &charts{
		Grades: reports.GradeChart(s.Grades, lang),
		Scores: reports.ScoreChart(s.Scores, lang),
		Rules:  reports.RuleFailureChart(s.Rules, lang, 10),
		IPv6:   reports.IPv6Chart(s.IPv6, lang),
	}
	r.charts.Store(lang, c)
	return c
}

// Rank returns a site's rank (1 = best; 0 unscored).
func (r *Release) Rank(siteID string) int { return r.ranks[siteID] }

type cachedCard struct {
	card *reports.Scorecard
	data *reports.Data
}

// cardCache is a small LRU of scorecards.
type cardCache struct {
	mu    sync.Mutex
	max   int
	order *list.List
	items map[string]*list.Element
}

type cardEntry struct {
	key string
	val cachedCard
}

func newCardCache(n int) *cardCache {
	return &cardCache{max: n, order: list.New(), items: map[string]*list.Element{}}
}

func (c *cardCache) get(k string) (cachedCard, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cardEntry).val, true
	}
	return cachedCard{}, false
}

func (c *cardCache) put(k string, v cachedCard) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		e.Value.(*cardEntry).val = v
		c.order.MoveToFront(e)
		return
	}
	c.items[k] = c.order.PushFront(&cardEntry{key: k, val: v})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cardEntry).key)
	}
}
