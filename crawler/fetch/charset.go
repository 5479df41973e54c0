package fetch

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// docKind is how a text media type declares its charset in the body.
type docKind int

const (
	notText docKind = iota
	htmlDoc
	xmlDoc
	plainDoc
)

// textKind classifies a media type (lower-case, without parameters).
func textKind(mediaType string) docKind {
	switch {
	case mediaType == "text/html" || mediaType == "application/xhtml+xml":
		return htmlDoc
	case mediaType == "text/xml" || mediaType == "application/xml" || strings.HasSuffix(mediaType, "+xml"):
		return xmlDoc
	case mediaType == "text/plain":
		return plainDoc
	default:
		return notText
	}
}

// declaredCharset returns the lower-case charset parameter of a Content-Type
// header value, or "".
func declaredCharset(contentType string) string {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(params["charset"]))
}

// toUTF8 decodes body to UTF-8 and names the charset used: byte-order mark
// first, then the Content-Type charset, then the document's own declaration
// (<meta> for HTML, the XML declaration for XML), then detection. A
// declaration the bytes contradict is overridden: "utf-8" over bytes that
// are not UTF-8 is detected again, any other charset over bytes that are
// plainly UTF-8 gives way to UTF-8.
func toUTF8(body []byte, contentType string, kind docKind) ([]byte, string) {
	if enc, name, n := bomEncoding(body); enc != nil {
		return decodeWith(enc, body[n:]), name
	}
	// Declarations in order of precedence, read lazily.
	sources := []func([]byte) string{func([]byte) string { return declaredCharset(contentType) }}
	switch kind {
	case htmlDoc:
		sources = append(sources, metaCharset, xmlEncoding)
	case xmlDoc:
		sources = append(sources, xmlEncoding)
	}
	for i, source := range sources {
		enc, name := lookupCharset(source(body), i > 0)
		if enc == nil {
			continue
		}
		if name == "utf-8" {
			if utf8.Valid(body) {
				return body, "utf-8"
			}
			if !plausibleUTF8(body) {
				continue // the declaration lies
			}
			return validUTF8(body), "utf-8"
		}
		if clearlyUTF8(body) {
			return body, "utf-8"
		}
		return decodeWith(enc, body), name
	}
	if plausibleUTF8(body) {
		return validUTF8(body), "utf-8"
	}
	enc, name := detectChinese(body)
	return decodeWith(enc, body), name
}

// bomEncoding recognises a UTF-8 or UTF-16 byte-order mark and returns its
// length.
func bomEncoding(b []byte) (encoding.Encoding, string, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, "utf-8", 3
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 2
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 2
	}
	return nil, "", 0
}

// lookupCharset maps a charset label to the decoder to use and the name to
// record. The GBK family (gbk, gb2312, cp936, ...) is recorded as "gbk" and
// decoded with GB18030, its superset. In-document declarations of UTF-16
// mean UTF-8 (the bytes could not have been read otherwise).
func lookupCharset(label string, inDocument bool) (encoding.Encoding, string) {
	if label == "" {
		return nil, ""
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return nil, ""
	}
	name = strings.ToLower(name)
	switch {
	case name == "gbk":
		return simplifiedchinese.GB18030, "gbk"
	case name == "replacement":
		return nil, ""
	case inDocument && strings.HasPrefix(name, "utf-16"):
		return unicode.UTF8, "utf-8"
	}
	return enc, name
}

// decodeWith decodes b; undecodable bytes become U+FFFD.
func decodeWith(enc encoding.Encoding, b []byte) []byte {
	if enc == unicode.UTF8 {
		return validUTF8(b)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return out
}

// validUTF8 returns b with invalid bytes replaced by U+FFFD, without a
// copy when b is valid.
func validUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}

// utf8Counts counts the valid multi-byte runes and the invalid bytes of b.
// An incomplete rune at the very end (a cut body) is not counted.
func utf8Counts(b []byte) (multi, invalid int) {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			if len(b)-i < utf8.UTFMax && !utf8.FullRune(b[i:]) {
				break
			}
			invalid++
		} else {
			multi++
		}
		i += size
	}
	return multi, invalid
}

// plausibleUTF8 reports whether b reads as UTF-8: no invalid bytes, or a
// few stray ones among many valid multi-byte runes. Valid UTF-8 (nearly
// every page) is told by utf8.Valid alone, without counting.
func plausibleUTF8(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	multi, invalid := utf8Counts(b)
	return invalid == 0 || invalid*20 <= multi
}

// clearlyUTF8 reports whether b is valid UTF-8 with enough multi-byte runes
// that a legacy charset is implausible (GBK text is almost never valid
// UTF-8 for more than a couple of characters).
func clearlyUTF8(b []byte) bool {
	if utf8.Valid(b) {
		return leadBytes(b, 4) >= 4
	}
	multi, invalid := utf8Counts(b)
	return invalid == 0 && multi >= 4
}

// leadBytes counts the bytes of b that start a multi-byte rune, stopping
// at max: in valid UTF-8, its multi-byte runes.
func leadBytes(b []byte, max int) int {
	n := 0
	for _, c := range b {
		if c >= 0xC0 {
			if n++; n == max {
				break
			}
		}
	}
	return n
}
