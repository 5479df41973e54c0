package linkcheck

import (
	"unicode"
	"unicode/utf8"
)

// matcher finds which of a list of lower-case phrases a text holds, in
// one pass over the text lower-cased on the fly: an Aho-Corasick
// automaton over UTF-8 bytes, compiled to a table indexed by state and
// byte class. m.first(s) is firstPhrase(strings.ToLower(s), phrases)
// without the lower-cased copy and without a scan per phrase, which on a
// 30 KB Chinese page was a millisecond (every phrase's first byte is a
// common CJK lead byte, so strings.Contains kept stopping).
type matcher struct {
	phrases []string
	class   [256]uint8 // byte -> class; 0 for bytes in no phrase
	classes int
	next    []int32 // state*classes + class -> state
	out     []int32 // state -> lowest index of a phrase ending here or at a suffix state, -1 for none
}

// newMatcher compiles phrases (lower-case, as ParsePhrases leaves them).
func newMatcher(phrases []string) *matcher {
	m := &matcher{phrases: phrases, classes: 1}
	for _, p := range phrases {
		for i := range len(p) {
			if m.class[p[i]] == 0 {
				m.class[p[i]] = uint8(m.classes)
				m.classes++
			}
		}
	}
	// The trie: goto edges (0 = none; state 0 is the root).
	edges := [][]int32{make([]int32, m.classes)}
	out := []int32{-1}
	for i, p := range phrases {
		s := int32(0)
		for j := range len(p) {
			c := m.class[p[j]]
			if edges[s][c] == 0 {
				edges = append(edges, make([]int32, m.classes))
				out = append(out, -1)
				edges[s][c] = int32(len(edges) - 1)
			}
			s = edges[s][c]
		}
		if out[s] < 0 || int32(i) < out[s] {
			out[s] = int32(i)
		}
	}
	// Breadth first: failure links, outputs inherited from them, and the
	// complete transition table.
	fail := make([]int32, len(edges))
	m.next = make([]int32, len(edges)*m.classes)
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if f := out[fail[s]]; s != 0 && f >= 0 && (out[s] < 0 || f < out[s]) {
			out[s] = f
		}
		for c := range m.classes {
			t := edges[s][c]
			switch {
			case t != 0 && c != 0:
				m.next[int(s)*m.classes+c] = t
				if s != 0 {
					fail[t] = m.next[int(fail[s])*m.classes+c]
				}
				queue = append(queue, t)
			case s != 0:
				m.next[int(s)*m.classes+c] = m.next[int(fail[s])*m.classes+c]
			}
		}
	}
	m.out = out
	return m
}

// scan is the state of one pass of a matcher.
type scan struct {
	m     *matcher
	state int32
	best  int32 // lowest phrase index seen, -1 for none
}

func (m *matcher) scan() scan { return scan{m: m, best: -1} }

// first returns the phrase of m.phrases, lowest index first, that the
// lower-cased concatenation of parts holds, or "". The parts must meet at
// ASCII bytes (a separator) for this to equal scanning their concatenation.
func (m *matcher) first(parts ...string) string {
	sc := m.scan()
	for _, p := range parts {
		sc.feed(p)
	}
	return sc.found()
}

// found returns the lowest-index phrase seen, or "".
func (sc *scan) found() string {
	if sc.best < 0 {
		return ""
	}
	return sc.m.phrases[sc.best]
}

// feed runs s, lower-cased as strings.ToLower does (unicode.ToLower per
// rune, invalid bytes as U+FFFD), through the automaton.
func (sc *scan) feed(s string) {
	m := sc.m
	next, class, out, k := m.next, &m.class, m.out, m.classes
	st, best := sc.state, sc.best
	var low [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			st = next[int(st)*k+int(class[c])]
			if f := out[st]; f >= 0 && (best < 0 || f < best) {
				best = f
			}
			i++
			continue
		}
		size := 3
		if !(c >= 0xE4 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80) {
			// Not U+4000..U+9FFF (CJK, no case): lower-cased by the table.
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if lr := lowerRune(r); lr != r || r == utf8.RuneError {
				for _, x := range low[:utf8.EncodeRune(low[:], lr)] {
					st = next[int(st)*k+int(class[x])]
					if f := out[st]; f >= 0 && (best < 0 || f < best) {
						best = f
					}
				}
				i += size
				continue
			}
		}
		for _, x := range []byte(s[i : i+size]) {
			st = next[int(st)*k+int(class[x])]
			if f := out[st]; f >= 0 && (best < 0 || f < best) {
				best = f
			}
		}
		i += size
	}
	sc.state, sc.best = st, best
}

// lowerRune is unicode.ToLower, skipping the case table lookup for the
// CJK blocks, which have no case (TestLowerRune checks the range).
func lowerRune(r rune) rune {
	if r >= 0x2E80 && r <= 0x9FFF {
		return r
	}
	return unicode.ToLower(r)
}
