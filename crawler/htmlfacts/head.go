package htmlfacts

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// heading records an h1-h4: the title fallback, Headings (h1-h3) and the
// section of what follows.
func (w *walker) heading(a atom.Atom, f *frame) {
	t := w.vis.spanJoined(f.start, len(w.vis.buf))
	if t == "" || w.hidden > 0 {
		return
	}
	if a == atom.H1 && w.h1 == "" {
		w.h1 = truncRunes(t, maxHeadRunes)
	}
	if a != atom.H4 && len(w.headings) < maxHeadings {
		w.headings = append(w.headings, truncRunes(t, maxHeadRunes))
	}
	if runeCount(t) <= 50 {
		f.section = truncRunes(t, 100)
	}
}

func (w *walker) metaTag(n *html.Node) {
	var key, content string
	hasContent := false
	for _, a := range n.Attr {
		switch a.Key {
		case "name", "property", "http-equiv":
			if key == "" {
				key = strings.ToLower(strings.TrimSpace(a.Val))
			}
		case "content":
			content, hasContent = a.Val, true
		}
	}
	if key == "" || !hasContent || len(w.meta) >= maxMeta {
		return
	}
	if _, seen := w.meta[key]; !seen {
		w.meta[truncBytes(key, 128)] = truncBytes(strings.TrimSpace(content), maxMetaBytes)
	}
}

// childText concatenates the text children of n (title, noscript, script).
func childText(n *html.Node) string {
	if n.FirstChild != nil && n.FirstChild == n.LastChild && n.FirstChild.Type == html.TextNode {
		return n.FirstChild.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}
