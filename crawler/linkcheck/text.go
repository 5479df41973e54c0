package linkcheck

import (
	"bytes"
	"hash/maphash"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// shingleRunes is the length of the character shingles Similarity compares.
// Three runes suit Chinese (no word breaks) and are fine for English.
const shingleRunes = 3

// skipped are the elements whose text is not visible.
var skipped = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"title": true, "iframe": true, "object": true, "svg": true,
}

// PageText returns the title and the visible text of a UTF-8 HTML document,
// white space collapsed to single spaces. Text of script, style, noscript,
// template and similar elements and comments is left out.
func PageText(body []byte) (title, text string) {
	z := html.NewTokenizer(bytes.NewReader(body))
	var tb strings.Builder
	sb := spaced{buf: make([]byte, 0, len(body)/2)}
	skip, inTitle, haveTitle := 0, false, false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return collapse(tb.String()), string(sb.buf)
		case html.StartTagToken:
			var low [16]byte
			name := tagName(z.Raw()[1:], &low)
			if string(name) == "title" && !haveTitle {
				inTitle = true
			}
			if skipped[string(name)] {
				skip++
			}
		case html.EndTagToken:
			var low [16]byte
			name := tagName(z.Raw()[2:], &low)
			if string(name) == "title" && inTitle {
				inTitle, haveTitle = false, true
			}
			if skipped[string(name)] && skip > 0 {
				skip--
			}
		case html.TextToken:
			switch {
			case inTitle:
				tb.Write(z.Text())
			case skip == 0:
				sb.write(z.Text())
				sb.pend = true // the text of two tokens is always apart
			}
		}
	}
}

// tagName returns the name of a tag from its raw text after "<" or "</",
// ASCII lower-cased as the tokenizer's TagName does, when it is short
// enough to be one of the names PageText looks for; else nil. It does not
// allocate (TagName copies every name).
func tagName(raw []byte, low *[16]byte) []byte {
	n := 0
	for _, c := range raw {
		switch c {
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			return low[:n]
		}
		if n == len(low) {
			return nil
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[n] = c
		n++
	}
	return low[:n]
}

// spaced collapses text as it is written: what collapse would make of
// everything written, without the copy. Its fields are runs of runes that
// are not unicode.IsSpace (invalid bytes included, copied as they are),
// joined by single spaces.
type spaced struct {
	buf  []byte
	pend bool // white space since the last field
}

// write appends b. b must not end inside a rune that a later write
// completes (PageText writes whole text tokens, each followed by a space).
func (s *spaced) write(b []byte) {
	start := -1 // where the field being read starts
	for i := 0; i < len(b); {
		c, size, space := b[i], 1, false
		switch {
		case c < utf8.RuneSelf:
			space = asciiSpace[c]
		case c >= 0xE4 && c <= 0xE9 && i+2 < len(b) && b[i+1]&0xC0 == 0x80 && b[i+2]&0xC0 == 0x80:
			size = 3 // U+4000..U+9FFF: CJK, never white space
		default:
			var r rune
			r, size = utf8.DecodeRune(b[i:])
			space = unicode.IsSpace(r)
		}
		switch {
		case space && start >= 0:
			s.buf = append(s.buf, b[start:i]...)
			start, s.pend = -1, true
		case space:
			s.pend = true
		case start < 0:
			if s.pend && len(s.buf) > 0 {
				s.buf = append(s.buf, ' ')
			}
			start, s.pend = i, false
		}
		i += size
	}
	if start >= 0 {
		s.buf = append(s.buf, b[start:]...)
	}
}

// asciiSpace marks the ASCII bytes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// collapse trims s and replaces every run of white space with one space.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// Similarity returns the Jaccard index of the character shingle sets of a
// and b (white space collapsed first): 1 for equal texts, 0 for texts that
// share no shingle. Two empty texts are equal.
func Similarity(a, b string) float64 {
	seed := maphash.MakeSeed()
	return shingles(seed, collapse(a)).jaccard(shingles(seed, collapse(b)))
}

// shingleSet is a set of shingle hashes.
type shingleSet map[uint64]struct{}

// shingles hashes every run of shingleRunes runes of s; a shorter non-empty
// s is one shingle.
func shingles(seed maphash.Seed, s string) shingleSet {
	r := []rune(s)
	set := make(shingleSet, len(r))
	if len(r) == 0 {
		return set
	}
	if len(r) < shingleRunes {
		set[maphash.String(seed, s)] = struct{}{}
		return set
	}
	for i := 0; i+shingleRunes <= len(r); i++ {
		set[maphash.String(seed, string(r[i:i+shingleRunes]))] = struct{}{}
	}
	return set
}

// jaccard returns |a∩b| / |a∪b|, 1 when both are empty.
func (a shingleSet) jaccard(b shingleSet) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	inter := 0
	for h := range a {
		if _, ok := b[h]; ok {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
