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

// attempt renders pageURL once in the lease's browser context.
func (r *Renderer) attempt(ctx context.Context, l lease, pageURL string, shot bool) (*Result, error) {
	start := time.Now()
	kills := l.inst.mem.kills.Load()
	id, err := openTab(ctx, l.b, r.cfg.PageTimeout)
	if err != nil {
		return nil, &browserError{op: "open tab", err: err}
	}
	defer closeTab(l.inst, id)
	ctx, cancel := context.WithTimeout(ctx, r.cfg.PageTimeout)
	defer cancel()
	page, err := l.b.Context(ctx).PageFromTarget(id)
	if err != nil {
		return nil, &browserError{op: "attach tab", err: err}
	}

	types := rules().FetchTypes
	if shot {
		types = rules().ShotTypes
	}
	br := newBridge(r.client, page, types)
	w, err := watch(ctx, page, br)
	if err != nil {
		return nil, err
	}
	defer func() { cancel(); w.wait() }()

	nav, err := proto.PageNavigate{URL: pageURL}.Call(page)
	if err != nil {
		return nil, &browserError{op: "navigate", err: err}
	}
	if nav.ErrorText != "" {
		if _, docErr, ok := br.document(); ok && docErr != nil {
			return nil, &docError{err: docErr}
		}
		return nil, fmt.Errorf("navigate: %w: %s", ErrRender, nav.ErrorText)
	}

	partial := !waitReady(ctx, readyBudget(ctx), w)
	if w.crashed.Load() {
		if l.inst.mem.kills.Load() > kills {
			return nil, &browserError{op: "render", err: fmt.Errorf("tab crashed: its renderer went over the %d MiB memory cap and was killed", r.cfg.MaxRendererMemory>>20)}
		}
		return nil, &browserError{op: "render", err: errors.New("tab crashed")}
	}
	dom, err := serialise(page)
	if err != nil {
		return nil, &browserError{op: "serialise DOM", err: err}
	}
	res := &Result{HTML: []byte(dom.HTML), FinalURL: dom.URL, Partial: partial, Truncated: dom.Truncated}
	if doc, _, ok := br.document(); ok {
		res.Status = doc.HTTPStatus
		if res.FinalURL == "" {
			res.FinalURL = doc.FinalURL
		}
	}
	if shot {
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
	}
	res.Requests = br.requests()
	res.Duration = time.Since(start)
	return res, nil
}

// watcher follows one tab's events until its context ends.
type watcher struct {
	loaded, crashed atomic.Bool
	done            chan struct{}
	br              *bridge
}

// watch turns on interception (every request is paused and answered by
// the bridge) and the Network domain (whose events tell when the page
// starts and ends each request, earlier than the pauses do), and follows
// the tab's events until ctx ends. Small buffers: DevTools keeps no
// response body.
func watch(ctx context.Context, page *rod.Page, br *bridge) (*watcher, error) {
	err := proto.FetchEnable{Patterns: []*proto.FetchRequestPattern{{URLPattern: "*"}}}.Call(page)
	if err != nil {
		return nil, &browserError{op: "enable interception", err: err}
	}
	small := 1 << 10
	if err := (proto.NetworkEnable{MaxTotalBufferSize: &small, MaxResourceBufferSize: &small}).Call(page); err != nil {
		return nil, &browserError{op: "enable network events", err: err}
	}
	w := &watcher{done: make(chan struct{}), br: br}
	events := page.EachEvent(
		func(e *proto.FetchRequestPaused) { br.pause(ctx, e) },
		func(e *proto.NetworkRequestWillBeSent) { br.started(e.RequestID) },
		func(e *proto.NetworkLoadingFinished) { br.ended(e.RequestID) },
		func(e *proto.NetworkLoadingFailed) { br.ended(e.RequestID) },
		func(e *proto.PageLoadEventFired) {
			if _, _, ok := br.document(); ok { // not about:blank's load
				br.touch() // the quiet period starts at the load event at the earliest
				w.loaded.Store(true)
			}
		},
		func(e *proto.InspectorTargetCrashed) bool { w.crashed.Store(true); return true },
	)
	go func() { events(); close(w.done) }()
	return w, nil
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
