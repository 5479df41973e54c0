package linkcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html/charset"
)

// TestLowerRune checks lowerRune's shortcut: the runes it skips have no
// lower case.
func TestLowerRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := lowerRune(r), unicode.ToLower(r); got != want {
			t.Fatalf("lowerRune(%U) = %U, want %U", r, got, want)
		}
	}
}

// TestMatcher compares the matcher with firstPhrase over the lower-cased
// text on cases where lower-casing, overlaps and order matter.
func TestMatcher(t *testing.T) {
	phrases := []string{"页面不存在", "不存在", "404 not found", "not found", "i̇", "\ufffd", "ab", "bab", "abc"}
	texts := []string{
		"", "页面不存在", "该页面不存在了", "信息不存在", "404 NOT FOUND", "Not Found", "nOt FoUnD 页面不存在",
		"İ", "\xff", "\ufffd", "x\xe9\xa1", "babc", "aabab", "ＡＢ", "Ab", "页面不\xe5存在", "页面不 存在",
	}
	m := newMatcher(phrases)
	for _, s := range texts {
		if got, want := m.first(s), firstPhrase(strings.ToLower(s), phrases); got != want {
			t.Errorf("first(%q) = %q, want %q", s, got, want)
		}
	}
	if got := newMatcher(nil).first("abc"); got != "" {
		t.Errorf("empty matcher found %q", got)
	}
}

// TestMatcherCorpus compares the matcher with the lower-cased substring
// search on the visible text of every real page of the corpus, for each
// phrase list of the default data, and on the text's parts as the soft-404
// judge passes them.
func TestMatcherCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "htmlfacts", "testdata", "corpus", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus pages: %v", err)
	}
	p := DefaultPhrases()
	lists := map[string][]string{
		"phrases": p.Soft404.Phrases, "shape": p.Soft404.ShapeWords,
		"missing": append(append([]string(nil), p.Soft404.Phrases...), p.Soft404.ShapeWords...),
		"body":    p.Block.Body,
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		enc, _, _ := charset.DetermineEncoding(raw, "text/html")
		body, err := enc.NewDecoder().Bytes(raw)
		if err != nil {
			t.Fatal(err)
		}
		title, text := PageText(body)
		for name, list := range lists {
			m := newMatcher(list)
			for _, s := range []string{text, string(raw), string(body), title + " " + text} {
				if got, want := m.first(s), firstPhrase(strings.ToLower(s), list); got != want {
					t.Errorf("%s %s: first = %q, want %q", filepath.Base(f), name, got, want)
				}
			}
			if got, want := m.first(title, " ", text), firstPhrase(strings.ToLower(title+" "+text), list); got != want {
				t.Errorf("%s %s: first of parts = %q, want %q", filepath.Base(f), name, got, want)
			}
		}
	}
}

// FuzzMatcher compares the matcher with firstPhrase on arbitrary text and
// phrases (lower-cased, non-empty, as ParsePhrases leaves them).
func FuzzMatcher(f *testing.F) {
	f.Add("页面不存在", "不存在|页面", "")
	f.Add("404 NOT FOUND", "not found|404", "x")
	f.Add("İ\xffabc", "i̇|\ufffd|bc", " ")
	f.Fuzz(func(t *testing.T, text, list, sep string) {
		var phrases []string
		for _, p := range strings.Split(list, "|") {
			if p = strings.ToLower(p); p != "" {
				phrases = append(phrases, p)
			}
		}
		m := newMatcher(phrases)
		if got, want := m.first(text), firstPhrase(strings.ToLower(text), phrases); got != want {
			t.Errorf("first(%q) over %q = %q, want %q", text, phrases, got, want)
		}
		if got, want := m.first(text, " ", sep), firstPhrase(strings.ToLower(text+" "+sep), phrases); got != want {
			t.Errorf("first(%q, \" \", %q) over %q = %q, want %q", text, sep, phrases, got, want)
		}
	})
}
