package sampleweb

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/miekg/dns"
)

// loopbackDialer resolves names with the sample DNS and dials only
// loopback addresses.
type loopbackDialer struct {
	dnsAddr string
	d       net.Dialer
}

func newLoopbackDialer(dnsAddr string) *loopbackDialer {
	return &loopbackDialer{dnsAddr: dnsAddr, d: net.Dialer{Timeout: 5 * time.Second}}
}

// DialContext dials addr ("host:port"): "tcp4" uses A records, "tcp6" AAAA
// records, "tcp" A then AAAA.
func (l *loopbackDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	var families []uint16
	switch network {
	case "tcp4":
		families = []uint16{dns.TypeA}
	case "tcp6":
		families = []uint16{dns.TypeAAAA}
	case "tcp":
		families = []uint16{dns.TypeA, dns.TypeAAAA}
	default:
		return nil, fmt.Errorf("dial %s: unsupported network %s", addr, network)
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		ips = []netip.Addr{ip}
	} else {
		for _, t := range families {
			got, err := l.lookup(ctx, host, t)
			if err != nil {
				return nil, err
			}
			ips = append(ips, got...)
		}
	}
	if len(ips) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var errs []error
	for _, ip := range ips {
		if !ip.IsLoopback() {
			errs = append(errs, fmt.Errorf("dial %s: %s is not loopback", addr, ip))
			continue
		}
		c, err := l.d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return c, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

// lookup returns the addresses of one record type, following CNAMEs in the answer.
func (l *loopbackDialer) lookup(ctx context.Context, host string, qtype uint16) ([]netip.Addr, error) {
	c := &dns.Client{Net: "udp", Timeout: 2 * time.Second}
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(host), qtype)
	r, _, err := c.ExchangeContext(ctx, m, l.dnsAddr)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	if r.Rcode == dns.RcodeNameError {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []netip.Addr
	for _, rr := range r.Answer {
		var ip net.IP
		switch v := rr.(type) {
		case *dns.A:
			ip = v.A
		case *dns.AAAA:
			ip = v.AAAA
		}
		if a, ok := netip.AddrFromSlice(ip); ok {
			out = append(out, a.Unmap())
		}
	}
	return out, nil
}
