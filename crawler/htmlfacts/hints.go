package htmlfacts

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// hintsAcc accumulates RenderHints during the walk.
type hintsAcc struct {
	scripts, scriptBytes int
	noscriptText         strings.Builder
	empties              []string
	loaders              []string
}

func (h *hintsAcc) loader(name string) {
	for _, l := range h.loaders {
		if l == name {
			return
		}
	}
	h.loaders = append(h.loaders, name)
}

// scriptLoaders maps what inline script text contains to a loader name.
// It is a function returning a table by value so there is no package state.
func scriptLoaders() [15][2]string {
	return [...][2]string{
		{"document.write", "document.write"},
		{".load(", "jquery.load"},
		{"$.ajax", "$.ajax"}, {"jQuery.ajax", "$.ajax"}, {"$.get(", "$.ajax"},
		{"$.post(", "$.ajax"}, {"$.getJSON", "$.ajax"},
		{"XMLHttpRequest", "xhr"}, {"fetch(", "fetch"},
		{"new Vue", "vue"}, {"createApp(", "vue"},
		{"angular.module", "angular"},
		{"ReactDOM", "react"}, {"React.createElement", "react"},
		{"innerHTML", "innerHTML"},
	}
}

// script counts a script, records its src as a reference and looks for
// loaders in its text.
func (w *walker) script(n *html.Node) {
	h := &w.hints
	h.scripts++
	if src := getAttr(n, "src"); src != "" {
		w.addAnchor("script", src, "")
		for _, lib := range [...]string{"vue", "angular", "react"} {
			if containsFold(src, lib) {
				h.loader(lib)
			}
		}
	}
	text := childText(n)
	h.scriptBytes += len(text)
	if len(text) == 0 {
		return
	}
	for _, l := range scriptLoaders() {
		if strings.Contains(text, l[0]) {
			h.loader(l[1])
		}
	}
	if w.hidden == 0 {
		w.jsonStore(getAttr(n, "type"), text)
	}
}

// attrs records framework markers found in an element's attributes:
// AngularJS ng-*, Vue v-*/:prop/@event, React roots.
func (h *hintsAcc) attrs(n *html.Node, at *attrs) {
	for _, a := range n.Attr {
		k := a.Key
		switch {
		case strings.HasPrefix(k, "ng-") && k != "ng-hide":
			h.loader("angular")
		case strings.HasPrefix(k, "v-") || strings.HasPrefix(k, "data-v-") ||
			(len(k) > 1 && (k[0] == ':' || k[0] == '@')):
			h.loader("vue")
		case k == "data-reactroot":
			h.loader("react-root")
		}
	}
	if at.id == "react-root" {
		h.loader("react-root")
	}
}

// noscript keeps the text of <noscript>. With scripting on, its content is
// raw markup; tags are stripped.
func (h *hintsAcc) noscript(n *html.Node) {
	if h.noscriptText.Len() >= maxNoScript {
		return
	}
	t := collapse(stripTags(childText(n)))
	if t == "" {
		return
	}
	if h.noscriptText.Len() > 0 {
		h.noscriptText.WriteByte(' ')
	}
	h.noscriptText.WriteString(truncBytes(t, maxNoScript-h.noscriptText.Len()))
}

func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			b.WriteByte(' ')
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// empty records navigation, menu and list containers that have no element
// children and no text: script fills them in.
func (h *hintsAcc) emptyContainer(n *html.Node, at *attrs) {
	if len(h.empties) >= maxEmpty {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode || (c.Type == html.TextNode && strings.TrimSpace(c.Data) != "") {
			return
		}
	}
	if !containerLike(n.DataAtom, at) {
		return
	}
	d := n.Data
	if at.id != "" {
		d += "#" + truncBytes(strings.TrimSpace(at.id), 64)
	}
	if f := strings.Fields(at.class); len(f) > 0 {
		d += "." + truncBytes(f[0], 64)
	}
	h.empties = append(h.empties, d)
}

// containerLike reports elements meant to hold navigation or a list.
func containerLike(a atom.Atom, at *attrs) bool {
	switch a {
	case atom.Nav, atom.Ul, atom.Ol, atom.Menu:
		return true
	case atom.Div, atom.Section, atom.Span, atom.Table, atom.Tbody, atom.Dl:
		for _, s := range [...]string{at.class, at.id} {
			if attrRegion(s) == regionNav {
				return true
			}
			for tok := range tokens(s) {
				if containsFold(tok, "list") || hasPrefixFold(tok, "lm") || containsFold(tok, "column") {
					return true
				}
			}
		}
	}
	return false
}
