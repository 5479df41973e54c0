package render

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/sampleweb"
)

// pagesPerSite bounds the sample-web walk of TestDecideSampleWeb.
const pagesPerSite = 15

// TestDecideSampleWeb walks every site of the sample web the way the
// crawler does under --render auto: fetch, extract, Decide, and for the
// pages Decide renders, render and follow the links of the rendered DOM.
// Every page of shifan-js (navigation built by script) must be rendered,
// and no page of any other site (shifan is its static twin).
func TestDecideSampleWeb(t *testing.T) {
	t.Parallel()
	needBrowser(t)
	ctx := t.Context()
	w, err := sampleweb.Start(ctx, sampleweb.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	client, err := fetch.New(fetch.Config{Resolver: w.DNSAddr, AllowPrivate: true, Rate: -1, PerHost: -1,
		IgnoreRobots: true, RootCAs: w.RootCAs(), Timeout: 5 * time.Second, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(ctx, Config{PageTimeout: 10 * time.Second}, client)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })

	sawJS := false
	for _, s := range w.Sites {
		rendered, total := walkSite(t, ctx, client, r, s.ID, s.URL)
		switch {
		case s.ID == "shifan-js":
			sawJS = true
			if rendered != total || total < 5 {
				t.Errorf("shifan-js: %d of %d pages rendered, want all (and at least 5 pages)", rendered, total)
			}
		case rendered > 0:
			t.Errorf("%s: %d of %d pages rendered, want none", s.ID, rendered, total)
		}
	}
	if !sawJS {
		t.Error("sample web has no shifan-js site")
	}
}

// walkSite visits up to pagesPerSite internal pages breadth first and
// returns how many Decide rendered.
func walkSite(t *testing.T, ctx context.Context, client *fetch.Client, r *Renderer, siteID, home string) (rendered, total int) {
	t.Helper()
	hu, err := url.Parse(home)
	if err != nil {
		t.Fatal(err)
	}
	queue, seen := []string{home}, map[string]bool{home: true}
	for len(queue) > 0 && total < pagesPerSite {
		u := queue[0]
		queue = queue[1:]
		resp, err := client.Fetch(ctx, fetch.Request{URL: u})
		if err != nil || resp.Status != 200 || resp.ContentType != "text/html" {
			continue
		}
		facts, err := htmlfacts.Extract(resp.FinalURL, resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		total++
		render, reason := Decide(Auto, facts.Hints)
		if render {
			rendered++
			t.Logf("%s: render %s (%s)", siteID, u, reason)
			if len(seen) < pagesPerSite { // discover the script-built links
				res, err := r.Render(ctx, siteID, u)
				if err != nil {
					t.Fatalf("%s: render %s: %v", siteID, u, err)
				}
				if facts, err = htmlfacts.Extract(res.FinalURL, res.HTML); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, a := range facts.Anchors {
			au, err := url.Parse(a.URL)
			if a.Tag != "a" || err != nil || au.Host != hu.Host || seen[a.URL] || isAsset(au.Path) {
				continue
			}
			seen[a.URL] = true
			queue = append(queue, a.URL)
		}
	}
	r.CloseSite(siteID)
	return rendered, total
}

// isAsset reports paths that are not pages.
func isAsset(p string) bool {
	for _, ext := range []string{".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".jpg", ".png", ".gif", ".css", ".js"} {
		if strings.HasSuffix(strings.ToLower(p), ext) {
			return true
		}
	}
	return false
}
