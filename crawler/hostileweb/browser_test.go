package hostileweb

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"gongkai/crawler"
	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/internal/proctree"
	"gongkai/crawler/render"
	"gongkai/crawler/snapshot"
)

// needChromium fails under CI when no browser is installed, skips elsewhere.
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("chromium"); err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found but CI=true: apt-get install -y chromium")
	}
	t.Skip("chromium not found")
}

// renderer adapts render.Renderer to crawler.Renderer, in auto mode.
type renderer struct{ r *render.Renderer }

func (a renderer) CloseSite(siteID string) { a.r.CloseSite(siteID) }

func (a renderer) NeedsRender(h htmlfacts.RenderHints) (bool, string) {
	return render.Decide(render.Auto, h)
}

func (a renderer) Render(ctx context.Context, siteID, u string) (*crawler.Rendered, error) {
	res, err := a.r.Render(ctx, siteID, u)
	if err != nil {
		return nil, err
	}
	return &crawler.Rendered{FinalURL: res.FinalURL, Status: res.Status, HTML: res.HTML, Truncated: res.Truncated, Screenshot: res.Screenshot}, nil
}

// TestBrowser renders the browser site's pages through the production
// guard: the page that fills memory costs its renderer (killed at the cap,
// render_error), the page that reaches for private addresses by fetch,
// beacon, image, XHR, WebSocket, WebRTC and iframe reaches none, and no
// browser process is left once the renderer is closed.
func TestBrowser(t *testing.T) {
	needChromium(t)
	w := startWeb(t)
	cl := client(t, w)
	r, err := render.New(t.Context(), render.Config{Logger: testLogger(t), MaxRendererMemory: 256 << 20, PageTimeout: 15 * time.Second}, cl)
	if err != nil {
		t.Fatal(err)
	}
	profiles := r.ProfileDir()
	cfg := hostileConfig()
	cfg.Render = crawler.RenderAuto
	snaps, err := audit(t, w, cfg, crawler.AuditConfig{Renderer: renderer{r}}, "browser")
	if cerr := r.Close(); cerr != nil {
		t.Error(cerr)
	}
	if err != nil {
		t.Fatal(err)
	}
	pages := pageStatus(snaps["browser"])
	if p := pages["/bomb.html"]; p == nil || p.Status != snapshot.StatusRenderError || !strings.Contains(p.Error, "memory cap") {
		t.Errorf("bomb page %+v, want render_error at the memory cap", p)
	}
	for _, path := range []string{"/app.html", "/spy.html"} {
		if p := pages[path]; p == nil || !p.Rendered || p.Status != snapshot.StatusOK {
			t.Errorf("%s: %+v, want rendered", path, p)
		}
	}
	if st, _ := snaps["browser"].CrawlStatus(); st != snapshot.StatusOK {
		t.Errorf("browser site %s", st)
	}
	if n, seen := w.CanaryHits(); n != 0 {
		t.Errorf("%d connections reached a private address: %v", n, seen)
	}
	if pids, _ := proctree.Find(profiles); len(pids) != 0 {
		t.Errorf("browser processes left after Close: %v", pids)
	}
}
