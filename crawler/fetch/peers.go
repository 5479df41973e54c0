package fetch

import (
	"cmp"
	"context"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"
)

// peers remembers the address each host was last reached at, by family:
// the key of the per-address rate limit. It grows for the life of the
// Client.
type peers struct {
	mu sync.Mutex
	m  map[peerKey]netip.Addr
}

type peerKey struct {
	host   string
	family Family
}

func newPeers() *peers { return &peers{m: make(map[peerKey]netip.Addr)} }

// learn records the address a request to host over family connected to
// (remote is the connection's "ip:port").
func (p *peers) learn(host string, family Family, remote string) {
	ap, err := netip.ParseAddrPort(remote)
	if err != nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[peerKey{strings.ToLower(host), family}] = ap.Addr().Unmap()
}

func (p *peers) get(host string, family Family) (netip.Addr, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a, ok := p.m[peerKey{strings.ToLower(host), family}]
	return a, ok
}

// resolved is a lookup done before a request, for its politeness key,
// handed to the dialer in the request's context so that the name is not
// looked up twice.
type resolved struct {
	host   string
	family Family
	addrs  []netip.Addr
	err    error
}

type resolvedKey struct{}

// resolvedFor returns the lookup of host done for the request of ctx.
func resolvedFor(ctx context.Context, host string, family Family) (*resolved, bool) {
	r, ok := ctx.Value(resolvedKey{}).(*resolved)
	if !ok || r.family != family || !strings.EqualFold(r.host, host) {
		return nil, false
	}
	return r, true
}

// peerAddr returns the address a request to host over family will most
// likely reach, for the per-address rate limit: the one it last connected
// to, else the first the dialer would try (looked up now, and the lookup
// passed to the dialer in the returned context), the lookup bounded by
// budget (the attempt's network time). The zero Addr when the
// per-address limit is off or the name does not resolve (the dialer then
// reports the lookup's error without asking again).
func (c *Client) peerAddr(ctx context.Context, host string, family Family, budget time.Duration) (context.Context, netip.Addr) {
	if c.hosts.ipEvery <= 0 {
		return ctx, netip.Addr{}
	}
	if a, ok := c.peers.get(host, family); ok {
		return ctx, a
	}
	lctx, cancel := context.WithTimeout(ctx, budget)
	addrs, err := c.resolve(lctx, host, family)
	cancel()
	ctx = context.WithValue(ctx, resolvedKey{}, &resolved{host: host, family: family, addrs: addrs, err: err})
	if err != nil || len(addrs) == 0 {
		return ctx, netip.Addr{}
	}
	return ctx, dialOrder(addrs, family)[0]
}

// dialOrder sorts addrs in the order the dialer tries them: with Any,
// IPv4 first (the content of a site is crawled over the family most
// agency sites serve reliably; IPv6 is measured on its own, so a broken
// AAAA costs a metric, not the crawl).
func dialOrder(addrs []netip.Addr, family Family) []netip.Addr {
	if family == Any {
		slices.SortStableFunc(addrs, func(a, b netip.Addr) int { return cmp.Compare(familyRank(a), familyRank(b)) })
	}
	return addrs
}

// lookupFor returns the addresses to dial for host: the lookup done for
// the request's politeness key when there is one, else a new one.
func (c *Client) lookupFor(ctx context.Context, host string, family Family) ([]netip.Addr, error) {
	if r, ok := resolvedFor(ctx, host, family); ok {
		return slices.Clone(r.addrs), r.err
	}
	return c.resolve(ctx, host, family)
}
