package api

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// clientLimiter is a token bucket per client address.
type clientLimiter struct {
	limit rate.Limit
	burst int

	mu      sync.Mutex
	clients map[string]*client
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

func newClientLimiter(perSecond float64, burst int) *clientLimiter {
	return &clientLimiter{limit: rate.Limit(perSecond), burst: burst, clients: map[string]*client{}}
}

// allow takes one token from key's bucket.
func (l *clientLimiter) allow(key string) bool {
	now := time.Now()
	l.mu.Lock()
	c := l.clients[key]
	if c == nil {
		c = &client{lim: rate.NewLimiter(l.limit, l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	l.mu.Unlock()
	return c.lim.AllowN(now, 1)
}

// sweep forgets clients idle for longer than every, until ctx ends, so the
// map stays as small as the set of recent clients.
func (l *clientLimiter) sweep(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			l.mu.Lock()
			for k, c := range l.clients {
				if now.Sub(c.seen) > every {
					delete(l.clients, k)
				}
			}
			l.mu.Unlock()
		}
	}
}

// clientKey is the client's IP address (without the port). Proxies'
// forwarding headers are not trusted: they are the client's to forge.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
