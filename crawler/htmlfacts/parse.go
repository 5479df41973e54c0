package htmlfacts

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parse parses a prepared body. x/net/html refuses documents nested
// deeper than 512 open elements; for those the markup is flattened below a
// naive depth limit and parsed again (and lim says so), so a hostile or
// broken page still yields facts. It returns nil only when even the
// flattened text fails.
func parse(body []byte, lim *limits) *html.Node {
	if root, err := html.Parse(bytes.NewReader(body)); err == nil {
		return root
	}
	for _, limit := range []int{256, 64} {
		if root, err := html.Parse(bytes.NewReader(flatten(body, limit))); err == nil {
			lim.add("nesting deeper than 512 elements, flattened below %d", limit)
			return root
		}
	}
	lim.add("unparsable even when flattened")
	return nil
}

// prepare caps the input, drops a BOM, replaces invalid UTF-8 and removes
// server-side template directives (<%@ page %>, <%-- --%>) that saved JSP
// copies of gov pages carry before <html>.
func prepare(b []byte) []byte {
	if len(b) > maxInput {
		b = b[:maxInput]
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	if bytes.Contains(b, []byte("<%")) {
		b = stripDirectives(b)
	}
	return b
}

// stripDirectives removes <% ... %> spans. An unterminated one is kept.
func stripDirectives(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for {
		i := bytes.Index(b, []byte("<%"))
		if i < 0 {
			break
		}
		j := bytes.Index(b[i+2:], []byte("%>"))
		if j < 0 {
			break
		}
		out = append(out, b[:i]...)
		b = b[i+2+j+2:]
	}
	return append(out, b...)
}

// flatten re-serialises body token by token, dropping start and end tags
// that would open elements deeper than limit by a naive count (implicitly
// closed p/li/td/... handled). Text, comments and shallower tags are kept
// byte for byte.
func flatten(body []byte, limit int) []byte {
	z := html.NewTokenizer(bytes.NewReader(body))
	var out bytes.Buffer
	out.Grow(len(body))
	type open struct {
		a    atom.Atom
		name string
		drop bool
	}
	var stack []open
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if isVoid(a) {
				out.Write(raw)
				continue
			}
			if len(stack) > 0 && stack[len(stack)-1].a == a && selfClosing(a) {
				stack = stack[:len(stack)-1]
			}
			drop := len(stack) >= limit
			stack = append(stack, open{a, string(name), drop})
			if !drop {
				out.Write(raw)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == string(name) {
					drop := stack[i].drop
					stack = stack[:i]
					if !drop {
						out.Write(raw)
					}
					break
				}
			}
		default:
			out.Write(raw)
		}
	}
}

// selfClosing reports elements whose start tag implicitly closes an open
// element of the same name.
func selfClosing(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Li, atom.Dt, atom.Dd, atom.Option, atom.Tr, atom.Td, atom.Th:
		return true
	}
	return false
}

func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img,
		atom.Input, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}
