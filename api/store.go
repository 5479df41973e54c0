package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/datasets"
)

// Event reports one attempt to switch the served release.
type Event struct {
	// ID is the release that was loaded or refused.
	ID string
	// Release is the release now served (nil when none is).
	Release *Release
	// Err is why the release ID was refused; nil when it was switched in.
	Err error
	// Took is how long loading and verifying it took.
	Took time.Duration
}

// releaseGrace is how long a replaced release keeps its files open.
const releaseGrace = 10 * time.Minute

// Store holds the release being served and switches to a new one when
// latest.json names it. It is safe for concurrent use.
type Store struct {
	dir string
	log *slog.Logger

	cur atomic.Pointer[Release]

	mu      sync.Mutex // serialises loads and guards the fields below
	refused map[string]error
	subs    map[int]func(Event)
	nextSub int
}

func newStore(dir string, log *slog.Logger) *Store {
	return &Store{dir: dir, log: log, refused: map[string]error{}, subs: map[int]func(Event){}}
}

// Dir returns the data directory (the one holding releases/).
func (st *Store) Dir() string { return st.dir }

// Current returns the release being served, or nil when none is.
func (st *Store) Current() *Release { return st.cur.Load() }

// Subscribe calls fn after every switch of release and every refusal, in
// the goroutine that loaded it; fn must not block. The returned function
// unsubscribes.
func (st *Store) Subscribe(fn func(Event)) (cancel func()) {
	st.mu.Lock()
	defer st.mu.Unlock()
	id := st.nextSub
	st.nextSub++
	st.subs[id] = fn
	return func() {
		st.mu.Lock()
		defer st.mu.Unlock()
		delete(st.subs, id)
	}
}

// Refresh switches to the release latest.json names if it is not the one
// served. A release that fails to load is refused once and not tried again
// (releases are write-once); the current one stays. With nothing served
// yet, Refresh falls back to the newest release that loads.
func (st *Store) Refresh(ctx context.Context) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	id, err := datasets.LatestID(st.dir)
	if err != nil {
		return fmt.Errorf("refresh releases: %w", err)
	}
	if cur := st.cur.Load(); id == "" || (cur != nil && cur.ID == id) {
		return nil
	}
	if err, ok := st.refused[id]; ok {
		if st.cur.Load() == nil {
			return st.fallback(ctx)
		}
		return err
	}
	if err := st.switchTo(ctx, id); err != nil {
		if st.cur.Load() == nil {
			return errors.Join(err, st.fallback(ctx))
		}
		return err
	}
	return nil
}

// fallback serves the newest release that loads, for a server that has
// none because the latest one is damaged.
func (st *Store) fallback(ctx context.Context) error {
	list, err := datasets.ListReleases(st.dir)
	if err != nil {
		return err
	}
	slices.Reverse(list)
	for _, r := range list {
		if _, bad := st.refused[r.ID]; bad {
			continue
		}
		if err := st.switchTo(ctx, r.ID); err == nil {
			return nil
		}
	}
	return errors.New("no release of " + st.dir + " loads")
}

// switchTo loads and verifies release id and, if it loads, serves it.
// Call with st.mu held.
func (st *Store) switchTo(ctx context.Context, id string) error {
	start := time.Now()
	rel, err := loadRelease(ctx, st.dir, id)
	ev := Event{ID: id, Took: time.Since(start), Err: err}
	if err != nil {
		err = fmt.Errorf("refuse release %s: %w", id, err)
		ev.Err = err
		st.refused[id] = err
		ev.Release = st.cur.Load()
		st.log.Error("new release refused; the last good one stays served", "release", id, "err", err,
			"served", ev.Release.idOrNone())
	} else {
		if old := st.cur.Swap(rel); old != nil {
			// Requests that took the old release before the switch may
			// still read its files; close them when those are long done.
			time.AfterFunc(releaseGrace, old.close)
		}
		ev.Release = rel
		st.log.Info("serving release", "release", id, "sites", len(rel.Sites), "took", ev.Took.Round(time.Millisecond))
	}
	for _, fn := range st.subs {
		fn(ev)
	}
	return err
}

// watch calls Refresh every interval until ctx ends. latest.json's
// modification time is checked first so an idle poll costs one stat.
func (st *Store) watch(ctx context.Context, every time.Duration) {
	latest := filepath.Join(st.dir, "releases", datasets.LatestFile)
	var seen time.Time
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		fi, err := os.Stat(latest)
		if err != nil || (fi.ModTime().Equal(seen) && st.Current() != nil) {
			continue
		}
		seen = fi.ModTime()
		if err := st.Refresh(ctx); err != nil {
			st.log.Debug("refresh", "err", err)
		}
	}
}
