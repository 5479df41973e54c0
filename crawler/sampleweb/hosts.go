package sampleweb

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// hostEntry is one name of the sample web: its DNS records and what
// answers HTTP for it.
type hostEntry struct {
	name    string
	a, aaaa []netip.Addr
	cname   string // an alias: DNS answers CNAME then the target's records
	tls     bool   // served over HTTPS; plain HTTP redirects there
	v6Reset bool   // the [::1] listener resets connections for this host
	handler http.Handler
}

// hostTable maps lower-case host names (no trailing dot) to entries.
type hostTable map[string]*hostEntry

var (
	loop4 = netip.MustParseAddr("127.0.0.1")
	loop6 = netip.MustParseAddr("::1")
)

func (t hostTable) add(e *hostEntry) error {
	if _, dup := t[e.name]; dup {
		return fmt.Errorf("host %s defined twice", e.name)
	}
	t[e.name] = e
	return nil
}

// dualStack returns the loopback records of a host (IPv4 only if v4only).
func dualStack(v4only bool) ([]netip.Addr, []netip.Addr) {
	if v4only {
		return []netip.Addr{loop4}, nil
	}
	return []netip.Addr{loop4}, []netip.Addr{loop6}
}

// siteHosts returns the entries of one site: its homepage host, its
// platform host, and its extra hosts (WAF, unreachable …).
func siteHosts(s *site, handlerFor func(host string) http.Handler, waf http.Handler) ([]*hostEntry, error) {
	d := s.def
	if d.NXDomain {
		return nil, nil
	}
	a, aaaa := dualStack(d.IPv4Only)
	var out []*hostEntry
	for _, h := range []string{d.Host, d.Platform.Host} {
		if h == "" {
			continue
		}
		out = append(out, &hostEntry{name: h, a: a, aaaa: aaaa, tls: d.TLS, v6Reset: d.V6Reset, handler: handlerFor(h)})
	}
	for _, x := range d.ExtraHosts {
		e := &hostEntry{name: x.Name}
		for _, list := range []struct {
			in  []string
			out *[]netip.Addr
		}{{x.A, &e.a}, {x.AAAA, &e.aaaa}} {
			for _, ip := range list.in {
				addr, err := netip.ParseAddr(ip)
				if err != nil || !addr.IsLoopback() {
					return nil, fmt.Errorf("site %s host %s: address %q is not a loopback address", d.ID, x.Name, ip)
				}
				*list.out = append(*list.out, addr)
			}
		}
		switch x.Role {
		case "waf":
			e.handler = waf
		case "none":
		default:
			return nil, fmt.Errorf("site %s host %s: unknown role %q", d.ID, x.Name, x.Role)
		}
		out = append(out, e)
	}
	return out, nil
}

// canonicalHost lower-cases a Host header and strips its port and any
// trailing dot.
func canonicalHost(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	return strings.TrimSuffix(strings.ToLower(h), ".")
}
