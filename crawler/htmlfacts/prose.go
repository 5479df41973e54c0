package htmlfacts

import (
	"math/bits"
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
	if w.prose.line >= minProseLine && w.lineStart < len(w.vis.buf) && footerLine(w.vis.buf[w.lineStart:]) {
		w.prose.line = 0
	}
	w.prose.endLine()
}

// Words of footer lines: a registration mark alone, or two of the words
// footers list.
var (
	footerMarks = [...]string{"网站标识码", "ICP", "公网安备", "备案号", "版权所有", "Copyright", "©"}
	footerWords = [...]string{"主办", "承办", "地址", "邮编", "电话", "技术支持"}
)

// footerLine reports a line of a site's footer: a registration mark, or
// two of the words footers list (主办, 承办, 地址, 邮编, 电话, 技术支持).
// It reads the line once, trying a word only where its first character is.
func footerLine(s []byte) bool {
	var seen uint
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(s[i:])
		}
		rest := s[i:]
		switch r {
		case '网', 'I', '公', '备', '版', 'C', '©':
			for _, k := range footerMarks {
				if hasPrefix(rest, k) {
					return true
				}
			}
		case '主', '承', '地', '邮', '电', '技':
			for j, k := range footerWords {
				if hasPrefix(rest, k) {
					seen |= 1 << j
				}
			}
		}
		i += size
	}
	return bits.OnesCount(seen) >= 2
}

func hasPrefix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[:len(s)]) == s
}
