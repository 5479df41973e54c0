package dualstack

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"

	"gongkai/crawler/fetch"
	"gongkai/crawler/snapshot"
)

// probeHost resolves name and requests u over each family that has
// addresses.
func (p *Prober) probeHost(ctx context.Context, u *url.URL, name string) snapshot.Host {
	h := snapshot.Host{Name: name}
	a, aaaa, err := p.lookup(ctx, name)
	h.A, h.AAAA = addrStrings(a), addrStrings(aaaa)
	if err != nil && len(a) == 0 && len(aaaa) == 0 {
		h.DNSError = err.Error()
		h.IPv4Error, h.IPv6Error = "dns: "+err.Error(), "dns: "+err.Error()
		return h
	}
	var v4, v6 int
	h.IPv4OK, v4, h.IPv4Error = p.reach(ctx, u, fetch.IPv4, len(a) > 0, "no A record")
	h.IPv6OK, v6, h.IPv6Error = p.reach(ctx, u, fetch.IPv6, len(aaaa) > 0, "no AAAA record")
	if h.IPv6OK && v6 >= 400 && v6 != v4 {
		// A server behind IPv6 that answers the page with an error while
		// IPv4 serves it (502 behind a homepage-only proxy, 404 from a
		// default virtual host) does not support the page over IPv6.
		h.IPv6OK, h.IPv6Error = false, fmt.Sprintf("http %d over IPv6, %d over IPv4", v6, v4)
	}
	p.log.Debug("host probed", slog.String("host", name), slog.Bool("ipv4_ok", h.IPv4OK),
		slog.Bool("ipv6_ok", h.IPv6OK), slog.String("ipv6_error", h.IPv6Error))
	return h
}

// lookup returns the A and AAAA addresses of name; an IP literal is its
// own answer.
func (p *Prober) lookup(ctx context.Context, name string) (a, aaaa []netip.Addr, err error) {
	if ip, perr := netip.ParseAddr(name); perr == nil {
		if ip.Unmap().Is4() {
			return []netip.Addr{ip.Unmap()}, nil, nil
		}
		return nil, []netip.Addr{ip}, nil
	}
	return p.client.Lookup(ctx, name)
}

// reach requests u once over family alone and returns whether it got an
// HTTP answer, with its status. Without addresses of the family it fails
// with missing.
func (p *Prober) reach(ctx context.Context, u *url.URL, family fetch.Family, has bool, missing string) (bool, int, string) {
	if !has {
		return false, 0, missing
	}
	resp, err := p.client.Fetch(ctx, fetch.Request{URL: u.String(), Method: http.MethodHead, Family: family, NoRetry: true})
	if err != nil {
		return false, 0, fmt.Sprintf("%s: %v", fetch.Classify(err), err)
	}
	return true, resp.Status, ""
}

// addrStrings formats addresses, nil for none.
func addrStrings(addrs []netip.Addr) []string {
	var out []string
	for _, a := range addrs {
		out = append(out, a.String())
	}
	return out
}

// Home fetches homeURL over IPv4 alone and over IPv6 alone and compares the
// two pages: titles equal and text similarity at least the threshold after
// volatile content (scripts, styles, numbers, tokens) is stripped. The
// result is cached per URL.
func (p *Prober) Home(ctx context.Context, homeURL string) snapshot.IPv6 {
	p.mu.Lock()
	r, ok := p.homes[homeURL]
	p.mu.Unlock()
	if ok {
		return r
	}
	v, _, _ := p.calls.Do("home "+homeURL, func() (any, error) {
		r := p.home(ctx, homeURL)
		if ctx.Err() == nil {
			p.mu.Lock()
			p.homes[homeURL] = r
			p.mu.Unlock()
		}
		return r, nil
	})
	return v.(snapshot.IPv6)
}

// home makes the two homepage fetches and compares them.
func (p *Prober) home(ctx context.Context, homeURL string) snapshot.IPv6 {
	var r snapshot.IPv6
	v4, err4 := p.client.Fetch(ctx, fetch.Request{URL: homeURL, Method: http.MethodGet, Family: fetch.IPv4})
	r.HomeV4Status, r.HomeV4Error = outcome(v4, err4)
	v6, err6 := p.client.Fetch(ctx, fetch.Request{URL: homeURL, Method: http.MethodGet, Family: fetch.IPv6})
	r.HomeV6Status, r.HomeV6Error = outcome(v6, err6)
	if err4 != nil || err6 != nil {
		return r
	}
	r.Similarity, r.Consistent = p.compare.Pages(v4.Body, v6.Body)
	r.Consistent = r.Consistent && v4.Status == v6.Status
	p.log.Debug("homepage compared", slog.String("url", homeURL),
		slog.Float64("similarity", r.Similarity), slog.Bool("consistent", r.Consistent))
	return r
}

// outcome returns the HTTP status of a fetch, or 0 and the error.
func outcome(resp *fetch.Response, err error) (int, string) {
	if err != nil {
		return 0, fmt.Sprintf("%s: %v", fetch.Classify(err), err)
	}
	return resp.Status, ""
}
