package crawler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"

	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/snapshot"
)

// render renders p in the headless browser when the configuration asks
// for it and replaces its facts with those of the rendered DOM. The
// homepage is always rendered for its screenshot when the audit has a
// Renderer; its facts stay static unless rendering was asked for.
// A page the static fetch found over a size cap (too_large: bytes,
// elements, nesting) is never rendered: a browser would pay far more for
// it. A render failure of a page that needed it keeps the static facts and
// makes the page render_error.
func (c *siteCrawl) render(ctx context.Context, p *snapshot.Page, hints htmlfacts.RenderHints) {
	if !c.renders() || p.HTTPStatus >= 400 || p.Status == snapshot.StatusTooLarge {
		return
	}
	reason := c.renderReason(hints)
	if reason == "" && p.Depth != 0 {
		return
	}
	out, err := c.env.renderer.Render(ctx, c.site.ID, p.URL)
	if err != nil {
		if ctx.Err() == nil {
			c.log.Warn("render failed", slog.String("url", p.URL), slog.Any("error", err))
			if reason != "" {
				p.RenderReason = reason
				p.Status, p.Error = snapshot.StatusRenderError, "render: "+err.Error()
			}
		}
		return
	}
	if len(out.Screenshot) > 0 {
		if rel, err := c.saveShot(p.URL, out.Screenshot); err != nil {
			c.log.Warn("screenshot not saved", slog.String("url", p.URL), slog.Any("error", err))
		} else {
			p.Screenshot = rel
		}
	}
	if reason == "" {
		return
	}
	base := out.FinalURL
	if base == "" {
		base = p.FinalURL
	}
	f, err := htmlfacts.Extract(base, out.HTML)
	if err != nil {
		c.log.Warn("rendered page facts", slog.String("url", p.URL), slog.Any("error", err))
		p.RenderReason, p.Status, p.Error = reason, snapshot.StatusRenderError, "render: "+err.Error()
		return
	}
	fresh := snapshot.Page{
		URL: p.URL, FinalURL: p.FinalURL, Depth: p.Depth, HTTPStatus: p.HTTPStatus, Status: p.Status,
		Error: p.Error, Redirects: p.Redirects, ContentType: p.ContentType, Charset: p.Charset,
		Bytes: p.Bytes, FetchedAt: p.FetchedAt, LastModified: p.LastModified, Screenshot: p.Screenshot,
		Rendered: true, RenderReason: reason,
	}
	f.Apply(&fresh)
	if out.Truncated {
		f.Limits = append(f.Limits, "rendered DOM over the renderer's cap")
	}
	if len(f.Limits) > 0 && fresh.Status == snapshot.StatusOK {
		fresh.Status = snapshot.StatusTooLarge
		fresh.Error = "rendered document over the parser's bounds: " + strings.Join(f.Limits, "; ")
	}
	*p = fresh
}

// renderReason says why a page is rendered, or "" when it is not.
func (c *siteCrawl) renderReason(hints htmlfacts.RenderHints) string {
	switch {
	case c.cfg.Render == RenderAlways:
		return "render always"
	case c.cfg.Render == RenderAuto:
		if ok, why := c.env.renderer.NeedsRender(hints); ok {
			if why == "" {
				why = "render decided"
			}
			return why
		}
	}
	return ""
}

// renders reports whether pages may be rendered at all.
func (c *siteCrawl) renders() bool {
	return c.env.renderer != nil && c.cfg.Render != RenderNever
}

// saveShot stores a screenshot under shots/<site_id>/ and returns its path
// relative to the audit directory.
func (c *siteCrawl) saveShot(pageURL string, png []byte) (string, error) {
	sum := sha256.Sum256([]byte(pageURL))
	name := hex.EncodeToString(sum[:8]) + ".png"
	dir := filepath.Join(c.env.dir, snapshot.ShotsDir, c.site.ID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		return "", err
	}
	return path.Join(snapshot.ShotsDir, c.site.ID, name), nil
}
