package render

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sync/atomic"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Page readiness: the load event, then no request in flight for quiet.
const (
	quiet        = 300 * time.Millisecond
	pollInterval = 50 * time.Millisecond
	// maxShotHeight caps full-page screenshots (CSS pixels): endless pages
	// would otherwise make huge images.
	maxShotHeight = 12000
)

// errStaleTab is returned by renderIn when a tab kept from an earlier page
// could not be navigated: attempt closes it and opens a fresh one.
var errStaleTab = errors.New("idle tab no longer usable")

// attempt renders pageURL once in the lease's browser context, in a tab
// the site's earlier pages left open when there is one.
func (r *Renderer) attempt(ctx context.Context, l lease, pageURL string, shot bool) (*Result, error) {
	start := time.Now()
	for {
		t, reused, err := r.tabFor(ctx, l, pageURL)
		if err != nil {
			return nil, err
		}
		res, err := r.renderIn(ctx, l, t, reused, pageURL, shot, start)
		if reused && errors.Is(err, errStaleTab) {
			continue
		}
		return res, err
	}
}

// tabFor returns an idle tab of the site when pageURL may reuse one, or a
// new tab.
func (r *Renderer) tabFor(ctx context.Context, l lease, pageURL string) (*tab, bool, error) {
	for reusable(pageURL) {
		t := r.takeTab(l)
		if t == nil {
			break
		}
		if err := t.setState(proto.PageSetWebLifecycleStateStateActive); err != nil {
			t.close(l.inst)
			continue
		}
		return t, true, nil
	}
	t, err := newTab(ctx, l.inst, l.b, r.cfg.PageTimeout)
	return t, false, err
}

// renderIn loads pageURL in tab t and returns the rendered page. The tab
// goes back to the site (putTab) when the page rendered cleanly.
func (r *Renderer) renderIn(ctx context.Context, l lease, t *tab, reused bool, pageURL string, shot bool, start time.Time) (*Result, error) {
	kills := l.inst.mem.kills.Load()
	ph := Phases{Tab: time.Since(start), Reused: reused}
	ph.Calls = tabCalls
	if reused {
		ph.Calls = reuseCalls
	}
	clean := false
	defer func() { r.putTab(l, t, clean) }()
	ctx, cancel := context.WithTimeout(ctx, r.cfg.PageTimeout)
	defer cancel()
	page := t.page.Context(ctx)

	types := rules().FetchTypes
	if shot {
		types = rules().ShotTypes
	}
	br := newBridge(r.client, page, types, l.sc.assets)
	w := watch(ctx, page, br)
	defer func() { cancel(); w.wait() }()

	navStart := time.Now()
	ph.Calls++
	nav, err := proto.PageNavigate{URL: pageURL}.Call(page)
	if err != nil {
		if reused && ctx.Err() == nil {
			return nil, errStaleTab
		}
		return nil, &browserError{op: "navigate", err: err}
	}
	ph.Navigate = time.Since(navStart)
	if nav.ErrorText != "" {
		if _, docErr, ok := br.document(); ok && docErr != nil {
			return nil, &docError{err: docErr}
		}
		return nil, fmt.Errorf("navigate: %w: %s", ErrRender, nav.ErrorText)
	}

	committed := time.Now()
	partial := !waitReady(ctx, readyBudget(ctx), w)
	ready := time.Now()
	if at := w.loadedAt(); !at.IsZero() && !at.Before(committed) {
		ph.Load, ph.Settle = at.Sub(committed), ready.Sub(at)
	} else {
		ph.Load = ready.Sub(committed)
	}
	if w.crashed.Load() {
		if l.inst.mem.kills.Load() > kills {
			return nil, &browserError{op: "render", err: fmt.Errorf("tab crashed: its renderer went over the %d MiB memory cap and was killed", r.cfg.MaxRendererMemory>>20)}
		}
		return nil, &browserError{op: "render", err: errors.New("tab crashed")}
	}
	ph.Calls++
	dom, err := serialise(page)
	if err != nil {
		return nil, &browserError{op: "serialise DOM", err: err}
	}
	ph.Serialise = time.Since(ready)
	res := &Result{HTML: []byte(dom.HTML), FinalURL: dom.URL, Partial: partial, Truncated: dom.Truncated}
	if doc, _, ok := br.document(); ok {
		res.Status = doc.HTTPStatus
		if res.FinalURL == "" {
			res.FinalURL = doc.FinalURL
		}
	}
	if shot {
		shotStart := time.Now()
		ph.Calls += shotCalls
		if res.Screenshot, err = screenshot(page); err != nil {
			if !r.cfg.Screenshots || !isHome(pageURL) {
				return nil, &browserError{op: "screenshot", err: err}
			}
			// The homepage shot of Render is evidence, not what the checks
			// judge: the DOM is whole, so a shot that does not come in time
			// (a loaded machine, an endless page) costs the picture only.
			r.log.Warn("homepage screenshot failed; keeping the rendered DOM", "url", pageURL, "error", err)
			res.Screenshot = nil
		}
		ph.Screenshot = time.Since(shotStart)
	}
	res.Requests = br.requests()
	ph.Calls += int(br.calls.Load())
	res.Phases = ph
	res.Duration = time.Since(start)
	// A tab whose viewport a screenshot changed, or whose page was not
	// quiet, does not show the site's next page.
	clean = !partial && !shot
	return res, nil
}

// DevTools calls of opening a tab (create, attach, Page.enable,
// Fetch.enable, Network.enable), of reusing one (thaw, and freeze when the
// render is done) and of a screenshot (layout metrics, viewport, capture).
const (
	tabCalls   = 5
	reuseCalls = 2
	shotCalls  = 3
)

// watcher follows one tab's events until its context ends.
type watcher struct {
	loaded, crashed atomic.Bool
	loadAt          atomic.Int64 // UnixNano of the load event
	done            chan struct{}
	br              *bridge
}

// watch follows the tab's events until ctx ends: every request is paused
// and answered by the bridge, and the Network domain's events tell when
// the page starts and ends each request, earlier than the pauses do (the
// tab has both domains on, see tab.attach).
func watch(ctx context.Context, page *rod.Page, br *bridge) *watcher {
	w := &watcher{done: make(chan struct{}), br: br}
	events := page.EachEvent(
		func(e *proto.FetchRequestPaused) { br.pause(ctx, e) },
		func(e *proto.NetworkRequestWillBeSent) { br.started(e.RequestID) },
		func(e *proto.NetworkLoadingFinished) { br.ended(e.RequestID) },
		func(e *proto.NetworkLoadingFailed) { br.ended(e.RequestID) },
		func(e *proto.PageLoadEventFired) {
			if _, _, ok := br.document(); ok { // not about:blank's load
				br.touch() // the quiet period starts at the load event at the earliest
				w.loadAt.Store(time.Now().UnixNano())
				w.loaded.Store(true)
			}
		},
		func(e *proto.InspectorTargetCrashed) bool { w.crashed.Store(true); return true },
	)
	go func() { events(); close(w.done) }()
	return w
}

// loadedAt returns when the load event came, or the zero time.
func (w *watcher) loadedAt() time.Time {
	if n := w.loadAt.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// wait waits, after the tab's context ended, for the event loop and every
// request handler to finish.
func (w *watcher) wait() {
	<-w.done
	w.br.wg.Wait()
}

// readyBudget is how long the page may still take to become ready: the
// time left before ctx's deadline less a reserve (a quarter, at most 3s)
// kept for serialising the DOM and the screenshot.
func readyBudget(ctx context.Context) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		return defaultPageTimeout
	}
	left := time.Until(deadline)
	return left - min(3*time.Second, left/4)
}

// waitReady waits for the load event followed by a quiet network, at most
// budget. It reports whether the page became ready.
func waitReady(ctx context.Context, budget time.Duration, w *watcher) bool {
	deadline := time.NewTimer(budget)
	defer deadline.Stop()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-deadline.C:
			return false
		case <-tick.C:
			if w.crashed.Load() {
				return false
			}
			if w.loaded.Load() && w.br.quietFor() >= quiet {
				return true
			}
		}
	}
}

// dom is the serialised document and its URL.
type dom struct {
	HTML      string `json:"html"`
	URL       string `json:"url"`
	Truncated bool   `json:"truncated"`
}

// maxDOM bounds the serialised DOM sent back by the browser, in UTF-16
// code units (4 Mi: at most 12 MiB of UTF-8): a script-built endless page
// costs the renderer, not gongkai.
const maxDOM = 4 << 20

// serialise returns the rendered DOM as HTML (what page.HTML gives,
// in one round trip and without rod's helper script), cut at maxDOM, and
// the document's URL after any script navigation.
func serialise(page *rod.Page) (dom, error) {
	res, err := proto.RuntimeEvaluate{
		Expression: fmt.Sprintf(`(() => {
			const h = document.documentElement ? document.documentElement.outerHTML : "";
			return {html: h.length > %[1]d ? h.slice(0, %[1]d) : h, url: location.href, truncated: h.length > %[1]d};
		})()`, maxDOM),
		ReturnByValue: true,
	}.Call(page)
	if err != nil {
		return dom{}, err
	}
	if res.ExceptionDetails != nil {
		return dom{}, fmt.Errorf("evaluate: %s", res.ExceptionDetails.Text)
	}
	var d dom
	if err := res.Result.Value.Unmarshal(&d); err != nil {
		return dom{}, err
	}
	return d, nil
}

// screenshot captures the whole page, up to maxShotHeight, as PNG.
func screenshot(page *rod.Page) ([]byte, error) {
	m, err := proto.PageGetLayoutMetrics{}.Call(page)
	if err != nil {
		return nil, err
	}
	w, h := 1366, 900
	if m.CSSContentSize != nil {
		w = max(int(m.CSSContentSize.Width), 1)
		h = min(max(int(m.CSSContentSize.Height), 1), maxShotHeight)
	}
	if err := page.SetViewport(&proto.EmulationSetDeviceMetricsOverride{Width: w, Height: h, DeviceScaleFactor: 1}); err != nil {
		return nil, err
	}
	return page.Screenshot(false, &proto.PageCaptureScreenshot{Format: proto.PageCaptureScreenshotFormatPng})
}

// openTab opens a blank tab in the browser context b, waiting at most
// timeout: a loaded machine can take seconds to start a renderer process,
// and that time is not taken from the page's own timeout.
func openTab(ctx context.Context, b *rod.Browser, timeout time.Duration) (proto.TargetTargetID, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	t, err := proto.TargetCreateTarget{URL: "about:blank", BrowserContextID: b.BrowserContextID}.Call(b.Context(ctx))
	if err != nil {
		return "", err
	}
	return t.TargetID, nil
}

// closeTab closes a page target, best effort and bounded.
func closeTab(in *instance, id proto.TargetTargetID) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, _ = proto.TargetCloseTarget{TargetID: id}.Call(in.browser.Context(ctx))
	in.browser.RemoveState(id)
}

// homePath matches the paths of a site's homepage.
var homePath = regexp.MustCompile(`(?i)^/?(index\.[a-z]{2,5})?$`)

// isHome reports whether u looks like a homepage URL.
func isHome(u string) bool {
	p, err := url.Parse(u)
	return err == nil && p.RawQuery == "" && homePath.MatchString(p.Path)
}
