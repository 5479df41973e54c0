// Package urls owns URL handling for the crawler: canonical form
// (Normalize), site scope by registrable domain (RegistrableDomain,
// SameSite), attachment detection (IsAttachment) and crawler-trap heuristics
// for the frontier (TrapReason, PatternKey). Everything here is pure: no I/O.
package urls

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// maxRefLen bounds the reference Normalize accepts; longer hrefs are junk
// (inline data, runaway templates) and are rejected rather than parsed.
const maxRefLen = 64 << 10

// Normalize resolves ref against base (nil base: ref must be absolute) and
// returns the canonical absolute URL string: scheme and host lower-cased,
// default ports dropped, fragment removed, dot segments cleaned, empty path
// -> "/", percent-encoding normalised (upper-case hex, unreserved characters
// decoded, everything else outside RFC 3986 encoded), session ids removed
// from path (;jsessionid=...) and query (jsessionid, phpsessid, sid,
// sessionid, aspsessionid*, utm_*), remaining query parameters kept in their
// original order. ok is false for javascript:, mailto:, tel:, data:, about:,
// file:, ftp: and every other non-http(s) result, for empty or
// whitespace-only refs, "#..." only refs and unparsable ones. Surrounding
// whitespace and tabs or newlines inside the href (common in gov CMS
// templates) are removed first, as browsers do.
func Normalize(base *url.URL, ref string) (string, bool) {
	ref = cleanRef(ref)
	if ref == "" || ref[0] == '#' || len(ref) > maxRefLen {
		return "", false
	}
	if s := refScheme(ref); s != "" && s != "http" && s != "https" {
		return "", false
	}
	if len(ref) >= 10 && strings.EqualFold(ref[:10], "javascript") {
		return "", false // "javascript :void(0)" and friends
	}
	r, err := url.Parse(repairRef(ref))
	if err != nil {
		return "", false
	}
	u := r
	if base != nil && !r.IsAbs() {
		u = base.ResolveReference(r)
	}
	return canonical(u)
}

// canonical renders an absolute http(s) URL in canonical form.
func canonical(u *url.URL) (string, bool) {
	scheme := strings.ToLower(u.Scheme)
	if (scheme != "http" && scheme != "https") || u.Opaque != "" || u.Host == "" {
		return "", false
	}
	host, ok := canonicalHost(u.Hostname())
	if !ok {
		return "", false
	}
	port := u.Port()
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n > 65535 {
			return "", false
		}
	}
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	var b strings.Builder
	b.Grow(len(u.Host) + len(u.RawPath) + len(u.Path) + len(u.RawQuery) + 16)
	b.WriteString(scheme)
	b.WriteString("://")
	if u.User != nil {
		b.WriteString(u.User.String())
		b.WriteByte('@')
	}
	if strings.Contains(host, ":") {
		b.WriteByte('[')
		b.WriteString(host)
		b.WriteByte(']')
	} else {
		b.WriteString(host)
	}
	if port != "" {
		b.WriteByte(':')
		b.WriteString(port)
	}
	b.WriteString(canonicalPath(u.EscapedPath()))
	if q := canonicalQuery(u.RawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), true
}

// cleanRef trims what browsers trim from an href: leading and trailing C0
// controls and spaces (plus the no-break and ideographic spaces gov CMS
// templates leave behind), and every tab, CR and LF inside.
func cleanRef(ref string) string {
	ref = strings.TrimFunc(ref, func(r rune) bool {
		return r <= ' ' || r == '\u00a0' || r == '\u3000' || r == '\ufeff'
	})
	if strings.ContainsAny(ref, "\t\r\n") {
		ref = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, ref)
	}
	return ref
}

// refScheme returns the lower-cased scheme of ref, or "" when ref is relative.
func refScheme(ref string) string {
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') && i > 0:
		case c == ':' && i > 0:
			return strings.ToLower(ref[:i])
		default:
			return ""
		}
	}
	return ""
}

// repairRef fixes what url.Parse rejects but browsers accept: backslashes in
// the path (treated as slashes), stray '%' not followed by two hex digits,
// and spaces or control bytes (percent-encoded).
func repairRef(ref string) string {
	needs := false
	for i := 0; i < len(ref) && !needs; i++ {
		c := ref[i]
		needs = c == '\\' || c == '%' || c <= ' ' || c == 0x7f
	}
	if !needs {
		return ref
	}
	var b strings.Builder
	b.Grow(len(ref) + 8)
	inPath := true
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c == '?' || c == '#':
			inPath = false
			b.WriteByte(c)
		case c == '\\' && inPath:
			b.WriteByte('/')
		case c == '%' && !(i+2 < len(ref) && isHex(ref[i+1]) && isHex(ref[i+2])):
			b.WriteString("%25")
		case c <= ' ' || c == 0x7f:
			writeEscaped(&b, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// canonicalHost lower-cases host, converts internationalised names to
// punycode and rejects names with characters no resolver accepts.
func canonicalHost(host string) (string, bool) {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return "", false
	}
	if strings.Contains(host, ":") { // IPv6 literal (brackets already stripped)
		if net.ParseIP(strings.SplitN(host, "%", 2)[0]) == nil {
			return "", false
		}
		return host, true
	}
	if a, ok, err := IPv4Host(host); ok {
		// 2130706433, 0x7f.1, 0177.0.0.1: the address a browser would
		// open, so that the link says where it really points.
		if err != nil {
			return "", false
		}
		return a.String(), true
	}
	ascii := true
	for i := 0; i < len(host); i++ {
		if host[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		h, err := idna.Lookup.ToASCII(host)
		if err != nil {
			return "", false
		}
		host = h
	}
	if len(host) > 253 {
		return "", false
	}
	for label := range strings.SplitSeq(host, ".") {
		if label == "" || len(label) > 63 {
			return "", false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return "", false
			}
		}
	}
	return host, true
}
