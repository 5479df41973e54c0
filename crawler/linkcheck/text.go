package linkcheck

import (
	"bytes"
	"hash/maphash"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// shingleRunes is the length of the character shingles Similarity compares.
// Three runes suit Chinese (no word breaks) and are fine for English.
const shingleRunes = 3

// skipped are the elements whose text is not visible.
var skipped = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"title": true, "iframe": true, "object": true, "svg": true,
}

// PageText returns the title and the visible text of a UTF-8 HTML document,
// white space collapsed to single spaces. Text of script, style, noscript,
// template and similar elements and comments is left out.
func PageText(body []byte) (title, text string) {
	z := html.NewTokenizer(bytes.NewReader(body))
	var tb, sb strings.Builder
	skip, inTitle, haveTitle := 0, false, false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return collapse(tb.String()), collapse(sb.String())
		case html.StartTagToken:
			name, _ := z.TagName()
			n := string(name)
			if n == "title" && !haveTitle {
				inTitle = true
			}
			if skipped[n] {
				skip++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			if n == "title" && inTitle {
				inTitle, haveTitle = false, true
			}
			if skipped[n] && skip > 0 {
				skip--
			}
		case html.TextToken:
			switch {
			case inTitle:
				tb.Write(z.Text())
			case skip == 0:
				sb.Write(z.Text())
				sb.WriteByte(' ')
			}
		}
	}
}

// collapse trims s and replaces every run of white space with one space.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// Similarity returns the Jaccard index of the character shingle sets of a
// and b (white space collapsed first): 1 for equal texts, 0 for texts that
// share no shingle. Two empty texts are equal.
func Similarity(a, b string) float64 {
	seed := maphash.MakeSeed()
	return shingles(seed, collapse(a)).jaccard(shingles(seed, collapse(b)))
}

// shingleSet is a set of shingle hashes.
type shingleSet map[uint64]struct{}

// shingles hashes every run of shingleRunes runes of s; a shorter non-empty
// s is one shingle.
func shingles(seed maphash.Seed, s string) shingleSet {
	r := []rune(s)
	set := make(shingleSet, len(r))
	if len(r) == 0 {
		return set
	}
	if len(r) < shingleRunes {
		set[maphash.String(seed, s)] = struct{}{}
		return set
	}
	for i := 0; i+shingleRunes <= len(r); i++ {
		set[maphash.String(seed, string(r[i:i+shingleRunes]))] = struct{}{}
	}
	return set
}

// jaccard returns |a∩b| / |a∪b|, 1 when both are empty.
func (a shingleSet) jaccard(b shingleSet) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	inter := 0
	for h := range a {
		if _, ok := b[h]; ok {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
