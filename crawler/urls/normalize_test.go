package urls

import (
	"bufio"
	"net/url"
	"os"
	"strings"
	"testing"
)

func mustParse(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return u
}

func TestNormalize(t *testing.T) {
	const page = "http://XXGK.Hd.Gov.CN:80/zfwj/jinqixxgk/index.html?x=1#top"
	tests := []struct {
		name   string
		base   string // "" means nil base
		ref    string
		want   string
		wantOK bool
	}{
		{"absolute", "", "http://www.hd.gov.cn/", "http://www.hd.gov.cn/", true},
		{"case and default port", "", "HTTP://WWW.HD.GOV.CN:80/A/B.html", "http://www.hd.gov.cn/A/B.html", true},
		{"https default port", "", "https://a.gov.cn:443", "https://a.gov.cn/", true},
		{"non-default port kept", "", "http://a.gov.cn:8080/x", "http://a.gov.cn:8080/x", true},
		{"empty port", "", "http://a.gov.cn:/x", "http://a.gov.cn/x", true},
		{"empty path", "", "http://a.gov.cn", "http://a.gov.cn/", true},
		{"empty path with query", "", "http://a.gov.cn?a=1", "http://a.gov.cn/?a=1", true},
		{"fragment removed", "", "http://a.gov.cn/x.html#p2", "http://a.gov.cn/x.html", true},
		{"trailing dot host", "", "http://a.gov.cn./x", "http://a.gov.cn/x", true},
		{"dot segments", "", "http://a.gov.cn/a/./b/../c/./d.html", "http://a.gov.cn/a/c/d.html", true},
		{"dot segments above root", "", "http://a.gov.cn/../../x", "http://a.gov.cn/x", true},
		{"trailing dot dot", "", "http://a.gov.cn/a/b/..", "http://a.gov.cn/a/", true},
		{"relative file", page, "t20200805_1353179.html", "http://xxgk.hd.gov.cn/zfwj/jinqixxgk/t20200805_1353179.html", true},
		{"relative parent", page, "../../images/logo1.png", "http://xxgk.hd.gov.cn/images/logo1.png", true},
		{"relative dot", page, "./", "http://xxgk.hd.gov.cn/zfwj/jinqixxgk/", true},
		{"root relative", page, "/zfxxgkzn/", "http://xxgk.hd.gov.cn/zfxxgkzn/", true},
		{"protocol relative", page, "//www.gov.cn/govweb/xhtml/favicon.ico", "http://www.gov.cn/govweb/xhtml/favicon.ico", true},
		{"query only", page, "?page=2", "http://xxgk.hd.gov.cn/zfwj/jinqixxgk/index.html?page=2", true},
		{"whitespace and newlines", page, "  \n\thttp://a.gov.cn/a\n/b.html \r\n", "http://a.gov.cn/a/b.html", true},
		{"ideographic space", page, "\u3000/a.html\u00a0", "http://xxgk.hd.gov.cn/a.html", true},
		{"backslashes", page, `..\..\zfwj\a.html`, "http://xxgk.hd.gov.cn/zfwj/a.html", true},
		{"chinese path", "", "http://www.wanzai.gov.cn/政务公开/万载 县.html", "http://www.wanzai.gov.cn/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80/%E4%B8%87%E8%BD%BD%20%E5%8E%BF.html", true},
		{"chinese query", "", "http://a.gov.cn/s?q=公开", "http://a.gov.cn/s?q=%E5%85%AC%E5%BC%80", true},
		{"lower hex upper-cased", "", "http://a.gov.cn/%e6%94%bf?q=%e5", "http://a.gov.cn/%E6%94%BF?q=%E5", true},
		{"unreserved decoded", "", "http://a.gov.cn/%7Euser/%41%2D%2e%5f?q=%61", "http://a.gov.cn/~user/A-._?q=a", true},
		{"reserved kept encoded", "", "http://a.gov.cn/a%2Fb?x=%26%3D", "http://a.gov.cn/a%2Fb?x=%26%3D", true},
		{"stray percent", "", "http://a.gov.cn/100%.html", "http://a.gov.cn/100%25.html", true},
		{"jsessionid in path", "", "http://a.gov.cn/list.do;jsessionid=ABC123?id=5", "http://a.gov.cn/list.do?id=5", true},
		{"jsessionid upper in path", "", "http://a.gov.cn/a;JSESSIONID=x;v=1/b", "http://a.gov.cn/a;v=1/b", true},
		{"session query params", "", "http://a.gov.cn/a?id=1&PHPSESSID=z&sid=3&sessionid=4&jsessionid=5&ASPSESSIONIDQQ=6&utm_source=w&b=2", "http://a.gov.cn/a?id=1&b=2", true},
		{"only session params", "", "http://a.gov.cn/a?utm_medium=x", "http://a.gov.cn/a", true},
		{"order kept", "", "http://a.gov.cn/a?z=1&a=2&m=3", "http://a.gov.cn/a?z=1&a=2&m=3", true},
		{"empty params dropped", "", "http://a.gov.cn/a?&a=1&&b=&", "http://a.gov.cn/a?a=1&b=", true},
		{"idn host", "", "http://万载政府网.政务/", "http://xn--chq171bv3e1m4am5q.xn--zfr164b/", true},
		{"ipv6", "", "http://[::1]:80/x", "http://[::1]/x", true},
		{"ipv4 port", "", "http://127.0.0.1:8080", "http://127.0.0.1:8080/", true},
		{"base href style", "http://a.gov.cn/dir/", "sub/p.html", "http://a.gov.cn/dir/sub/p.html", true},

		{"javascript", page, "javascript:void(0)", "", false},
		{"javascript upper spaced", page, " JavaScript:void(0);", "", false},
		{"javascript space before colon", page, "javascript :;", "", false},
		{"javascript split by newline", page, "java\nscript:alert(1)", "", false},
		{"mailto", page, "mailto:a@b.gov.cn", "", false},
		{"tel", page, "tel:0310-123", "", false},
		{"data", page, "data:image/png;base64,AAAA", "", false},
		{"about", page, "about:blank", "", false},
		{"file", page, "file:///etc/passwd", "", false},
		{"ftp", page, "ftp://ftp.a.gov.cn/x", "", false},
		{"empty", page, "", "", false},
		{"whitespace", page, " \n\t ", "", false},
		{"fragment only", page, "#top", "", false},
		{"relative without base", "", "/a.html", "", false},
		{"non-http base", "ftp://a.gov.cn/", "x.html", "", false},
		{"bad host", "", "http://a b.gov.cn/", "", false},
		{"bad port", "", "http://a.gov.cn:99999999999/", "", false},
		{"no host", "", "http:///x", "", false},
		{"opaque", "", "http:a.gov.cn", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var base *url.URL
			if tt.base != "" {
				base = mustParse(t, tt.base)
			}
			got, ok := Normalize(base, tt.ref)
			if got != tt.want || ok != tt.wantOK {
				t.Fatalf("Normalize(%q, %q) = %q, %v; want %q, %v", tt.base, tt.ref, got, ok, tt.want, tt.wantOK)
			}
			if ok {
				again, ok2 := Normalize(nil, got)
				if !ok2 || again != got {
					t.Errorf("not idempotent: %q -> %q, %v", got, again, ok2)
				}
			}
		})
	}
}

// hrefSeeds reads testdata/hrefs.txt: real hrefs seen on gov pages, one a line.
func hrefSeeds(t testing.TB) []string {
	f, err := os.Open("testdata/hrefs.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "//#") {
			out = append(out, strings.ReplaceAll(l, `\n`, "\n"))
		}
	}
	return out
}

func FuzzNormalize(f *testing.F) {
	for _, s := range hrefSeeds(f) {
		f.Add("http://xxgk.hd.gov.cn/zfwj/index.html", s)
	}
	f.Add("", "http://a.gov.cn/%zz/../%2e%2E/;jsessionid=1?utm_x=1#f")
	f.Fuzz(func(t *testing.T, base, ref string) {
		var bu *url.URL
		if base != "" {
			var err error
			if bu, err = url.Parse(base); err != nil {
				return
			}
		}
		got, ok := Normalize(bu, ref)
		if !ok {
			if got != "" {
				t.Fatalf("not ok but %q", got)
			}
			return
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("result %q does not parse: %v", got, err)
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.Fragment != "" {
			t.Fatalf("result %q is not a canonical http(s) URL", got)
		}
		again, ok := Normalize(nil, got)
		if !ok || again != got {
			t.Fatalf("not idempotent: %q -> %q (%v)", got, again, ok)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	base := mustParse(b, "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index.html")
	refs := hrefSeeds(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range refs {
			Normalize(base, r)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(refs)), "ns/ref")
}
