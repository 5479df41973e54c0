package hostileweb

import (
	"fmt"
	"net"
	"strings"
	"sync"

	"github.com/miekg/dns"
)

// dnsServer answers for the hostile web's names on UDP and TCP of one
// loopback port. A rebinding name answers its addresses in turn, one per
// query: the first lookup sees a public address, a later one a private.
type dnsServer struct {
	zone    map[string][]string // lower-case name -> addresses
	rebind  map[string][]string // lower-case name -> addresses answered in turn
	mu      sync.Mutex
	asked   map[string]int
	servers []*dns.Server
	addr    string
}

func startDNS(zone, rebind map[string][]string) (*dnsServer, error) {
	d := &dnsServer{zone: zone, rebind: rebind, asked: map[string]int{}}
	for range 20 {
		pc, err := net.ListenPacket("udp4", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("listen dns: %w", err)
		}
		ln, err := net.Listen("tcp4", pc.LocalAddr().String())
		if err != nil {
			pc.Close()
			continue
		}
		d.addr = pc.LocalAddr().String()
		d.servers = []*dns.Server{{PacketConn: pc, Handler: d}, {Listener: ln, Handler: d}}
		for _, s := range d.servers {
			started := make(chan struct{})
			s.NotifyStartedFunc = func() { close(started) }
			go func() { _ = s.ActivateAndServe() }()
			<-started
		}
		return d, nil
	}
	return nil, fmt.Errorf("listen dns: no loopback port free for both udp and tcp")
}

func (d *dnsServer) close() {
	for _, s := range d.servers {
		_ = s.Shutdown()
	}
}

// ServeDNS implements dns.Handler: A and AAAA from the zone, NODATA for a
// known name without that type, NXDOMAIN for the rest.
func (d *dnsServer) ServeDNS(w dns.ResponseWriter, r *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(r)
	m.Authoritative = true
	for _, q := range r.Question {
		name := strings.ToLower(strings.TrimSuffix(q.Name, "."))
		addrs, ok := d.zone[name]
		if turns, rb := d.rebind[name]; rb && (q.Qtype == dns.TypeA || q.Qtype == dns.TypeAAAA) {
			d.mu.Lock()
			addrs, ok = []string{turns[d.asked[name]%len(turns)]}, true
			if q.Qtype == dns.TypeA {
				d.asked[name]++
			}
			d.mu.Unlock()
		}
		if !ok {
			m.Rcode = dns.RcodeNameError
			continue
		}
		for _, a := range addrs {
			ip := net.ParseIP(a)
			hdr := dns.RR_Header{Name: q.Name, Rrtype: q.Qtype, Class: dns.ClassINET, Ttl: 0}
			switch {
			case q.Qtype == dns.TypeA && ip.To4() != nil:
				m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: ip.To4()})
			case q.Qtype == dns.TypeAAAA && ip != nil && ip.To4() == nil:
				m.Answer = append(m.Answer, &dns.AAAA{Hdr: hdr, AAAA: ip})
			}
		}
	}
	_ = w.WriteMsg(m)
}
