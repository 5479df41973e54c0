package fetch

import (
	"bytes"
	_ "embed"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// prescanLimit is how much of an HTML document is searched for a <meta>
// charset. The HTML standard says 1024 bytes; Chinese agency templates
// often put long comments and scripts first, so we look further.
const prescanLimit = 16 << 10

// detectLimit is how much of a document charset detection reads.
const detectLimit = 64 << 10

// metaCharset returns the charset label declared by the first <meta
// charset> or <meta http-equiv="Content-Type" content="...charset=...">
// before <body>, or "".
func metaCharset(b []byte) string {
	z := html.NewTokenizer(bytes.NewReader(b[:min(len(b), prescanLimit)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
				if cs := metaTagCharset(z, hasAttr); cs != "" {
					return cs
				}
			}
		}
	}
}

// metaTagCharset reads the attributes of the current <meta> tag.
func metaTagCharset(z *html.Tokenizer, more bool) string {
	var httpEquiv, content string
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "charset":
			return strings.TrimSpace(string(v))
		case "http-equiv":
			httpEquiv = strings.ToLower(strings.TrimSpace(string(v)))
		case "content":
			content = string(v)
		}
	}
	if httpEquiv != "" && httpEquiv != "content-type" {
		return ""
	}
	return charsetFromContent(content)
}

// charsetFromContent extracts the charset of a content attribute such as
// "text/html; charset=gb2312".
func charsetFromContent(s string) string {
	i := strings.Index(strings.ToLower(s), "charset")
	if i < 0 {
		return ""
	}
	s = strings.TrimLeft(s[i+len("charset"):], " \t\r\n\f")
	if !strings.HasPrefix(s, "=") {
		return ""
	}
	s = strings.TrimLeft(s[1:], " \t\r\n\f")
	s = strings.Trim(s, `"'`)
	if j := strings.IndexAny(s, "; \t\r\n\f\"'"); j >= 0 {
		s = s[:j]
	}
	return s
}

var xmlDeclRE = regexp.MustCompile(`^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// xmlEncoding returns the encoding of an XML declaration, or "".
func xmlEncoding(b []byte) string {
	m := xmlDeclRE.FindSubmatch(b[:min(len(b), 1024)])
	if m == nil {
		return ""
	}
	return string(m[1])
}

//go:embed hanzi.txt
var hanziText string

// commonHanzi is the set of frequent characters, simplified and
// traditional, that charset detection scores decodings with.
var commonHanzi = sync.OnceValue(func() map[rune]bool {
	m := make(map[rune]bool, 2048)
	for _, line := range strings.Split(hanziText, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, r := range line {
			if r >= 0x2E80 {
				m[r] = true
			}
		}
	}
	return m
})

// detectChinese picks GB18030 or Big5 for bytes that declare no charset
// and are not UTF-8. GB18030 wins unless Big5 scores clearly better.
func detectChinese(b []byte) (encoding.Encoding, string) {
	sample := b[:min(len(b), detectLimit)]
	gb := hanziScore(simplifiedchinese.GB18030, sample)
	big5 := hanziScore(traditionalchinese.Big5, sample)
	if big5 > gb+gb/4+2 {
		return traditionalchinese.Big5, "big5"
	}
	return simplifiedchinese.GB18030, "gb18030"
}

// hanziScore decodes b with enc and scores the result: +1 per frequent
// character, -2 per undecodable byte, -1 per private-use character.
func hanziScore(enc encoding.Encoding, b []byte) int {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return -len(b)
	}
	common := commonHanzi()
	score := 0
	for _, r := range string(out) {
		switch {
		case r < utf8.RuneSelf:
		case r == utf8.RuneError:
			score -= 2
		case r >= 0xE000 && r <= 0xF8FF:
			score--
		case common[r]:
			score++
		}
	}
	return score
}
