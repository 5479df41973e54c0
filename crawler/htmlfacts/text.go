package htmlfacts

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pending whitespace kinds of a sink.
const (
	wsSpace   = 1 << iota // a space or tab in the source
	wsNewline             // a newline in the source, or <br>
	wsHard                // a block boundary
)

// sink accumulates visible text with whitespace collapsed the way a browser
// renders it: runs of whitespace (and block boundaries) become one space.
// A space that stands for a line break (source newline or <br>) between
// two CJK characters is remembered as soft, so link texts such as
// "政府信息<br>公开指南" can be read back joined (spanJoined) while labels
// and running text keep the separation.
type sink struct {
	buf   []byte
	soft  []int // offsets of soft spaces in buf, ascending
	limit int
	pend  uint8
	last  rune
	full  bool
}

func newSink(limit, capacity int) sink {
	return sink{buf: make([]byte, 0, capacity), limit: limit}
}

// write appends source text. ASCII is handled byte by byte; only other
// bytes are decoded.
func (s *sink) write(text string) {
	for i := 0; i < len(text) && !s.full; {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case '\n', '\r':
				s.pend |= wsSpace | wsNewline
			case ' ', '\t', '\f', '\v':
				s.pend |= wsSpace
			default:
				s.put(rune(c), 1)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if isSpace(r) {
			s.pend |= wsSpace
			continue
		}
		s.put(r, utf8.RuneLen(r))
	}
}

// put appends one non-space rune of n bytes after any pending space.
func (s *sink) put(r rune, n int) {
	if s.pend != 0 {
		if len(s.buf) > 0 {
			if s.pend&wsNewline != 0 && s.pend&wsHard == 0 && isWide(s.last) && isWide(r) {
				s.soft = append(s.soft, len(s.buf))
			}
			s.buf = append(s.buf, ' ')
		}
		s.pend = 0
	}
	if len(s.buf)+n > s.limit {
		s.full = true
		return
	}
	s.buf = utf8.AppendRune(s.buf, r)
	s.last = r
}

// block marks a block boundary; lineBreak marks a <br>.
func (s *sink) block()     { s.pend |= wsHard }
func (s *sink) lineBreak() { s.pend |= wsNewline }

// text returns the whole content as a string.
func (s *sink) text() string { return string(s.buf) }

// span returns the collapsed text between two offsets, trimmed.
func (s *sink) span(start, end int) string {
	if start >= end || start >= len(s.buf) {
		return ""
	}
	return strings.TrimSpace(string(s.buf[start:min(end, len(s.buf))]))
}

// spanJoined is span with soft spaces between CJK characters removed.
func (s *sink) spanJoined(start, end int) string {
	end = min(end, len(s.buf))
	if start >= end {
		return ""
	}
	i, _ := slices.BinarySearch(s.soft, start)
	if i == len(s.soft) || s.soft[i] >= end {
		return strings.TrimSpace(string(s.buf[start:end]))
	}
	b := make([]byte, 0, end-start)
	prev := start
	for ; i < len(s.soft) && s.soft[i] < end; i++ {
		b = append(b, s.buf[prev:s.soft[i]]...)
		prev = s.soft[i] + 1
	}
	b = append(b, s.buf[prev:end]...)
	return strings.TrimSpace(string(b))
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0x85, 0xA0, 0x3000, 0xFEFF, 0x200B:
		return true
	}
	return r > 0x2000 && unicode.IsSpace(r)
}

// isWide reports East Asian wide characters: Han, kana, CJK punctuation and
// full-width forms.
func isWide(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF ||
		r >= 0xFF00 && r <= 0xFFEF || r >= 0x20000 && r <= 0x3FFFF
}

// collapse trims s and collapses whitespace runs to single spaces.
func collapse(s string) string {
	var sk sink
	sk.limit = len(s) + 1
	sk.write(s)
	return string(sk.buf)
}

// truncRunes bounds s to n runes.
func truncRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// truncBytes bounds s to n bytes on a rune boundary.
func truncBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }
