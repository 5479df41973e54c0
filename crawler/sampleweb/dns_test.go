package sampleweb

import (
	"net"
	"testing"

	"github.com/miekg/dns"
)

func TestDNS(t *testing.T) {
	w := startWeb(t)
	tests := []struct {
		name  string
		qtype uint16
		rcode int
		want  []string // answer addresses (or CNAME targets), in order
	}{
		{"www.shifan.gov.cn", dns.TypeA, dns.RcodeSuccess, []string{"127.0.0.1"}},
		{"www.shifan.gov.cn", dns.TypeAAAA, dns.RcodeSuccess, []string{"::1"}},
		{"XXGK.Shifan.Gov.Cn", dns.TypeAAAA, dns.RcodeSuccess, []string{"::1"}},
		{"www.gubei.gov.cn", dns.TypeA, dns.RcodeSuccess, []string{"127.0.0.1"}},
		{"www.gubei.gov.cn", dns.TypeAAAA, dns.RcodeSuccess, nil}, // NODATA: IPv4 only
		{"www.liuanqu.gov.cn", dns.TypeAAAA, dns.RcodeSuccess, []string{"::1"}},
		{"www.xiaoshi.gov.cn", dns.TypeA, dns.RcodeNameError, nil},
		{"old.delin.gov.cn", dns.TypeA, dns.RcodeNameError, nil},
		{"hd.delin.gov.cn", dns.TypeA, dns.RcodeSuccess, []string{"127.0.0.2"}},
		{"www.gov.cn", dns.TypeA, dns.RcodeSuccess, []string{"www.gov.cn.wscdns.com.", "127.0.0.1"}},
		{"www.gov.cn", dns.TypeAAAA, dns.RcodeSuccess, []string{"www.gov.cn.wscdns.com.", "::1"}},
		{"zfwzzc.www.gov.cn", dns.TypeAAAA, dns.RcodeSuccess, []string{"::1"}},
		{"bszs.conac.cn", dns.TypeA, dns.RcodeSuccess, []string{"127.0.0.1"}},
		{"example.com", dns.TypeA, dns.RcodeNameError, nil},
		{"www.shifan.gov.cn", dns.TypeMX, dns.RcodeSuccess, nil},
	}
	for _, proto := range []string{"udp", "tcp"} {
		for _, tt := range tests {
			t.Run(proto+"/"+tt.name+"/"+dns.TypeToString[tt.qtype], func(t *testing.T) {
				c := &dns.Client{Net: proto}
				m := new(dns.Msg)
				m.SetQuestion(dns.Fqdn(tt.name), tt.qtype)
				r, _, err := c.Exchange(m, w.DNSAddr)
				if err != nil {
					t.Fatal(err)
				}
				if !r.Authoritative {
					t.Error("answer is not authoritative")
				}
				if r.Rcode != tt.rcode {
					t.Fatalf("rcode = %s, want %s", dns.RcodeToString[r.Rcode], dns.RcodeToString[tt.rcode])
				}
				var got []string
				for _, rr := range r.Answer {
					switch v := rr.(type) {
					case *dns.A:
						got = append(got, v.A.String())
					case *dns.AAAA:
						got = append(got, v.AAAA.String())
					case *dns.CNAME:
						got = append(got, v.Target)
					}
				}
				if len(got) != len(tt.want) {
					t.Fatalf("answers = %v, want %v", got, tt.want)
				}
				for i := range got {
					if got[i] != tt.want[i] {
						t.Errorf("answer %d = %s, want %s", i, got[i], tt.want[i])
					}
				}
				if len(r.Answer) == 0 && len(r.Ns) != 1 {
					t.Errorf("negative answer without SOA: %v", r.Ns)
				}
			})
		}
	}
}

func TestDialerResolvesOnlyLoopback(t *testing.T) {
	w := startWeb(t)
	d := w.Dialer()
	ctx := t.Context()
	if _, err := d(ctx, "tcp4", "www.xiaoshi.gov.cn:80"); err == nil {
		t.Error("NXDOMAIN host dialled")
	} else if de, ok := err.(*net.DNSError); !ok || !de.IsNotFound {
		t.Errorf("NXDOMAIN error = %v, want a not-found DNSError", err)
	}
	if _, err := d(ctx, "tcp6", "www.gubei.gov.cn:80"); err == nil {
		t.Error("IPv4-only host dialled over tcp6")
	}
	if _, err := d(ctx, "tcp4", "203.0.113.7:80"); err == nil {
		t.Error("non-loopback address dialled")
	}
}

func FuzzServeDNS(f *testing.F) {
	for _, s := range []string{"www.shifan.gov.cn", "www.gov.cn", "", ".", "a..b", "xn--fiq228c.gov.cn"} {
		f.Add(s, uint16(dns.TypeA))
	}
	srv := &dnsServer{hosts: hostTable{}, logger: discardLogger()}
	for _, e := range nationalEntries(&assetSet{}) {
		srv.hosts[e.name] = e
	}
	f.Fuzz(func(t *testing.T, name string, qtype uint16) {
		m := new(dns.Msg)
		m.Question = []dns.Question{{Name: name, Qtype: qtype, Qclass: dns.ClassINET}}
		rec := &recordingWriter{}
		srv.ServeDNS(rec, m)
		if rec.msg == nil {
			t.Fatal("no answer written")
		}
	})
}
