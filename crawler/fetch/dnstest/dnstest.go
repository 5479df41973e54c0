// Package dnstest serves a made-up zone over real DNS on loopback, so that
// tests resolve names through --resolver exactly as an audit does.
package dnstest

import (
	"net"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

// Start serves zone (lower-case host name -> IPv4 and IPv6 addresses) over
// UDP and TCP on one loopback port until the test ends, and returns its
// "ip:port". Names not in zone get NXDOMAIN; a name without an address of
// the asked type gets an empty answer (NODATA). It uses only Helper,
// Cleanup and Fatal of t.
func Start(t testing.TB, zone map[string][]string) string {
	t.Helper()
	return StartObserved(t, zone, nil)
}

// StartObserved is Start, calling observe (when not nil) with the
// lower-case name of every question asked, before it is answered.
func StartObserved(t testing.TB, zone map[string][]string, observe func(name string)) string {
	t.Helper()
	h := dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		if observe != nil {
			for _, q := range r.Question {
				observe(strings.ToLower(strings.TrimSuffix(q.Name, ".")))
			}
		}
		_ = w.WriteMsg(answer(zone, r))
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
	t.Fatal("dnstest: no loopback port free for both udp and tcp")
	return ""
}

// answer is the authoritative reply to r from zone.
func answer(zone map[string][]string, r *dns.Msg) *dns.Msg {
	m := new(dns.Msg)
	m.SetReply(r)
	m.Authoritative = true
	for _, q := range r.Question {
		addrs, ok := zone[strings.ToLower(strings.TrimSuffix(q.Name, "."))]
		if !ok {
			m.Rcode = dns.RcodeNameError
			continue
		}
		for _, a := range addrs {
			ip := net.ParseIP(a)
			hdr := dns.RR_Header{Name: q.Name, Rrtype: q.Qtype, Class: dns.ClassINET, Ttl: 60}
			switch {
			case q.Qtype == dns.TypeA && ip.To4() != nil:
				m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: ip.To4()})
			case q.Qtype == dns.TypeAAAA && ip != nil && ip.To4() == nil:
				m.Answer = append(m.Answer, &dns.AAAA{Hdr: hdr, AAAA: ip})
			}
		}
	}
	return m
}
