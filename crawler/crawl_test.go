package crawler

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gongkai/crawler/snapshot"
)

// crawlSite builds the main fixture: a site with pages at several depths,
// an attachment, images and scripts, a redirect, a missing page, a robots
// disallowed directory, a calendar trap, a paginated list, and links to an
// external site.
func crawlSite(t *testing.T) (site, ext *fixture) {
	ext = newFixture(t, map[string]string{
		"/ext.html": html("外部"),
	})
	e := strings.Replace(ext.URL, "127.0.0.1", "localhost", 1)
	list := []string{"/"}
	for i := 1; i <= 10; i++ {
		list = append(list, fmt.Sprintf("/list?page=%d", i))
	}
	pages := map[string]string{
		"/robots.txt": "User-agent: *\nDisallow: /private/\n",
		"/": html("首页", "/a.html", "/b.html", "/files/report.pdf", "img:/logo.png", "script:/app.js",
			e+"/ext.html", "/missing.html", "/private/secret.html", "/cal?date=1900-01-01", "/a.html#top"),
		"/a.html":              html("A", append(list, "/deep/1.html", e+"/gone.html")...),
		"/b.html":              html("B", "/a.html", "/redirect", "img:/b.png"),
		"/redirect":            "redirect:/b2.html",
		"/b2.html":             html("B2", "/b.html"),
		"/files/report.pdf":    "%PDF-1.4",
		"/logo.png":            "png",
		"/app.js":              "js",
		"/private/secret.html": html("secret"),
	}
	for i := 1; i <= 9; i++ {
		pages[fmt.Sprintf("/deep/%d.html", i)] = html(fmt.Sprint("deep ", i), fmt.Sprintf("/deep/%d.html", i+1))
	}
	for i := 1; i <= 10; i++ {
		pages[fmt.Sprintf("/list?page=%d", i)] = html(fmt.Sprint("list ", i), "/")
	}
	return newFixture(t, pages), ext
}

func TestCrawlScopeBudgetsAndLinks(t *testing.T) {
	site, ext := crawlSite(t)
	cfg := testConfig()
	cfg.MaxDepth = 3
	cfg.PatternCap = 5
	_, snaps := audit(t, t.TempDir(), cfg, testClient(t, nil),
		snapshot.Site{ID: "fx", Name: "Fixture", URL: site.URL + "/", Kind: "portal"})
	s := snaps[0]
	u := func(p string) string { return site.URL + p }
	e := strings.Replace(ext.URL, "127.0.0.1", "localhost", 1)

	wantPages := []string{
		u("/"),
		u("/a.html"), u("/b.html"), u("/missing.html"),
		u("/deep/1.html"), u("/list?page=1"), u("/list?page=10"), u("/list?page=2"), u("/list?page=3"), u("/list?page=4"), u("/redirect"),
		u("/deep/2.html"),
	}
	if diff := cmp.Diff(wantPages, pageURLs(s)); diff != "" {
		t.Errorf("pages in crawl order (-want +got):\n%s", diff)
	}
	for _, p := range s.Pages {
		want := map[string]int{u("/"): 0, u("/a.html"): 1, u("/deep/1.html"): 2, u("/deep/2.html"): 3}
		if d, ok := want[p.URL]; ok && p.Depth != d {
			t.Errorf("%s depth %d, want %d", p.URL, p.Depth, d)
		}
	}
	if s.Status != snapshot.StatusOK || s.Home.HTTPStatus != 200 || s.Home.HTTPS || s.Home.URL != u("/") {
		t.Errorf("home = %+v status %s", s.Home, s.Status)
	}
	if p := s.Pages[3]; p.Status != snapshot.StatusHTTPError || p.HTTPStatus != 404 {
		t.Errorf("missing page = %s %d", p.Status, p.HTTPStatus)
	}
	if p := s.Pages[10]; p.FinalURL != u("/b2.html") || len(p.Redirects) != 1 || p.Title != "B2" {
		t.Errorf("redirected page = %+v", p)
	}
	wantStats := snapshot.Stats{
		PagesFetched: 12, PagesFailed: 1,
		// trap: cal; pattern cap: list 5-9; robots: private; beyond depth: deep/3
		PagesSkipped: 8, TrapsSkipped: 6, RobotsDisallowed: 1,
		LinksChecked: len(s.Links),
	}
	if s.Stats.BytesFetched < 1000 {
		t.Errorf("bytes fetched %d", s.Stats.BytesFetched)
	}
	wantStats.BytesFetched = s.Stats.BytesFetched
	if diff := cmp.Diff(wantStats, s.Stats); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}

	// Links: every distinct URL, first reference, level, verdict.
	type lk struct {
		From, Tag     string
		Level         int
		Internal, Hom bool
		Status        snapshot.Status
		Dead          bool
	}
	want := map[string]lk{
		u("/a.html"):              {u("/"), "a", 2, true, true, snapshot.StatusOK, false},
		u("/files/report.pdf"):    {u("/"), "a", 2, true, true, snapshot.StatusOK, false},
		u("/logo.png"):            {u("/"), "img", 2, true, true, snapshot.StatusOK, false},
		u("/app.js"):              {u("/"), "script", 2, true, true, snapshot.StatusOK, false},
		e + "/ext.html":           {u("/"), "a", 2, false, true, snapshot.StatusOK, false},
		u("/missing.html"):        {u("/"), "a", 2, true, true, snapshot.StatusHTTPError, true},
		u("/private/secret.html"): {u("/"), "a", 2, true, true, snapshot.StatusRobotsBlocked, false},
		u("/cal?date=1900-01-01"): {u("/"), "a", 2, true, true, snapshot.StatusHTTPError, true},
		u("/"):                    {u("/a.html"), "a", 3, true, false, snapshot.StatusOK, false},
		e + "/gone.html":          {u("/a.html"), "a", 3, false, false, snapshot.StatusHTTPError, true},
		u("/list?page=7"):         {u("/a.html"), "a", 3, true, false, snapshot.StatusOK, false},
		u("/deep/2.html"):         {u("/deep/1.html"), "a", 4, true, false, snapshot.StatusOK, false},
		u("/deep/3.html"):         {u("/deep/2.html"), "a", 5, true, false, snapshot.StatusOK, false},
		u("/b.png"):               {u("/b.html"), "img", 3, true, false, snapshot.StatusHTTPError, true},
	}
	for url, w := range want {
		l := linkByURL(s, url)
		if l == nil {
			t.Errorf("no link %s", url)
			continue
		}
		got := lk{l.FromURL, l.Tag, l.Level, l.Internal, l.OnHomepage, l.Status, l.Dead}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("link %s (-want +got):\n%s", url, diff)
		}
	}
	if n := len(s.Links); n != 26 {
		t.Errorf("%d links, want 26", n)
	}
	var order []string
	for _, l := range s.Links[:4] {
		order = append(order, l.URL)
	}
	if diff := cmp.Diff([]string{u("/a.html"), u("/b.html"), u("/files/report.pdf"), u("/logo.png")}, order); diff != "" {
		t.Errorf("links not in first-reference order (-want +got):\n%s", diff)
	}

	// Requests: robots.txt-disallowed never; everything else at most once
	// but the homepage (host probes use HEAD on it, the IPv6 comparison
	// GETs it over each family).
	if n := site.count("GET", "/private/secret.html") + site.count("HEAD", "/private/secret.html"); n != 0 {
		t.Errorf("/private/ requested %d times", n)
	}
	for k, n := range site.total() {
		if n > 1 && k != "HEAD /" && k != "GET /" {
			t.Errorf("%s requested %d times", k, n)
		}
	}
	if site.count("GET", "/files/report.pdf") != 0 || site.count("HEAD", "/files/report.pdf") != 1 {
		t.Errorf("attachment not checked with one HEAD: %v", site.total())
	}
	if n := site.count("GET", "/b2.html"); n != 1 {
		t.Errorf("redirect target requested %d times, want once (as the redirect's last hop)", n)
	}

	// Hosts: the homepage host at level 1 and the external host at level 2.
	var hosts []string
	for _, h := range s.Hosts {
		hosts = append(hosts, fmt.Sprintf("%s/%d/%v", h.Name, h.Level, h.IPv4OK))
	}
	if diff := cmp.Diff([]string{"127.0.0.1/1/true", "localhost/2/true"}, hosts); diff != "" {
		t.Errorf("hosts (-want +got):\n%s", diff)
	}
}

func TestCrawlMaxPages(t *testing.T) {
	site, _ := crawlSite(t)
	cfg := testConfig()
	cfg.MaxPages = 3
	_, snaps := audit(t, t.TempDir(), cfg, testClient(t, nil),
		snapshot.Site{ID: "fx", Name: "Fixture", URL: site.URL, Kind: "portal"})
	s := snaps[0]
	if diff := cmp.Diff([]string{site.URL + "/", site.URL + "/a.html", site.URL + "/b.html"}, pageURLs(s)); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	if !s.Stats.BudgetExhausted {
		t.Error("budget not exhausted")
	}
	// Links to pages not crawled are still checked, with one request each.
	l := linkByURL(s, site.URL+"/deep/1.html")
	if l == nil || l.Status != snapshot.StatusOK || l.Level != 3 {
		t.Errorf("link of an uncrawled page: %+v", l)
	}
	if l := linkByURL(s, site.URL+"/missing.html"); l == nil || !l.Dead {
		t.Errorf("missing page link: %+v", l)
	}
	for k, n := range site.total() {
		if n > 1 && k != "HEAD /" && k != "GET /" {
			t.Errorf("%s requested %d times", k, n)
		}
	}
}

func TestCrawlMaxDepthZeroAndMaxLinks(t *testing.T) {
	site, _ := crawlSite(t)
	cfg := testConfig()
	cfg.MaxDepth = 0
	cfg.MaxLinks = 2
	_, snaps := audit(t, t.TempDir(), cfg, testClient(t, nil),
		snapshot.Site{ID: "fx", Name: "Fixture", URL: site.URL, Kind: "portal"})
	s := snaps[0]
	if len(s.Pages) != 1 {
		t.Fatalf("pages %v, want the homepage only", pageURLs(s))
	}
	var checked, notChecked int
	for _, l := range s.Links {
		switch l.Status {
		case snapshot.StatusNotChecked:
			notChecked++
		default:
			checked++
		}
	}
	// Two links checked (the budget), the rest not.
	if checked != 2 || notChecked != len(s.Links)-2 {
		t.Errorf("checked %d, not checked %d of %d links", checked, notChecked, len(s.Links))
	}
	if s.Stats.LinksChecked != checked {
		t.Errorf("stats links checked %d, want %d", s.Stats.LinksChecked, checked)
	}
	if got := slices.Collect(func(yield func(string) bool) {
		for _, l := range s.Links {
			if l.Status == snapshot.StatusNotChecked && !yield(l.Error) {
				return
			}
		}
	}); len(got) > 0 && got[0] != "link check budget exhausted" {
		t.Errorf("not-checked reason %q", got[0])
	}
}

// TestCrawlFormsAreNotLinks: a search form's action is neither requested
// nor listed as a link, and does not shadow an a-link to the same URL.
func TestCrawlFormsAreNotLinks(t *testing.T) {
	site := newFixture(t, map[string]string{
		"/": `<html><head><title>首页</title></head><body>
<form action="/search"><input name="q" placeholder="请输入关键字"><input type="submit" value="搜索"></form>
<form action="/a.html"><input name="q"><input type="submit" value="检索"></form>
<a href="/a.html">栏目A</a></body></html>`,
		"/a.html": html("A"),
	})
	_, snaps := audit(t, t.TempDir(), testConfig(), testClient(t, nil),
		snapshot.Site{ID: "fx", Name: "Fixture", URL: site.URL + "/", Kind: "portal"})
	s := snaps[0]
	if l := linkByURL(s, site.URL+"/search"); l != nil {
		t.Errorf("form action listed as a link: %+v", l)
	}
	if n := site.count("GET", "/search") + site.count("HEAD", "/search"); n != 0 {
		t.Errorf("form action requested %d times", n)
	}
	if l := linkByURL(s, site.URL+"/a.html"); l == nil || l.Tag != "a" || l.Text != "栏目A" {
		t.Errorf("a-link shadowed by a form: %+v", l)
	}
}
