package linkcheck

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestPageText(t *testing.T) {
	tests := []struct {
		name, in, title, text string
	}{
		{"plain", "<title> 通知 公告 </title><p>第一段</p><p>第二段</p>", "通知 公告", "第一段 第二段"},
		{"hidden elements", "<head><title>t</title><style>p{}</style><script>x()</script></head><body><noscript>n</noscript>a<template>b</template>c</body>", "t", "a c"},
		{"first title only", "<title>a</title><svg><title>b</title></svg>x", "a", "x"},
		{"comments and entities", "<p>a<!-- 2026-01-01 -->&nbsp;&amp;\u3000b</p>", "", "a & b"},
		{"broken html", "<p>a<div>b", "", "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, text := PageText([]byte(tt.in))
			if title != tt.title || text != tt.text {
				t.Errorf("got %q, %q; want %q, %q", title, text, tt.title, tt.text)
			}
		})
	}
}

func TestSimilarity(t *testing.T) {
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, "第%d条 为进一步做好政府信息公开工作，提升政务服务水平。", i)
	}
	long := b.String()
	tests := []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"equal", "页面不存在", "页面不存在", 1, 1},
		{"both empty", "", "", 1, 1},
		{"one empty", "abc", "", 0, 0},
		{"white space ignored", "a  b\n c", "a b c", 1, 1},
		{"disjoint", "政务公开", "hello world", 0, 0},
		{"small edit", long + "时间：12345", long + "时间：67890", 0.9, 0.999},
		{"different", long, "区政府常务会议召开，研究部署下一阶段重点工作。", 0, 0.2},
		{"short", "ab", "ab", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Similarity(tt.a, tt.b)
			if got < tt.min || got > tt.max {
				t.Errorf("Similarity = %.3f, want in [%.3f, %.3f]", got, tt.min, tt.max)
			}
			if back := Similarity(tt.b, tt.a); back != got {
				t.Errorf("not symmetric: %.3f vs %.3f", got, back)
			}
		})
	}
}

func FuzzPageText(f *testing.F) {
	f.Add([]byte("<title>x</title><p>页面不存在</p>"))
	f.Add([]byte("<script>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		title, text := PageText(b)
		if strings.Contains(text, "  ") || strings.Contains(title, "  ") {
			t.Errorf("white space not collapsed: %q %q", title, text)
		}
		if s := Similarity(text, text); s != 1 {
			t.Errorf("self similarity %.3f", s)
		}
	})
}

// pageTextTokens is PageText as it was first written: the text of every
// token joined and collapsed at the end. PageText must agree with it.
func pageTextTokens(body []byte) (title, text string) {
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

// TestPageTextCorpus checks the collapsing PageText against the plain one
// on every real page of the corpus, raw and decoded.
func TestPageTextCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "htmlfacts", "testdata", "corpus", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus pages: %v", err)
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
		for _, b := range [][]byte{raw, body} {
			title, text := PageText(b)
			wt, wx := pageTextTokens(b)
			if title != wt || text != wx {
				t.Errorf("%s: PageText differs from the token text", filepath.Base(f))
			}
		}
	}
}

// FuzzPageTextTokens checks PageText against the plain token text.
func FuzzPageTextTokens(f *testing.F) {
	f.Add([]byte("<title>x</title><p>页面\u3000不存在</p>\u2028\xe9 a"))
	f.Add([]byte("<p>a<b>b</b>\u00a0c</p><script>x</script>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		title, text := PageText(b)
		wt, wx := pageTextTokens(b)
		if title != wt || text != wx {
			t.Errorf("PageText(%q) = %q, %q; want %q, %q", b, title, text, wt, wx)
		}
	})
}
