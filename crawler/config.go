package crawler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gongkai/crawler/htmlfacts"
)

// RenderMode says when pages are rendered in a headless browser.
type RenderMode string

// The render modes of the --render flag.
const (
	RenderAuto   RenderMode = "auto"   // only when the Renderer says the static HTML is not enough
	RenderAlways RenderMode = "always" // every HTML page
	RenderNever  RenderMode = "never"  // no page
)

// ParseRenderMode parses the value of --render.
func ParseRenderMode(s string) (RenderMode, error) {
	switch m := RenderMode(s); m {
	case RenderAuto, RenderAlways, RenderNever:
		return m, nil
	}
	return "", fmt.Errorf("render mode %q: want auto, always or never", s)
}

// Renderer is the headless browser an audit renders pages with: what the
// crawl asks of it, no more. cmd/gongkai adapts gongkai/crawler/render to
// it. It is used by the sites crawled at once, so it must be safe for
// concurrent use.
type Renderer interface {
	// Render renders pageURL of site siteID.
	Render(ctx context.Context, siteID, pageURL string) (*Rendered, error)
	// NeedsRender says, in RenderAuto mode, whether a page whose static
	// HTML gave hints needs rendering, and why.
	NeedsRender(hints htmlfacts.RenderHints) (bool, string)
	// CloseSite is called when the crawl of a site is over, so that a
	// renderer keeping state per site (a browser context and its renderer
	// process) holds the state of the sites under way only.
	CloseSite(siteID string)
}

// Rendered is what a browser made of a page.
type Rendered struct {
	FinalURL   string
	Status     int
	HTML       []byte // the serialised DOM after scripts ran, UTF-8
	Truncated  bool   // HTML is the start of a DOM over the renderer's cap
	Screenshot []byte // PNG, may be empty
}

// Config holds the per-site crawl budgets and behaviour. Start from
// DefaultConfig; Validate reports values that make no sense.
type Config struct {
	// MaxPages is the most pages fetched per site (the homepage included).
	MaxPages int `json:"max_pages"`
	// MaxDepth is the deepest level crawled; the homepage is depth 0.
	MaxDepth int `json:"max_depth"`
	// PatternCap is the most pages per URL pattern (urls.PatternKey), the
	// guard against endless pagination and calendars; 0 means no cap.
	PatternCap int `json:"pattern_cap"`
	// Workers is the number of pages of a site fetched at once. Per-host
	// politeness is the fetch client's business; this only bounds the work
	// in flight (and so what a killed crawl fetches again).
	Workers int `json:"workers"`
	// MaxLinks is the most links per site checked with a request of their
	// own; links beyond it get status not_checked. Pages the crawl fetched
	// are judged from that fetch and do not count.
	MaxLinks int `json:"max_links"`
	// LinkWorkers is the number of link checks and host probes of a site
	// run at once.
	LinkWorkers int `json:"link_workers"`
	// GuideHosts are host patterns (RE2, lower-case host names) of the
	// provinces' service-guide platforms (政务服务网): a site's links there
	// are followed as pages, and so are the links between their pages,
	// MaxGuidePages pages per site at most (guidehosts.yaml).
	GuideHosts    []string `json:"guide_hosts,omitempty"`
	MaxGuidePages int      `json:"max_guide_pages"`
	// Render selects when pages are rendered; it needs
	// AuditConfig.Renderer. With a Renderer (and Render not never) the
	// homepage is always rendered for its screenshot.
	Render RenderMode `json:"render"`
	// SiteTimeout is the wall-clock budget of one site: crawl, link checks,
	// probes and rendering together. When it runs out the site stops, what
	// was gathered is kept and the snapshot says site_timeout. 0 means no
	// budget.
	SiteTimeout time.Duration `json:"site_timeout"`
	// MaxBytes is the byte budget of one site: everything received for it
	// (see fetch.Meter). When it is spent the site stops as with
	// SiteTimeout and the snapshot says site_too_large. 0 means no budget.
	MaxBytes int64 `json:"max_bytes"`
	// SyncEvery bounds how often the journal is fsynced; records are
	// written to the file at once either way.
	SyncEvery time.Duration `json:"-"`
}

// Defaults of the site budgets.
const (
	DefaultSiteTimeout = 20 * time.Minute
	DefaultMaxBytes    = 512 << 20
)

// DefaultConfig returns the budgets for a county portal: 2000 pages,
// depth 4, 50 pages per URL pattern, 4 workers, 20000 link checks, 20
// minutes and 512 MiB, and the guide hosts of guidehosts.yaml with their
// page budget.
func DefaultConfig() Config {
	hosts, guidePages := defaultGuideHosts()
	return Config{
		MaxPages:      2000,
		MaxDepth:      4,
		PatternCap:    50,
		Workers:       4,
		MaxLinks:      20000,
		LinkWorkers:   8,
		GuideHosts:    hosts,
		MaxGuidePages: guidePages,
		Render:        RenderAuto,
		SiteTimeout:   DefaultSiteTimeout,
		MaxBytes:      DefaultMaxBytes,
		SyncEvery:     time.Second,
	}
}

// Validate reports every field of c that is out of range.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("crawl config: "+format, args...))
		}
	}
	check(c.MaxPages >= 1, "max pages %d: want at least 1", c.MaxPages)
	check(c.MaxDepth >= 0, "max depth %d: want 0 (homepage only) or more", c.MaxDepth)
	check(c.PatternCap >= 0, "pattern cap %d: want 0 (no cap) or more", c.PatternCap)
	check(c.Workers >= 1 && c.Workers <= 256, "workers %d: want 1 to 256", c.Workers)
	check(c.MaxLinks >= 0, "max links %d: want 0 (check none) or more", c.MaxLinks)
	check(c.LinkWorkers >= 1 && c.LinkWorkers <= 256, "link workers %d: want 1 to 256", c.LinkWorkers)
	check(c.SyncEvery >= 0, "journal sync interval %v is negative", c.SyncEvery)
	check(c.SiteTimeout >= 0, "site timeout %v is negative", c.SiteTimeout)
	check(c.MaxBytes >= 0, "max bytes %d is negative", c.MaxBytes)
	check(c.MaxGuidePages >= 0, "max guide pages %d: want 0 (follow none) or more", c.MaxGuidePages)
	if _, err := compileGuideHosts(c.GuideHosts); err != nil {
		errs = append(errs, fmt.Errorf("crawl config: %w", err))
	}
	if _, err := ParseRenderMode(string(c.Render)); err != nil {
		errs = append(errs, fmt.Errorf("crawl config: %w", err))
	}
	return errors.Join(errs...)
}
