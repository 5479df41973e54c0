package htmlfacts

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// refSink is the rune-by-rune sink the run-copying sink.write replaced; the
// fuzz target checks they agree.
type refSink struct{ sink }

func (s *refSink) write(text string) {
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

func FuzzSinkWrite(f *testing.F) {
	for _, s := range []string{"", " a  b ", "政府信息\n公开指南", "政府\u3000信息 <br>", "a\xffb\xe4\xb8", "\uFEFF\u200b x", "长长长长长长长长"} {
		f.Add(s, "第二段\n文字", 12)
	}
	f.Fuzz(func(t *testing.T, a, b string, limit int) {
		limit = 1 + abs(limit)%64
		got, want := newSink(limit, 0), refSink{newSink(limit, 0)}
		got.write(a)
		want.write(a)
		got.block()
		want.block()
		got.write(b)
		want.write(b)
		got.lineBreak()
		want.lineBreak()
		got.write(a)
		want.write(a)
		if string(got.buf) != string(want.buf) || !slices.Equal(got.soft, want.soft) || got.full != want.full || got.last != want.last || got.pend != want.pend {
			t.Errorf("write(%q, %q) limit %d:\n got %q soft %v full %v\nwant %q soft %v full %v", a, b, limit, got.buf, got.soft, got.full, want.buf, want.soft, want.full)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func TestSinkWrite(t *testing.T) {
	tests := []struct {
		in, want, joined string
	}{
		{"  政府信息\n  公开指南  ", "政府信息 公开指南", "政府信息公开指南"},
		{"Open\nData", "Open Data", "Open Data"},
		{"a\u2000b\u3000c\u00a0d", "a b c d", "a b c d"},
		{"x\xffy", "x\uFFFDy", "x\uFFFDy"},
	}
	for _, tt := range tests {
		s := newSink(100, 0)
		s.write(tt.in)
		if got := s.span(0, len(s.buf)); got != tt.want {
			t.Errorf("write(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := s.spanJoined(0, len(s.buf)); got != tt.joined {
			t.Errorf("write(%q) joined = %q, want %q", tt.in, got, tt.joined)
		}
	}
}
