package dualstack

import (
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

// zone maps a lower-case host name to its addresses; names not in it are
// NXDOMAIN, names without an address of a type answer NODATA.
type zone map[string][]netip.Addr

// startDNS serves z over UDP and TCP on one loopback port and returns the
// server's "ip:port".
func startDNS(t *testing.T, z zone) string {
	t.Helper()
	h := dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		m.Authoritative = true
		for _, q := range r.Question {
			addrs, ok := z[strings.TrimSuffix(strings.ToLower(q.Name), ".")]
			if !ok {
				m.Rcode = dns.RcodeNameError
				continue
			}
			for _, a := range addrs {
				hdr := dns.RR_Header{Name: q.Name, Rrtype: q.Qtype, Class: dns.ClassINET, Ttl: 60}
				switch {
				case q.Qtype == dns.TypeA && a.Is4():
					m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: net.IP(a.AsSlice())})
				case q.Qtype == dns.TypeAAAA && a.Is6():
					m.Answer = append(m.Answer, &dns.AAAA{Hdr: hdr, AAAA: net.IP(a.AsSlice())})
				}
			}
		}
		_ = w.WriteMsg(m)
	})
	for range 20 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", pc.LocalAddr().String())
		if err != nil {
			pc.Close()
			continue
		}
		udp := &dns.Server{PacketConn: pc, Handler: h}
		tcp := &dns.Server{Listener: ln, Handler: h}
		go func() { _ = udp.ActivateAndServe() }()
		go func() { _ = tcp.ActivateAndServe() }()
		t.Cleanup(func() { _ = udp.Shutdown(); _ = tcp.Shutdown() })
		return pc.LocalAddr().String()
	}
	t.Fatal("no free port for udp and tcp dns")
	return ""
}
