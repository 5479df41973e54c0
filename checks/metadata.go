package checks

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gongkai/crawler/snapshot"
)

// labelled is one label/value pair shown on a page.
type labelled struct{ label, value string }

// labelledPairs returns the page's label/value pairs: its Blocks, then pairs
// read from table rows (label cell followed by value cell, "label：value"
// cells), in page order. Header rows, whose "values" are labels too, give
// no pairs.
func (c *Catalog) labelledPairs(p *snapshot.Page) []labelled {
	out := make([]labelled, 0, len(p.Blocks))
	for _, b := range p.Blocks {
		out = append(out, labelled{b.Label, b.Value})
	}
	for _, t := range p.Tables {
		for _, row := range t.Rows {
			out = append(out, c.rowPairs(row)...)
		}
	}
	return out
}

func (c *Catalog) rowPairs(row []string) []labelled {
	var out []labelled
	for i := 0; i < len(row); i++ {
		cell := strings.TrimSpace(row[i])
		if l, v, ok := splitLabel(cell); ok && v != "" && c.docField(l) != "" {
			out = append(out, labelled{l, v})
			continue
		}
		if c.docField(cell) == "" || i+1 >= len(row) {
			continue
		}
		if c.docField(row[i+1]) != "" {
			continue // a header row: the next cell is a label too
		}
		out = append(out, labelled{cell, row[i+1]})
		i++
	}
	return out
}

// splitLabel splits "label：value" at the first colon of a short label.
func splitLabel(s string) (label, value string, ok bool) {
	i := strings.IndexAny(s, ":：")
	if i <= 0 || utf8.RuneCountInString(s[:i]) > 10 {
		return "", "", false
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return s[:i], strings.TrimSpace(s[i+w:]), true
}

// docField returns the metadata field a header label names ("" if none).
// Labels match exactly after spaces, colons and brackets are removed.
func (c *Catalog) docField(label string) string {
	n := normLabel(label)
	if n == "" || utf8.RuneCountInString(n) > 10 {
		return ""
	}
	for _, f := range docFieldNames {
		if slices.Contains(c.Synonyms.DocFields.labels(f), n) {
			return f
		}
	}
	return ""
}

// coreHeaderFields are the fields that only a metadata header shows (a news
// article shows a title and a date too).
var coreHeaderFields = []string{FieldIndexNumber, FieldTopic, FieldIssuer, FieldWrittenDate, FieldDocNumber, FieldValidity}

// Metadata reads a policy document's metadata header from the page's label/
// value pairs (Blocks and Tables) through the doc_fields synonyms: 索引号,
// 主题分类, 发文机关/发布机构/责任部门, 成文日期/生成日期, 标题/名称,
// 发文字号/文号, 发布日期/发布时间 and 有效性. The first occurrence of a field
// wins (headers are often rendered twice). A value such as 无 means the field
// is shown but empty. A publication date may also come from a labelled line
// of the page text (发布时间：2026-11-20). MissingFields lists the required
// fields (those of the catalog's doc_metadata rule) that the page does not
// show. asOf resolves dates without a year.
func (c *Catalog) Metadata(p *snapshot.Page, asOf time.Time) Document {
	d, _, _ := c.metadata(p, asOf)
	return d
}

// metadata reads the header and also returns which fields the page shows
// and the titles of the header fields whose labels it shows (values may be
// empty).
func (c *Catalog) metadata(p *snapshot.Page, asOf time.Time) (Document, map[string]bool, []string) {
	values := map[string]string{}
	shown := map[string]bool{}
	labelled := map[string]bool{} // the label is shown, perhaps with no value
	seen := map[string]int{}
	for _, kv := range c.labelledPairs(p) {
		f := c.docField(kv.label)
		if f != "" {
			labelled[f] = true
		}
		if f != "" && strings.TrimSpace(kv.value) != "" {
			seen[f]++
		}
		if f == "" || shown[f] {
			continue
		}
		v := collapseSpace(kv.value)
		if v == "" {
			continue // "来源：" with nothing after it shows nothing
		}
		shown[f] = true
		if !slices.Contains(c.Synonyms.DocFields.NoneValues, v) {
			values[f] = v
		}
	}
	d := Document{
		URL: p.URL, IndexNumber: values[FieldIndexNumber], DocNumber: values[FieldDocNumber],
		Issuer: values[FieldIssuer], Validity: values[FieldValidity], Topic: values[FieldTopic],
		Title: values[FieldTitle],
	}
	if d.Title == "" {
		d.Title = pageTitle(p)
	}
	d.WrittenDate, _ = ParseDate(values[FieldWrittenDate], asOf)
	if pd, ok := ParseDate(values[FieldPublishedDate], asOf); ok {
		d.PublishedDate = pd
	} else if pd, src := c.textPublished(p, asOf); src {
		d.PublishedDate = pd
		shown[FieldPublishedDate] = true
	}
	core, bare := 0, 0
	for _, f := range coreHeaderFields {
		if shown[f] {
			core++
		}
		if labelled[f] {
			bare++
		}
	}
	// A header shows its labels even when the template left the values
	// empty: one label more than a filled header needs makes an empty one.
	// A list of documents shows 索引号 per entry: that is not a header.
	d.HasHeader = (shown[FieldIndexNumber] || core >= c.Understanding.HeaderMinFields || bare > c.Understanding.HeaderMinFields) &&
		(seen[FieldIndexNumber] <= maxHeaderRepeats || len(p.Items) < c.Understanding.ColumnMinItems)
	var labels []string
	for _, f := range docFieldNames {
		if labelled[f] {
			labels = append(labels, c.fieldTitle(f))
		}
	}
	for _, f := range c.docRequired() {
		if !shown[f] {
			d.MissingFields = append(d.MissingFields, f)
		}
	}
	return d, shown, labels
}

// headerLabels returns the metadata header labels a page shows (索引号,
// 发文字号, ...; values may be empty), or nil when it has no header.
func (c *Catalog) headerLabels(p *snapshot.Page) []string {
	d, _, labels := c.metadata(p, p.FetchedAt)
	if !d.HasHeader {
		return nil
	}
	return labels
}

// fieldTitle is the display name of a metadata field: its first label.
func (c *Catalog) fieldTitle(field string) string {
	if l := c.Synonyms.DocFields.labels(field); len(l) > 0 {
		return l[0]
	}
	return field
}

// docRequired is the required-field list of the first enabled doc_metadata
// rule, or every core field when the catalog has none.
func (c *Catalog) docRequired() []string {
	for i := range c.Rules {
		if r := &c.Rules[i]; r.Enabled && r.Kind == "doc_metadata" {
			return r.Params.(*DocMetadataParams).Required
		}
	}
	return coreHeaderFields
}

// labelledPublished returns a publication date shown as a labelled value
// and whether one was found. A list page shows one per entry: more than
// maxHeaderRepeats dated labels on a page with list items are a list's, not
// an article's. On such pages the text is not searched either.
func (c *Catalog) labelledPublished(p *snapshot.Page) (Date, bool) {
	var first Date
	n := 0
	for _, kv := range c.labelledPairs(p) {
		if c.docField(kv.label) == FieldPublishedDate {
			if d, ok := ParseDate(kv.value, p.FetchedAt); ok {
				if n == 0 {
					first = d
				}
				n++
			}
		}
	}
	listy := len(p.Items) >= c.Understanding.ColumnMinItems
	switch {
	case n > 0 && (n <= maxHeaderRepeats || !listy):
		return first, true
	case n == 0 && !listy:
		return c.textPublished(p, p.FetchedAt)
	}
	return Date{}, false
}

// maxHeaderRepeats is how often a page may show one header field: headers
// are sometimes rendered twice (two layouts), list pages show it per entry.
const maxHeaderRepeats = 2

// textPublished finds "LABEL：date" in the page text for a publication-date
// label that does not continue a longer word (报名时间 is not 时间).
func (c *Catalog) textPublished(p *snapshot.Page, asOf time.Time) (Date, bool) {
	return textLabelDate(p.Text, c.Synonyms.DocFields.PublishedDate, asOf)
}

// textLabelDate returns the date after the first "LABEL：" in text for one of
// labels, where the label does not continue a longer word.
func textLabelDate(text string, labels []string, asOf time.Time) (Date, bool) {
	text = widthFold.Replace(text)
	best, bestAt := Date{}, -1
	for _, label := range labels {
		for from := 0; ; {
			i := strings.Index(text[from:], label)
			if i < 0 {
				break
			}
			at := from + i
			from = at + len(label)
			if r, _ := utf8.DecodeLastRuneInString(text[:at]); at > 0 && unicode.Is(unicode.Han, r) {
				continue
			}
			rest := strings.TrimLeft(text[from:], " \t")
			if !strings.HasPrefix(rest, ":") {
				continue
			}
			rest = strings.TrimLeft(rest[1:], " \t")
			if len(rest) > 40 {
				rest = rest[:40]
			}
			if d, ok := leadingDate(rest, asOf); ok && (bestAt < 0 || at < bestAt) {
				best, bestAt = d, at
			}
			break
		}
	}
	return best, bestAt >= 0
}

// leadingDate parses a date at the start of s (what follows a label).
func leadingDate(s string, asOf time.Time) (Date, bool) {
	if m := fullDateRE.FindStringSubmatchIndex(s); m != nil && m[2] <= 1 {
		return civilDate(atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]]))
	}
	f := strings.Fields(s)
	if len(f) > 0 {
		return partialDate(f[0], asOf)
	}
	return Date{}, false
}
