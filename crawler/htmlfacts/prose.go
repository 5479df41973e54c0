package htmlfacts

import "unicode/utf8"

// minProseLine is the fewest characters outside links that make a rendered
// line running text: a paragraph, not a date, a pager or a label.
const minProseLine = 20

// proseAcc counts running text: visible body characters outside links, in
// lines that hold at least minProseLine of them. An article is mostly
// prose; a list page is mostly link text, dates and pagers.
type proseAcc struct {
	line, total int
}

// write counts the non-space characters of s in the current line.
func (p *proseAcc) write(s string) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			p.line++
		}
		i += size
	}
}

// endLine closes the current line.
func (p *proseAcc) endLine() {
	if p.line >= minProseLine {
		p.total += p.line
	}
	p.line = 0
}
