// Package dualstack measures IPv6 support the way the national IPv6
// monitoring method does: per host, A and AAAA records and whether the host
// answers HTTP over IPv4 alone and over IPv6 alone (the basis of the 二级/三级
// 内链 IPv6 支持率), and, for the homepage, whether the page served over IPv6
// is the same as the one served over IPv4 (à la internet.nl). All requests go
// through gongkai/crawler/fetch.
package dualstack

import (
	"cmp"
	"context"
	"log/slog"
	"maps"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"

	"gongkai/crawler/fetch"
	"gongkai/crawler/linkcheck"
	"gongkai/crawler/snapshot"
)

// Prober probes hosts and homepages for one audit. It is safe for
// concurrent use and probes each host name and port once.
type Prober struct {
	client  *fetch.Client
	compare *linkcheck.Comparison
	log     *slog.Logger
	calls   singleflight.Group
	share   Share // nil: probes are this Prober's alone

	mu    sync.Mutex
	hosts map[string]*snapshot.Host // by name:port
	homes map[string]snapshot.IPv6  // by homepage URL
}

// A Share shares host probes among the Probers of one audit's workers,
// so that a host linked from sites crawled on many machines is probed
// once per audit, as in one process. It keeps its own failures to itself:
// a probe it cannot give or take is made or kept locally.
type Share interface {
	// Claim returns the probe shared for key (host:port), waiting while
	// another Prober probes it, or mine=true when the caller is to probe
	// it and then Put the probe or Release the claim.
	Claim(ctx context.Context, key string) (h snapshot.Host, mine bool)
	// Put shares the probe of key.
	Put(ctx context.Context, key string, h snapshot.Host)
	// Release gives up a claim without a probe.
	Release(ctx context.Context, key string)
}

// New returns a Prober making its requests through client. A nil logger
// discards.
func New(client *fetch.Client, logger *slog.Logger) *Prober {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Prober{
		client: client, compare: DefaultComparison(), log: logger,
		hosts: map[string]*snapshot.Host{}, homes: map[string]snapshot.IPv6{},
	}
}

// WithShare makes p share its host probes through s (see Share) and
// returns p.
func (p *Prober) WithShare(s Share) *Prober {
	p.share = s
	return p
}

// Host resolves the host of probeURL (an http or https URL) and requests
// probeURL once over IPv4 alone and once over IPv6 alone; an HTTP answer of
// any status counts as reachable, except an error status over IPv6 where
// IPv4 answers otherwise (the page is not served over IPv6). Results are cached per host name and
// port; level is recorded as the lowest level any call gave. If ctx ends
// first the returned Host is incomplete and not cached.
func (p *Prober) Host(ctx context.Context, probeURL string, level int) snapshot.Host {
	u, err := url.Parse(probeURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return snapshot.Host{Name: probeURL, Level: level, DNSError: "not an http(s) url"}
	}
	name := strings.ToLower(u.Hostname())
	key := net.JoinHostPort(name, portOf(u))
	var h snapshot.Host
	for range 2 { // a second round if the leader's context ended but ours did not
		if c, ok := p.cachedHost(key, level); ok {
			return c
		}
		v, _, _ := p.calls.Do("host "+key, func() (any, error) {
			if c, ok := p.cachedHost(key, level); ok {
				return c, nil
			}
			h := p.probeShared(ctx, u, name, key)
			h.Level = level
			if ctx.Err() == nil {
				p.mu.Lock()
				p.hosts[key] = &h
				p.mu.Unlock()
			}
			return h, nil
		})
		if h = v.(snapshot.Host); ctx.Err() != nil {
			return h
		}
	}
	if c, ok := p.cachedHost(key, level); ok {
		return c
	}
	return h
}

// probeShared probes the host of u, or takes the probe another worker
// of the audit shared.
func (p *Prober) probeShared(ctx context.Context, u *url.URL, name, key string) snapshot.Host {
	if p.share == nil {
		return p.probeHost(ctx, u, name)
	}
	if h, mine := p.share.Claim(ctx, key); !mine {
		return h
	}
	h := p.probeHost(ctx, u, name)
	if ctx.Err() != nil {
		p.share.Release(ctx, key)
	} else {
		p.share.Put(ctx, key, h)
	}
	return h
}

// cachedHost returns the cached probe of key after lowering its level to
// level (when positive and lower).
func (p *Prober) cachedHost(key string, level int) (snapshot.Host, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	h, ok := p.hosts[key]
	if !ok {
		return snapshot.Host{}, false
	}
	if level > 0 && (h.Level <= 0 || level < h.Level) {
		h.Level = level
	}
	return *h, true
}

// Hosts returns the probed hosts whose names are in names (all when names
// is nil), one per name, sorted by name. A name probed on several ports is
// merged: a family is reachable if it was on any port.
func (p *Prober) Hosts(names []string) []snapshot.Host {
	p.mu.Lock()
	defer p.mu.Unlock()
	keys := slices.Sorted(maps.Keys(p.hosts))
	byName := map[string]*snapshot.Host{}
	for _, k := range keys {
		h := p.hosts[k]
		if names != nil && !slices.Contains(names, h.Name) {
			continue
		}
		if m, ok := byName[h.Name]; ok {
			merge(m, h)
			continue
		}
		c := *h
		byName[h.Name] = &c
	}
	out := make([]snapshot.Host, 0, len(byName))
	for _, h := range byName {
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b snapshot.Host) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// merge folds the probe of another port of the same host into m.
func merge(m, h *snapshot.Host) {
	if h.Level > 0 && (m.Level <= 0 || h.Level < m.Level) {
		m.Level = h.Level
	}
	if !m.IPv4OK && h.IPv4OK {
		m.IPv4OK, m.IPv4Error = true, ""
	}
	if !m.IPv6OK && h.IPv6OK {
		m.IPv6OK, m.IPv6Error = true, ""
	}
}

// portOf returns the port of u, defaulted by scheme.
func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}
