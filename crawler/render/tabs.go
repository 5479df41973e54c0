package render

import (
	"context"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Tab reuse. A page rendered cleanly leaves its tab open in the site's
// context, and the site's next page is loaded in it: no new target, no
// attach, no domains to enable and, since the next page is of the same
// site, no new renderer process to start. A tab is closed instead when its
// page failed, was partial or crashed, after maxTabUses pages, or when the
// site already has maxIdleTabs waiting (each idle tab keeps a renderer
// process: one per site keeps the browser's memory where the per-context
// blank tab of old kept it).
const (
	maxIdleTabs = 1
	maxTabUses  = 50
)

// tab is a page target of a site's context, attached, with interception
// and network events on.
type tab struct {
	id     proto.TargetTargetID
	page   *rod.Page // bound to the tab's own context, not a render's
	cancel context.CancelFunc
	uses   int // pages loaded in it so far
}

// newTab opens a blank tab in the browser context b, attaches to it and
// turns on interception and network events, waiting at most timeout: a
// loaded machine can take seconds to start a renderer process, and that
// time is not taken from the page's own timeout.
func newTab(ctx context.Context, in *instance, b *rod.Browser, timeout time.Duration) (*tab, error) {
	id, err := openTab(ctx, b, timeout)
	if err != nil {
		return nil, &browserError{op: "open tab", err: err}
	}
	// The page lives as long as the tab, beyond this render: its
	// context is the tab's own, cancelled if setting it up takes longer
	// than timeout or ctx ends first.
	tctx, cancel := context.WithCancel(context.Background())
	stop := context.AfterFunc(ctx, cancel)
	timer := time.AfterFunc(timeout, cancel)
	t := &tab{id: id, cancel: cancel}
	err = t.attach(tctx, b)
	timer.Stop()
	stop()
	if err == nil && tctx.Err() != nil {
		err = tctx.Err()
	}
	if err != nil {
		t.close(in)
		return nil, err
	}
	return t, nil
}

// attach attaches to the tab and enables the domains a render needs.
func (t *tab) attach(ctx context.Context, b *rod.Browser) error {
	page, err := b.Context(ctx).PageFromTarget(t.id)
	if err != nil {
		return &browserError{op: "attach tab", err: err}
	}
	t.page = page
	err = proto.FetchEnable{Patterns: []*proto.FetchRequestPattern{{URLPattern: "*"}}}.Call(page)
	if err != nil {
		return &browserError{op: "enable interception", err: err}
	}
	small := 1 << 10 // DevTools keeps no response body
	if err := (proto.NetworkEnable{MaxTotalBufferSize: &small, MaxResourceBufferSize: &small}).Call(page); err != nil {
		return &browserError{op: "enable network events", err: err}
	}
	return nil
}

// close closes the tab, best effort and bounded.
func (t *tab) close(in *instance) {
	closeTab(in, t.id)
	t.cancel()
}

// reusable reports whether pageURL may be loaded in a tab that showed
// another page: a URL with a #fragment could be a same-document
// navigation there (no new document, no load event), so it gets a fresh
// tab.
func reusable(pageURL string) bool { return !strings.Contains(pageURL, "#") }

// takeTab returns an idle tab of the lease's site context, or nil. The
// caller owns it.
func (r *Renderer) takeTab(l lease) *tab {
	r.mu.Lock()
	defer r.mu.Unlock()
	sc := l.sc
	if sc == nil || len(sc.idle) == 0 {
		return nil
	}
	t := sc.idle[len(sc.idle)-1]
	sc.idle = sc.idle[:len(sc.idle)-1]
	return t
}

// putTab gives a tab back after a clean render: frozen and kept for the
// site's next page while its context is current and has room, closed
// otherwise.
func (r *Renderer) putTab(l lease, t *tab, clean bool) {
	t.uses++
	if clean && t.uses < maxTabUses && r.room(l) && t.setState(proto.PageSetWebLifecycleStateStateFrozen) == nil {
		r.mu.Lock()
		keep := r.roomLocked(l)
		if keep {
			l.sc.idle = append(l.sc.idle, t)
		}
		r.mu.Unlock()
		if keep {
			return
		}
	}
	t.close(l.inst)
}

// room reports whether the lease's site context takes one more idle tab.
func (r *Renderer) room(l lease) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.roomLocked(l)
}

// roomLocked is room with Renderer.mu held.
func (r *Renderer) roomLocked(l lease) bool {
	return l.sc != nil && !l.sc.closed && !l.inst.retired && len(l.sc.idle) < maxIdleTabs
}

// setState sets the page's web lifecycle state. A frozen page should run
// no timer, task or animation frame, so that the carousel of a homepage
// does not keep the browser busy while its tab waits. Best effort: on a
// loaded machine a page's 20 ms timer was seen running seconds after the
// freeze was acknowledged (headless windows count as visible), so nothing
// relies on it.
func (t *tab) setState(state proto.PageSetWebLifecycleStateState) error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return proto.PageSetWebLifecycleState{State: state}.Call(t.page.Context(ctx))
}
