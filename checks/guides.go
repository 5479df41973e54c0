package checks

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/crawler/snapshot"
)

// numberingRE strips heading numbers: 一、 （二） 3. 4．
var numberingRE = regexp.MustCompile(`^\s*[（(]?[一二三四五六七八九十0-9]{1,3}[)）、.．]\s*`)

// guideValues collects, per guide element, the values the page shows for it
// (an element present without a readable value maps to an empty slice).
func (c *Catalog) guideValues(p *snapshot.Page) map[string][]string {
	out := map[string][]string{}
	add := func(label, value string) {
		if e := c.guideElement(label); e != "" {
			out[e] = append(out[e], strings.TrimSpace(value))
		}
	}
	for _, b := range p.Blocks {
		add(b.Label, b.Value)
	}
	for _, t := range p.Tables {
		for _, row := range t.Rows {
			for i, cell := range row {
				if c.guideElement(cell) == "" {
					continue
				}
				v := ""
				if i+1 < len(row) {
					v = row[i+1]
				}
				add(cell, v)
			}
		}
	}
	for i, h := range p.Headings {
		add(numberingRE.ReplaceAllString(h, ""), headingBody(p.Text, p.Headings, i))
	}
	for _, line := range strings.Split(widthFold.Replace(p.Text), "\n") {
		if l, v, ok := splitLabel(strings.TrimSpace(line)); ok {
			add(numberingRE.ReplaceAllString(l, ""), v)
		}
	}
	return out
}

// headingBody returns the text between heading i and the next heading in
// the page text (bounded), the value of a guide laid out as h3 + paragraphs.
func headingBody(text string, headings []string, i int) string {
	h := strings.TrimSpace(headings[i])
	at := strings.Index(text, h)
	if h == "" || at < 0 {
		return ""
	}
	body := text[at+len(h):]
	for _, next := range headings[i+1:] {
		if n := strings.TrimSpace(next); n != "" {
			if j := strings.Index(body, n); j >= 0 {
				body = body[:j]
				break
			}
		}
	}
	if r := []rune(body); len(r) > 500 {
		body = string(r[:500])
	}
	return strings.TrimSpace(body)
}

// guideElement returns the guide element a short label names ("" if none).
func (c *Catalog) guideElement(label string) string {
	n := normLabel(label)
	if n == "" || utf8.RuneCountInString(n) > c.Understanding.MaxLabelLen {
		return ""
	}
	for _, e := range c.Synonyms.GuideElements {
		for _, s := range e.Synonyms {
			if strings.Contains(n, s) {
				return e.Name
			}
		}
	}
	return ""
}

// guideElements returns the elements the page shows, in catalog order.
func (c *Catalog) guideElements(p *snapshot.Page) []string {
	vals := c.guideValues(p)
	var out []string
	for _, e := range c.Synonyms.GuideElements {
		if _, ok := vals[e.Name]; ok {
			out = append(out, e.Name)
		}
	}
	return out
}

// GuideInfo reads a service guide (办事指南): which of the key elements
// (guide_elements synonyms: 事项名称, 设定依据, 申请条件, 办理材料, ...) it
// shows as labels in Blocks, table cells, headings or "label：" text lines,
// the vague phrases used in the values of the elements named by the first
// enabled guide_vague rule, and its update date (a guide_updated label in a
// label/value pair or the text, else meta PubDate, else its publication
// date). Stale is set against the first
// enabled guide_stale rule's age (undated guides are stale: an item without a
// date counts as not updated).
func (c *Catalog) GuideInfo(p *snapshot.Page, asOf time.Time) Guide {
	vals := c.guideValues(p)
	g := Guide{URL: p.URL, Title: pageTitle(p)}
	for _, e := range c.Synonyms.GuideElements {
		if _, ok := vals[e.Name]; ok {
			g.ElementsPresent = append(g.ElementsPresent, e.Name)
		} else {
			g.ElementsMissing = append(g.ElementsMissing, e.Name)
		}
	}
	var scanned []string
	for _, e := range c.vagueElements() {
		scanned = append(scanned, vals[e]...)
	}
	text := strings.Join(scanned, "\n")
	for _, ph := range c.Synonyms.VaguePhrases {
		if strings.Contains(text, ph) {
			g.VaguePhrases = append(g.VaguePhrases, ph)
		}
	}
	g.UpdatedAt = c.guideUpdated(p, asOf)
	if maxAge := c.guideMaxAge(); g.UpdatedAt.IsZero() || DateOf(asOf).Sub(g.UpdatedAt) > time.Duration(maxAge)*24*time.Hour {
		g.Stale = true
	}
	return g
}

func (c *Catalog) guideUpdated(p *snapshot.Page, asOf time.Time) Date {
	for _, kv := range c.labelledPairs(p) {
		if slices.Contains(c.Synonyms.GuideUpdated, normLabel(kv.label)) {
			if d, ok := ParseDate(kv.value, asOf); ok {
				return d
			}
		}
	}
	if d, ok := textLabelDate(p.Text, c.Synonyms.GuideUpdated, asOf); ok {
		return d
	}
	if d, ok := ParseDate(p.Meta["pubdate"], asOf); ok {
		return d
	}
	return c.Metadata(p, asOf).PublishedDate
}

// vagueElements are the elements scanned for vague phrases (first enabled
// guide_vague rule; none when the catalog has no such rule).
func (c *Catalog) vagueElements() []string {
	for i := range c.Rules {
		if r := &c.Rules[i]; r.Enabled && r.Kind == "guide_vague" {
			return r.Params.(*GuideVagueParams).Elements
		}
	}
	return nil
}

// guideMaxAge is the first enabled guide_stale rule's age in days (365 without one).
func (c *Catalog) guideMaxAge() int {
	for i := range c.Rules {
		if r := &c.Rules[i]; r.Enabled && r.Kind == "guide_stale" {
			return r.Params.(*GuideStaleParams).MaxAgeDays
		}
	}
	return 365
}
