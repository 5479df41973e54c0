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
	var loaded, crashed atomic.Bool
	wait := page.EachEvent(
		func(e *proto.FetchRequestPaused) { br.pause(ctx, e) },
		func(e *proto.PageLoadEventFired) {
			if _, _, ok := br.document(); ok { // not about:blank's load
				br.touch() // the quiet period starts at the load event at the earliest
				loaded.Store(true)
			}
		},
		func(e *proto.InspectorTargetCrashed) bool { crashed.Store(true); return true },
	)
	events := make(chan struct{})
	go func() { wait(); close(events) }()
	defer func() { cancel(); <-events; br.wg.Wait() }()

	err = proto.FetchEnable{Patterns: []*proto.FetchRequestPattern{{URLPattern: "*"}}}.Call(page)
	if err != nil {
		return nil, &browserError{op: "enable interception", err: err}
	}
	if err := page.Navigate(pageURL); err != nil {
		if _, docErr, ok := br.document(); ok && docErr != nil {
			return nil, &docError{err: docErr}
		}
		var nav *rod.NavigationError
		if errors.As(err, &nav) {
			return nil, fmt.Errorf("navigate: %w: %s", ErrRender, nav.Reason)
		}
		return nil, &browserError{op: "navigate", err: err}
	}

	partial := !waitReady(ctx, readyBudget(ctx), &loaded, &crashed, br)
	if crashed.Load() {
		return nil, &browserError{op: "render", err: errors.New("tab crashed")}
	}
	html, err := page.HTML()
	if err != nil {
		return nil, &browserError{op: "serialise DOM", err: err}
	}
	res := &Result{HTML: []byte(html), Partial: partial}
	if info, err := page.Info(); err == nil {
		res.FinalURL = info.URL
	}
	if doc, _, ok := br.document(); ok {
		res.Status = doc.HTTPStatus
		if res.FinalURL == "" {
			res.FinalURL = doc.FinalURL
		}
	}
	if shot {
		if res.Screenshot, err = screenshot(page); err != nil {
			return nil, &browserError{op: "screenshot", err: err}
		}
	}
	res.Requests = br.requests()
	res.Duration = time.Since(start)
	return res, nil
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
func waitReady(ctx context.Context, budget time.Duration, loaded, crashed *atomic.Bool, br *bridge) bool {
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
			if crashed.Load() {
				return false
			}
			if loaded.Load() && br.quietFor() >= quiet {
				return true
			}
		}
	}
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
