package datasets

import (
	"reflect"
	"strings"
	"unicode/utf8"
)

// sanitize makes the text of one row (an addressable struct value) exact in
// every format: invalid UTF-8 becomes U+FFFD (Parquet strings and CSV are
// UTF-8), CR LF and lone CR become LF (RFC 4180 CSV writes line breaks
// inside a field as CRLF, which CSV readers turn back into LF), and empty
// list elements are dropped (an empty element cannot be told apart from
// an empty list in CSV).
func (l *layout) sanitize(row reflect.Value) {
	for i := range l.cols {
		c := &l.cols[i]
		switch c.kind {
		case kindString:
			f := row.Field(c.field)
			if s := f.String(); needsClean(s) {
				f.SetString(cleanText(s))
			}
		case kindList:
			f := row.Field(c.field)
			list := f.Interface().([]string)
			for _, s := range list {
				if s == "" || needsClean(s) {
					f.Set(reflect.ValueOf(cleanList(list)))
					break
				}
			}
		}
	}
}

func needsClean(s string) bool {
	return strings.IndexByte(s, '\r') >= 0 || !utf8.ValidString(s)
}

func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func cleanList(l []string) []string {
	out := make([]string, 0, len(l))
	for _, s := range l {
		if s != "" {
			out = append(out, cleanText(s))
		}
	}
	return out
}
