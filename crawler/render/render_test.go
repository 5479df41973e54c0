package render

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gongkai/crawler/fetch"
	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/snapshot"
)

// anchors returns the <a href> URLs htmlfacts finds in rendered HTML.
func anchors(t *testing.T, html []byte, pageURL string) []string {
	t.Helper()
	facts, err := htmlfacts.Extract(pageURL, html)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range facts.Anchors {
		if a.Tag == "a" {
			out = append(out, a.URL)
		}
	}
	return out
}

// TestRenderThroughOwnDNS renders a site whose name only the test's DNS
// server knows: the page and its scripts can only have been fetched by the
// crawler's fetch path, and the links its scripts build are in the DOM.
func TestRenderThroughOwnDNS(t *testing.T) {
	t.Parallel()
	e := sharedEnv(t)
	ctx := context.Background()
	res, err := e.r.Render(ctx, "js", e.fix.base+"/")
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 200 || res.FinalURL != e.fix.base+"/" || res.Partial {
		t.Errorf("status %d final %q partial %v", res.Status, res.FinalURL, res.Partial)
	}
	got := anchors(t, res.HTML, res.FinalURL)
	for _, want := range []string{"/zwgk/", "/tzgg/", "/zcwj/", "/hdjl/"} {
		if !slices.Contains(got, e.fix.base+want) {
			t.Errorf("script-built link %s missing from rendered anchors %v", want, got)
		}
	}
	// Every request the browser made is logged with its outcome.
	want := map[string]Request{
		"/":              {Type: "Document", HTTPStatus: 200, Status: snapshot.StatusOK},
		"/nav.js":        {Type: "Script", HTTPStatus: 200, Status: snapshot.StatusOK},
		"/missing.js":    {Type: "Script", HTTPStatus: 404, Status: snapshot.StatusOK},
		"/api/menu.json": {Type: "XHR", HTTPStatus: 200, Status: snapshot.StatusOK},
		"/logo.png":      {Type: "Image", Status: snapshot.StatusNotChecked}, // DOM renders skip images
	}
	for path, w := range want {
		i := slices.IndexFunc(res.Requests, func(q Request) bool { return q.URL == e.fix.base+path })
		if i < 0 {
			t.Errorf("request %s not logged: %+v", path, res.Requests)
			continue
		}
		q := res.Requests[i]
		if q.Type != w.Type || q.HTTPStatus != w.HTTPStatus || q.Status != w.Status {
			t.Errorf("request %s = %+v, want %+v", path, q, w)
		}
	}
	if n := e.fix.hitCount("/logo.png"); n != 0 {
		t.Errorf("image fetched %d times in a DOM render", n)
	}
	// Nothing reached the site except through the fetch path.
	for ua := range e.fix.userAgents() {
		if ua != fetch.DefaultUserAgent {
			t.Errorf("request with User-Agent %q bypassed the fetch path", ua)
		}
	}
}

// TestRenderRedirect checks that a redirect followed by the fetch path
// gives the document its final URL, so relative links resolve against it.
func TestRenderRedirect(t *testing.T) {
	t.Parallel()
	e := sharedEnv(t)
	res, err := e.r.Render(context.Background(), "js", e.fix.base+"/old")
	if err != nil {
		t.Fatal(err)
	}
	if res.FinalURL != e.fix.base+"/new/" || res.Status != 200 {
		t.Errorf("final %q status %d", res.FinalURL, res.Status)
	}
	if got := anchors(t, res.HTML, res.FinalURL); !slices.Contains(got, e.fix.base+"/new/a.html") {
		t.Errorf("anchors %v", got)
	}
	doc := res.Requests[0]
	if doc.URL != e.fix.base+"/old" || doc.FinalURL != e.fix.base+"/new/" || len(doc.Redirects) != 1 {
		t.Errorf("document request %+v", doc)
	}
	if n := e.fix.hitCount("/new/"); n != 1 {
		t.Errorf("redirect target fetched %d times, want 1", n)
	}
}

// TestRenderDocumentErrors checks that a main document the fetch path
// cannot get is reported with the fetch path's classification, and a 404
// is rendered, not an error.
func TestRenderDocumentErrors(t *testing.T) {
	t.Parallel()
	e := sharedEnv(t)
	ctx := context.Background()
	_, err := e.r.Render(ctx, "js", "http://nowhere.test.gov.cn/")
	if got := Classify(err); got != snapshot.StatusDNSError {
		t.Errorf("unknown host: %v classified %s, want dns_error", err, got)
	}
	res, err := e.r.Render(ctx, "js", e.fix.base+"/no-such-page")
	if err != nil || res.Status != 404 {
		t.Errorf("404 page: %v, %+v", err, res)
	}
}

// TestRenderPartial checks that a page that never becomes quiet is
// returned as it is when its time is up. The render must end by its own
// page timeout: the context's deadline, far beyond it (slack for a loaded
// machine, no clock asserted), only catches a render that waits for ever.
func TestRenderPartial(t *testing.T) {
	t.Parallel()
	e := sharedEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*e.r.cfg.PageTimeout)
	defer cancel()
	res, err := e.r.Render(ctx, "js", e.fix.base+"/busy")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Partial || !strings.Contains(string(res.HTML), `id="n"`) {
		t.Errorf("partial %v html %.200s", res.Partial, res.HTML)
	}
}

// TestRenderHungTab checks that a tab stuck in a script loop ends as a
// render error by the page timeout (the context's far deadline only
// catches a render that waits for ever), and the browser goes on.
func TestRenderHungTab(t *testing.T) {
	t.Parallel()
	e := sharedEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*e.r.cfg.PageTimeout)
	defer cancel()
	_, err := e.r.Render(ctx, "loop", e.fix.base+"/loop")
	if Classify(err) != snapshot.StatusRenderError || ctx.Err() != nil {
		t.Errorf("endless script: %v (test context: %v)", err, ctx.Err())
	}
	if _, err := e.r.Render(context.Background(), "loop", e.fix.base+"/plain"); err != nil {
		t.Errorf("next page: %v", err)
	}
}

// TestIncognitoPerSite checks that sites do not share cookies, and that
// CloseSite forgets a site's.
func TestIncognitoPerSite(t *testing.T) {
	t.Parallel()
	e := sharedEnv(t)
	ctx := context.Background()
	before := func(site string) string {
		t.Helper()
		res, err := e.r.Render(ctx, site, e.fix.base+"/cookie")
		if err != nil {
			t.Fatal(err)
		}
		_, rest, _ := strings.Cut(string(res.HTML), `id="before">`)
		v, _, _ := strings.Cut(rest, "<")
		return v
	}
	if got := before("a"); got != "before:" {
		t.Errorf("site a first visit: %q", got)
	}
	if got := before("a"); got != "before:visited=yes" {
		t.Errorf("site a second visit: %q", got)
	}
	if got := before("b"); got != "before:" {
		t.Errorf("site b sees site a's cookie: %q", got)
	}
	e.r.CloseSite("a")
	if got := before("a"); got != "before:" {
		t.Errorf("site a after CloseSite: %q", got)
	}
}

// TestScreenshot checks the full-page PNG of the Chinese homepage. Set
// GONGKAI_SHOT_DIR to keep it for a look.
func TestScreenshot(t *testing.T) {
	t.Parallel()
	e := sharedEnv(t)
	shot, err := e.r.Screenshot(context.Background(), "js", e.fix.base+"/shot")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 200 {
		t.Errorf("screenshot %v", b)
	}
	if n := e.fix.hitCount("/shot.png"); n == 0 {
		t.Error("screenshot did not load the image")
	}
	if dir := os.Getenv("GONGKAI_SHOT_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "render-home.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
