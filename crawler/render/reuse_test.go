package render

import (
	"context"
	"slices"
	"strings"
	"testing"

	"gongkai/crawler/snapshot"
)

// built returns the text of the <p id="built"> site.js adds, or "".
func built(html []byte) string {
	_, rest, ok := strings.Cut(string(html), `<p id="built">`)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, "<")
	return v
}

// request returns the logged request for path, failing the test when
// there is none.
func request(t *testing.T, res *Result, base, path string) Request {
	t.Helper()
	i := slices.IndexFunc(res.Requests, func(q Request) bool { return q.URL == base+path })
	if i < 0 {
		t.Fatalf("request %s not logged: %+v", path, res.Requests)
	}
	return res.Requests[i]
}

// TestAssetCacheAndTabReuse renders three pages of one site: the site's
// script and style sheet are fetched once and given again from the asset
// cache, a 404 is fetched every time, each page is rendered in the tab the
// page before it left (and its DOM is its own, built by the cached
// script); a #fragment URL gets a fresh tab; CloseSite forgets the cache.
func TestAssetCacheAndTabReuse(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	ctx := context.Background()
	render := func(site, path string) *Result {
		t.Helper()
		res, err := e.r.Render(ctx, site, e.fix.base+path)
		if err != nil {
			t.Fatal(err)
		}
		if res.Partial || built(res.HTML) != strings.Trim(strings.Split(path, "#")[0], "/") {
			t.Errorf("%s: partial %v, built %q", path, res.Partial, built(res.HTML))
		}
		return res
	}
	first := render("s", "/a1")
	if first.Phases.Reused {
		t.Error("first page of a site in a reused tab")
	}
	for _, p := range []string{"/site.js", "/site.css", "/gone.js"} {
		if q := request(t, first, e.fix.base, p); q.Cached || q.Status != snapshot.StatusOK {
			t.Errorf("first page: %s = %+v", p, q)
		}
	}
	second := render("s", "/a2")
	if !second.Phases.Reused {
		t.Error("second page of the site did not reuse the first page's tab")
	}
	for _, p := range []string{"/site.js", "/site.css"} {
		if q := request(t, second, e.fix.base, p); !q.Cached || q.HTTPStatus != 200 || q.Status != snapshot.StatusOK {
			t.Errorf("second page: %s = %+v, want from the cache", p, q)
		}
	}
	if q := request(t, second, e.fix.base, "/gone.js"); q.Cached || q.HTTPStatus != 404 {
		t.Errorf("second page: a 404 = %+v, want fetched again", q)
	}
	if third := render("s", "/a3#top"); third.Phases.Reused {
		t.Error("a #fragment URL was loaded in a reused tab")
	}
	for path, want := range map[string]int{"/site.js": 1, "/site.css": 1, "/gone.js": 3} {
		if n := e.fix.hitCount(path); n != want {
			t.Errorf("%s fetched %d times, want %d", path, n, want)
		}
	}
	// Another site has its own cache.
	render("other", "/a1")
	if n := e.fix.hitCount("/site.js"); n != 2 {
		t.Errorf("site.js fetched %d times after a second site, want 2", n)
	}
	e.r.CloseSite("s")
	if res := render("s", "/a2"); res.Phases.Reused || request(t, res, e.fix.base, "/site.js").Cached {
		t.Errorf("after CloseSite: reused %v, site.js %+v", res.Phases.Reused, request(t, res, e.fix.base, "/site.js"))
	}
}

// TestNoReuseAfterPartialOrShot checks that a tab whose page never became
// quiet, or whose viewport a screenshot changed, does not show the site's
// next page.
func TestNoReuseAfterPartialOrShot(t *testing.T) {
	t.Parallel()
	e := sharedEnv(t)
	ctx := context.Background()
	for _, first := range []string{"/busy", "/shot"} {
		site := "noreuse" + first
		var err error
		if first == "/shot" {
			_, err = e.r.Screenshot(ctx, site, e.fix.base+first)
		} else {
			_, err = e.r.Render(ctx, site, e.fix.base+first)
		}
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.r.Render(ctx, site, e.fix.base+"/plain")
		if err != nil {
			t.Fatal(err)
		}
		if res.Phases.Reused {
			t.Errorf("after %s the next page reused its tab", first)
		}
	}
}

// TestBlockedHosts checks that an analytics beacon of render.yaml's
// blocked_hosts is logged as not checked and never fetched, while the
// page's own script runs.
func TestBlockedHosts(t *testing.T) {
	t.Parallel()
	e := sharedEnv(t)
	res, err := e.r.Render(context.Background(), "beacon", e.fix.base+"/beacon")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(res.Requests, func(q Request) bool { return strings.HasPrefix(q.URL, "https://hm.baidu.com/") })
	if i < 0 {
		t.Fatalf("beacon not logged: %+v", res.Requests)
	}
	// Fetched, it would have failed to resolve (dns_error): not_checked
	// says it was never asked for.
	if q := res.Requests[i]; q.Status != snapshot.StatusNotChecked || q.Error != "" {
		t.Errorf("beacon request %+v, want not_checked", q)
	}
	if built(res.HTML) != "beacon" {
		t.Errorf("the page's own script did not run: %.300s", res.HTML)
	}
}

// TestBlocked checks the host matching of blocked_hosts.
func TestBlocked(t *testing.T) {
	for u, want := range map[string]bool{
		"https://hm.baidu.com/hm.js?x":                 true,
		"http://HM.BAIDU.COM./hm.js":                   true,
		"https://ssl.google-analytics.com/ga.js":       true,
		"https://www.baidu.com/":                       false,
		"https://nothm.baidu.com/":                     false,
		"https://pucha.kaipuyun.cn/exposure/jiucuo.js": false,
		"https://s4.cnzz.com/z_stat.php?id=1":          false,
		"::not a url":                                  false,
	} {
		if got := rules().blocked(u); got != want {
			t.Errorf("blocked(%q) = %v, want %v", u, got, want)
		}
	}
}
