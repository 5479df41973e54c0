package fetch

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

func encode(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

const (
	hdTitle = "邯郸市人民政府"
	hdBody  = "<p>政务公开 通知公告 关于印发《邯郸市政府信息公开工作年度报告》的通知 发布日期：2024-03-01</p>"
	tpTitle = "臺北市政府"
	tpBody  = "<p>政府資訊公開 市政新聞 為民服務 機關介紹 最新消息 公告事項 交通資訊 市長信箱 網站導覽 隱私權政策 資訊安全政策</p>"
)

func page(meta, title, body string) string {
	return "<!DOCTYPE html><html><head>" + meta + "<title>" + title + "</title></head><body>" + body + "</body></html>"
}

var titleRE = regexp.MustCompile(`<title>(.*?)</title>`)

func TestToUTF8(t *testing.T) {
	gbk := simplifiedchinese.GBK
	big5 := traditionalchinese.Big5
	longComment := "<!--" + strings.Repeat("TRS WCM template header ", 200) + "-->"
	tests := []struct {
		name        string
		body        []byte
		contentType string
		kind        docKind
		wantCharset string
		wantTitle   string
	}{
		{"gbk declared only in meta http-equiv", encode(t, gbk, page(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, hdTitle, hdBody)), "text/html", htmlDoc, "gbk", hdTitle},
		{"gbk declared in meta charset", encode(t, gbk, page(`<meta charset="GBK">`, hdTitle, hdBody)), "text/html", htmlDoc, "gbk", hdTitle},
		{"meta after a 4 KiB comment", encode(t, gbk, longComment+page(`<meta content="text/html; charset=gb2312" http-equiv="Content-Type" />`, hdTitle, hdBody)), "text/html", htmlDoc, "gbk", hdTitle},
		{"gbk declared nowhere", encode(t, gbk, page("", hdTitle, hdBody)), "text/html", htmlDoc, "gb18030", hdTitle},
		{"gbk title only, declared nowhere", encode(t, gbk, page("", hdTitle, "")), "text/html", htmlDoc, "gb18030", hdTitle},
		{"header says gbk", encode(t, gbk, page("", hdTitle, hdBody)), "text/html; charset=GBK", htmlDoc, "gbk", hdTitle},
		{"header gb2312 beats meta", encode(t, gbk, page(`<meta charset="big5">`, hdTitle, hdBody)), "text/html; charset=gb2312", htmlDoc, "gbk", hdTitle},
		{"meta lies utf-8 over gbk bytes", encode(t, gbk, page(`<meta charset="utf-8">`, hdTitle, hdBody)), "text/html", htmlDoc, "gb18030", hdTitle},
		{"header lies utf-8, meta right", encode(t, gbk, page(`<meta charset="gbk">`, hdTitle, hdBody)), "text/html; charset=utf-8", htmlDoc, "gbk", hdTitle},
		{"meta gb2312 over utf-8 bytes (saved copy)", []byte(page(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, hdTitle, hdBody)), "text/html", htmlDoc, "utf-8", hdTitle},
		{"big5 declared nowhere", encode(t, big5, page("", tpTitle, tpBody)), "text/html", htmlDoc, "big5", tpTitle},
		{"big5 in meta", encode(t, big5, page(`<meta charset="big5">`, tpTitle, tpBody)), "text/html", htmlDoc, "big5", tpTitle},
		{"gb18030 four-byte character", encode(t, simplifiedchinese.GB18030, page(`<meta charset="gb18030">`, "𠀀"+hdTitle, hdBody)), "text/html", htmlDoc, "gb18030", "𠀀" + hdTitle},
		{"utf-8 with BOM beats header", append([]byte{0xEF, 0xBB, 0xBF}, page("", hdTitle, hdBody)...), "text/html; charset=gbk", htmlDoc, "utf-8", hdTitle},
		{"utf-8 undeclared", []byte(page("", hdTitle, hdBody)), "text/html", htmlDoc, "utf-8", hdTitle},
		{"utf-16le BOM", append([]byte{0xFF, 0xFE}, encode(t, utf16le, page("", hdTitle, ""))...), "text/html", htmlDoc, "utf-16le", hdTitle},
		{"meta in a comment is ignored", encode(t, gbk, "<!-- <meta charset=big5> -->"+page("", hdTitle, hdBody)), "text/html", htmlDoc, "gb18030", hdTitle},
		{"xml declaration", encode(t, gbk, `<?xml version="1.0" encoding="GB2312"?><rss><title>`+hdTitle+`</title></rss>`), "text/xml", xmlDoc, "gbk", hdTitle},
		{"plain text undeclared gbk", encode(t, gbk, "<title>"+hdTitle+"</title>"+hdBody), "text/plain", plainDoc, "gb18030", hdTitle},
		{"unknown label falls through", encode(t, gbk, page(`<meta charset="x-nonsense">`, hdTitle, hdBody)), "text/html", htmlDoc, "gb18030", hdTitle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, cs := toUTF8(tt.body, tt.contentType, tt.kind)
			if cs != tt.wantCharset {
				t.Errorf("charset %q, want %q", cs, tt.wantCharset)
			}
			if !utf8.Valid(out) {
				t.Errorf("output is not UTF-8")
			}
			m := titleRE.FindSubmatch(out)
			if m == nil || string(m[1]) != tt.wantTitle {
				t.Errorf("title %q, want %q", m, tt.wantTitle)
			}
		})
	}
}

var utf16le = xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM)

func TestCharsetOverHTTP(t *testing.T) {
	gbkPage := encode(t, simplifiedchinese.GBK, page(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, hdTitle, hdBody))
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gbk":
			w.Header().Set("Content-Type", "text/html")
		case "/gbk-header":
			w.Header().Set("Content-Type", "text/html; charset=gbk")
		case "/pdf":
			w.Header().Set("Content-Type", "application/pdf")
		case "/sniff":
			w.Header()["Content-Type"] = nil // no header: sniffed
		}
		_, _ = w.Write(gbkPage)
	})
	c := newTestClient(t, Config{AllowPrivate: true})
	tests := []struct {
		path, wantCharset, wantType string
		raw, decoded                bool
	}{
		{"/gbk", "gbk", "text/html", false, true},
		{"/gbk-header", "gbk", "text/html", false, true},
		{"/sniff", "gbk", "text/html", false, true},
		{"/gbk-header", "gbk", "text/html", true, false},
		{"/gbk", "", "text/html", true, false},
		{"/pdf", "", "application/pdf", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := c.Fetch(t.Context(), Request{URL: s.URL + tt.path, Raw: tt.raw})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Charset != tt.wantCharset || resp.ContentType != tt.wantType {
				t.Errorf("charset %q type %q, want %q %q", resp.Charset, resp.ContentType, tt.wantCharset, tt.wantType)
			}
			if resp.Bytes != int64(len(gbkPage)) {
				t.Errorf("Bytes %d, want %d", resp.Bytes, len(gbkPage))
			}
			decoded := bytes.Contains(resp.Body, []byte(hdTitle))
			if decoded != tt.decoded {
				t.Errorf("body decoded = %v, want %v", decoded, tt.decoded)
			}
			if decoded && resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
				t.Errorf("Content-Type header %q not rewritten", resp.Header.Get("Content-Type"))
			}
		})
	}
}

// TestDetectMargins shows the scores detection decides on.
func TestDetectMargins(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		want string
	}{
		{"gbk", encode(t, simplifiedchinese.GBK, hdTitle+hdBody), "gb18030"},
		{"big5", encode(t, traditionalchinese.Big5, tpTitle+tpBody), "big5"},
		{"big5 short", encode(t, traditionalchinese.Big5, "臺北市政府公告"), "big5"},
		{"gbk short", encode(t, simplifiedchinese.GBK, "通知公告"), "gb18030"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gb := hanziScore(simplifiedchinese.GB18030, tt.body)
			b5 := hanziScore(traditionalchinese.Big5, tt.body)
			if _, got := detectChinese(tt.body); got != tt.want {
				t.Errorf("detectChinese = %s, want %s (scores gb18030 %d, big5 %d)", got, tt.want, gb, b5)
			}
			t.Logf("scores gb18030 %d, big5 %d", gb, b5)
		})
	}
}

func FuzzToUTF8(f *testing.F) {
	f.Add([]byte(page(`<meta charset="gbk">`, "x", "y")), "text/html")
	f.Add(encode(f, simplifiedchinese.GBK, page("", hdTitle, hdBody)), "text/html; charset=gb2312")
	f.Add(encode(f, traditionalchinese.Big5, tpBody), "text/plain")
	f.Add([]byte{0xFF, 0xFE, 0x41}, "text/html")
	f.Add([]byte(`<?xml version="1.0" encoding="big5"?><a/>`), "application/rss+xml")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		kind := textKind(mediaTypeOf(contentType))
		if kind == notText {
			kind = htmlDoc
		}
		out, cs := toUTF8(body, contentType, kind)
		if !utf8.Valid(out) {
			t.Errorf("toUTF8 produced invalid UTF-8 (charset %s)", cs)
		}
		if cs == "" {
			t.Errorf("no charset named")
		}
	})
}

// FuzzUTF8Checks checks the utf8.Valid shortcuts of plausibleUTF8 and
// clearlyUTF8 against the counts they stand for.
func FuzzUTF8Checks(f *testing.F) {
	f.Add([]byte("政务公开"))
	f.Add([]byte("\xd5\xfe\xce\xf1\xb9\xab\xbf\xaa"))
	f.Add([]byte("abc\xe6\x94"))
	f.Fuzz(func(t *testing.T, b []byte) {
		multi, invalid := utf8Counts(b)
		if got, want := plausibleUTF8(b), invalid == 0 || invalid*20 <= multi; got != want {
			t.Errorf("plausibleUTF8(%q) = %v, want %v", b, got, want)
		}
		if got, want := clearlyUTF8(b), invalid == 0 && multi >= 4; got != want {
			t.Errorf("clearlyUTF8(%q) = %v, want %v", b, got, want)
		}
	})
}
