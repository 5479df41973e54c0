package checks

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// A guide's elements are read from the page's rendered lines as well as
// its label/value blocks and tables, so that every common layout gives the
// same answer:
//
//	一、事项名称            a numbered heading line, the value in the lines
//	行政复议申请            below it, up to the next label line or the next
//	二、申请条件            heading numbered in the same style
//	（一）…；
//	申请条件：…             a label and its value on one line
//	申请条件 …              a label element and a value element side by side
//	<dt>/<dd>, tables, tabs, JSON stores: blocks and tables (crawler/htmlfacts)
//
// The element a label names comes from the catalog's guide_elements
// synonyms; only the layout is read here.

// Bounds of a value read from the lines below a label line.
const (
	maxValueLines = 40
	maxValueRunes = 500
)

// numberingRE matches a heading or item number at the start of a line:
// 一、 （二） (3) 4. 5．第六条 and the like. Group 1 is the number.
var numberingRE = regexp.MustCompile(`^\s*([（(][一二三四五六七八九十0-9]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|[0-9]{1,3}[、.．]|第[一二三四五六七八九十0-9]{1,3}[条项部分章节])\s*`)

// numbering returns the line without its leading number, and the number's
// style ("" when unnumbered): 一、 and 二、 share a style, （一） another.
// "4.5" is a figure, not a number.
func numbering(line string) (string, string) {
	m := numberingRE.FindStringSubmatchIndex(line)
	if m == nil {
		return line, ""
	}
	num, rest := line[m[2]:m[3]], line[m[1]:]
	if strings.HasSuffix(num, ".") && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
		return line, ""
	}
	return strings.TrimSpace(rest), numberStyle(num)
}

// numberStyle reduces a number to its style: digits and numerals become
// placeholders, the punctuation stays.
func numberStyle(num string) string {
	var b strings.Builder
	for _, r := range num {
		switch {
		case r >= '0' && r <= '9':
			b.WriteByte('9')
		case strings.ContainsRune("一二三四五六七八九十", r):
			b.WriteString("十")
		case r == '(':
			b.WriteRune('（')
		case r == ')':
			b.WriteRune('）')
		case r == '.':
			b.WriteRune('．')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lineValue is one element value read from the lines.
type lineValue struct {
	label, value string
	weak         bool // a numbered heading named only by a short synonym (一、…的条件)
}

// guideLines reads label/value pairs for guide elements from text lines.
func (c *Catalog) guideLines(text string) []lineValue {
	lines := strings.Split(text, "\n")
	var out []lineValue
	for i := 0; i < len(lines); i++ {
		body, style := numbering(strings.TrimSpace(lines[i]))
		if l, v, ok := splitLabelLen(body, c.Understanding.MaxLabelLen); ok {
			if _, _, named := c.guideElement(l); named {
				if v == "" {
					v, i = c.valueBelow(lines, i, style)
				}
				out = append(out, lineValue{l, v, false})
				continue
			}
		}
		if c.labelLine(body, style) {
			v, next := c.valueBelow(lines, i, style)
			out = append(out, lineValue{body, v, !c.strongLabel(body)})
			i = next
			continue
		}
		if head, rest, ok := strings.Cut(body, " "); ok && c.strongLabel(head) && !strings.ContainsAny(head, ":：") {
			out = append(out, lineValue{head, strings.TrimSpace(rest), false})
		}
	}
	return out
}

// labelLine reports a line that is an element label by itself: any naming
// when it is numbered like a heading, else a strong naming by a synonym
// that ends the line or is followed by a few characters at most
// (收费标准及依据): 事项名称个体工商户设立登记 is a label run into its value.
func (c *Catalog) labelLine(body, style string) bool {
	_, _, strong, tail, ok := c.elementMatch(body)
	if !ok || style != "" {
		return ok
	}
	return strong && utf8.RuneCountInString(tail) <= maxLabelTail
}

// maxLabelTail is how much may follow an element's synonym in a bare label line.
const maxLabelTail = 4

// valueBelow joins the lines after lines[i] up to the next label line: a
// line naming a guide element strongly, an unnumbered "label：value" line,
// or a heading numbered in the style of line i. Numbered items of the value
// itself ((一)…, 1.…) stay in it. It returns the value and the index of the last
// line used.
func (c *Catalog) valueBelow(lines []string, i int, style string) (string, int) {
	var parts []string
	runes := 0
	j := i + 1
	for ; j < len(lines) && j <= i+maxValueLines && runes < maxValueRunes; j++ {
		line := strings.TrimSpace(lines[j])
		if line == "" {
			continue
		}
		body, st := numbering(line)
		if (style != "" && st == style) || c.labelLine(body, "") {
			break // a sibling heading, or the next element
		}
		if l, _, ok := splitLabelLen(body, c.Understanding.MaxLabelLen); ok && !strings.ContainsAny(l, "，,。；;") &&
			(st == "" || c.strongLabel(l)) {
			break // the next labelled line (监督电话：…), unless a numbered item of the value
		}
		parts = append(parts, line)
		runes += utf8.RuneCountInString(line)
	}
	return strings.Join(parts, "\n"), j - 1
}

// splitLabelLen splits "label：value" at the first colon when the label
// has at most max runes.
func splitLabelLen(s string, max int) (label, value string, ok bool) {
	i := strings.IndexAny(s, ":：")
	if i <= 0 || utf8.RuneCountInString(s[:i]) > max {
		return "", "", false
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+w:]), true
}
