package render

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Tab is a page opened by Visit: a live tab of the renderer's hardened
// browser whose every request is still answered through the fetch
// client. It records the console errors, uncaught exceptions and
// browser-reported errors (a refused resource, a blocked inline script)
// the pages it shows produce.
type Tab struct {
	// Page is the rod page, for queries and input.
	Page *rod.Page

	w       *watcher
	mu      sync.Mutex
	console []string
}

// Visit opens pageURL like Render (the site's incognito context, images
// and fonts fetched as for a screenshot), waits until it is ready and
// hands the tab to do, then closes it. It is for driving a page (clicks,
// several pages in one tab): tests of pages served by gongkai itself.
// The whole visit is bounded by Config.PageTimeout per page loaded.
func (r *Renderer) Visit(ctx context.Context, siteID, pageURL string, do func(*Tab) error) error {
	select {
	case r.sem <- struct{}{}:
		defer func() { <-r.sem }()
	case <-ctx.Done():
		return ctx.Err()
	}
	l, err := r.acquire(ctx, siteID)
	if err != nil {
		return err
	}
	defer r.release(l)
	tb, err := newTab(ctx, l.inst, l.b, r.cfg.PageTimeout)
	if err != nil {
		return err
	}
	defer tb.close(l.inst)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	t := &Tab{Page: tb.page.Context(ctx)}
	br := newBridge(r.client, t.Page, rules().ShotTypes, nil)
	if err := t.listen(ctx); err != nil {
		return err
	}
	t.w = watch(ctx, t.Page, br)
	defer func() { cancel(); t.w.wait() }()
	if err := t.Open(ctx, pageURL, r.cfg.PageTimeout); err != nil {
		return err
	}
	return do(t)
}

// listen records console errors, exceptions and log entries of level
// error.
func (t *Tab) listen(ctx context.Context) error {
	add := func(s string) { t.mu.Lock(); t.console = append(t.console, s); t.mu.Unlock() }
	wait := t.Page.Context(ctx).EachEvent(
		func(e *proto.RuntimeConsoleAPICalled) {
			if e.Type == proto.RuntimeConsoleAPICalledTypeError || e.Type == proto.RuntimeConsoleAPICalledTypeAssert {
				var args []any
				for _, a := range e.Args {
					args = append(args, a.Value.Val())
				}
				add(fmt.Sprint("console.error ", args))
			}
		},
		func(e *proto.RuntimeExceptionThrown) { add("exception " + e.ExceptionDetails.Text) },
		func(e *proto.LogEntryAdded) {
			if e.Entry.Level == proto.LogLogEntryLevelError {
				add(fmt.Sprintf("%s %s (%s)", e.Entry.Source, e.Entry.Text, e.Entry.URL))
			}
		},
	)
	go wait()
	if err := (proto.RuntimeEnable{}).Call(t.Page); err != nil {
		return &browserError{op: "enable runtime events", err: err}
	}
	if err := (proto.LogEnable{}).Call(t.Page); err != nil {
		return &browserError{op: "enable log events", err: err}
	}
	return nil
}

// Open navigates the tab to u and waits (at most timeout) for the load
// event and a quiet network.
func (t *Tab) Open(ctx context.Context, u string, timeout time.Duration) error {
	t.w.loaded.Store(false)
	nav, err := proto.PageNavigate{URL: u}.Call(t.Page)
	if err != nil {
		return &browserError{op: "navigate", err: err}
	}
	if nav.ErrorText != "" {
		return fmt.Errorf("navigate %s: %w: %s", u, ErrRender, nav.ErrorText)
	}
	return t.WaitReady(ctx, timeout)
}

// Click clicks the first element matching selector and waits for the
// page it leads to.
func (t *Tab) Click(ctx context.Context, selector string, timeout time.Duration) error {
	el, err := t.Page.Context(ctx).Timeout(timeout).Element(selector)
	if err != nil {
		return fmt.Errorf("find %s: %w", selector, err)
	}
	t.w.loaded.Store(false)
	if err := el.Click(proto.InputMouseButtonLeft, 1); err != nil {
		return fmt.Errorf("click %s: %w", selector, err)
	}
	return t.WaitReady(ctx, timeout)
}

// WaitReady waits for the load event and a quiet network.
func (t *Tab) WaitReady(ctx context.Context, timeout time.Duration) error {
	if !waitReady(ctx, timeout, t.w) {
		return fmt.Errorf("page not ready within %s: %w", timeout, ErrRender)
	}
	return nil
}

// Console returns the errors recorded so far.
func (t *Tab) Console() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.console...)
}

// Screenshot captures the whole page as PNG.
func (t *Tab) Screenshot() ([]byte, error) { return screenshot(t.Page) }

// URL returns the document's current URL.
func (t *Tab) URL() (string, error) {
	d, err := serialise(t.Page)
	return d.URL, err
}
