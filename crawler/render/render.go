// Package render renders pages in headless Chromium for the pages whose
// static HTML is not enough (see Decide). It drives Debian's chromium with
// go-rod, never downloads a browser, and answers every request the browser
// makes through the crawler's own fetch.Client: the browser never resolves
// a name or opens a connection itself (a resolver rule and a dead proxy
// make sure of it). A small pool of browsers and pages serves the audit,
// with one incognito context per site, a hard timeout per page, browsers
// recycled after a number of pages and replaced when they crash or hang.
// Within a site's context a cleanly rendered page leaves its tab (frozen)
// for the next page, and the site's static assets are fetched once.
package render

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/snapshot"
)

// Config configures a Renderer. Zero fields select the documented defaults.
type Config struct {
	// Bin is the Chromium executable. "" looks up $GONGKAI_CHROMIUM, then
	// chromium, chromium-browser and google-chrome in PATH.
	Bin string
	// Browsers is the number of browser processes; default 1.
	Browsers int
	// Pages is the number of pages rendered at once over all browsers;
	// default min(4, 2*NumCPU).
	Pages int
	// PageTimeout bounds one render attempt, from navigation to the
	// serialised DOM and screenshot; default 20s. Opening the tab has its
	// own bound of the same length (a loaded machine can take seconds to
	// start a renderer process).
	PageTimeout time.Duration
	// RecycleAfter is the number of pages a browser renders before it is
	// replaced by a fresh one; default 200.
	RecycleAfter int
	// Logger receives debug and warning records; nil discards.
	Logger *slog.Logger
	// Screenshots makes Render attach a full-page PNG to homepages (a URL
	// whose path is empty, "/" or /index.*).
	Screenshots bool
	// MaxRendererMemory caps the resident memory of each renderer process:
	// one that grows past it is killed and its page fails with ErrRender.
	// Default 384 MiB (an ordinary government page takes 100 to 250 MiB);
	// negative means no cap.
	MaxRendererMemory int64
}

// Defaults for the zero fields of Config.
const (
	defaultBrowsers     = 1
	defaultPageTimeout  = 20 * time.Second
	defaultRecycleAfter = 200
	maxDefaultPages     = 4
	defaultMaxRenderer  = 384 << 20
)

// withDefaults validates cfg and fills its zero fields.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Browsers < 0 || cfg.Pages < 0 || cfg.PageTimeout < 0 || cfg.RecycleAfter < 0 {
		return cfg, errors.New("render config: negative value")
	}
	if cfg.Browsers == 0 {
		cfg.Browsers = defaultBrowsers
	}
	if cfg.Pages == 0 {
		cfg.Pages = min(maxDefaultPages, 2*runtime.NumCPU())
	}
	if cfg.PageTimeout == 0 {
		cfg.PageTimeout = defaultPageTimeout
	}
	if cfg.RecycleAfter == 0 {
		cfg.RecycleAfter = defaultRecycleAfter
	}
	if cfg.MaxRendererMemory == 0 {
		cfg.MaxRendererMemory = defaultMaxRenderer
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg, nil
}

// Result is one rendered page.
type Result struct {
	// FinalURL is the page's URL once loaded, after HTTP and script
	// redirects.
	FinalURL string
	// Status is the HTTP status of the main document (the last one when
	// the page navigated itself).
	Status int
	// HTML is the rendered DOM serialised as UTF-8 HTML.
	HTML []byte
	// Screenshot is a full-page PNG, when one was asked for.
	Screenshot []byte
	// Requests lists every request the page made, in the order made.
	Requests []Request
	// Partial is set when the page was not quiet before its timeout: HTML
	// is the DOM as it was then.
	Partial bool
	// Truncated is set when the serialised DOM was longer than the cap
	// (4 Mi UTF-16 units): HTML is its start.
	Truncated bool
	// Duration is the wall time of the successful attempt.
	Duration time.Duration
	// Phases is where Duration went.
	Phases Phases
}

// Phases splits a render's wall time, to show where rendering spends it.
type Phases struct {
	// Tab is taking a tab: one the site's earlier pages left open, or a
	// new one created, attached and set up.
	Tab time.Duration
	// Navigate is Page.navigate: until the main document's response was
	// committed (its fetch through the fetch path included).
	Navigate time.Duration
	// Load runs from then to the load event (scripts, style sheets and
	// their fetches).
	Load time.Duration
	// Settle runs from the load event until the network was quiet (or
	// the time was up): the XHRs after load, and the quiet period.
	Settle time.Duration
	// Serialise is reading back the DOM; Screenshot taking the picture.
	Serialise, Screenshot time.Duration
	// Calls counts the DevTools calls the render made (tab set-up,
	// navigation, one per paused request answered, serialise, screenshot).
	Calls int
	// Reused is set when the tab had shown an earlier page of the site.
	Reused bool
}

// Request is one request made by a rendered page and how the crawler's
// fetch path answered it.
type Request struct {
	URL        string          `json:"url"`
	Method     string          `json:"method"`
	Type       string          `json:"type"` // Chromium resource type: Document, Script, XHR, Image...
	HTTPStatus int             `json:"http_status"`
	Status     snapshot.Status `json:"status"` // not_checked when the renderer did not fetch it
	FinalURL   string          `json:"final_url,omitempty"`
	Redirects  []string        `json:"redirects,omitempty"`
	Bytes      int64           `json:"bytes"`
	Error      string          `json:"error,omitempty"`
	// Cached is set when the answer came from the site's asset cache: the
	// same URL was fetched for an earlier page of the site.
	Cached bool `json:"cached,omitempty"`
}

// Renderer renders pages with a pool of headless browsers. It is safe for
// concurrent use. Close it to kill the browsers and remove their profiles.
type Renderer struct {
	cfg    Config
	bin    string
	client *fetch.Client
	log    *slog.Logger
	root   string        // temp dir holding every browser profile
	sem    chan struct{} // one token per page rendered at once
	stop   func() bool   // unregisters the close-on-cancel hook

	mu     sync.Mutex
	slots  []*slot
	live   map[*instance]bool // launched and not yet killed
	sites  map[string]*siteContext
	closed bool
	done   chan struct{}  // closed when Close has finished
	gen    int            // browsers launched so far
	dying  sync.WaitGroup // kills in progress
}

// New starts no browser yet (the first render launches one) but finds the
// binary and prepares the profile directory, so a missing Chromium is
// reported at once with ErrNoBrowser. When ctx is cancelled the renderer
// is closed: pass the audit's signal-aware context so that SIGINT and
// SIGTERM kill the browsers.
func New(ctx context.Context, cfg Config, client *fetch.Client) (*Renderer, error) {
	if client == nil {
		return nil, errors.New("render: nil fetch client")
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	bin, err := lookBin(cfg.Bin, os.Getenv(envBin))
	if err != nil {
		return nil, err
	}
	sweepProfiles(os.TempDir(), cfg.Logger)
	root, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", profilePrefix, os.Getpid()))
	if err != nil {
		return nil, fmt.Errorf("render: profile dir: %w", err)
	}
	r := &Renderer{
		cfg:    cfg,
		bin:    bin,
		client: client,
		log:    cfg.Logger,
		root:   root,
		sem:    make(chan struct{}, cfg.Pages),
		slots:  make([]*slot, cfg.Browsers),
		live:   map[*instance]bool{},
		sites:  map[string]*siteContext{},
		done:   make(chan struct{}),
	}
	for i := range r.slots {
		r.slots[i] = &slot{index: i}
	}
	r.stop = context.AfterFunc(ctx, func() { _ = r.Close() })
	return r, nil
}

// Start launches the first browser now rather than at the first render,
// so that the seconds a browser takes to start on a busy machine are not
// taken from the first page's timeout (or its site's budget), and a
// browser that cannot start is reported before any site is crawled.
func (r *Renderer) Start(ctx context.Context) error {
	if _, err := r.instanceFor(ctx, r.slots[0]); err != nil {
		return fmt.Errorf("render: start browser: %w", err)
	}
	return nil
}

// ProfileDir returns the temporary directory holding the renderer's browser
// profiles. Every browser process has it in its command line; it is
// removed by Close.
func (r *Renderer) ProfileDir() string { return r.root }

// Close kills every browser, waits until none of their processes is left
// and removes the profiles. It is safe to call more than once.
func (r *Renderer) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		<-r.done
		return nil
	}
	r.closed = true
	defer close(r.done)
	var all []*instance
	for in := range r.live {
		in.killed = true
		all = append(all, in)
	}
	r.live = map[*instance]bool{}
	for _, s := range r.slots {
		s.inst = nil
	}
	for _, sc := range r.sites {
		sc.dropIdleLocked()
	}
	r.sites = map[string]*siteContext{}
	r.mu.Unlock()
	r.stop()
	for _, in := range all {
		r.dying.Add(1)
		go func() { defer r.dying.Done(); in.kill() }()
	}
	r.dying.Wait()
	// Helpers of a killed browser (zygotes, renderers, crashpad) can
	// outlive its process group by a moment: return only once every
	// process that names the profiles is gone.
	killAll(r.root, 10*time.Second, r.log)
	if err := os.RemoveAll(r.root); err != nil {
		return fmt.Errorf("render: remove profiles: %w", err)
	}
	return nil
}

// Render loads pageURL in the site's incognito context and returns the
// rendered DOM, the main document's status and every request the page
// made. With Config.Screenshots a homepage also gets a full-page PNG.
//
// A browser that crashed or hung is killed and replaced and the page tried
// once more; a second failure returns an error wrapping ErrRender. When the
// main document cannot be fetched the fetch error is returned (see
// Classify); HTTP error statuses are not errors.
func (r *Renderer) Render(ctx context.Context, siteID, pageURL string) (*Result, error) {
	return r.render(ctx, siteID, pageURL, r.cfg.Screenshots && isHome(pageURL))
}

// Screenshot renders pageURL, images and fonts included, and returns a
// full-page PNG of it (the evidence kept for homepages and for pages
// behind failed findings).
func (r *Renderer) Screenshot(ctx context.Context, siteID, pageURL string) ([]byte, error) {
	res, err := r.render(ctx, siteID, pageURL, true)
	if err != nil {
		return nil, err
	}
	if len(res.Screenshot) == 0 {
		return nil, fmt.Errorf("screenshot %s: %w: no picture taken", pageURL, ErrRender)
	}
	return res.Screenshot, nil
}

// render runs up to two attempts, the second on a fresh browser when the
// first failed because the browser died or hung.
func (r *Renderer) render(ctx context.Context, siteID, pageURL string, shot bool) (*Result, error) {
	select {
	case r.sem <- struct{}{}:
		defer func() { <-r.sem }()
	case <-ctx.Done():
		return nil, fmt.Errorf("render %s: %w", pageURL, ctx.Err())
	}
	log := r.log.With("site", siteID, "url", pageURL)
	for try := 1; ; try++ {
		res, retry, err := r.try(ctx, siteID, pageURL, shot)
		if err == nil {
			log.Debug("rendered", "status", res.Status, "requests", len(res.Requests),
				"partial", res.Partial, "duration", res.Duration)
			return res, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("render %s: %w", pageURL, ctx.Err())
		}
		if retry && try < 2 {
			log.Warn("browser failed, retrying on a fresh one", "err", err)
			continue
		}
		log.Debug("render failed", "err", err)
		var be *browserError
		if errors.As(err, &be) {
			return nil, fmt.Errorf("render %s: %w: %w", pageURL, ErrRender, err)
		}
		return nil, fmt.Errorf("render %s: %w", pageURL, err)
	}
}

// try is one attempt: lease a browser and render. When the attempt failed
// in a way that may be the browser's fault, the browser is checked; a dead
// or hung one is discarded and retry is set.
func (r *Renderer) try(ctx context.Context, siteID, pageURL string, shot bool) (res *Result, retry bool, err error) {
	l, err := r.acquire(ctx, siteID)
	if err != nil {
		var be *browserError
		if !errors.As(err, &be) {
			return nil, false, err
		}
		if l.inst != nil && !l.inst.alive(ctx) {
			r.discard(l.inst)
		}
		return nil, true, err
	}
	defer r.release(l)
	res, err = r.attempt(ctx, l, pageURL, shot)
	var be *browserError
	if errors.As(err, &be) && ctx.Err() == nil && !l.inst.alive(ctx) {
		r.discard(l.inst)
		retry = true
	}
	return res, retry, err
}
