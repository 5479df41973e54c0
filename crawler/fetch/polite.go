package fetch

import (
	"context"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"
)

// A Pacer spaces requests. Every request holds two politeness keys: its
// host:port ("host/www.example.gov.cn:443") and the IP address it goes to
// ("ip/203.0.113.7"), shared by every site a 集约化 platform hosts there.
// The Client's own Pacer keeps the state in memory; a cluster of workers
// shares one (crawler/politeness keeps it in NATS JetStream KV).
type Pacer interface {
	// Reserve returns when a request holding slots may start: no sooner
	// than each key's previous start plus that slot's interval. The time
	// is the caller's whether or not it is used (a request given up does
	// not give its turn back). The error is non-nil only when ctx ended.
	Reserve(ctx context.Context, slots []Slot) (time.Time, error)
}

// Slot is a politeness key with the least time between the starts of two
// requests holding it.
type Slot struct {
	Key      string
	Interval time.Duration
}

// localPacer is the in-memory Pacer: one next start time per key.
type localPacer struct {
	mu   sync.Mutex
	next map[string]time.Time
}

// NewLocalPacer returns a Pacer that keeps its state in memory.
func NewLocalPacer() Pacer { return &localPacer{next: make(map[string]time.Time)} }

// Reserve implements Pacer exactly: the keys are taken together.
func (p *localPacer) Reserve(_ context.Context, slots []Slot) (time.Time, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	start := time.Now()
	for _, s := range slots {
		if n := p.next[s.Key]; n.After(start) {
			start = n
		}
	}
	for _, s := range slots {
		p.next[s.Key] = start.Add(s.Interval)
	}
	return start, nil
}

// hosts holds the politeness state of a Client: the concurrency slots of
// every host:port seen, the intervals of hosts and addresses, and the
// Pacer that spaces them. It grows for the life of the Client.
type hosts struct {
	hostEvery time.Duration // 0: no rate limit per host
	ipEvery   time.Duration // 0: no rate limit per address
	perHost   int
	pacer     Pacer

	mu    sync.Mutex
	slots map[string]chan struct{} // per host key; none when concurrency is unlimited
	delay map[string]time.Duration // robots.txt Crawl-delay per host key
}

func newHosts(cfg Config) *hosts {
	p := cfg.Pacer
	if p == nil {
		p = NewLocalPacer()
	}
	return &hosts{
		hostEvery: every(cfg.Rate), ipEvery: every(cfg.IPRate), perHost: cfg.PerHost, pacer: p,
		slots: make(map[string]chan struct{}), delay: make(map[string]time.Duration),
	}
}

// every is the interval of a rate in requests per second; 0 for none.
func every(perSecond float64) time.Duration {
	if perSecond <= 0 {
		return 0
	}
	return time.Duration(float64(time.Second) / perSecond)
}

// slotsOf returns the concurrency slots of key, creating them; nil when
// concurrency is unlimited.
func (h *hosts) slotsOf(key string) chan struct{} {
	if h.perHost <= 0 {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.slots[key]
	if !ok {
		s = make(chan struct{}, h.perHost)
		h.slots[key] = s
	}
	return s
}

// acquire waits for a concurrency slot of key and then for the turn of
// key and of addr (when valid) at the Pacer. The returned func releases
// the slot.
func (h *hosts) acquire(ctx context.Context, key string, addr netip.Addr) (release func(), err error) {
	s := h.slotsOf(key)
	release = func() {}
	if s != nil {
		select {
		case s <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		release = func() { <-s }
	}
	if err := h.wait(ctx, h.slotsFor(key, addr)); err != nil {
		release()
		return nil, err
	}
	return release, nil
}

// slotsFor returns the Pacer slots of a request to key at addr: the
// address first (the key most contended across a cluster).
func (h *hosts) slotsFor(key string, addr netip.Addr) []Slot {
	var out []Slot
	if addr.IsValid() && h.ipEvery > 0 {
		out = append(out, Slot{Key: "ip/" + addr.Unmap().String(), Interval: h.ipEvery})
	}
	h.mu.Lock()
	d := max(h.hostEvery, h.delay[key])
	h.mu.Unlock()
	if d > 0 {
		out = append(out, Slot{Key: "host/" + key, Interval: d})
	}
	return out
}

// wait takes the turn of slots and sleeps until it comes. It sleeps rather
// than failing early when the turn is past ctx's deadline, so a
// Crawl-delay longer than a site's remaining budget ends the site's
// requests when the budget does, as context errors.
func (h *hosts) wait(ctx context.Context, slots []Slot) error {
	if len(slots) == 0 {
		return nil
	}
	start, err := h.pacer.Reserve(ctx, slots)
	if err != nil {
		return err
	}
	d := time.Until(start)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// crawlDelay makes key's interval at least delay.
func (h *hosts) crawlDelay(key string, delay time.Duration) {
	if delay <= 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.delay[key] = max(h.delay[key], delay)
}

// hostKey returns the politeness key of u: lower-case host and port, the
// port defaulted from the scheme.
func hostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if strings.EqualFold(u.Scheme, "https") {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}
