package probe

import (
	"context"
	"sync"
	"testing"
	"time"

	"gongkai/crawler/snapshot"
)

func TestNextSlot(t *testing.T) {
	every := 30 * time.Minute
	t0 := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC) // a multiple of 30 min since the epoch
	for _, tt := range []struct {
		phase time.Duration
		at    time.Time
		want  time.Time
	}{
		{7 * time.Minute, t0, t0.Add(7 * time.Minute)},
		{7 * time.Minute, t0.Add(7 * time.Minute), t0.Add(37 * time.Minute)}, // strictly after
		{7 * time.Minute, t0.Add(8 * time.Minute), t0.Add(37 * time.Minute)},
		{0, t0, t0.Add(every)},
	} {
		if got := NextSlot(tt.phase, every, tt.at); !got.Equal(tt.want) {
			t.Errorf("NextSlot(%v, %v) = %v, want %v", tt.phase, tt.at, got, tt.want)
		}
	}
	// Phases spread sites over the interval and stay put.
	seen := map[time.Duration]bool{}
	for _, id := range []string{"hd", "bj", "sh", "gz", "sz", "cd"} {
		p := Phase(id, every)
		if p < 0 || p >= every || p != Phase(id, every) {
			t.Errorf("phase of %s = %v", id, p)
		}
		seen[p.Truncate(time.Minute)] = true
	}
	if len(seen) < 5 {
		t.Errorf("six sites share %d minutes of phase", len(seen))
	}
}

// recorder is an Observer keeping what it is told.
type recorder struct {
	mu    sync.Mutex
	runs  map[string]int
	sites []snapshot.Site
}

func (r *recorder) Probed(res Result) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs[res.Site.ID]++
}

func (r *recorder) SitesChanged(sites []snapshot.Site) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sites = sites
}

func (r *recorder) count(id string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.runs[id]
}

// TestMonitor: every site is probed once per interval, at even spacing,
// each sample lands in the probe log, and a site removed from the set is
// no longer probed.
func TestMonitor(t *testing.T) {
	w := startWeb(t)
	out := t.TempDir()
	store, err := snapshot.OpenProbeLog(out)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{runs: map[string]int{}}
	every := 400 * time.Millisecond
	m := NewMonitor(w.prober(t), store, Schedule{Every: every, Module: Modules["reach"], Workers: 2}, rec, nil)
	dual, down := w.site("dual", "www.dual.gov.cn"), w.site("down", "down.dual.gov.cn")
	m.SetSites([]snapshot.Site{dual, down})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- m.Run(ctx) }()
	waitFor(t, func() bool { return rec.count("dual") >= 4 && rec.count("down") >= 4 })
	m.SetSites([]snapshot.Site{dual})
	before := rec.count("down")
	time.Sleep(3 * every)
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Run = %v", err)
	}
	elapsed := time.Since(start)
	if after := rec.count("down"); after > before+1 { // one may have been in flight
		t.Errorf("removed site probed %d more times", after-before)
	}
	if len(rec.sites) != 1 {
		t.Errorf("observer sites %v", rec.sites)
	}
	got, err := snapshot.ReadProbes(out, start.Add(-time.Second), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	// A probe per interval at most (plus the one a restart of the queue
	// may bring forward), two families each.
	most := 2 * (int(elapsed/every) + 2)
	if n := len(got["dual"]); n < 8 || n > most {
		t.Errorf("dual: %d samples in %v, want 8 to %d", n, elapsed, most)
	}
	for _, s := range got["down"] {
		if s.Status != snapshot.StatusHTTPError || s.HTTPStatus != 503 {
			t.Errorf("down sample %+v", s)
		}
	}
	// Even spacing: consecutive IPv4 probes of a site are an interval
	// apart, give or take the jitter and a busy machine.
	var last time.Time
	for _, s := range got["dual"] {
		if s.Family != "ipv4" {
			continue
		}
		if !last.IsZero() {
			if gap := s.At.Sub(last); gap < every/2 {
				t.Errorf("probes %v apart, interval %v", gap, every)
			}
		}
		last = s.At
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 30s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
