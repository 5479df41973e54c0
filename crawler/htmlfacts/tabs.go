package htmlfacts

import (
	"strings"

	"golang.org/x/net/html"
)

// A tab strip keeps all its panes in the DOM and hides all but one with
// display:none (or the hidden attribute); a reader clicks a tab to see the
// next pane. Such a pane counts as shown: a service guide split over tabs
// (基本信息 | 申请材料 | 办理流程) and a homepage's tabbed boxes
// (通知公告 | 政策文件) are content of the page. A pane is a hidden element
// with a visible sibling of the same tag whose class is the same once state
// words (active, on, cur, show, hide, ...) are set aside, or whose id is
// the same apart from its digits (con_1, con_2). A hidden element with no
// such sibling (a pop-up, a commented-out header, an unused template) stays
// hidden.

// maxPaneSiblings bounds the siblings looked at on each side.
const maxPaneSiblings = 30

// tabPane reports whether the hidden element n is a tab pane.
func tabPane(n *html.Node, at *attrs) bool {
	stem, ids := classStem(at.class), idStem(at.id)
	if stem == "" && ids == "" {
		return false
	}
	for _, next := range [...]func(*html.Node) *html.Node{
		func(x *html.Node) *html.Node { return x.PrevSibling },
		func(x *html.Node) *html.Node { return x.NextSibling },
	} {
		seen := 0
		for s := next(n); s != nil && seen < maxPaneSiblings; s = next(s) {
			if s.Type != html.ElementNode || s.DataAtom != n.DataAtom || s.Data != n.Data {
				continue
			}
			seen++
			sa := readAttrs(s)
			if sa.hidden() {
				continue
			}
			if (stem != "" && classStem(sa.class) == stem) || (ids != "" && idStem(sa.id) == ids) {
				return true
			}
		}
	}
	return false
}

// stateWords are class tokens that say which pane is shown, not what it is.
var stateWords = map[string]bool{
	"active": true, "on": true, "cur": true, "curr": true, "current": true, "show": true, "shown": true,
	"selected": true, "select": true, "hide": true, "hidden": true, "in": true, "fade": true, "open": true,
	"none": true, "block": true, "dn": true, "db": true, "hover": true, "focus": true,
}

// classStem returns the sorted class tokens without state words, joined.
func classStem(class string) string {
	var toks []string
	for t := range strings.FieldsSeq(strings.ToLower(class)) {
		if !stateWords[t] {
			toks = append(toks, t)
		}
	}
	if len(toks) == 0 {
		return ""
	}
	for i := 1; i < len(toks); i++ { // insertion sort: a handful of tokens
		for j := i; j > 0 && toks[j] < toks[j-1]; j-- {
			toks[j], toks[j-1] = toks[j-1], toks[j]
		}
	}
	return strings.Join(toks, " ")
}

// idStem returns an id with its digits removed, when it has digits and
// letters (con_1 and con_2 share con_); "" otherwise.
func idStem(id string) string {
	id = strings.ToLower(strings.TrimSpace(id))
	digits := false
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		if isDigit(id[i]) {
			digits = true
			continue
		}
		b.WriteByte(id[i])
	}
	if !digits || b.Len() == 0 {
		return ""
	}
	return b.String()
}
