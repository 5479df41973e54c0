package crawler

import (
	"slices"
	"strings"
)

// urlList is a growing list of URLs kept in one byte buffer: 4 bytes of
// overhead per URL instead of a string header and an allocation. The
// next level's candidates are collected in one.
type urlList struct {
	buf []byte
	end []uint32 // end offset of each URL in buf
}

func (l *urlList) add(u string) {
	l.buf = append(l.buf, u...)
	l.end = append(l.end, uint32(len(l.buf)))
}

func (l *urlList) len() int { return len(l.end) }

// sorted returns the URLs as a frozen level, sorted, in one string.
func (l *urlList) sorted() level {
	all := string(l.buf)
	idx := make([]int32, len(l.end))
	for i := range idx {
		idx[i] = int32(i)
	}
	at := func(i int32) string {
		start := uint32(0)
		if i > 0 {
			start = l.end[i-1]
		}
		return all[start:l.end[i]]
	}
	slices.SortFunc(idx, func(a, b int32) int { return strings.Compare(at(a), at(b)) })
	var out levelBuilder
	for _, i := range idx {
		out.add(at(i))
	}
	return out.level()
}

// reset empties the list, keeping its memory.
func (l *urlList) reset() {
	l.buf, l.end = l.buf[:0], l.end[:0]
}

// level is a frozen list of URLs in one string; each URL is a substring,
// so handing one out never allocates, and what keeps one URL (a page
// record, the link checker's cache) shares the level's memory.
type level struct {
	s   string
	end []uint32
}

func (l level) len() int { return len(l.end) }

// url returns URL i.
func (l level) url(i int) string {
	start := uint32(0)
	if i > 0 {
		start = l.end[i-1]
	}
	return l.s[start:l.end[i]]
}

// levelBuilder builds a level.
type levelBuilder struct {
	b   strings.Builder
	end []uint32
}

func (lb *levelBuilder) add(u string) {
	lb.b.WriteString(u)
	lb.end = append(lb.end, uint32(lb.b.Len()))
}

func (lb *levelBuilder) level() level {
	return level{s: lb.b.String(), end: lb.end}
}
