package htmlfacts

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attrs are the attributes every element is classified by.
type attrs struct {
	class, id, style string
	hiddenAttr       bool
}

func readAttrs(n *html.Node) attrs {
	var a attrs
	for _, at := range n.Attr {
		switch at.Key {
		case "class":
			a.class = at.Val
		case "id":
			a.id = at.Val
		case "style":
			a.style = at.Val
		case "hidden":
			a.hiddenAttr = true
		}
	}
	return a
}

// hidden reports elements a browser does not show: the hidden attribute,
// inline display:none or visibility:hidden, and AngularJS's ng-hide class.
func (a *attrs) hidden() bool {
	if a.hiddenAttr {
		return true
	}
	if a.style != "" && (cssIs(a.style, "display", "none") || cssIs(a.style, "visibility", "hidden")) {
		return true
	}
	return a.class != "" && containsFold(a.class, "ng-hide") && hasToken(a.class, "ng-hide")
}

// cssIs reports whether the inline style declares prop: value.
func cssIs(style, prop, value string) bool {
	for decl := range strings.SplitSeq(style, ";") {
		k, v, ok := strings.Cut(decl, ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), prop) {
			continue
		}
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
		if strings.EqualFold(v, value) {
			return true
		}
	}
	return false
}

// hasToken reports whether the space-separated list holds tok.
func hasToken(list, tok string) bool {
	for f := range strings.FieldsSeq(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// regionOf classifies an element as navigation, footer or neither.
func regionOf(a atom.Atom, at *attrs) string {
	switch a {
	case atom.Nav, atom.Header, atom.Menu:
		return regionNav
	case atom.Footer:
		return regionFooter
	case atom.Html, atom.Body, atom.Main, atom.Head, atom.Tbody, atom.Tr, atom.Td:
		return regionBody // a table's class says what it is (table layouts: class="menu", "bottom"); its parts' do not
	}
	if at.class == "" && at.id == "" {
		return regionBody
	}
	if r := attrRegion(at.class); r != regionBody {
		return r
	}
	return attrRegion(at.id)
}

// attrRegion classifies a class or id value. Long words match anywhere in a
// token (sx-navs, footer_bg); pinyin abbreviations only as a token prefix
// (dhlm matches dh, sx-width does not). Footer words win: footer_nav is
// footer.
func attrRegion(s string) string {
	nav := false
	for tok := range tokens(s) {
		if containsFold(tok, "canvas") {
			continue
		}
		for _, w := range [...]string{"footer", "foot", "bottom", "copyright", "banquan"} {
			if containsFold(tok, w) {
				return regionFooter
			}
		}
		if hasPrefixFold(tok, "bq") {
			return regionFooter
		}
		if !nav {
			for _, w := range [...]string{"nav", "menu", "daohang", "topbar", "header"} {
				nav = nav || containsFold(tok, w)
			}
			nav = nav || hasPrefixFold(tok, "dh")
		}
	}
	if nav {
		return regionNav
	}
	return regionBody
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// tokens yields the runs of ASCII letters and digits of s.
func tokens(s string) func(func(string) bool) {
	return func(yield func(string) bool) {
		start := -1
		for i := 0; i <= len(s); i++ {
			alnum := i < len(s) && isAlnum(s[i])
			if alnum && start < 0 {
				start = i
			} else if !alnum && start >= 0 {
				if !yield(s[start:i]) {
					return
				}
				start = -1
			}
		}
	}
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// containsFold is strings.Contains ignoring ASCII case; sub is lower-case.
func containsFold(s, sub string) bool {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// isBlock reports elements rendered as blocks (or table cells): their
// boundaries separate words.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body, atom.Center,
		atom.Dd, atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Dt,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.Frameset,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup,
		atom.Hr, atom.Html, atom.Legend, atom.Li, atom.Main, atom.Menu, atom.Nav, atom.Ol,
		atom.P, atom.Pre, atom.Section, atom.Summary, atom.Table, atom.Tbody, atom.Thead,
		atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Caption, atom.Ul, atom.Option, atom.Button:
		return true
	}
	return false
}

// isRowTag reports elements that can hold one list entry.
func isRowTag(a atom.Atom) bool {
	switch a {
	case atom.Li, atom.Tr, atom.Dd, atom.Dt, atom.Div, atom.P:
		return true
	}
	return false
}

func getAttr(n *html.Node, key string) string {
	v, _ := attrValue(n, key)
	return v
}

func attrValue(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
