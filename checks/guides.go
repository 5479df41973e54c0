package checks

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/crawler/snapshot"
)

// guideValue is one value a page shows for a guide element, ranked by the
// synonym that labelled it (0 is the element's first synonym: 办理期限
// before 办理时间 when both are shown).
type guideValue struct {
	rank  int
	value string
	weak  bool // shown only under a numbered heading named by a short synonym
}

// guideValues collects, per guide element, the values the page shows for
// it, in page order within each source: label/value blocks, table cells
// (a label cell and the cell after it, or a row of labels over a row of
// values), and the rendered lines (guidetext.go). An element shown without
// a readable value maps to an empty value.
func (c *Catalog) guideValues(p *snapshot.Page) map[string][]guideValue {
	out := map[string][]guideValue{}
	add := func(label, value string) {
		if e, rank, ok := c.guideElement(label); ok {
			out[e] = append(out[e], guideValue{rank, strings.TrimSpace(value), false})
		}
	}
	for _, b := range p.Blocks {
		add(b.Label, b.Value)
	}
	for _, t := range p.Tables {
		c.tableGuideValues(t, add)
	}
	if !strings.Contains(p.Text, "\n") {
		c.headingValues(p, add) // a snapshot from before Text kept its lines
	}
	for _, lv := range c.guideLines(p.Text) {
		if e, rank, ok := c.guideElement(lv.label); ok {
			out[e] = append(out[e], guideValue{rank, strings.TrimSpace(lv.value), lv.weak})
		}
	}
	return out
}

// headingValues reads the elements of a page whose Text is one line (a
// snapshot recorded before Text kept the page's lines): a heading naming an
// element, its value the text up to the next heading.
func (c *Catalog) headingValues(p *snapshot.Page, add func(label, value string)) {
	for i, h := range p.Headings {
		body, _ := numbering(h)
		if !c.labelLine(body, "") {
			continue
		}
		value := ""
		if at := strings.Index(p.Text, strings.TrimSpace(h)); at >= 0 && strings.TrimSpace(h) != "" {
			value = p.Text[at+len(strings.TrimSpace(h)):]
			for _, next := range p.Headings[i+1:] {
				if n := strings.TrimSpace(next); n != "" {
					if j := strings.Index(value, n); j >= 0 {
						value = value[:j]
						break
					}
				}
			}
		}
		if r := []rune(value); len(r) > maxValueRunes {
			value = string(r[:maxValueRunes])
		}
		add(body, value)
	}
}

// tableGuideValues reads a table's element labels: a label cell and the
// value cell after it (2- and 4-column layouts), or a row of labels over a
// row of as many values that names no element.
func (c *Catalog) tableGuideValues(t snapshot.Table, add func(label, value string)) {
	for r, row := range t.Rows {
		if c.allLabels(row) && r+1 < len(t.Rows) && len(t.Rows[r+1]) == len(row) && c.noLabels(t.Rows[r+1]) {
			for i, cell := range row {
				add(cell, t.Rows[r+1][i])
			}
			continue
		}
		for i := 0; i < len(row); i++ {
			if _, _, ok := c.guideElement(row[i]); !ok {
				continue
			}
			v := ""
			if i+1 < len(row) {
				v = row[i+1]
			}
			add(row[i], v)
			i++
		}
	}
}

// allLabels reports a row of at least two cells that all name elements
// strongly.
func (c *Catalog) allLabels(row []string) bool {
	if len(row) < 2 {
		return false
	}
	for _, cell := range row {
		if !c.strongLabel(cell) {
			return false
		}
	}
	return true
}

// noLabels reports a row whose cells name no element.
func (c *Catalog) noLabels(row []string) bool {
	for _, cell := range row {
		if _, _, ok := c.guideElement(cell); ok {
			return false
		}
	}
	return true
}

// guideElement returns the guide element a short label names, and the
// rank of the synonym that named it. The longest synonym contained in the
// label wins over all elements (收费标准及依据 is a fee, not a basis); an
// element's exclusions veto it (监督电话 is no contact number).
func (c *Catalog) guideElement(label string) (string, int, bool) {
	e, rank, _, ok := c.elementLabel(label)
	return e, rank, ok
}

// elementLabel is guideElement, also telling whether the label is named
// strongly: by a synonym of three characters or more, or exactly. A bare
// line or cell counts as a label only when named strongly: 申请书及其他材料
// contains 材料 but is a value, while 一、行政强制措施的条件 is a numbered
// heading and 条件 suffices. tail is what follows the synonym in the label.
func (c *Catalog) elementLabel(label string) (elem string, rank int, strong, ok bool) {
	elem, rank, strong, _, ok = c.elementMatch(label)
	return elem, rank, strong, ok
}

func (c *Catalog) elementMatch(label string) (elem string, rank int, strong bool, tail string, ok bool) {
	n := normLabel(label)
	if n == "" || utf8.RuneCountInString(n) > c.Understanding.MaxLabelLen {
		return "", 0, false, "", false
	}
	bestLen := 0
	for _, e := range c.Synonyms.GuideElements {
		if slices.ContainsFunc(e.Exclude, func(x string) bool { return strings.Contains(n, x) }) {
			continue
		}
		for r, s := range e.Synonyms {
			if len(s) > bestLen && strings.Contains(n, s) {
				elem, rank, bestLen = e.Name, r, len(s)
				strong = n == s || utf8.RuneCountInString(s) >= 3
				tail = n[strings.Index(n, s)+len(s):]
			}
		}
	}
	return elem, rank, strong, tail, elem != ""
}

// strongLabel reports a label named strongly (see elementLabel).
func (c *Catalog) strongLabel(label string) bool {
	_, _, strong, ok := c.elementLabel(label)
	return ok && strong
}

// guideElements returns the elements that make a page a guide, in catalog
// order: those it shows as labelled values (blocks, table cells, label：
// lines) or under headings named strongly. A numbered heading named only
// by a short synonym (三、办理流程 is strong; 一、补贴对象和条件 is not) is
// read for its value but is no evidence that the page is a guide: a
// policy notice has such sections too.
func (c *Catalog) guideElements(p *snapshot.Page) []string {
	vals := c.guideValues(p)
	var out []string
	for _, e := range c.Synonyms.GuideElements {
		if slices.ContainsFunc(vals[e.Name], func(v guideValue) bool { return !v.weak }) {
			out = append(out, e.Name)
		}
	}
	return out
}

// GuideValues returns, per guide element the page shows, the value it
// shows: the one labelled by the element's earliest synonym, the first
// such in page order.
func (c *Catalog) GuideValues(p *snapshot.Page) map[string]string {
	out := map[string]string{}
	for e, vs := range c.guideValues(p) {
		best := vs[0]
		for _, v := range vs[1:] {
			if v.rank < best.rank || (best.value == "" && v.value != "" && v.rank == best.rank) {
				best = v
			}
		}
		out[e] = collapseSpace(best.value)
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
	g := Guide{URL: p.URL, Host: urlHost(p.URL), Title: pageTitle(p)}
	for _, e := range c.Synonyms.GuideElements {
		if _, ok := vals[e.Name]; ok {
			g.ElementsPresent = append(g.ElementsPresent, e.Name)
		} else {
			g.ElementsMissing = append(g.ElementsMissing, e.Name)
		}
	}
	var scanned []string
	for _, e := range c.vagueElements() {
		for _, v := range vals[e] {
			scanned = append(scanned, v.value)
		}
	}
	g.VaguePhrases = c.vagueIn(strings.Join(scanned, "\n"))
	g.UpdatedAt = c.guideUpdated(p, asOf)
	if maxAge := c.guideMaxAge(); g.UpdatedAt.IsZero() || DateOf(asOf).Sub(g.UpdatedAt) > time.Duration(maxAge)*24*time.Hour {
		g.Stale = true
	}
	return g
}

// urlHost returns the lower-cased host name of an absolute URL, without
// its port.
func urlHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// guideUpdated is the guide's update date: a visible update date, else its
// publication date (meta PubDate, a labelled 发布日期, the date under its
// title).
func (c *Catalog) guideUpdated(p *snapshot.Page, asOf time.Time) Date {
	if d, ok := c.guideUpdatedShown(p, asOf); ok {
		return d
	}
	if d, ok := ParseDate(p.Meta["pubdate"], asOf); ok {
		return d
	}
	if d := c.Metadata(p, asOf).PublishedDate; !d.IsZero() {
		return d
	}
	d, _ := c.headerDate(p)
	return d
}

// guideUpdatedShown returns a visible update date: a guide_updated label
// (更新日期, 修订日期, ...) in a label/value pair or a line of the text.
func (c *Catalog) guideUpdatedShown(p *snapshot.Page, asOf time.Time) (Date, bool) {
	for _, kv := range c.labelledPairs(p) {
		if slices.Contains(c.Synonyms.GuideUpdated, normLabel(kv.label)) {
			if d, ok := ParseDate(kv.value, asOf); ok {
				return d, true
			}
		}
	}
	return textLabelDate(p.Text, c.Synonyms.GuideUpdated, asOf)
}

// vagueIn returns the vague wordings of text: the matches of the
// catalog's vague_patterns (their group 1 when they have one), then its
// vague_phrases not inside one of them.
func (c *Catalog) vagueIn(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, re := range c.Synonyms.vagueREs {
		for _, sm := range re.FindAllStringSubmatch(text, -1) {
			m := sm[0]
			if len(sm) > 1 && sm[1] != "" {
				m = sm[1]
			}
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	for _, ph := range c.Synonyms.VaguePhrases {
		if !strings.Contains(text, ph) || slices.ContainsFunc(out, func(m string) bool { return strings.Contains(m, ph) }) {
			continue
		}
		out = append(out, ph)
	}
	return out
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
