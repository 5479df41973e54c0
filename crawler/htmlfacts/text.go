package htmlfacts

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Pending whitespace kinds of a sink.
const (
	wsSpace   = 1 << iota // a space or tab in the source
	wsNewline             // a newline in the source, or <br>
	wsHard                // a block boundary
	wsBreak               // a <br>
)

// sink accumulates visible text with whitespace collapsed the way a browser
// renders it: runs of whitespace (and block boundaries) become one space,
// or, in a sink that keeps lines, a block boundary or <br> becomes one
// newline (the page's rendered lines: a label paragraph and the value
// paragraphs under it stay apart).
// A space that stands for a line break (source newline or <br>) between
// two CJK characters is remembered as soft, so link texts such as
// "政府信息<br>公开指南" can be read back joined (spanJoined) while labels
// and running text keep the separation.
type sink struct {
	buf   []byte
	soft  []int // offsets of soft spaces in buf, ascending
	limit int
	lines bool // block boundaries and <br> are written as '\n'
	pend  uint8
	last  rune
	full  bool
}

func newSink(limit, capacity int) sink {
	return sink{buf: make([]byte, 0, capacity), limit: limit}
}

// newLineSink returns a sink that keeps the rendered lines.
func newLineSink(limit, capacity int) sink {
	s := newSink(limit, capacity)
	s.lines = true
	return s
}

// write appends source text. Runs of non-space characters are copied
// whole; only the run's first and last runes are looked at for the soft
// space between CJK lines.
func (s *sink) write(text string) {
	for i := 0; i < len(text) && !s.full; {
		c := text[i]
		if c < utf8.RuneSelf {
			switch c {
			case '\n', '\r':
				s.pend |= wsSpace | wsNewline
				i++
				continue
			case ' ', '\t', '\f', '\v':
				s.pend |= wsSpace
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if isSpace(r) {
				s.pend |= wsSpace
				i += size
				continue
			}
			if r == utf8.RuneError && size == 1 { // invalid byte: written as U+FFFD
				s.put(r, utf8.RuneLen(r))
				i++
				continue
			}
		}
		j := runEnd(text, i)
		s.putRun(text[i:j])
		i = j
	}
}

// runEnd returns the end of the run of non-space, valid characters that
// starts at i.
func runEnd(text string, i int) int {
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v' {
				return i
			}
			i++
			continue
		}
		if c >= 0xE4 && c <= 0xE9 && i+2 < len(text) && isCont(text[i+1]) && isCont(text[i+2]) {
			i += 3 // U+4000..U+9FFF, the CJK ideographs: never a space
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isSpace(r) || (r == utf8.RuneError && size == 1) {
			return i
		}
		i += size
	}
	return i
}

// isCont reports a UTF-8 continuation byte.
func isCont(c byte) bool { return c&0xC0 == 0x80 }

// putRun appends a run of non-space characters after any pending space;
// near the limit it falls back to put, rune by rune.
func (s *sink) putRun(run string) {
	if len(s.buf)+len(run)+1 > s.limit {
		for _, r := range run {
			if s.put(r, utf8.RuneLen(r)); s.full {
				return
			}
		}
		return
	}
	if s.pend != 0 {
		first, _ := utf8.DecodeRuneInString(run)
		s.space(first)
	}
	s.buf = append(s.buf, run...)
	if c := run[len(run)-1]; c < utf8.RuneSelf {
		s.last = rune(c)
	} else {
		s.last, _ = utf8.DecodeLastRuneInString(run)
	}
}

// put appends one non-space rune of n bytes after any pending space.
func (s *sink) put(r rune, n int) {
	if s.pend != 0 {
		s.space(r)
	}
	if len(s.buf)+n > s.limit {
		s.full = true
		return
	}
	s.buf = utf8.AppendRune(s.buf, r)
	s.last = r
}

// space writes the pending space before next, remembering it as soft
// when it stands for a line break between two CJK characters.
func (s *sink) space(next rune) {
	if len(s.buf) > 0 {
		if s.pend&wsNewline != 0 && s.pend&wsHard == 0 && isWide(s.last) && isWide(next) {
			s.soft = append(s.soft, len(s.buf))
		}
		if s.lines && s.pend&(wsHard|wsBreak) != 0 {
			s.buf = append(s.buf, '\n')
		} else {
			s.buf = append(s.buf, ' ')
		}
	}
	s.pend = 0
}

// block marks a block boundary; lineBreak marks a <br>.
func (s *sink) block()     { s.pend |= wsHard }
func (s *sink) lineBreak() { s.pend |= wsNewline | wsBreak }

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

// isSpace reports Unicode white space, plus the zero-width space and the
// byte-order mark pages use as padding.
func isSpace(r rune) bool {
	if r < 0x2000 {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', 0x85, 0xA0, 0x1680:
			return true
		}
		return false
	}
	switch r {
	case 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r <= 0x200B
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
