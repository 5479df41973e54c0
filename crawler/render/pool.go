package render

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// launchTimeout bounds starting one browser and reading its DevTools URL.
const launchTimeout = 30 * time.Second

// slot holds one of the Config.Browsers browsers; it is launched lazily and
// relaunched after a recycle or a crash.
type slot struct {
	index    int
	launchMu sync.Mutex // one launch at a time per slot
	inst     *instance  // guarded by Renderer.mu; nil until launched
}

// siteContext is a site's incognito browser context in one browser, with
// the tabs that wait for its next pages and the static assets its pages
// fetched.
type siteContext struct {
	inst   *instance
	b      *rod.Browser
	assets *assetCache

	// guarded by Renderer.mu
	idle   []*tab
	closed bool // disposed, or its browser retired
}

// lease is what one render attempt holds: a browser and the site's context
// in it.
type lease struct {
	inst *instance
	b    *rod.Browser
	sc   *siteContext
}

// acquire returns a lease on a live browser for siteID, launching a browser
// or creating the site's context as needed. The caller must release it.
func (r *Renderer) acquire(ctx context.Context, siteID string) (lease, error) {
	for {
		r.mu.Lock()
		if r.closed {
			r.mu.Unlock()
			return lease{}, ErrClosed
		}
		if sc := r.sites[siteID]; sc != nil && !sc.inst.retired {
			sc.inst.active++
			r.mu.Unlock()
			return lease{inst: sc.inst, b: sc.b, sc: sc}, nil
		}
		s := r.leastLoaded()
		r.mu.Unlock()

		in, err := r.instanceFor(ctx, s)
		if err != nil {
			return lease{}, err
		}
		b, err := newSiteContext(ctx, in)
		if err != nil {
			// The browser may have died: let the caller judge and retry.
			return lease{inst: in}, &browserError{op: "incognito context", err: err}
		}
		r.mu.Lock()
		if old := r.sites[siteID]; r.closed || in.retired || (old != nil && !old.inst.retired) {
			// Lost a race (closed, recycled, or another render made the
			// context): drop ours and look again.
			r.mu.Unlock()
			disposeContext(in, b)
			continue
		}
		sc := &siteContext{inst: in, b: b, assets: newAssetCache()}
		r.sites[siteID] = sc
		in.active++
		r.mu.Unlock()
		return lease{inst: in, b: b, sc: sc}, nil
	}
}

// leastLoaded returns the slot whose browser has the fewest open pages; an
// empty slot counts as idle. Call with r.mu held.
func (r *Renderer) leastLoaded() *slot {
	best := r.slots[0]
	load := func(s *slot) int {
		if s.inst == nil {
			return 0
		}
		return s.inst.active
	}
	for _, s := range r.slots[1:] {
		if load(s) < load(best) {
			best = s
		}
	}
	return best
}

// instanceFor returns the slot's browser, launching one when there is none.
func (r *Renderer) instanceFor(ctx context.Context, s *slot) (*instance, error) {
	s.launchMu.Lock()
	defer s.launchMu.Unlock()
	r.mu.Lock()
	in, closed := s.inst, r.closed
	if in == nil {
		r.gen++
	}
	gen := r.gen
	r.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	if in != nil {
		return in, nil
	}
	name := fmt.Sprintf("b%d-%d", s.index, gen)
	lctx, cancel := context.WithTimeout(ctx, launchTimeout)
	defer cancel()
	in, err := launch(lctx, r.bin, filepath.Join(r.root, name), name, r.cfg.MaxRendererMemory, r.log)
	if err != nil {
		return nil, &browserError{op: "launch", err: err}
	}
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		in.kill()
		return nil, ErrClosed
	}
	s.inst = in
	r.live[in] = true
	r.mu.Unlock()
	return in, nil
}

// release ends a lease. A browser that reached Config.RecycleAfter pages is
// retired; a retired browser is killed once its last page is closed.
func (r *Renderer) release(l lease) {
	if l.inst == nil {
		return
	}
	r.mu.Lock()
	in := l.inst
	if l.b != nil {
		in.active--
		in.served++
	}
	if in.served >= r.cfg.RecycleAfter && !in.retired {
		r.log.Debug("recycling browser", "browser", in.name, "pages", in.served)
		r.retireLocked(in)
	}
	kill := in.retired && in.active == 0 && !in.killed
	if kill {
		in.killed = true
		delete(r.live, in)
		r.dying.Add(1)
	}
	r.mu.Unlock()
	if kill {
		go func() { defer r.dying.Done(); in.kill() }()
	}
}

// retireLocked takes in out of its slot and forgets the site contexts in
// it. Call with r.mu held.
func (r *Renderer) retireLocked(in *instance) {
	in.retired = true
	for _, s := range r.slots {
		if s.inst == in {
			s.inst = nil
		}
	}
	for id, sc := range r.sites {
		if sc.inst == in {
			delete(r.sites, id)
			sc.dropIdleLocked()
		}
	}
}

// dropIdleLocked marks the context closed and forgets its idle tabs (their
// targets go with the context or the browser). Call with Renderer.mu held.
func (sc *siteContext) dropIdleLocked() {
	sc.closed = true
	for _, t := range sc.idle {
		t.cancel()
		sc.inst.browser.RemoveState(t.id)
	}
	sc.idle = nil
}

// discard retires a browser found dead or hung and kills it now; pages
// still open in it fail and are retried by their own renders.
func (r *Renderer) discard(in *instance) {
	r.mu.Lock()
	r.retireLocked(in)
	kill := !in.killed
	if kill {
		in.killed = true
		delete(r.live, in)
		r.dying.Add(1)
	}
	r.mu.Unlock()
	if kill {
		r.log.Warn("browser dead or hung, replacing it", "browser", in.name, "pid", in.pid)
		defer r.dying.Done()
		in.kill()
	}
}

// CloseSite drops the site's incognito context (its cookies, storage and
// cache). The next render for the site starts a fresh one.
func (r *Renderer) CloseSite(siteID string) {
	r.mu.Lock()
	sc := r.sites[siteID]
	delete(r.sites, siteID)
	if sc != nil {
		sc.dropIdleLocked()
	}
	r.mu.Unlock()
	if sc != nil {
		disposeContext(sc.inst, sc.b)
	}
}

// newSiteContext creates an incognito context in the browser. It has no
// tab of its own: the first render opens one and leaves it open for the
// site's next pages (see putTab), so that a page is not the only tab of
// its context and does not open a new headless window, which doubled the
// browser's CPU per page (measured with ten sites rendered four pages at
// a time).
func newSiteContext(ctx context.Context, in *instance) (*rod.Browser, error) {
	b, err := in.browser.Context(ctx).Incognito()
	if err != nil {
		return nil, err
	}
	return b.Context(context.Background()), nil
}

// disposeContext closes an incognito context and its pages, best effort.
func disposeContext(in *instance, b *rod.Browser) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = proto.TargetDisposeBrowserContext{BrowserContextID: b.BrowserContextID}.Call(in.browser.Context(ctx))
}
