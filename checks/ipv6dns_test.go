package checks

import (
	"testing"

	"gongkai/crawler/snapshot"
)

// TestIPv6DNSFromDNSAlone: ipv6-dns is judged from the homepage host's DNS
// answers, so a site whose server answers 502 is judged; a host that does
// not resolve is not applicable.
func TestIPv6DNSFromDNSAlone(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "server error, AAAA present", mutate: func(s *snapshot.Snapshot) {
			unreachable(snapshot.StatusHTTPError)(s)
			s.Home.HTTPStatus = 502
		}, rule: "ipv6-dns", want: "pass", msg: "有AAAA记录"},
		{name: "server error, no AAAA", mutate: func(s *snapshot.Snapshot) {
			unreachable(snapshot.StatusHTTPError)(s)
			s.Hosts[0].AAAA = nil
		}, rule: "ipv6-dns", want: "fail", points: 2},
		{name: "host does not resolve", mutate: func(s *snapshot.Snapshot) {
			unreachable(snapshot.StatusDNSError)(s)
			s.Hosts[0].A, s.Hosts[0].AAAA, s.Hosts[0].DNSError = nil, nil, "no such host"
		}, rule: "ipv6-dns", want: "not_applicable", msg: "无法解析"},
	})
}
