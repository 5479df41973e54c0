package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"

	"gongkai/crawler/urls"
)

// ErrNoAddress is wrapped by the error returned when a host has no address
// of the requested family ("no A record", "no AAAA record"). Classify maps
// it to dns_error.
var ErrNoAddress = errors.New("no address of the requested family")

// familyError reports a host without addresses of one family.
type familyError struct {
	host   string
	family Family
}

func (e *familyError) Error() string {
	if e.family == IPv6 {
		return "lookup " + e.host + ": no AAAA record"
	}
	return "lookup " + e.host + ": no A record"
}

// Is makes errors.Is(err, ErrNoAddress) true.
func (e *familyError) Is(target error) bool { return target == ErrNoAddress }

// newResolver returns a resolver that sends every query to addr, or the
// system resolver when addr is empty.
func newResolver(addr string) *net.Resolver {
	if addr == "" {
		return &net.Resolver{}
	}
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}
}

// Lookup returns the A and AAAA answers for host via the configured
// resolver. An IP literal is returned as is. It fails only when neither
// family has an answer.
func (c *Client) Lookup(ctx context.Context, host string) (a, aaaa []netip.Addr, err error) {
	if ip, perr := netip.ParseAddr(host); perr == nil {
		ip = ip.Unmap()
		if ip.Is4() {
			return []netip.Addr{ip}, nil, nil
		}
		return nil, []netip.Addr{ip}, nil
	}
	type answer struct {
		addrs []netip.Addr
		err   error
	}
	ch := make(chan answer, 1)
	go func() {
		addrs, err := c.resolver.LookupNetIP(ctx, "ip6", host)
		ch <- answer{addrs, err}
	}()
	a, errA := c.resolver.LookupNetIP(ctx, "ip4", host)
	six := <-ch
	aaaa, errAAAA := six.addrs, six.err
	for i := range a {
		a[i] = a[i].Unmap()
	}
	if len(a) == 0 && len(aaaa) == 0 {
		if errA == nil {
			errA = errAAAA
		}
		if errA == nil {
			errA = &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}
		return nil, nil, c.dnsError(errA)
	}
	return a, aaaa, nil
}

// dnsError names the configured resolver in a DNS error: Go's resolver
// reports the server of /etc/resolv.conf even when its Dial sends the query
// elsewhere, which would mislead whoever reads the recorded error.
func (c *Client) dnsError(err error) error {
	var dnsErr *net.DNSError
	if c.cfg.Resolver != "" && errors.As(err, &dnsErr) {
		dnsErr.Server = c.cfg.Resolver
	}
	return err
}

// resolve returns the addresses of host allowed for family, in resolver
// order.
func (c *Client) resolve(ctx context.Context, host string, family Family) ([]netip.Addr, error) {
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip.Unmap()}
	} else if ip, ok, err := urls.IPv4Host(host); ok {
		// A numeric host is the address a browser would connect to
		// (2130706433 is 127.0.0.1), never a name to ask DNS about.
		if err != nil {
			return nil, fmt.Errorf("host %q: %w", host, err)
		}
		addrs = []netip.Addr{ip}
	} else {
		network := map[Family]string{Any: "ip", IPv4: "ip4", IPv6: "ip6"}[family]
		addrs, err = c.resolver.LookupNetIP(ctx, network, host)
		if err != nil {
			var dnsErr *net.DNSError
			if family != Any && errors.As(err, &dnsErr) && dnsErr.IsNotFound {
				// The name may exist with the other family only.
				if _, _, lerr := c.Lookup(ctx, host); lerr == nil {
					return nil, &familyError{host, family}
				}
			}
			return nil, c.dnsError(err)
		}
	}
	out := addrs[:0:0]
	for _, a := range addrs {
		a = a.Unmap()
		if family == IPv4 && !a.Is4() || family == IPv6 && !a.Is6() {
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, &familyError{host, family}
	}
	return out, nil
}

// dialer returns the DialContext of the transport for family: it resolves
// the host itself, checks each address against the guard and dials the
// allowed ones in turn.
func (c *Client) dialer(family Family) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{
		Timeout: c.cfg.ConnectTimeout,
		Control: func(_, address string, _ syscall.RawConn) error {
			// Defence in depth: the address actually connected to.
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("dial %s: %w", address, err)
			}
			return c.guard(ap.Addr())
		},
	}
	return func(ctx context.Context, _, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		addrs, err := c.lookupFor(ctx, host, family)
		if err != nil {
			return nil, err
		}
		addrs = dialOrder(addrs, family)
		var firstErr error
		for _, a := range addrs {
			if gerr := c.guard(a); gerr != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("dial %s: %w", host, gerr)
				}
				continue
			}
			network := "tcp4"
			if a.Is6() {
				network = "tcp6"
			}
			conn, err := d.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
			if err == nil {
				return conn, nil
			}
			if firstErr == nil || errors.Is(firstErr, ErrPrivateAddress) {
				firstErr = err
			}
			if ctx.Err() != nil {
				break
			}
		}
		return nil, firstErr
	}
}

// guard applies the address policy: the SSRF guard unless AllowPrivate.
func (c *Client) guard(a netip.Addr) error {
	if c.cfg.AllowPrivate {
		return nil
	}
	if c.policy != nil {
		return c.policy(a)
	}
	return publicAddr(a)
}

// familyRank orders IPv4 addresses before IPv6 ones.
func familyRank(a netip.Addr) int {
	if a.Is4() {
		return 0
	}
	return 1
}
