package htmlfacts

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"gongkai/crawler/snapshot"
)

// Regions of the page an element can sit in.
const (
	regionBody   = ""
	regionNav    = "nav"
	regionFooter = "footer"
)

// walker holds the state of the single walk over the parse tree.
type walker struct {
	vis  sink // all visible text: element spans index into it
	main sink // visible text outside nav and footer
	foot sink // visible footer text
	hid  sink // text of hidden elements (anchor text only)

	hidden int    // > 0 inside a hidden element
	region string // region of the current element
	frames []frame

	title, h1 string
	meta      map[string]string
	baseHref  string
	headings  []string
	crumbs    []string

	anchors []rawAnchor
	openA   []int // indexes into anchors of open <a> elements
	links   []titleLink
	items   []pendingItem
	rich    []pendingItem // dated rows with running text, items when repeated
	undated []undatedItem

	blocks    []snapshot.Block
	blockSeen map[string]bool
	resolved  map[string]resolvedRef // href -> normalised URL, per document

	tables     []*tableAcc
	tableEnd   int // offset in vis where the last table closed
	doneTabs   []snapshot.Table
	rows       []*rowAcc
	dls        []*dlAcc
	lines      []leafSpan // text runs between block boundaries, for the footer fallback
	lineStart  int
	lineFooter bool
	prose      proseAcc

	form   *formAcc // the form being walked
	hints  hintsAcc
	store  storeBudget
	limits limits

	scratch *scratch // where the buffers came from, returned by release
}

// frame is the walk state of one open element.
type frame struct {
	start      int // offset into vis where the element's text starts
	pairs      bool
	blockDesc  bool // has block-level descendants
	titleLinks int  // visible <a> with >= 4 runes of text inside
	bestLink   int  // longest of them, index into links, or -1
	items      int  // dated items found inside
	section    string
	prose      int // prose counted before the element started
}

// newWalker sizes the buffers from the input size, reusing those of an
// earlier walk (see scratch): visible text is at most the markup, and
// there is about one reference (and one text line) per 250 bytes and one
// title link per 500.
func newWalker(inputLen int) *walker {
	s := takeScratch()
	guess := min(inputLen+256, 64<<10)
	w := &walker{
		scratch:   s,
		vis:       sink{buf: reuse(s.vis, guess), soft: s.soft[0], limit: maxVisBytes},
		main:      sink{buf: reuse(s.main, guess), soft: s.soft[1], limit: maxTextBytes, lines: true},
		foot:      sink{buf: reuse(s.foot, 512), soft: s.soft[2], limit: maxFootBytes},
		hid:       sink{buf: s.hid[:0], soft: s.soft[3], limit: maxHidBytes},
		meta:      map[string]string{},
		blockSeen: map[string]bool{},
		frames:    s.frames,
		anchors:   make([]rawAnchor, 0, min(inputLen/250+16, 4096)),
		links:     make([]titleLink, 0, min(inputLen/500+16, 2048)),
		lines:     s.lines,
	}
	if w.frames == nil {
		w.frames = make([]frame, 0, 64)
	}
	if w.lines == nil {
		w.lines = make([]leafSpan, 0, min(inputLen/250+16, 4096))
	}
	return w
}

// walk visits the children of n in document order. Comments, doctypes and
// everything inside them are skipped.
func (w *walker) walk(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			w.text(c.Data)
		case html.ElementNode:
			w.element(c, depth+1)
		case html.DocumentNode:
			w.walk(c, depth+1)
		}
	}
}

// text routes a text node to the sinks of the current region; hidden text
// only feeds anchor texts.
func (w *walker) text(s string) {
	if w.hidden > 0 {
		w.hid.write(s)
		return
	}
	w.vis.write(s)
	switch w.region {
	case regionBody:
		w.main.write(s)
		if len(w.openA) == 0 {
			w.prose.write(s)
		}
	case regionFooter:
		w.foot.write(s)
	}
}

// blockAll marks a block boundary in every sink and closes the current
// line for the footer fallback.
func (w *walker) blockAll() {
	if end := len(w.vis.buf); end > w.lineStart {
		w.lines = append(w.lines, leafSpan{w.lineStart, end, w.lineFooter})
	}
	w.endProseLine()
	w.lineStart, w.lineFooter = len(w.vis.buf), w.region == regionFooter
	w.vis.block()
	w.main.block()
	w.foot.block()
	w.hid.block()
}

// lineBreak marks a <br> in every sink.
func (w *walker) lineBreak() {
	w.endProseLine()
	w.vis.lineBreak()
	w.main.lineBreak()
	w.foot.lineBreak()
	w.hid.lineBreak()
}

// element handles one element: leaf elements that only carry references or
// metadata first, then the general case with a frame.
func (w *walker) element(n *html.Node, depth int) {
	if depth > maxWalkDepth {
		return
	}
	if n.Namespace != "" { // svg, math: keep visible text, skip their metadata
		if n.Data != "title" && n.Data != "desc" && n.Data != "style" && n.Data != "script" {
			w.walk(n, depth)
		}
		return
	}
	if w.leaf(n, depth) {
		return
	}
	at := readAttrs(n)
	w.hints.attrs(n, &at)
	hidden := at.hidden() && !tabPane(n, &at)
	if hidden {
		w.hidden++
	}
	prevRegion := w.region
	if w.region == regionBody {
		w.region = regionOf(n.DataAtom, &at)
	}
	block := isBlock(n.DataAtom)
	if block || w.region != prevRegion {
		w.blockAll()
	}
	w.frames = append(w.frames, frame{start: len(w.vis.buf), bestLink: -1, prose: w.prose.total})
	w.enter(n, &at)
	w.walk(n, depth)
	if block {
		w.blockAll()
	}
	w.exit(n, &at, block)
	w.pop(block)
	if w.region != prevRegion {
		w.region = prevRegion
		w.blockAll()
	}
	if hidden {
		w.hidden--
	}
}

// leaf handles elements whose children are not walked. It reports whether
// n was handled.
func (w *walker) leaf(n *html.Node, depth int) bool {
	switch n.DataAtom {
	case atom.Script:
		if !w.datastore(n, depth) {
			w.script(n)
		}
	case atom.Input:
		w.formInput(n)
	case atom.Style, atom.Template, atom.Select, atom.Textarea:
	case atom.Noscript:
		w.hints.noscript(n)
	case atom.Title:
		if w.title == "" {
			w.title = collapse(childText(n))
		}
	case atom.Meta:
		w.metaTag(n)
	case atom.Base:
		if w.baseHref == "" {
			w.baseHref = getAttr(n, "href")
		}
	case atom.Link:
		w.linkTag(n)
	case atom.Br:
		w.lineBreak()
	case atom.Img:
		w.img(n)
	case atom.Iframe, atom.Frame, atom.Embed, atom.Source:
		w.addAnchor(n.Data, getAttr(n, "src"), getAttr(n, "title"))
	case atom.Object:
		w.addAnchor(n.Data, getAttr(n, "data"), getAttr(n, "title"))
	default:
		return false
	}
	return true
}

// enter does the per-tag work before the children are walked.
func (w *walker) enter(n *html.Node, at *attrs) {
	switch n.DataAtom {
	case atom.A:
		idx := -1
		if href, ok := attrValue(n, "href"); ok {
			idx = w.addAnchor("a", href, "")
		}
		w.openA = append(w.openA, idx)
	case atom.Area:
		if href, ok := attrValue(n, "href"); ok {
			w.addAnchor("area", href, firstNonEmpty(getAttr(n, "alt"), getAttr(n, "title")))
		}
	case atom.Table:
		if len(w.tables) > 0 {
			w.tables[len(w.tables)-1].nested = true
		}
		w.tables = append(w.tables, &tableAcc{region: w.region, hidden: w.hidden > 0, lead: w.leadLine()})
	case atom.Tr:
		w.rows = append(w.rows, &rowAcc{})
	case atom.Dl:
		w.dls = append(w.dls, &dlAcc{})
	case atom.Form:
		w.openForm(n)
	}
}

// exit does the per-tag work once the children are walked; the element's
// frame is still on the stack.
func (w *walker) exit(n *html.Node, at *attrs, block bool) {
	f := &w.frames[len(w.frames)-1]
	switch n.DataAtom {
	case atom.A:
		w.closeA(n, f)
	case atom.H1, atom.H2, atom.H3, atom.H4:
		w.heading(n.DataAtom, f)
	case atom.Td, atom.Th:
		w.cell(n, at, f)
	case atom.Tr:
		w.row(f)
	case atom.Table:
		w.table(n)
	case atom.Dt, atom.Dd:
		w.dlPart(n.DataAtom == atom.Dt, f)
	case atom.Dl:
		w.dl(f)
	case atom.Caption:
		w.caption(f)
	case atom.Form:
		w.exitForm(n)
	case atom.Button:
		w.formButton(n, f)
	}
	if w.hidden > 0 {
		return
	}
	if isRowTag(n.DataAtom) {
		w.itemRow(n, f)
	}
	if n.DataAtom != atom.Tr && n.DataAtom != atom.Table && n.DataAtom != atom.Body && n.DataAtom != atom.Html {
		w.holder(f)
		w.labelledRow(n, f)
	}
	w.sectionCandidate(n, at, f)
	w.breadcrumb(at, f)
	w.hints.emptyContainer(n, at)
}

// pop removes the current frame and folds it into its parent.
func (w *walker) pop(block bool) {
	f := w.frames[len(w.frames)-1]
	w.frames = w.frames[:len(w.frames)-1]
	w.formParentDone()
	if len(w.frames) == 0 {
		return
	}
	p := &w.frames[len(w.frames)-1]
	p.pairs = p.pairs || f.pairs
	p.blockDesc = p.blockDesc || f.blockDesc || block
	p.titleLinks += f.titleLinks
	if f.bestLink >= 0 && (p.bestLink < 0 || w.links[f.bestLink].runes > w.links[p.bestLink].runes) {
		p.bestLink = f.bestLink
	}
	p.items += f.items
	if f.section != "" && f.items == 0 {
		p.section = f.section // a heading wrapper: the heading applies to what follows
	}
}
