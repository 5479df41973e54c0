package htmlfacts

import (
	"strings"

	"golang.org/x/net/html"
)

// Forms are recorded as anchors with Tag "form" so checks can see a site
// search: URL is the action (the document URL when it is empty), Text the
// submit button's text or value followed by the text field's placeholder
// (e.g. "搜索 请输入关键字"). They are not links: the crawler neither
// follows nor link-checks them. Forms of any method are kept (government
// search boxes often post); method="dialog" forms are not.
//
// A visible text field outside any form with a placeholder, title or value
// (a search box a script submits: <input placeholder="请输入搜索关键字"
// onkeydown="search()">) is recorded as a form at the document URL too.
// Form anchors sharing a URL have their texts joined.

// formAcc collects the texts of the form being walked.
type formAcc struct {
	anchor int    // index into anchors, -1 when not recorded
	button string // first submit control's text
	hint   string // first text field's placeholder, title or value
	parent int    // empty form (the parser moved its controls out, as in a table): frame index of its parent, else -1
}

// openForm starts a form; an earlier form left open ends.
func (w *walker) openForm(n *html.Node) {
	w.closeForm()
	var action, method string
	for _, a := range n.Attr {
		switch a.Key {
		case "action":
			action = a.Val
		case "method":
			method = a.Val
		}
	}
	if strings.EqualFold(strings.TrimSpace(method), "dialog") {
		return
	}
	w.form = &formAcc{anchor: w.addAnchor("form", action, ""), parent: -1}
	if w.form.anchor < 0 {
		w.form = nil
	}
}

// exitForm ends a form once its children are walked. A form with no
// children stays open until its parent ends: its controls follow it.
func (w *walker) exitForm(n *html.Node) {
	if w.form == nil {
		return
	}
	if n.FirstChild == nil && len(w.frames) >= 2 {
		w.form.parent = len(w.frames) - 2
		return
	}
	w.closeForm()
}

// closeForm sets the open form's anchor text.
func (w *walker) closeForm() {
	f := w.form
	if f == nil {
		return
	}
	w.form = nil
	text := f.button
	if f.hint != "" && f.hint != text {
		text = strings.TrimSpace(text + " " + f.hint)
	}
	w.anchors[f.anchor].text = text
}

// formInput records a submit control's label or a text field's hint, or
// a text field outside any form.
func (w *walker) formInput(n *html.Node) {
	var typ, value, placeholder, title, alt string
	for _, a := range n.Attr {
		switch a.Key {
		case "type":
			typ = strings.ToLower(strings.TrimSpace(a.Val))
		case "value":
			value = a.Val
		case "placeholder":
			placeholder = a.Val
		case "title":
			title = a.Val
		case "alt":
			alt = a.Val
		}
	}
	if w.form == nil {
		if w.hidden == 0 && (typ == "" || typ == "text" || typ == "search") {
			if hint := firstNonEmpty(placeholder, title, value); hint != "" {
				w.addAnchor("form", "", hint)
			}
		}
		return
	}
	switch typ {
	case "submit", "image", "button":
		if w.form.button == "" {
			w.form.button = firstNonEmpty(value, alt, title)
		}
	case "", "text", "search":
		if w.form.hint == "" {
			w.form.hint = firstNonEmpty(placeholder, title, value)
		}
	}
}

// formButton records a <button>'s text (or value, title) as the form's
// submit label; reset buttons do not count.
func (w *walker) formButton(n *html.Node, f *frame) {
	if w.form == nil || w.form.button != "" || strings.EqualFold(getAttr(n, "type"), "reset") {
		return
	}
	text := w.vis.spanJoined(f.start, len(w.vis.buf))
	w.form.button = firstNonEmpty(text, getAttr(n, "value"), getAttr(n, "title"))
}

// formParentDone ends an empty form whose parent has just ended.
func (w *walker) formParentDone() {
	if w.form != nil && w.form.parent >= 0 && len(w.frames) <= w.form.parent {
		w.closeForm()
	}
}
