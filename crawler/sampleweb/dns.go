package sampleweb

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/miekg/dns"
)

const dnsTTL = 300

// dnsServer answers authoritatively for every sample host on UDP and TCP
// of one loopback port: A and AAAA records, CNAME for aliases, NODATA for a
// known name without that record type, NXDOMAIN for anything else.
type dnsServer struct {
	hosts  hostTable
	logger *slog.Logger
	udp    *dns.Server
	tcp    *dns.Server
}

// listenDNS binds UDP and TCP on the same 127.0.0.1 port.
func listenDNS() (net.PacketConn, net.Listener, error) {
	var lastErr error
	for i := 0; i < 20; i++ {
		pc, err := net.ListenPacket("udp4", "127.0.0.1:0")
		if err != nil {
			return nil, nil, fmt.Errorf("listen dns udp: %w", err)
		}
		l, err := net.Listen("tcp4", pc.LocalAddr().String())
		if err == nil {
			return pc, l, nil
		}
		pc.Close()
		lastErr = err
	}
	return nil, nil, fmt.Errorf("listen dns tcp: %w", lastErr)
}

// start serves on pc and l until shutdown; it returns once both serve.
func (d *dnsServer) start(pc net.PacketConn, l net.Listener) error {
	d.udp = &dns.Server{PacketConn: pc, Handler: d}
	d.tcp = &dns.Server{Listener: l, Handler: d}
	errc := make(chan error, 2)
	for _, srv := range []*dns.Server{d.udp, d.tcp} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go func(srv *dns.Server) { errc <- srv.ActivateAndServe() }(srv)
		select {
		case <-started:
		case err := <-errc:
			return fmt.Errorf("serve dns: %w", err)
		case <-time.After(5 * time.Second):
			return fmt.Errorf("serve dns: did not start")
		}
	}
	return nil
}

func (d *dnsServer) shutdown(ctx context.Context) error {
	var first error
	for _, srv := range []*dns.Server{d.udp, d.tcp} {
		if srv == nil {
			continue
		}
		if err := srv.ShutdownContext(ctx); err != nil && first == nil {
			first = fmt.Errorf("shutdown dns: %w", err)
		}
	}
	return first
}

// ServeDNS implements dns.Handler.
func (d *dnsServer) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	if len(req.Question) != 1 {
		m.Rcode = dns.RcodeFormatError
		_ = w.WriteMsg(m)
		return
	}
	q := req.Question[0]
	name := strings.TrimSuffix(strings.ToLower(q.Name), ".")
	e := d.hosts[name]
	if e == nil {
		m.Rcode = dns.RcodeNameError
		m.Ns = []dns.RR{soa(name)}
		d.logger.Debug("dns nxdomain", "name", name)
		_ = w.WriteMsg(m)
		return
	}
	if e.cname != "" {
		m.Answer = append(m.Answer, &dns.CNAME{Hdr: hdr(q.Name, dns.TypeCNAME), Target: dns.Fqdn(e.cname)})
		if q.Qtype == dns.TypeCNAME {
			_ = w.WriteMsg(m)
			return
		}
		owner := dns.Fqdn(e.cname)
		e = d.hosts[e.cname]
		q.Name = owner
	}
	switch q.Qtype {
	case dns.TypeA, dns.TypeANY:
		for _, a := range e.a {
			m.Answer = append(m.Answer, &dns.A{Hdr: hdr(q.Name, dns.TypeA), A: net.IP(a.AsSlice())})
		}
	}
	switch q.Qtype {
	case dns.TypeAAAA, dns.TypeANY:
		for _, a := range e.aaaa {
			m.Answer = append(m.Answer, &dns.AAAA{Hdr: hdr(q.Name, dns.TypeAAAA), AAAA: net.IP(a.AsSlice())})
		}
	}
	if len(m.Answer) == 0 {
		m.Ns = []dns.RR{soa(name)} // NODATA
	}
	_ = w.WriteMsg(m)
}

func hdr(name string, t uint16) dns.RR_Header {
	return dns.RR_Header{Name: dns.Fqdn(name), Rrtype: t, Class: dns.ClassINET, Ttl: dnsTTL}
}

// soa is the SOA of the zone a name belongs to (its last two labels, or
// gov.cn's children), for negative answers.
func soa(name string) dns.RR {
	labels := dns.SplitDomainName(name)
	zone := "."
	switch {
	case len(labels) >= 3 && strings.HasSuffix(name, ".gov.cn"):
		zone = strings.Join(labels[len(labels)-3:], ".")
	case len(labels) >= 2:
		zone = strings.Join(labels[len(labels)-2:], ".")
	}
	return &dns.SOA{Hdr: hdr(zone, dns.TypeSOA), Ns: dns.Fqdn("ns1." + zone), Mbox: dns.Fqdn("hostmaster." + zone),
		Serial: 2026010101, Refresh: 3600, Retry: 600, Expire: 604800, Minttl: dnsTTL}
}
