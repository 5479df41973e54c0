package api

import (
	"cmp"
	"slices"
	"strings"

	"gongkai/datasets"
)

// sortKeys are the sort keys of the sites list, each an ascending
// comparison (ties broken by site_id). "-key" sorts descending.
var sortKeys = map[string]func(a, b *datasets.SiteRow) int{
	"site_id":       func(a, b *datasets.SiteRow) int { return 0 },
	"name":          func(a, b *datasets.SiteRow) int { return strings.Compare(a.Name, b.Name) },
	"score":         func(a, b *datasets.SiteRow) int { return cmpNullable(a.Score, b.Score) },
	"grade":         func(a, b *datasets.SiteRow) int { return strings.Compare(a.Grade, b.Grade) },
	"level":         func(a, b *datasets.SiteRow) int { return cmp.Compare(levelRank(a.Level), levelRank(b.Level)) },
	"kind":          func(a, b *datasets.SiteRow) int { return strings.Compare(a.Kind, b.Kind) },
	"region":        func(a, b *datasets.SiteRow) int { return strings.Compare(a.Region, b.Region) },
	"pages_crawled": func(a, b *datasets.SiteRow) int { return cmp.Compare(a.PagesCrawled, b.PagesCrawled) },
	"links_dead":    func(a, b *datasets.SiteRow) int { return cmp.Compare(a.LinksDead, b.LinksDead) },
}

// sortNames lists the accepted values of the sort parameter.
func sortNames() []string {
	var out []string
	for k := range sortKeys {
		out = append(out, k, "-"+k)
	}
	slices.Sort(out)
	return out
}

// levels in administrative order, for sorting.
var levelOrder = []string{"national", "province", "city", "county", "township"}

func levelRank(l string) int {
	if i := slices.Index(levelOrder, l); i >= 0 {
		return i
	}
	return len(levelOrder)
}

// cmpNullable orders nil before any value.
func cmpNullable(a, b *float64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return cmp.Compare(*a, *b)
}

// sortOrders builds the ascending order of every sort key.
func sortOrders(sites []datasets.SiteRow) map[string][]int {
	out := make(map[string][]int, len(sortKeys))
	for key, less := range sortKeys {
		idx := make([]int, len(sites))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(i, j int) int {
			return cmp.Or(less(&sites[i], &sites[j]), strings.Compare(sites[i].SiteID, sites[j].SiteID))
		})
		out[key] = idx
	}
	return out
}

// siteFilter selects sites of the list.
type siteFilter struct {
	Level, Kind, Region, Grade, Rule, Q string
	Veto                                *bool
}

func (f *siteFilter) match(r *Release, s *datasets.SiteRow) bool {
	switch {
	case f.Level != "" && s.Level != f.Level,
		f.Kind != "" && s.Kind != f.Kind,
		f.Region != "" && !strings.Contains(s.Region, f.Region),
		f.Grade != "" && s.Grade != f.Grade,
		f.Veto != nil && (s.Veto == nil || *s.Veto != *f.Veto),
		f.Q != "" && !strings.Contains(strings.ToLower(s.Name), f.Q) && !strings.Contains(s.SiteID, f.Q),
		f.Rule != "" && !slices.Contains(r.FailedRules(s.SiteID), f.Rule):
		return false
	}
	return true
}

// listSites returns one page of the sites that match f in the order of
// sortKey (a key of sortKeys, "-" for descending), and the total that
// match. Nulls sort last either way.
func (r *Release) listSites(f siteFilter, sortKey string, pg page) ([]datasets.SiteRow, int) {
	desc := strings.HasPrefix(sortKey, "-")
	order := r.orders[strings.TrimPrefix(sortKey, "-")]
	f.Q = strings.ToLower(f.Q)
	items := []datasets.SiteRow{}
	total := 0
	visit := func(i int) {
		s := &r.Sites[i]
		if !f.match(r, s) {
			return
		}
		if total >= pg.offset && len(items) < pg.limit {
			items = append(items, *s)
		}
		total++
	}
	nullsLast := strings.TrimPrefix(sortKey, "-") == "score"
	var nulls []int
	for k := range order {
		i := order[k]
		if desc {
			i = order[len(order)-1-k]
		}
		if nullsLast && r.Sites[i].Score == nil {
			nulls = append(nulls, i)
			continue
		}
		visit(i)
	}
	if desc {
		slices.Reverse(nulls) // keep site_id ascending among nulls
	}
	for _, i := range nulls {
		visit(i)
	}
	return items, total
}
