// Package htmlfacts reduces one decoded HTML document to the facts the
// checks read: title, meta tags, headings, breadcrumb, labelled values
// (索引号 | 000014348/2020-35147), dated list items, outgoing references,
// data tables, visible main and footer text, and hints on whether the page
// needs JavaScript to show its content. It is pure: no I/O, no globals, one
// parse and one walk per document, every output bounded.
//
// Static data a browser would paste in is read in place: the records of a
// Hanweb (大汉) <script type="text/xml"> data store count as markup where the
// script stands (datastore.go). Forms are reported as anchors with Tag
// "form" (forms.go); they are not links to follow or check.
package htmlfacts

import (
	"fmt"
	"net/url"

	"gongkai/crawler/snapshot"
)

// Output bounds. They keep one hostile page from bloating a snapshot.
const (
	maxInput      = 16 << 20 // bytes of HTML parsed; the rest is ignored
	maxTextBytes  = 64 << 10 // Facts.Text
	maxFootBytes  = 8 << 10  // Facts.Footer
	maxVisBytes   = 4 << 20  // all visible text kept for blocks and items
	maxHidBytes   = 256 << 10
	maxHeadings   = 50
	maxHeadRunes  = 200
	maxCrumbs     = 20
	maxBlocks     = 200
	maxValueRunes = 500
	maxItems      = 500
	maxItemRunes  = 500
	maxAnchors    = 5000
	maxAnchorText = 200
	maxTables     = 20
	maxTableRows  = 200
	maxTableCols  = 50
	maxCellRunes  = 500
	maxMeta       = 200
	maxMetaBytes  = 2048
	maxNoScript   = 1024
	maxEmpty      = 50
	maxWalkDepth  = 1024
)

// RenderHints is what the static HTML says about needing JavaScript.
type RenderHints struct {
	Scripts         int      // <script> elements
	ScriptBytes     int      // inline script bytes
	Links           int      // <a href> that normalise to http(s)
	NoScript        string   // text of <noscript>, trimmed, bounded (1 KiB)
	EmptyContainers []string // nav/menu/list containers with no children, as tag#id.class (e.g. "ul.list", "div#nav")
	Loaders         []string // known CMS/JS loaders seen, in first-seen order: "document.write", "jquery.load", "$.ajax", "vue", "angular", "react-root", "innerHTML", ...
	BodyTextLen     int      // runes of visible text (main, nav and footer)
}

// Facts is everything extracted from one HTML document.
type Facts struct {
	Title      string
	Meta       map[string]string // lower-cased name|property|http-equiv -> content (first wins)
	Headings   []string          // h1-h3 text, bounded (50)
	Breadcrumb []string          // location trail parts (首页, 政务公开, ...)
	Blocks     []snapshot.Block  // labelled values, bounded (200)
	Items      []snapshot.Item   // list items with link and date text, bounded (500)
	Anchors    []snapshot.Anchor // every outgoing reference, de-duplicated by URL+Tag, bounded (5000); forms have Tag "form" (see forms.go)
	Tables     []snapshot.Table  // data tables, bounded (20 tables x 200 rows)
	Text       string            // visible main text (body minus nav/footer), one rendered line (block or <br>) per line, bounded 64 KiB
	Footer     string            // visible footer text, bounded 8 KiB
	Prose      int               // characters of running text in the body (see snapshot.Page.Prose)
	Base       string            // effective base URL (<base href> honoured)
	Hints      RenderHints
	// Limits names the bounds the document hit ("more than 100000
	// elements", "nesting deeper than 512 elements", "5000 references"...):
	// the facts are those of the part within them. Empty for ordinary pages.
	Limits []string
}

// Extract parses decoded UTF-8 HTML fetched from pageURL. It never panics on
// hostile input, bounds all output, and returns an error only if pageURL is
// not an absolute http(s) URL. Input beyond 16 MiB is ignored; invalid UTF-8
// is replaced; JSP/ASP directives (<%@ ... %>) are dropped before parsing. A
// body that is a Hanweb data store itself (a dataproxy.jsp answer) is read
// as its records.
func Extract(pageURL string, body []byte) (Facts, error) {
	page, err := url.Parse(pageURL)
	if err != nil {
		return Facts{}, fmt.Errorf("extract %q: %w", pageURL, err)
	}
	if !page.IsAbs() || page.Host == "" || (page.Scheme != "http" && page.Scheme != "https") {
		return Facts{}, fmt.Errorf("extract %q: page URL is not absolute http(s)", pageURL)
	}
	w := newWalker(len(body))
	defer w.release()
	if len(body) > maxInput {
		w.limits.add("more than %d bytes of HTML", maxInput)
	}
	if body = prepare(body); storeDocument(body) {
		w.inlineStore(string(body), 0)
	} else {
		var cut bool
		if body, cut = cutElements(body); cut {
			w.limits.add("more than %d elements", maxElements)
		}
		if root := parse(body, &w.limits); root != nil {
			w.walk(root, 0)
		}
	}
	return w.facts(page), nil
}

// Apply copies the facts into p: Title, Meta, Headings, Breadcrumb, Blocks,
// Items, Anchors, Text, Footer, Tables and Prose. Fetch facts (status, charset,
// timing) are left as they are.
func (f Facts) Apply(p *snapshot.Page) {
	p.Title = f.Title
	p.Meta = f.Meta
	p.Headings = f.Headings
	p.Breadcrumb = f.Breadcrumb
	p.Blocks = f.Blocks
	p.Items = f.Items
	p.Anchors = f.Anchors
	p.Text = f.Text
	p.Footer = f.Footer
	p.Tables = f.Tables
	p.Prose = f.Prose
}
