package sampleweb

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// linkResult is how a link answered a simple checker that follows up to 10
// redirects and retries 429/503 once.
type linkResult struct {
	status  int
	err     error
	soft    bool
	blocked bool
	home    bool // referenced by the homepage
}

func (l linkResult) dead() bool {
	return !l.blocked && (l.err != nil || l.status >= 400 || l.soft)
}

// testCrawl fetches every page of a site reachable from its homepage,
// without obeying robots.txt, checks every referenced URL once, and
// returns the link verdicts and the pages (URL -> body).
type testCrawl struct {
	c        *http.Client
	internal func(*url.URL) bool
	noFollow func(*url.URL) bool // trap URLs: checked, never parsed
	noFetch  func(*url.URL) bool // /huge, /slow: not even checked
	links    map[string]*linkResult
	pages    map[string][]byte
}

func (tc *testCrawl) check(u string) (*linkResult, []byte) {
	lr := &linkResult{}
	for hop := 0; hop <= 10; hop++ {
		r, err := fetch(tc.c, u)
		if err == nil && (r.status == 429 || r.status == 503) {
			r, err = fetch(tc.c, u)
		}
		if err != nil {
			lr.err = err
			return lr, nil
		}
		if loc := r.header.Get("Location"); r.status/100 == 3 && loc != "" {
			next, _ := url.Parse(u)
			u = next.ResolveReference(mustParse(loc)).String()
			continue
		}
		lr.status = r.status
		lr.soft = bytes.Contains(r.body, []byte(softText))
		lr.blocked = r.status == 403 && r.header.Get("X-Waf") != ""
		if strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			return lr, r.body
		}
		return lr, nil
	}
	lr.err = errTooManyRedirects
	return lr, nil
}

var errTooManyRedirects = &url.Error{Op: "Get", Err: http.ErrUseLastResponse}

func mustParse(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return &url.URL{}
	}
	return u
}

func (tc *testCrawl) run(home string) {
	tc.links, tc.pages = map[string]*linkResult{}, map[string][]byte{}
	queue := []string{home}
	tc.links[home] = &linkResult{}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		pu := mustParse(u)
		lr, body := tc.check(u)
		onHome := tc.links[u].home
		*tc.links[u] = *lr
		tc.links[u].home = onHome
		if body == nil || !tc.internal(pu) || tc.noFollow(pu) || lr.dead() {
			continue
		}
		tc.pages[u] = body
		for _, ref := range append(pageRefs(body), scriptRefs(body)...) {
			ru := pu.ResolveReference(mustParse(ref))
			if ru.Scheme != "http" && ru.Scheme != "https" {
				continue
			}
			ru.Fragment = ""
			s := ru.String()
			if tc.noFetch(ru) {
				continue
			}
			if existing, seen := tc.links[s]; seen {
				existing.home = existing.home || u == home
				continue
			}
			tc.links[s] = &linkResult{home: u == home}
			queue = append(queue, s)
		}
	}
}

// pageRefs returns the URLs a page references (a, area, img, link, script,
// iframe), including the records of Hanweb <script type="text/xml"> datastores.
func pageRefs(body []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(body))
	xmlScript := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if xmlScript {
				for _, rec := range bytes.Split(z.Text(), []byte("<![CDATA[")) {
					if i := bytes.Index(rec, []byte("]]>")); i > 0 {
						out = append(out, pageRefs(rec[:i])...)
					}
				}
			}
		case html.EndTagToken:
			xmlScript = false
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			attr := map[string]string{"a": "href", "area": "href", "link": "href", "img": "src", "script": "src", "iframe": "src"}[string(name)]
			for hasAttr {
				k, v, more := z.TagAttr()
				if string(k) == attr && len(v) > 0 {
					out = append(out, string(v))
				}
				if string(name) == "script" && string(k) == "type" && string(v) == "text/xml" {
					xmlScript = true
				}
				hasAttr = more
			}
		}
	}
}

func TestLinksMatchExpectations(t *testing.T) {
	w := startWeb(t)
	c := client(w, "tcp4")
	port := itoa(w.HTTPPort)
	wantDead := map[string]map[string]bool{ // URL (relative to the homepage host) -> on homepage
		"deadlinks": {
			"/xwzx/tzgg/202509/t20250916_1289.html":                true,
			"/uploadfile/2025/09/P020250916512345.pdf":             true,
			"/was5/web/search?channelid=200001":                    true,
			"/news/missing.html":                                   true,
			"/images/banner_2025.jpg":                              true,
			"http://old.delin.gov.cn:" + port + "/":                true,
			"http://hd.delin.gov.cn:" + port + "/":                 true,
			"/uploadfile/2025/10/P020251015300001.xlsx":            false,
			"/images/zt_xxgc.jpg":                                  false,
			"/zwgk/zcwj/202508/t20250812_1177.html":                false,
			"http://old.delin.gov.cn:" + port + "/tzgg/index.html": false,
		},
		"trap": {"/loop": false},
	}
	for _, s := range w.Sites {
		if s.ID == "gone" {
			continue
		}
		t.Run(s.ID, func(t *testing.T) {
			home := mustParse(s.URL)
			hosts := map[string]bool{home.Hostname(): true, "xxgk.shifan.gov.cn": s.ID == "shifan"}
			tc := &testCrawl{c: c,
				internal: func(u *url.URL) bool { return hosts[u.Hostname()] },
				noFollow: func(u *url.URL) bool {
					return s.ID == "trap" && (slices.Contains([]string{"/cal", "/list", "/hdjl/index.jsp", "/hdjl/list.jsp"}, u.Path) ||
						strings.Count(u.Path, "/zwgk/gkml") > 1)
				},
				noFetch: func(u *url.URL) bool { return s.ID == "trap" && (u.Path == "/huge" || u.Path == "/slow") },
			}
			tc.run(s.URL)
			t.Logf("%s: %d pages, %d links", s.ID, len(tc.pages), len(tc.links))
			if len(tc.pages) < 40 {
				t.Errorf("only %d pages reachable", len(tc.pages))
			}
			got := map[string]bool{}
			for u, lr := range tc.links {
				if lr.dead() {
					got[strings.TrimPrefix(u, strings.TrimSuffix(s.URL, "/"))] = lr.home
				}
			}
			want := wantDead[s.ID]
			if want == nil {
				want = map[string]bool{}
			}
			for u, home := range got {
				if wh, ok := want[u]; !ok || wh != home {
					t.Errorf("dead link %s (on homepage %v) not planted (%v)", u, home, tc.links[strings.TrimSuffix(s.URL, "/")+u])
				}
			}
			for u, home := range want {
				if gh, ok := got[u]; !ok || gh != home {
					t.Errorf("planted dead link %s (on homepage %v) not found dead", u, home)
				}
			}
			if s.ID == "shifan" {
				checkAllOverIPv6(t, w, tc)
			}
		})
	}
}

// checkAllOverIPv6 fetches every page and link of a crawl again over IPv6.
func checkAllOverIPv6(t *testing.T, w *Web, tc *testCrawl) {
	v6 := &testCrawl{c: client(w, "tcp6")}
	var urls []string
	for u := range tc.links {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	for _, u := range urls {
		lr, _ := v6.check(u)
		if lr.dead() {
			t.Errorf("IPv6: %s is dead: %d %v", u, lr.status, lr.err)
		}
	}
}

// scriptRefs returns the links the shifan-js scripts build from their data
// arrays: what a browser would see after rendering.
func scriptRefs(body []byte) []string {
	var out []string
	for _, v := range []string{"navData", "boxData"} {
		i := bytes.Index(body, []byte("var "+v+" = "))
		if i < 0 {
			continue
		}
		rest := body[i+len("var "+v+" = "):]
		rest = rest[:bytes.IndexByte(rest, '\n')]
		var data []struct {
			C string `json:"c"`
			I []struct {
				F string `json:"f"`
				U string `json:"u"`
			} `json:"i"`
		}
		if err := json.Unmarshal(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(";")), &data); err != nil {
			continue
		}
		for _, d := range data {
			if d.C == "" {
				out = append(out, "/")
			} else {
				out = append(out, "/"+d.C+"/")
			}
			for _, it := range d.I {
				if it.U != "" {
					out = append(out, "/"+it.U+"/")
				} else {
					out = append(out, "/"+d.C+"/"+it.F+".html")
				}
			}
		}
	}
	return out
}
