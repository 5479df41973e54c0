package checks

import (
	"strings"
	"time"

	"gongkai/crawler/snapshot"
)

// ListItem is one entry of a list with its date understood.
type ListItem struct {
	Title    string `json:"title"`
	URL      string `json:"url"`
	Date     Date   `json:"date"`      // zero when the entry shows no (valid) date
	DateText string `json:"date_text"` // verbatim
	Section  string `json:"section"`
}

// dated converts snapshot items to list items, resolving dates as of asOf.
func dated(items []snapshot.Item, asOf time.Time) []ListItem {
	out := make([]ListItem, 0, len(items))
	for _, it := range items {
		if strings.TrimSpace(it.Title) == "" {
			continue
		}
		d, _ := ParseDate(it.Date, asOf)
		out = append(out, ListItem{Title: strings.TrimSpace(it.Title), URL: it.URL, Date: d, DateText: it.Date, Section: it.Section})
	}
	return out
}

// ListItems returns the main list of a column page, in display order. Items
// are grouped by Section; the main list is the group named like the page
// (PageName), else the largest group with a dated entry, else the largest
// group. Sidebars ("热点信息") and menus thereby stay out of a column's list.
func (c *Catalog) ListItems(p *snapshot.Page, asOf time.Time) []ListItem {
	all := dated(p.Items, asOf)
	if len(all) == 0 {
		return nil
	}
	var order []string
	groups := map[string][]ListItem{}
	for _, it := range all {
		if _, ok := groups[it.Section]; !ok {
			order = append(order, it.Section)
		}
		groups[it.Section] = append(groups[it.Section], it)
	}
	if len(order) == 1 {
		return all
	}
	name := normLabel(c.PageName(p))
	for _, s := range order {
		if n := normLabel(s); n != "" && name != "" && (strings.Contains(name, n) || strings.Contains(n, name)) {
			return groups[s]
		}
	}
	best := order[0]
	for _, s := range order[1:] {
		if largerList(groups[s], groups[best]) {
			best = s
		}
	}
	return groups[best]
}

// largerList prefers a list with a dated entry, then the longer list.
func largerList(a, b []ListItem) bool {
	ad, bd := !newest(a).IsZero(), !newest(b).IsZero()
	if ad != bd {
		return ad
	}
	return len(a) > len(b)
}

// newest returns the latest item date (zero when no item is dated).
func newest(items []ListItem) Date {
	var n Date
	for _, it := range items {
		if it.Date.After(n) {
			n = it.Date
		}
	}
	return n
}

// newestUpTo returns the latest item date not after limit, and how many
// items are dated after limit (ignored: a date in the future of the audit
// cannot show an update as of the audit).
func newestUpTo(items []ListItem, limit Date) (Date, int) {
	var n Date
	future := 0
	for _, it := range items {
		switch {
		case it.Date.IsZero():
		case it.Date.After(limit):
			future++
		case it.Date.After(n):
			n = it.Date
		}
	}
	return n, future
}
