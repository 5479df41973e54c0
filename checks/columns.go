package checks

import (
	"strconv"
	"time"
)

// column is a list page of the site, with its main list.
type column struct {
	page  *pageView
	name  string
	level int
	items []ListItem
}

// blank reports a column with no items at all.
func (col *column) blank() bool { return len(col.items) == 0 }

// buildColumns turns column pages into columns, one per column (pages of one
// list, index.html and index_1.html, count once: the shallowest page wins).
func (c *Catalog) buildColumns(v *siteView) []*column {
	byKey := map[string]*column{}
	var out []*column
	for _, pv := range v.pages {
		if pv.typ != TypeColumn {
			continue
		}
		col := &column{page: pv, name: pv.name, level: pv.level, items: c.ListItems(pv.p, v.asOf)}
		key := columnKey(pv.p.URL)
		if prev, ok := byKey[key]; ok {
			prev.items = append(prev.items, col.items...)
			continue
		}
		byKey[key] = col
		out = append(out, col)
	}
	return out
}

// columnKind returns the column kind (a section of
// understanding.column_kinds) whose synonym names the column best, or "".
func (c *Catalog) columnKind(name string) string {
	best, bestLen := "", 0
	for _, k := range c.Understanding.ColumnKinds {
		if syn, ok := c.Synonyms.section(k).matchName(name); ok && len(syn) > bestLen {
			best, bestLen = k, len(syn)
		}
	}
	return best
}

// columnStale reports whether a column is stale by the first enabled
// column_freshness rule that has a class for it: its newest entry dated up
// to asOf is older than the class window, or none is dated. A blank column
// (no entries) is not stale: it is blank.
func (c *Catalog) columnStale(col *column, asOf Date) bool {
	if col.blank() {
		return false
	}
	for i := range c.Rules {
		r := &c.Rules[i]
		if !r.Enabled || r.Kind != "column_freshness" {
			continue
		}
		cp := r.Params.(*ColumnFreshnessParams)
		k := c.columnClass(col.name, cp.Classes)
		if k < 0 || (cp.Classes[k].MaxLevel > 0 && col.level > cp.Classes[k].MaxLevel) {
			continue
		}
		newest, _ := newestUpTo(col.items, asOf)
		return newest.IsZero() || newest.Before(cutoff(asOf, cp.Classes[k].WindowDays, cp.Classes[k].WindowMonths))
	}
	return false
}

// columnRows are the columns as rows of the columns table.
func (c *Catalog) columnRows(v *siteView) []Column {
	out := make([]Column, 0, len(v.columns))
	for _, col := range v.columns {
		newest, _ := newestUpTo(col.items, v.asOf)
		out = append(out, Column{
			SiteID: v.snap.Site.ID, URL: col.page.p.URL, Name: col.name, Kind: c.columnKind(col.name),
			Level: col.level, Items: len(col.items), NewestItemDate: newest, Stale: c.columnStale(col, v.asOf),
		})
	}
	return out
}

// columnClass returns the first class whose section names the column best
// (longest matching synonym), or -1.
func (c *Catalog) columnClass(name string, classes []ColumnClass) int {
	best, bestLen := -1, 0
	for i, cl := range classes {
		if syn, ok := c.Synonyms.section(cl.Section).matchName(name); ok && len(syn) > bestLen {
			best, bestLen = i, len(syn)
		}
	}
	return best
}

// cutoff returns the earliest date that is still "updated" for a window of
// days or months before asOf.
func cutoff(asOf Date, days, months int) Date {
	if months > 0 {
		return asOf.AddDate(0, -months, 0)
	}
	return asOf.AddDate(0, 0, -days)
}

// daysBetween is the number of calendar days from a to b.
func daysBetween(a, b Date) int { return int(b.Sub(a) / (24 * time.Hour)) }

// windowText renders a window as the rules state it: 14天, 6个月.
func windowText(days, months int) string {
	if months > 0 {
		return strconv.Itoa(months) + "个月"
	}
	return strconv.Itoa(days) + "天"
}
