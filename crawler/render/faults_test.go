package render

import (
	"context"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"gongkai/crawler/snapshot"
)

// current returns the browser of slot 0, or nil.
func (r *Renderer) current() *instance {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.slots[0].inst
}

// launched returns the number of browsers launched so far.
func (r *Renderer) launched() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.gen
}

// waitGone waits until no process mentions dir, at most 10s.
func waitGone(t *testing.T, dir string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for countProcs(t, dir) > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if n := countProcs(t, dir); n > 0 {
		t.Errorf("%d processes of %s still alive", n, dir)
	}
}

// TestFaults kills and freezes the browser under the renderer: each time
// the browser is replaced and the page retried; a page that kills every
// browser ends as a render error, and the audit goes on.
func TestFaults(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{PageTimeout: 20 * time.Second}) // a loaded machine takes seconds to open a tab
	ctx := context.Background()
	page := e.fix.base + "/plain"
	mustRender := func(t *testing.T) {
		t.Helper()
		if _, err := e.r.Render(ctx, "s", page); err != nil {
			t.Fatal(err)
		}
	}
	mustRender(t)

	signalled := func(t *testing.T, sig syscall.Signal) {
		old := e.r.current()
		if err := syscall.Kill(old.pid, sig); err != nil {
			t.Fatal(err)
		}
		if sig == syscall.SIGSTOP {
			_ = syscall.Kill(-old.pid, sig) // freeze its helpers too
		}
		n := e.r.launched()
		mustRender(t)
		if got := e.r.launched(); got != n+1 {
			t.Errorf("browsers launched %d, want %d", got, n+1)
		}
		waitGone(t, old.dir)
	}
	t.Run("crash", func(t *testing.T) { signalled(t, syscall.SIGKILL) })
	t.Run("hang", func(t *testing.T) { signalled(t, syscall.SIGSTOP) })

	t.Run("crash every time", func(t *testing.T) {
		var kills atomic.Int32
		e.fix.mu.Lock()
		e.fix.onHit = func(path string) {
			if path == "/crash" {
				kills.Add(1)
				killLeftovers(e.r.ProfileDir(), nil) // the browser that asked
			}
		}
		e.fix.mu.Unlock()
		_, err := e.r.Render(ctx, "s", e.fix.base+"/crash")
		if got := Classify(err); got != snapshot.StatusRenderError {
			t.Errorf("got %v (%s), want render_error", err, got)
		}
		if k := kills.Load(); k != 2 {
			t.Errorf("page tried %d times, want 2", k)
		}
		mustRender(t) // the audit goes on
	})
}

// TestRecycle checks that a browser is replaced after RecycleAfter pages
// and that the old one is gone.
func TestRecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{RecycleAfter: 2, PageTimeout: 20 * time.Second})
	var dirs []string
	for range 3 {
		if _, err := e.r.Render(context.Background(), "s", e.fix.base+"/plain"); err != nil {
			t.Fatal(err)
		}
		if in := e.r.current(); in != nil && (len(dirs) == 0 || dirs[len(dirs)-1] != in.dir) {
			dirs = append(dirs, in.dir)
		}
	}
	if n := e.r.launched(); n != 2 {
		t.Errorf("%d browsers launched for 3 pages with RecycleAfter 2, want 2", n)
	}
	for _, d := range dirs[:len(dirs)-1] {
		waitGone(t, d)
	}
}

// TestPoolLimit checks that no more than Config.Pages pages load at once.
func TestPoolLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{Pages: 2, PageTimeout: 20 * time.Second})
	var now, peak atomic.Int32
	e.fix.mu.Lock()
	e.fix.onHit = func(path string) {
		if path != "/plain" {
			return
		}
		n := now.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(300 * time.Millisecond)
		now.Add(-1)
	}
	e.fix.mu.Unlock()
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			site := []string{"a", "b", "c"}[i%3]
			if _, err := e.r.Render(context.Background(), site, e.fix.base+"/plain"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p != 2 {
		t.Errorf("peak concurrent pages %d, want 2", p)
	}
}
