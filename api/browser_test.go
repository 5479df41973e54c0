package api

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/api/internal/releasegen"
	"gongkai/crawler/fetch"
	"gongkai/crawler/render"
)

// artefactsDir is where the browser test saves its screenshots:
// $GONGKAI_ARTIFACTS/portal, or test-artifacts/portal at the top of the
// repository.
func artefactsDir(t *testing.T) string {
	dir := os.Getenv("GONGKAI_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "test-artifacts")
	}
	dir = filepath.Join(dir, "portal")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browserPage is one page the browser test opens, and what it must show.
type browserPage struct {
	name, path string
	// want are regular expressions the page's text must match.
	want []string
	// rows is the CSS selector of rows that must be present (at least min).
	rows string
	min  int
}

// TestPortalInBrowser drives the system Chromium, on the crawler's
// hardened launch (crawler/render: every request answered by Go's fetch
// path, nothing resolved or dialled by the browser), over a running server
// on the sample web's release: every page loads with no console error
// (a CSP violation, a missing asset or a script error counts), shows the
// sites and their scores, and the language switch leads to the English
// page and back. Screenshots go to artefactsDir.
func TestPortalInBrowser(t *testing.T) {
	needBrowserBin(t)
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	if _, err := releasegen.SampleWeb(ctx, dir, time.Now().Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := releasegen.SampleWeb(ctx, dir, time.Time{}); err != nil {
		t.Fatal(err)
	}
	srv := start(t, Options{Data: dir, Poll: time.Hour})
	rel := srv.Store().Current()

	client, err := fetch.New(fetch.Config{AllowPrivate: true, Rate: -1, PerHost: -1, Retries: -1, IgnoreRobots: true})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	r, err := render.New(ctx, render.Config{Pages: 1, PageTimeout: 60 * time.Second}, client)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	pages := []browserPage{
		{name: "ranking", path: "/", want: []string{"排名", `\d+\.\d`}, rows: "tr.site-row", min: len(rel.Sites)},
		{name: "ranking-en", path: "/?lang=en", want: []string{"Ranking", "Grade"}, rows: "tr.site-row", min: len(rel.Sites)},
		{name: "ranking-filtered", path: "/?kind=portal&sort=name", want: []string{"排名"}, rows: "tr.site-row", min: 1},
		{name: "rules", path: "/rules", want: []string{"site-unreachable", "ipv6-dns"}, rows: "tr.rule-row", min: 18},
		{name: "datasets", path: "/datasets", want: []string{"findings", "DuckDB", "SHA-256"}, rows: "section.table", min: 10},
		{name: "releases", path: "/releases", want: []string{rel.ID}, rows: "tr.release-row", min: 2},
	}
	for _, s := range rel.Sites {
		pages = append(pages, browserPage{name: "site-" + s.SiteID, path: "/sites/" + s.SiteID,
			want: []string{regexp.QuoteMeta(s.Name), "得分"}, rows: "#score", min: 1})
	}
	shots := artefactsDir(t)
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			err := r.Visit(ctx, "portal", srv.base+p.path, func(tab *render.Tab) error {
				checkPage(t, tab, p)
				png, err := tab.Screenshot()
				if err != nil {
					return err
				}
				return os.WriteFile(filepath.Join(shots, p.name+".png"), png, 0o644)
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}

	t.Run("language switch", func(t *testing.T) {
		err := r.Visit(ctx, "portal", srv.base+"/sites/"+rel.Sites[0].SiteID, func(tab *render.Tab) error {
			if err := tab.Click(ctx, "#lang-switch", 60*time.Second); err != nil {
				return err
			}
			u, _ := tab.URL()
			if !strings.Contains(u, "lang=en") || !strings.Contains(text(t, tab), "Score") || attr(t, tab, "html", "lang") != "en" {
				t.Errorf("after the switch: %s, lang %q", u, attr(t, tab, "html", "lang"))
			}
			png, _ := tab.Screenshot()
			os.WriteFile(filepath.Join(shots, "language-switch-en.png"), png, 0o644)
			if err := tab.Click(ctx, "#lang-switch", 60*time.Second); err != nil {
				return err
			}
			if attr(t, tab, "html", "lang") != "zh-CN" || !strings.Contains(text(t, tab), "得分") {
				t.Errorf("back: lang %q", attr(t, tab, "html", "lang"))
			}
			if c := tab.Console(); len(c) > 0 {
				t.Errorf("console errors: %q", c)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// checkPage asserts a page's content and its console.
func checkPage(t *testing.T, tab *render.Tab, p browserPage) {
	t.Helper()
	body := text(t, tab)
	for _, w := range p.want {
		if !regexp.MustCompile(w).MatchString(body) {
			t.Errorf("%s: no %q in the page", p.path, w)
		}
	}
	if p.rows != "" {
		els, err := tab.Page.Elements(p.rows)
		if err != nil || len(els) < p.min {
			t.Errorf("%s: %d × %s, want at least %d", p.path, len(els), p.rows, p.min)
		}
		if p.rows == "tr.site-row" {
			scores, _ := tab.Page.Elements("tr.site-row td.score")
			shown := 0
			for _, s := range scores {
				if v, _ := s.Text(); v != "—" && v != "" {
					if _, err := strconv.ParseFloat(v, 64); err == nil {
						shown++
					}
				}
			}
			if shown == 0 {
				t.Errorf("%s: no score shown", p.path)
			}
		}
	}
	if c := tab.Console(); len(c) > 0 {
		t.Errorf("%s: console errors: %q", p.path, c)
	}
}

func text(t *testing.T, tab *render.Tab) string {
	el, err := tab.Page.Element("body")
	if err != nil {
		t.Fatal(err)
	}
	s, err := el.Text()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func attr(t *testing.T, tab *render.Tab, sel, name string) string {
	el, err := tab.Page.Element(sel)
	if err != nil {
		t.Fatal(err)
	}
	v, err := el.Attribute(name)
	if err != nil || v == nil {
		return ""
	}
	return *v
}

// needBrowserBin skips the test without Chromium, or fails it when
// CI=true.
func needBrowserBin(t *testing.T) {
	t.Helper()
	_, err := lookChromium()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: %v", err)
		}
		t.Skip(err)
	}
}

func lookChromium() (string, error) {
	for _, name := range []string{os.Getenv("GONGKAI_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if name == "" {
			continue
		}
		if fi, err := os.Stat(name); err == nil && !fi.IsDir() {
			return name, nil
		}
	}
	return "", errors.New("no chromium")
}
