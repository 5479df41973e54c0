package urls

import (
	"strings"
)

const upperHex = "0123456789ABCDEF"

// component selects which characters may stay unescaped.
type component int

const (
	inPath component = iota
	inQuery
)

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// isUnreserved reports RFC 3986 unreserved characters, which are always
// decoded when found percent-encoded.
func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// isAllowed reports characters that may appear literally in the component.
func isAllowed(c byte, where component) bool {
	if isUnreserved(c) {
		return true
	}
	switch c {
	case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '/':
		return true
	case '?':
		return where == inQuery
	}
	return false
}

func writeEscaped(b *strings.Builder, c byte) {
	b.WriteByte('%')
	b.WriteByte(upperHex[c>>4])
	b.WriteByte(upperHex[c&15])
}

// normalizeEscapes rewrites s with upper-case percent escapes, unreserved
// characters decoded and every byte not allowed in the component encoded.
func normalizeEscapes(s string, where component) string {
	clean := true
	for i := 0; i < len(s) && clean; i++ {
		c := s[i]
		clean = c != '%' && isAllowed(c, where)
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			d := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(d) {
				b.WriteByte(d)
			} else {
				writeEscaped(&b, d)
			}
			i += 2
		case c != '%' && isAllowed(c, where):
			b.WriteByte(c)
		default:
			writeEscaped(&b, c)
		}
	}
	return b.String()
}

// canonicalPath normalises an escaped path: escapes, dot segments, session
// parameters and the empty path.
func canonicalPath(p string) string {
	p = normalizeEscapes(p, inPath)
	if strings.IndexByte(p, ';') >= 0 {
		p = stripPathSessions(p)
	}
	p = removeDotSegments(p)
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	return p
}

// removeDotSegments implements RFC 3986 section 5.2.4 on an absolute path.
func removeDotSegments(p string) string {
	if !strings.Contains(p, "/.") && p != "." && p != ".." {
		return p // every dot segment follows a slash in an absolute path
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	r := strings.Join(out, "/")
	if r == "" || r[0] != '/' {
		r = "/" + r
	}
	return r
}

// stripPathSessions drops ;jsessionid=... style matrix parameters.
func stripPathSessions(p string) string {
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if strings.IndexByte(seg, ';') < 0 {
			continue
		}
		parts := strings.Split(seg, ";")
		kept := parts[:1]
		for _, par := range parts[1:] {
			name, _, _ := strings.Cut(par, "=")
			if !isSessionParam(name) {
				kept = append(kept, par)
			}
		}
		segs[i] = strings.Join(kept, ";")
	}
	return strings.Join(segs, "/")
}

// isSessionParam reports parameter names that carry a session id or a
// campaign tag rather than content.
func isSessionParam(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "jsessionid", "phpsessid", "sid", "sessionid":
		return true
	}
	return strings.HasPrefix(n, "aspsessionid") || strings.HasPrefix(n, "utm_")
}

// canonicalQuery normalises escapes, drops empty and session parameters and
// keeps the rest in their original order.
func canonicalQuery(q string) string {
	if q == "" {
		return ""
	}
	if plainQuery(q) {
		return q
	}
	params := strings.Split(q, "&")
	kept := params[:0]
	for _, par := range params {
		if par == "" {
			continue
		}
		par = normalizeEscapes(par, inQuery)
		name, _, _ := strings.Cut(par, "=")
		if isSessionParam(name) {
			continue
		}
		kept = append(kept, par)
	}
	return strings.Join(kept, "&")
}

// plainQuery reports a query that is already canonical: no empty
// parameters, nothing to escape or unescape, no session parameter.
func plainQuery(q string) bool {
	if q[0] == '&' || q[len(q)-1] == '&' || strings.Contains(q, "&&") {
		return false
	}
	for i := 0; i < len(q); i++ {
		if c := q[i]; c == '%' || !isAllowed(c, inQuery) {
			return false
		}
	}
	for par := range strings.SplitSeq(q, "&") {
		name, _, _ := strings.Cut(par, "=")
		if isSessionParam(name) {
			return false
		}
	}
	return true
}
