package htmlfacts

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxSectionRunes bounds a column title taken from a class-named element;
// longer text is an item, not a heading.
const maxSectionRunes = 16

// sectionCandidate records a column or tab title (class or id containing
// title, tit, bt, hd or lm) as the section of what follows in its box.
// Headings h1-h4 are recorded by heading.
func (w *walker) sectionCandidate(n *html.Node, at *attrs, f *frame) {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4:
		return
	}
	if f.items > 0 || f.section != "" || !sectionClass(at) {
		return
	}
	t := trimMore(w.vis.spanJoined(f.start, len(w.vis.buf)))
	if t == "" {
		return
	}
	if runeCount(t) > maxSectionRunes || strings.ContainsAny(t, "|｜") {
		t = firstLinkText(n) // a tab strip: the first tab names the list shown
	}
	if t != "" && runeCount(t) <= maxSectionRunes {
		f.section = t
	}
}

// firstLinkText returns the collapsed text of the first <a> under n that
// has text other than 更多, looking at no more than 200 nodes.
func firstLinkText(n *html.Node) string {
	seen := 0
	var find func(*html.Node) string
	find = func(p *html.Node) string {
		for c := p.FirstChild; c != nil && seen < 200; c = c.NextSibling {
			seen++
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.A {
				if t := trimMore(collapse(textOf(c, 0))); t != "" {
					return t
				}
				continue
			}
			if t := find(c); t != "" {
				return t
			}
		}
		return ""
	}
	return find(n)
}

// textOf concatenates the text nodes under n (bounded depth).
func textOf(n *html.Node, depth int) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil && depth < 16; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
		case html.ElementNode:
			b.WriteString(textOf(c, depth+1))
		}
	}
	return b.String()
}

func sectionClass(at *attrs) bool {
	for _, s := range [...]string{at.class, at.id} {
		for tok := range tokens(s) {
			if containsFold(tok, "tit") || hasPrefixFold(tok, "bt") || hasPrefixFold(tok, "hd") || hasPrefixFold(tok, "lm") {
				return true
			}
		}
	}
	return false
}

// trimMore drops a trailing "更多>>" / "more" link text from a box title.
func trimMore(s string) string {
	for {
		t := strings.TrimSpace(strings.TrimRight(s, ">＞»+ "))
		for _, suf := range [...]string{"更多", "MORE", "More", "more"} {
			t = strings.TrimSpace(strings.TrimSuffix(t, suf))
		}
		if t == s {
			return t
		}
		s = t
	}
}

// breadcrumb records the first location trail: an element whose class or
// id names it (crumb, position, location, path, dqwz, wz) or whose text
// starts with a 位置： head (当前位置, 您的位置, 您现在的位置, 所在位置).
func (w *walker) breadcrumb(at *attrs, f *frame) {
	if len(w.crumbs) > 0 {
		return
	}
	end := len(w.vis.buf)
	if end == f.start || end-f.start > 600 {
		return
	}
	lead := w.vis.buf[f.start:min(end, f.start+64)]
	byText := bytes.Contains(lead, []byte("位置"))
	if !byText && !crumbClass(at) {
		return
	}
	t := w.vis.span(f.start, end)
	head := truncRunes(t, 16)
	if byText && !crumbHead(head) && !crumbClass(at) {
		return
	}
	if parts := w.crumbLinks(f.start, end); len(parts) >= 2 {
		w.crumbs = parts
		return
	}
	if i := strings.IndexAny(head, "：:"); i >= 0 && strings.Contains(head[:i], "位置") {
		_, size := utf8.DecodeRuneInString(t[i:])
		t = t[i+size:]
	}
	var parts []string
	for p := range strings.FieldsFuncSeq(t, isCrumbSep) {
		p = strings.Trim(p, crumbTrim)
		if p != "" && len(parts) < maxCrumbs {
			parts = append(parts, truncRunes(p, 50))
		}
	}
	w.crumbs = parts
}

// crumbHead reports a location trail's head: 位置 followed by a colon in
// the first characters (当前位置：, 您的位置：, 您现在的位置：, 所在位置：).
func crumbHead(head string) bool {
	i := strings.Index(head, "位置")
	if i < 0 {
		return false
	}
	rest := strings.TrimLeft(head[i+len("位置"):], " ")
	return strings.HasPrefix(rest, "：") || strings.HasPrefix(rest, ":")
}

// Breadcrumb separators, and what is trimmed around a part.
const crumbTrim = " -—–\u00a0"

func isCrumbSep(r rune) bool { return strings.ContainsRune(">»→/＞›", r) }

// crumbLinks reads a location trail built of links (首页 › 政务公开 › 办事指南,
// the separators often drawn by CSS): the texts of the visible links whose
// text lies in vis[start:end], then the text after the last link when it
// names the current page. It returns nil for fewer than two links.
func (w *walker) crumbLinks(start, end int) []string {
	first := len(w.anchors)
	for first > 0 && (w.anchors[first-1].hidden || w.anchors[first-1].start >= start) {
		first--
	}
	var parts []string
	last := -1
	for _, a := range w.anchors[first:] {
		if a.tag != "a" || a.hidden || a.end > end || len(parts) >= maxCrumbs {
			continue
		}
		if t := strings.Trim(collapse(a.text), crumbTrim+">»→＞›"); t != "" {
			parts = append(parts, truncRunes(t, 50))
			last = a.end
		}
	}
	if len(parts) < 2 {
		return nil
	}
	if tail := strings.TrimFunc(w.vis.span(last, end), func(r rune) bool {
		return isSpace(r) || isCrumbSep(r) || strings.ContainsRune(crumbTrim, r)
	}); tail != "" && len(parts) < maxCrumbs {
		parts = append(parts, truncRunes(tail, 50))
	}
	return parts
}

func crumbClass(at *attrs) bool {
	for _, s := range [...]string{at.class, at.id} {
		for tok := range tokens(s) {
			if containsFold(tok, "crumb") || containsFold(tok, "position") || containsFold(tok, "location") ||
				strings.EqualFold(tok, "path") || hasPrefixFold(tok, "dqwz") || strings.EqualFold(tok, "wz") {
				return true
			}
		}
	}
	return false
}

// leafSpan is a run of visible text between two block boundaries: one
// rendered line or paragraph.
type leafSpan struct {
	start, end int
	footer     bool // inside the footer region
}

// footerText is the footer region's text. When that lacks one of the site
// identifiers (网站标识码, ICP 备案, 公网安备), the lines outside it in the
// last 15% of the page that carry identifier words are added: footers built
// from unnamed divs or tables, or split over several containers.
func (w *walker) footerText() string {
	foot := strings.TrimSpace(w.foot.text())
	if strings.Contains(foot, "标识码") && strings.Contains(foot, "ICP") &&
		(strings.Contains(foot, "公网安备") || strings.Contains(foot, "公安备案")) {
		return foot
	}
	var parts []string
	if foot != "" {
		parts = append(parts, foot)
	}
	w.blockAll() // close the last line
	n := len(w.lines)
	for _, sp := range w.lines[max(0, n-max(n*15/100, 10)):] {
		if t := w.vis.span(sp.start, sp.end); !sp.footer && identifierText(t) {
			parts = append(parts, t)
		}
	}
	return truncBytes(strings.Join(parts, " "), maxFootBytes)
}

// identifierText reports text that carries footer identifiers.
func identifierText(s string) bool {
	for _, k := range [...]string{"版权", "主办", "承办", "备案", "网站标识码", "ICP", "公网安备", "技术支持"} {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}
