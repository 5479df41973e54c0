package htmlfacts

import (
	"strings"
	"unicode/utf8"
)

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

// endProseLine closes the current prose line; a footer line (主办单位,
// 备案号, 网站标识码 in an unmarked footer) is no article's text.
func (w *walker) endProseLine() {
	if w.prose.line >= minProseLine && footerLine(w.vis.span(w.lineStart, len(w.vis.buf))) {
		w.prose.line = 0
	}
	w.prose.endLine()
}

// footerLine reports a line of a site's footer: a registration mark, or
// two of the words footers list (主办, 承办, 地址, 邮编, 电话, 技术支持).
func footerLine(s string) bool {
	for _, k := range [...]string{"网站标识码", "ICP", "公网安备", "备案号", "版权所有", "Copyright", "©"} {
		if strings.Contains(s, k) {
			return true
		}
	}
	n := 0
	for _, k := range [...]string{"主办", "承办", "地址", "邮编", "电话", "技术支持"} {
		if strings.Contains(s, k) {
			n++
		}
	}
	return n >= 2
}
