package htmlfacts

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"gongkai/crawler/snapshot"
)

type cellAcc struct {
	text     string
	th       bool
	labelish bool // styled as a label: th, class title/label/name, or all bold
	linked   bool // holds a title link: a list entry, never a label
}

type rowAcc struct{ cells []cellAcc }

type tableAcc struct {
	nested  bool // holds another table: a layout table
	hidden  bool
	region  string
	caption string
	lead    string // the short line just above the table
	rows    [][]string
}

// maxLeadRunes bounds a line above a table read as its caption.
const maxLeadRunes = 40

// leadLine returns the line just closed before a table starts, when it is
// short and not the inside of an earlier table: the table's title as most
// pages show it (二、主动公开政府信息情况, XX统计表), without a <caption>.
func (w *walker) leadLine() string {
	if len(w.lines) == 0 {
		return ""
	}
	sp := w.lines[len(w.lines)-1]
	if sp.start < w.tableEnd {
		return ""
	}
	t := w.vis.span(sp.start, sp.end)
	if t == "" || runeCount(t) > maxLeadRunes {
		return ""
	}
	return t
}

type dlPart struct {
	dt   bool
	text string
}

type dlAcc struct{ parts []dlPart }

// cell records a td/th of the innermost open row.
func (w *walker) cell(n *html.Node, at *attrs, f *frame) {
	if len(w.rows) == 0 {
		return
	}
	r := w.rows[len(w.rows)-1]
	if len(r.cells) >= maxTableCols {
		return
	}
	labelish := n.DataAtom == atom.Th || labelClass(at.class) || boldOnly(n)
	r.cells = append(r.cells, cellAcc{
		text:     truncRunes(w.vis.span(f.start, len(w.vis.buf)), maxCellRunes),
		th:       n.DataAtom == atom.Th,
		labelish: labelish,
		linked:   f.titleLinks > 0,
	})
}

// labelClass reports class names table templates give label cells.
func labelClass(class string) bool {
	for tok := range tokens(class) {
		for _, w := range [...]string{"title", "label", "name", "key"} {
			if containsFold(tok, w) {
				return true
			}
		}
	}
	return false
}

// boldOnly reports a cell whose only element child is <b> or <strong>.
func boldOnly(n *html.Node) bool {
	var only *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if only != nil {
				return false
			}
			only = c
		}
	}
	return only != nil && (only.DataAtom == atom.B || only.DataAtom == atom.Strong)
}

// row closes a tr: labelled pairs from its cells, and a row of the
// innermost open table.
func (w *walker) row(f *frame) {
	if len(w.rows) == 0 {
		return
	}
	r := w.rows[len(w.rows)-1]
	w.rows = w.rows[:len(w.rows)-1]
	if w.hidden > 0 || len(r.cells) == 0 {
		return
	}
	if w.rowPairs(r.cells) {
		f.pairs = true
	}
	if len(w.tables) == 0 {
		return
	}
	t := w.tables[len(w.tables)-1]
	if len(t.rows) >= maxTableRows {
		return
	}
	texts := make([]string, len(r.cells))
	for i, c := range r.cells {
		texts[i] = c.text
	}
	t.rows = append(t.rows, texts)
}

// rowPairs reads cells that alternate label and value (索引号 | X | 主题分类 | Y).
// A label cell ends with a colon, is styled as a label, or, in a row where
// every other cell looks like a label and some value does not, just looks
// like one.
func (w *walker) rowPairs(cells []cellAcc) bool {
	alternating := len(cells)%2 == 0
	someValue := false
	for i, c := range cells {
		_, _, like := cellLabel(c.text)
		like = like && !c.linked
		if i%2 == 0 {
			alternating = alternating && like
		} else if !like && c.text != "" {
			someValue = true
		}
	}
	alternating = alternating && someValue
	found := false
	for i := 0; i+1 < len(cells); {
		l, v := cells[i], cells[i+1]
		label, colon, ok := cellLabel(l.text)
		_, vColon, _ := cellLabel(v.text)
		if ok && !l.linked && !v.th && !vColon && (colon || l.labelish || alternating) {
			if v.text != "" || colon || l.labelish {
				w.addBlock(label, v.text)
				found = true
			}
			i += 2
			continue
		}
		i++
	}
	return found
}

// table closes a table and keeps it when it holds data: at least two rows
// of at least two cells, no nested table, visible, in the body region.
func (w *walker) table(n *html.Node) {
	if len(w.tables) == 0 {
		return
	}
	t := w.tables[len(w.tables)-1]
	w.tables = w.tables[:len(w.tables)-1]
	w.tableEnd = len(w.vis.buf)
	if t.caption == "" {
		t.caption = t.lead
	}
	if t.nested || t.hidden || t.region != regionBody || len(w.doneTabs) >= maxTables {
		return
	}
	wide, filled := 0, false
	for _, r := range t.rows {
		if len(r) >= 2 {
			wide++
		}
		for _, c := range r {
			filled = filled || c != ""
		}
	}
	if wide < 2 || !filled {
		return
	}
	w.doneTabs = append(w.doneTabs, snapshot.Table{Caption: t.caption, Rows: t.rows})
}

// dlPart records a dt or dd of the innermost open dl.
func (w *walker) dlPart(dt bool, f *frame) {
	if len(w.dls) == 0 || w.hidden > 0 {
		return
	}
	d := w.dls[len(w.dls)-1]
	if len(d.parts) < 4*maxTableRows {
		d.parts = append(d.parts, dlPart{dt, w.vis.span(f.start, len(w.vis.buf))})
	}
}

// dl closes a dl: each dt labels the dd that follows it.
func (w *walker) dl(f *frame) {
	if len(w.dls) == 0 {
		return
	}
	d := w.dls[len(w.dls)-1]
	w.dls = w.dls[:len(w.dls)-1]
	for i := 0; i+1 < len(d.parts); i++ {
		if !d.parts[i].dt || d.parts[i+1].dt {
			continue
		}
		if label, _, ok := cellLabel(d.parts[i].text); ok {
			w.addBlock(label, d.parts[i+1].text)
			f.pairs = true
		}
	}
}

// caption records a table caption.
func (w *walker) caption(f *frame) {
	if len(w.tables) > 0 && w.tables[len(w.tables)-1].caption == "" {
		w.tables[len(w.tables)-1].caption = truncRunes(w.vis.span(f.start, len(w.vis.buf)), maxCellRunes)
	}
}
