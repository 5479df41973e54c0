package fetch

import (
	"context"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// host is the politeness state of one host:port.
type host struct {
	limiter *rate.Limiter
	slots   chan struct{} // nil when concurrency is unlimited
}

// hosts holds the politeness state of every host:port seen. It grows for
// the life of the Client, which is one audit.
type hosts struct {
	rate    rate.Limit
	perHost int

	mu sync.Mutex
	m  map[string]*host
}

func newHosts(perSecond float64, perHost int) *hosts {
	lim := rate.Inf
	if perSecond > 0 {
		lim = rate.Limit(perSecond)
	}
	return &hosts{rate: lim, perHost: perHost, m: make(map[string]*host)}
}

// get returns the state for key, creating it.
func (h *hosts) get(key string) *host {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.m[key]
	if !ok {
		s = &host{limiter: rate.NewLimiter(h.rate, 1)}
		if h.perHost > 0 {
			s.slots = make(chan struct{}, h.perHost)
		}
		h.m[key] = s
	}
	return s
}

// acquire waits for a concurrency slot of key and then for its rate
// limiter. The returned func releases the slot.
func (h *hosts) acquire(ctx context.Context, key string) (release func(), err error) {
	s := h.get(key)
	if s.slots != nil {
		select {
		case s.slots <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	release = func() {
		if s.slots != nil {
			<-s.slots
		}
	}
	// Reserve and sleep rather than Wait: Wait fails at once when the wait
	// would pass ctx's deadline, which would turn a Crawl-delay longer
	// than the site's remaining budget into failed pages; a request waits
	// for its turn until the budget ends.
	r := s.limiter.Reserve()
	if d := r.Delay(); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			r.Cancel()
			release()
			return nil, ctx.Err()
		}
	}
	return release, nil
}

// crawlDelay lowers the rate of key to one request per delay when that is
// stricter than the current rate.
func (h *hosts) crawlDelay(key string, delay time.Duration) {
	if delay <= 0 {
		return
	}
	s := h.get(key)
	lim := rate.Every(delay)
	h.mu.Lock()
	defer h.mu.Unlock()
	if lim < s.limiter.Limit() {
		s.limiter.SetLimit(lim)
	}
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
