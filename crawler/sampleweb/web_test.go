package sampleweb

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHomepages(t *testing.T) {
	w := startWeb(t)
	v4, v6 := client(w, "tcp4"), client(w, "tcp6")
	for _, s := range w.Sites {
		t.Run(s.ID, func(t *testing.T) {
			r, err := fetch(v4, s.URL)
			if s.ID == "gone" {
				var de *net.DNSError
				if !errors.As(err, &de) || !de.IsNotFound {
					t.Fatalf("gone: err = %v, want NXDOMAIN", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.status != 200 {
				t.Fatalf("status %d", r.status)
			}
			text := string(r.body)
			if s.ID == "gbk" {
				text = decodeGBK(t, r.body)
			}
			if !strings.Contains(text, "<title>"+s.Name) {
				t.Errorf("title does not start with %s", s.Name)
			}
			r6, err := fetch(v6, s.URL)
			switch s.ID {
			case "gbk", "deadlinks":
				if err == nil {
					t.Errorf("IPv4-only site answered over IPv6")
				}
			case "v6broken":
				if err == nil {
					t.Errorf("v6broken answered over IPv6: %d", r6.status)
				}
			default:
				if err != nil || r6.status != 200 || !bytes.Equal(r6.body, r.body) {
					t.Errorf("IPv6 homepage: err %v, status %d, same body %v", err, r6.status, bytes.Equal(r6.body, r.body))
				}
			}
		})
	}
}

func TestTLS(t *testing.T) {
	w := startWeb(t)
	home := siteURL(t, w, "shifan")
	if !strings.HasPrefix(home, "https://www.shifan.gov.cn:") {
		t.Fatalf("shifan URL %s", home)
	}
	r := mustFetch(t, client(w, "tcp4"), home)
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	// Without the sample CA the certificate is not trusted.
	dial := w.Dialer()
	bare := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, a string) (net.Conn, error) {
		return dial(ctx, "tcp4", a)
	}, TLSClientConfig: &tls.Config{}}}
	if _, err := bare.Get(home); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("untrusted CA accepted: %v", err)
	}
	// Plain HTTP redirects to HTTPS.
	plain := strings.Replace(strings.Replace(home, "https", "http", 1), itoa(w.HTTPSPort), itoa(w.HTTPPort), 1)
	r = mustFetch(t, client(w, "tcp6"), plain+"xwzx/tzgg/")
	if r.status != http.StatusMovedPermanently || r.header.Get("Location") != home+"xwzx/tzgg/" {
		t.Errorf("http -> https: %d %s", r.status, r.header.Get("Location"))
	}
	// An http-only host on the HTTPS port fails the handshake (name mismatch).
	gbk := strings.Replace(strings.Replace(siteURL(t, w, "gbk"), "http", "https", 1), itoa(w.HTTPPort), itoa(w.HTTPSPort), 1)
	if _, err := fetch(client(w, "tcp4"), gbk); err == nil {
		t.Error("http-only host answered over TLS with a valid certificate")
	}
}

func TestGBK(t *testing.T) {
	w := startWeb(t)
	c := client(w, "tcp4")
	home := siteURL(t, w, "gbk")
	r := mustFetch(t, c, home)
	if utf8.Valid(r.body) {
		t.Fatal("gbk homepage is valid UTF-8")
	}
	if ct := r.header.Get("Content-Type"); strings.Contains(strings.ToLower(ct), "charset") {
		t.Errorf("Content-Type %q declares a charset", ct)
	}
	text := decodeGBK(t, r.body)
	for _, want := range []string{`charset=gb2312">`, "古北县人民政府", "王喆", "网站标识码：3305230003"} {
		if !strings.Contains(text, want) {
			t.Errorf("decoded homepage lacks %q", want)
		}
	}
	// An article declares nothing at all.
	i := strings.Index(text, "/art/")
	if i < 0 {
		t.Fatal("no article link")
	}
	art := text[i : i+strings.Index(text[i:], `"`)]
	r = mustFetch(t, c, at(home, art))
	if utf8.Valid(r.body) || bytes.Contains(bytes.ToLower(r.body), []byte("charset")) {
		t.Errorf("article %s: valid UTF-8 %v or declares a charset", art, utf8.Valid(r.body))
	}
	if !strings.Contains(decodeGBK(t, r.body), "发布时间") {
		t.Errorf("article %s does not decode", art)
	}
}

func TestRobots(t *testing.T) {
	w := startWeb(t)
	c := client(w, "tcp4")
	tests := []struct {
		site, want string
		status     int
	}{
		{"trap", "User-agent: *\nDisallow: /private/\n", 200},
		{"closed", "User-agent: *\nDisallow: /\n", 200},
		{"shifan", "User-agent: *\nDisallow: /was5/\n", 200},
		{"gbk", "404 Not Found", 404},
		{"deadlinks", "对不起，您访问的页面不存在！", 200}, // soft 404: HTML where robots.txt should be
	}
	for _, tt := range tests {
		t.Run(tt.site, func(t *testing.T) {
			r := mustFetch(t, c, at(siteURL(t, w, tt.site), "/robots.txt"))
			if r.status != tt.status || !strings.Contains(string(r.body), tt.want) {
				t.Errorf("robots.txt: %d %q", r.status, r.body)
			}
		})
	}
}

func TestRequestsAndReset(t *testing.T) {
	w := startWeb(t)
	c4, c6 := client(w, "tcp4"), client(w, "tcp6")
	home := siteURL(t, w, "stale")
	mustFetch(t, c4, home+"?a=1")
	mustFetch(t, c6, home+"?a=1")
	key := "www.shitaizhen.gov.cn/?a=1"
	if got := w.Requests()[key]; got != 2 {
		t.Errorf("Requests()[%q] = %d, want 2 (%v)", key, got, w.Requests())
	}
	w.ResetRequests()
	if len(w.Requests()) != 0 {
		t.Errorf("after reset: %v", w.Requests())
	}
}

func TestSitesCSV(t *testing.T) {
	w := startWeb(t)
	lines := strings.Split(strings.TrimSpace(string(w.SitesCSV())), "\n")
	if lines[0] != "site_id,name,url,level,kind,region" {
		t.Errorf("header %q", lines[0])
	}
	if len(lines) != len(w.Sites)+1 || len(w.Sites) < 11 {
		t.Errorf("%d lines for %d sites", len(lines), len(w.Sites))
	}
	want := "shifan-js,示范县教育局,https://jyj.shifan.gov.cn:" + itoa(w.HTTPSPort) + "/,county,department,河北省示范市"
	if lines[2] != want {
		t.Errorf("line 2 = %q, want %q", lines[2], want)
	}
}

func TestNationalHosts(t *testing.T) {
	w := startWeb(t)
	for _, network := range []string{"tcp4", "tcp6"} {
		c := client(w, network)
		for _, u := range []string{"http://www.gov.cn:%d/", "http://zfwzzc.www.gov.cn:%d/check_web/errorInfo_querySiteInfo.action?siteCode=1304250001",
			"http://bszs.conac.cn:%d/image/red.png", "http://beian.miit.gov.cn:%d/", "http://www.beian.gov.cn:%d/portal/registerSystemInfo?recordcode=1"} {
			u = strings.Replace(u, "%d", itoa(w.HTTPPort), 1)
			if r := mustFetch(t, c, u); r.status != 200 {
				t.Errorf("%s %s: %d", network, u, r.status)
			}
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
