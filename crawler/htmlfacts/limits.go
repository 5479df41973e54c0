package htmlfacts

import (
	"bytes"
	"fmt"
)

// Bounds on the document itself, checked before and while it is parsed:
// they keep a hostile page (hundreds of thousands of elements, endless
// nesting, megabyte-long URLs) from costing more than an ordinary large
// page in time and memory. Facts.Limits says which ones a page hit.
const (
	maxElements  = 100_000 // start tags parsed; the document is cut before the next one
	maxAnchorURL = 2048    // bytes of a resolved reference URL; longer ones are dropped
)

// limits collects the bounds a document hit, in the order met.
type limits []string

func (l *limits) add(format string, args ...any) {
	*l = append(*l, fmt.Sprintf(format, args...))
}

// cutElements returns b cut before its maxElements+1-th start tag, and
// whether it was cut. A start tag is counted as "<" followed by an ASCII
// letter, which is what the tokenizer treats as one; comments, doctypes
// and end tags do not count.
func cutElements(b []byte) ([]byte, bool) {
	n, off := 0, 0
	for {
		i := bytes.IndexByte(b[off:], '<')
		if i < 0 {
			return b, false
		}
		off += i + 1
		if off < len(b) && isASCIILetter(b[off]) {
			if n++; n > maxElements {
				return b[:off-1], true
			}
		}
	}
}

func isASCIILetter(c byte) bool {
	return c|0x20 >= 'a' && c|0x20 <= 'z'
}
