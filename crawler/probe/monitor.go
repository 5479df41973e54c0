package probe

import (
	"container/heap"
	"context"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"gongkai/crawler/snapshot"
)

// Schedule configures continuous monitoring. Start from DefaultSchedule.
type Schedule struct {
	// Every is the interval between two probes of a site: 30 minutes makes
	// 48 a day, above the indicator's ≥20 spaced probes a day.
	Every time.Duration
	// Module is the probe made each time.
	Module Module
	// Workers bounds the probes in flight.
	Workers int
	// Retention is how long the probe log keeps samples; it must cover the
	// longest probe window a catalog judges (a week by default).
	Retention time.Duration
}

// DefaultSchedule probes every homepage over IPv4 and IPv6 every 30
// minutes, 8 probes at a time at most, and keeps 35 days of samples.
func DefaultSchedule() Schedule {
	return Schedule{Every: 30 * time.Minute, Module: Modules["reach"], Workers: 8, Retention: 35 * 24 * time.Hour}
}

// Observer receives what the monitor does (crawler/crawlmetrics turns it
// into metrics). Its methods must be safe for concurrent use.
type Observer interface {
	// Probed is called after each scheduled probe.
	Probed(r Result)
	// SitesChanged is called with the monitored sites when they are set.
	SitesChanged(sites []snapshot.Site)
}

// Monitor probes a set of sites on a schedule and appends every sample to
// a probe log. Each site has a fixed phase in the interval (a hash of its
// id), so probes of many sites spread evenly over the interval and each
// site is probed at even spacing; every probe is moved by a small random
// jitter (±2.5% of the interval) so that no two sites keep colliding.
type Monitor struct {
	prober *Prober
	store  *snapshot.ProbeLog
	sched  Schedule
	obs    Observer
	log    *slog.Logger

	mu      sync.Mutex
	sites   []snapshot.Site
	changed chan struct{}
}

// NewMonitor returns a monitor probing with p into store. A nil observer
// observes nothing; a nil logger discards; zero fields of sched take
// DefaultSchedule's values.
func NewMonitor(p *Prober, store *snapshot.ProbeLog, sched Schedule, obs Observer, logger *slog.Logger) *Monitor {
	def := DefaultSchedule()
	if sched.Every <= 0 {
		sched.Every = def.Every
	}
	if len(sched.Module.Families) == 0 {
		sched.Module = def.Module
	}
	if sched.Workers <= 0 {
		sched.Workers = def.Workers
	}
	if sched.Retention <= 0 {
		sched.Retention = def.Retention
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Monitor{prober: p, store: store, sched: sched, obs: obs, log: logger, changed: make(chan struct{}, 1)}
}

// SetSites replaces the monitored sites (the server re-reads its sites
// file); probing goes on at each site's own phase.
func (m *Monitor) SetSites(sites []snapshot.Site) {
	m.mu.Lock()
	m.sites = append([]snapshot.Site(nil), sites...)
	m.mu.Unlock()
	if m.obs != nil {
		m.obs.SitesChanged(sites)
	}
	select {
	case m.changed <- struct{}{}:
	default:
	}
}

// Run probes until ctx ends, then waits for the probes in flight and
// returns ctx's error. Samples that cannot be written are logged: the
// monitor keeps probing.
func (m *Monitor) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	slots := make(chan struct{}, m.sched.Workers)
	q := m.queue(time.Now())
	m.prune(time.Now())
	lastPrune := time.Now()
	for {
		wait := time.Duration(1<<63 - 1)
		if q.Len() > 0 {
			wait = time.Until(q[0].at)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-m.changed:
			t.Stop()
			q = m.queue(time.Now())
			continue
		case <-t.C:
		}
		next := heap.Pop(&q).(dueSite)
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		wg.Go(func() {
			defer func() { <-slots }()
			m.probe(ctx, next.site)
		})
		next.at = m.after(next.site.ID, next.at.Add(m.sched.Every/2))
		heap.Push(&q, next)
		if time.Since(lastPrune) > 6*time.Hour {
			m.prune(time.Now())
			lastPrune = time.Now()
		}
	}
}

// probe probes one site and records its samples.
func (m *Monitor) probe(ctx context.Context, site snapshot.Site) {
	r := m.prober.Probe(ctx, site, m.sched.Module)
	if ctx.Err() != nil {
		return // cut short by shutdown: not a measurement of the site
	}
	samples := make([]snapshot.ProbeSample, len(r.Families))
	for i, f := range r.Families {
		samples[i] = f.ProbeSample
	}
	if err := m.store.Append(samples...); err != nil {
		m.log.Error("probe samples not written", slog.String("site", site.ID), slog.Any("error", err))
	}
	if m.obs != nil {
		m.obs.Probed(r)
	}
}

func (m *Monitor) prune(now time.Time) {
	if err := m.store.Prune(now.Add(-m.sched.Retention)); err != nil {
		m.log.Warn("probe log not pruned", slog.Any("error", err))
	}
}

// queue returns the sites ordered by their next probe after now.
func (m *Monitor) queue(now time.Time) dueQueue {
	m.mu.Lock()
	defer m.mu.Unlock()
	q := make(dueQueue, 0, len(m.sites))
	for _, s := range m.sites {
		q = append(q, dueSite{site: s, at: m.after(s.ID, now)})
	}
	heap.Init(&q)
	return q
}

// after returns the next probe time of site id after t: its phase slot,
// moved by the jitter.
func (m *Monitor) after(id string, t time.Time) time.Time {
	slot := NextSlot(Phase(id, m.sched.Every), m.sched.Every, t)
	j := m.sched.Every / 40
	if j <= 0 {
		return slot
	}
	return slot.Add(time.Duration(rand.Int64N(int64(2*j))) - j)
}

// Phase is site id's fixed offset in the interval every.
func Phase(id string, every time.Duration) time.Duration {
	h := fnv.New64a()
	h.Write([]byte(id))
	return time.Duration(h.Sum64() % uint64(every))
}

// NextSlot returns the first time after t that is phase past a multiple of
// every (counted from the Unix epoch), so that a site keeps its place in
// the interval across restarts.
func NextSlot(phase, every time.Duration, t time.Time) time.Time {
	base := time.Unix(0, 0).Add(phase)
	n := t.Sub(base) / every
	slot := base.Add((n + 1) * every)
	for !slot.After(t) { // t before base, or rounding
		slot = slot.Add(every)
	}
	return slot
}

// dueSite is a site and the time of its next probe.
type dueSite struct {
	site snapshot.Site
	at   time.Time
}

// dueQueue is a min-heap of sites by next probe time.
type dueQueue []dueSite

func (q dueQueue) Len() int           { return len(q) }
func (q dueQueue) Less(i, j int) bool { return q[i].at.Before(q[j].at) }
func (q dueQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *dueQueue) Push(x any)        { *q = append(*q, x.(dueSite)) }
func (q *dueQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}
