package htmlfacts

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"gongkai/crawler/snapshot"
	"gongkai/crawler/urls"
)

// rawAnchor is a reference as found in the markup, resolved after the walk
// (a <base href> anywhere in the document applies to all of them).
type rawAnchor struct {
	tag, href, text string
	region          string
	hidden          bool
	start, end      int // where it stands in vis (or hid when hidden); for <a>, its text
	alt             string
}

// titleLink is a visible <a> whose text is long enough to be an item title.
type titleLink struct {
	href, title string
	start, end  int // offsets of its text in vis
	runes       int
	dated       bool // used by a dated item
	candidate   bool // already an undated candidate
}

// addAnchor records a reference and returns its index, or -1 when the
// bound is reached or ref is empty.
func (w *walker) addAnchor(tag, ref, text string) int {
	if (tag != "form" && strings.TrimSpace(ref) == "") || len(w.anchors) >= 4*maxAnchors {
		return -1
	}
	a := rawAnchor{tag: tag, href: ref, text: text, region: w.region, hidden: w.hidden > 0, start: len(w.vis.buf)}
	if a.hidden {
		a.start = len(w.hid.buf)
	}
	w.anchors = append(w.anchors, a)
	return len(w.anchors) - 1
}

// closeA finishes an <a>: its text, and its use as an item title link.
func (w *walker) closeA(n *html.Node, f *frame) {
	if len(w.openA) == 0 {
		return
	}
	idx := w.openA[len(w.openA)-1]
	w.openA = w.openA[:len(w.openA)-1]
	var text string
	if w.hidden > 0 {
		if idx >= 0 {
			text = w.hid.spanJoined(w.anchors[idx].start, len(w.hid.buf))
		}
	} else {
		text = w.vis.spanJoined(f.start, len(w.vis.buf))
	}
	if idx >= 0 {
		a := &w.anchors[idx]
		a.text = firstNonEmpty(text, a.alt, getAttr(n, "title"))
		a.end = len(w.vis.buf)
		if a.hidden {
			a.end = len(w.hid.buf)
		}
	}
	if w.hidden > 0 {
		return
	}
	if rc := runeCount(text); rc >= 4 {
		w.links = append(w.links, titleLink{
			href: getAttr(n, "href"), title: getAttr(n, "title"),
			start: f.start, end: len(w.vis.buf), runes: rc,
		})
		f.titleLinks++
		if f.bestLink < 0 || rc > w.links[f.bestLink].runes {
			f.bestLink = len(w.links) - 1
		}
	}
}

// img records an image reference; its alt text also names an enclosing
// link that has no text of its own.
func (w *walker) img(n *html.Node) {
	var src, dataSrc, alt, title string
	for _, a := range n.Attr {
		switch a.Key {
		case "src":
			src = a.Val
		case "data-src", "data-original":
			if dataSrc == "" {
				dataSrc = a.Val
			}
		case "alt":
			alt = a.Val
		case "title":
			title = a.Val
		}
	}
	if strings.TrimSpace(src) == "" {
		src = dataSrc
	}
	text := firstNonEmpty(alt, title)
	w.addAnchor("img", src, text)
	if text != "" && len(w.openA) > 0 {
		if i := w.openA[len(w.openA)-1]; i >= 0 && w.anchors[i].alt == "" {
			w.anchors[i].alt = text
		}
	}
}

// linkTag records <link> elements that load or name a resource:
// stylesheets, icons and alternates (not preconnect, dns-prefetch, ...).
func (w *walker) linkTag(n *html.Node) {
	rel := strings.ToLower(getAttr(n, "rel"))
	keep := false
	for tok := range strings.FieldsSeq(rel) {
		keep = keep || tok == "stylesheet" || tok == "alternate" || strings.Contains(tok, "icon")
	}
	if keep {
		w.addAnchor("link", getAttr(n, "href"), getAttr(n, "title"))
	}
}

// resolvedRef is a memoised urls.Normalize result.
type resolvedRef struct {
	url string
	ok  bool
}

// resolve normalises ref against base, once per distinct ref.
func (w *walker) resolve(base *url.URL, ref string) (string, bool) {
	if w.resolved == nil {
		w.resolved = make(map[string]resolvedRef, len(w.anchors))
	}
	if r, ok := w.resolved[ref]; ok {
		return r.url, r.ok
	}
	u, ok := urls.Normalize(base, ref)
	w.resolved[ref] = resolvedRef{u, ok}
	return u, ok
}

// resolveAnchors normalises every reference against base, drops the ones
// that are not http(s) and de-duplicates by URL and tag; the first
// non-empty text wins. A form without an action submits to doc, the
// document's URL. It also counts <a href> that resolve for the hints.
func (w *walker) resolveAnchors(base *url.URL, doc string) ([]snapshot.Anchor, int) {
	type key struct{ tag, url string }
	out := make([]snapshot.Anchor, 0, min(len(w.anchors), maxAnchors))
	seen := make(map[key]int, len(w.anchors))
	links, long, over := 0, 0, 0
	for _, a := range w.anchors {
		if len(a.href) > 4*maxAnchorURL {
			long++ // not worth resolving: far over the bound whatever the base
			continue
		}
		u, ok := w.resolve(base, a.href)
		if a.tag == "form" && strings.TrimSpace(a.href) == "" {
			u, ok = doc, true
		}
		if !ok {
			continue
		}
		if len(u) > maxAnchorURL {
			long++
			continue
		}
		if a.tag == "a" {
			links++
		}
		k := key{a.tag, u}
		if i, dup := seen[k]; dup {
			out[i].Text = mergeText(out[i].Text, a)
			continue
		}
		if len(out) >= maxAnchors {
			over++
			continue
		}
		seen[k] = len(out)
		out = append(out, snapshot.Anchor{URL: u, Text: anchorText(a.text), Tag: a.tag, Region: a.region})
	}
	if long > 0 {
		w.limits.add("%d references longer than %d bytes dropped", long, maxAnchorURL)
	}
	if over > 0 || len(w.anchors) >= 4*maxAnchors {
		w.limits.add("more than %d references", maxAnchors)
	}
	return out, links
}

// mergeText returns the text of an anchor seen again as a: the first
// non-empty text, or for forms, the texts joined (bounded).
func mergeText(text string, a rawAnchor) string {
	if text == "" {
		return anchorText(a.text)
	}
	if a.tag != "form" || len(text) >= 3*maxAnchorText {
		return text
	}
	if t := anchorText(a.text); t != "" && !strings.Contains(text, t) {
		return truncRunes(text+" "+t, maxAnchorText)
	}
	return text
}

// anchorText bounds a text; attribute texts (alt, title) are collapsed.
func anchorText(s string) string {
	if needsCollapse(s) {
		s = collapse(s)
	}
	return truncRunes(s, maxAnchorText)
}

// needsCollapse reports whether s has leading, trailing or repeated
// whitespace, or whitespace other than a plain space.
func needsCollapse(s string) bool {
	prevSpace := true
	for _, r := range s {
		sp := isSpace(r)
		if sp && (prevSpace || r != ' ') {
			return true
		}
		prevSpace = sp
	}
	return prevSpace && s != ""
}
