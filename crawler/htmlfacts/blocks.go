package htmlfacts

import (
	"bytes"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"gongkai/crawler/snapshot"
)

// Label bounds: a label is 2..12 runes once inner spaces are removed.
const (
	minLabelRunes = 2
	maxLabelRunes = 12
	maxHolderText = 1200 // bytes of element text parsed for label：value pairs
)

// pair is one labelled value parsed from text.
type pair struct {
	label, value string
	bracket      bool // 【label】value
}

// holder parses "label：value" pairs from a short element's text, e.g.
// <p><strong>索引号</strong>：000014348/2020-35147</p> or
// <li><span>发布日期：</span>2020-08-02</li>. The innermost element with a
// non-empty value wins; an element whose descendants already gave pairs is
// re-read only when it has no block children (so an inline line such as
// <div><span>发布日期：…</span> 来源：…</div> yields both). An element that
// shows one label and its colon alone gives the label with an empty value:
// a metadata header whose template left the values out is still a header.
func (w *walker) holder(f *frame) {
	if f.pairs && f.blockDesc {
		return
	}
	b := w.vis.buf[f.start:]
	if len(b) == 0 || len(b) > maxHolderText || !hasLabelMark(b) {
		return
	}
	text := strings.TrimSpace(string(b))
	ps := splitPairs(text)
	found := false
	for _, p := range ps {
		found = found || p.value != ""
	}
	if !found {
		if len(ps) == 1 && !ps[0].bracket && (strings.HasSuffix(text, "：") || strings.HasSuffix(text, ":")) {
			w.addBlock(ps[0].label, "") // a header field shown empty: 索引号：
		}
		return
	}
	f.pairs = true
	for _, p := range ps {
		if p.value != "" || !p.bracket {
			w.addBlock(p.label, p.value)
		}
	}
}

// labelledRow reads a row whose children alternate label elements and
// their values, without colons between them:
// <li><span class="label">申请条件</span><span class="value">…</span></li>,
// <div class="row"><span class="label">索引号</span><span>…</span>
// <span class="label">主题分类</span><span>…</span></div>,
// <p><b>办理地点</b>县政务服务中心</p>. A label element is a <b>,
// <strong>, <label>, <dt> or <th>, or an element whose class says label,
// name, key or title; the row must start with one.
func (w *walker) labelledRow(n *html.Node, f *frame) {
	if f.pairs || w.hidden > 0 || !isRowTag(n.DataAtom) {
		return
	}
	if first := firstElement(n); first == nil || !labelStyled(first) {
		return
	}
	var pairs []pair
	size := 0
	for c := n.FirstChild; c != nil && size <= maxHolderText; c = c.NextSibling {
		var text string
		switch c.Type {
		case html.TextNode:
			text = c.Data
		case html.ElementNode:
			at := readAttrs(c)
			if at.hidden() {
				continue
			}
			text = visibleText(c, 0)
			if labelStyled(c) {
				if label, _, ok := cellLabel(collapse(text)); ok {
					pairs = append(pairs, pair{label: label})
					continue
				}
			}
		}
		size += len(text)
		if len(pairs) > 0 {
			pairs[len(pairs)-1].value += " " + text
		}
	}
	if size > maxHolderText {
		return
	}
	for _, p := range pairs {
		if v := trimValue(strings.TrimLeft(collapse(p.value), " :：")); v != "" {
			w.addBlock(p.label, v)
			f.pairs = true
		}
	}
}

// visibleText concatenates the text under n that a browser shows: no
// script, style or template, no hidden element (bounded depth).
func visibleText(n *html.Node, depth int) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil && depth < 16; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
		case html.ElementNode:
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Select, atom.Textarea:
				continue
			case atom.Br:
				b.WriteByte(' ')
				continue
			}
			if at := readAttrs(c); !at.hidden() {
				b.WriteString(visibleText(c, depth+1))
			}
		}
	}
	return b.String()
}

// firstElement returns n's first element child when no text comes before
// it.
func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.ElementNode:
			return c
		case html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				return nil
			}
		}
	}
	return nil
}

// labelStyled reports an element styled as a label.
func labelStyled(n *html.Node) bool {
	switch n.DataAtom {
	case atom.B, atom.Strong, atom.Label, atom.Dt, atom.Th:
		return true
	}
	return labelClass(getAttr(n, "class"))
}

// shownBlocks drops the empty blocks of labels the page also shows with a
// value (an inner label element read before its row): an empty block
// stays only for a label shown with no value anywhere.
func shownBlocks(blocks []snapshot.Block) []snapshot.Block {
	valued := map[string]bool{}
	empty := false
	for _, b := range blocks {
		if b.Value != "" {
			valued[b.Label] = true
		} else {
			empty = true
		}
	}
	if !empty {
		return blocks
	}
	out := blocks[:0:0]
	for _, b := range blocks {
		if b.Value != "" || !valued[b.Label] {
			out = append(out, b)
		}
	}
	return out
}

func hasLabelMark(b []byte) bool {
	return bytes.IndexByte(b, ':') >= 0 || bytes.Contains(b, []byte("：")) || bytes.Contains(b, []byte("【"))
}

// addBlock records a labelled value once.
func (w *walker) addBlock(label, value string) {
	if len(w.blocks) >= maxBlocks || label == "" {
		return
	}
	value = truncRunes(collapse(value), maxValueRunes)
	key := label + "\x00" + value
	if w.blockSeen[key] {
		return
	}
	w.blockSeen[key] = true
	w.blocks = append(w.blocks, snapshot.Block{Label: label, Value: value})
}

// mark is a label found in a line: where it starts and where its value
// starts.
type mark struct {
	start, valStart int
	label           string
	bracket         bool
}

// splitPairs finds every "label：value" (or label: value, 【label】value) in
// a collapsed line; a value runs to the next label.
func splitPairs(s string) []pair {
	rs := []rune(s)
	var marks []mark
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '：', ':':
			if rs[i] == ':' && i+2 < len(rs) && rs[i+1] == '/' && rs[i+2] == '/' {
				continue // a URL, not a label
			}
			st, label, ok := labelBefore(rs, i, len(marks) > 0)
			if !ok || (len(marks) > 0 && st < marks[len(marks)-1].valStart) {
				continue
			}
			marks = append(marks, mark{st, i + 1, label, false})
		case '【':
			if i > 0 && !isBoundary(rs[i-1], len(marks) > 0) {
				continue
			}
			for k := i + 1; k < len(rs) && k <= i+maxLabelRunes+4; k++ {
				if rs[k] == '】' {
					if label, ok := normLabel(rs[i+1 : k]); ok {
						marks = append(marks, mark{i, k + 1, label, true})
						i = k
					}
					break
				}
			}
		}
	}
	pairs := make([]pair, 0, len(marks))
	for j, m := range marks {
		end := len(rs)
		if j+1 < len(marks) {
			end = marks[j+1].start
		}
		pairs = append(pairs, pair{m.label, trimValue(string(rs[m.valStart:end])), m.bracket})
	}
	return pairs
}

// labelBefore reads the label that ends just before the colon at i. Spaced
// single characters are one label ("索 引 号", "分 类"); the label must start
// the line or follow whitespace or a separator, so running text
// ("…各部门：") does not count unless it starts the element. afterMark
// tells whether a label was already found on the line: only then do commas
// and colons end a value ("发布日期：2020-01-01，来源：新华社").
func labelBefore(rs []rune, i int, afterMark bool) (int, string, bool) {
	end := i
	for end > 0 && isSpace(rs[end-1]) {
		end--
	}
	start := end
	for start > 0 && isLabelRune(rs[start-1]) {
		start--
	}
	if start == end {
		return 0, "", false
	}
	if end-start == 1 { // "索 引 号": extend over spaced single characters
		for {
			m := start
			for m > 0 && isSpace(rs[m-1]) {
				m--
			}
			if m == start || m == 0 || !isLabelRune(rs[m-1]) || (m > 1 && isLabelRune(rs[m-2])) {
				break
			}
			start = m - 1
		}
	}
	if start > 0 && !isBoundary(rs[start-1], afterMark) {
		return 0, "", false
	}
	label, ok := normLabel(rs[start:end])
	return start, label, ok
}

// normLabel removes inner spaces, surrounding brackets and a trailing colon
// and checks the label shape.
func normLabel(rs []rune) (string, bool) {
	var b strings.Builder
	n, letters := 0, 0
	for _, r := range rs {
		switch {
		case isSpace(r):
			continue
		case r == '：' || r == ':' || r == '【' || r == '】' || r == '[' || r == ']':
			continue
		case !isLabelRune(r):
			return "", false
		}
		if n == 0 && r >= '0' && r <= '9' {
			return "", false
		}
		if unicode.IsLetter(r) {
			letters++
		}
		b.WriteRune(r)
		n++
	}
	if n < minLabelRunes || n > maxLabelRunes || letters == 0 {
		return "", false
	}
	return b.String(), true
}

func isLabelRune(r rune) bool {
	return r >= '0' && r <= '9' || unicode.IsLetter(r)
}

// isBoundary reports characters that may precede a label; commas and
// colons only once the line has a label.
func isBoundary(r rune, afterMark bool) bool {
	if isSpace(r) || strings.ContainsRune("|｜丨/\\】]）)、·•;；>＞»", r) {
		return true
	}
	return afterMark && strings.ContainsRune(",，：:", r)
}

// trimValue trims spaces and separators around a value.
func trimValue(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return isSpace(r) || strings.ContainsRune("|｜丨,，;；/、", r)
	})
}

// cellLabel reads a table cell as a label: it reports the label, whether
// the text ended with a colon, and whether it looks like a label at all.
func cellLabel(text string) (string, bool, bool) {
	t := strings.TrimSpace(text)
	colon := strings.HasSuffix(t, "：") || strings.HasSuffix(t, ":")
	label, ok := normLabel([]rune(t))
	return label, colon, ok
}
