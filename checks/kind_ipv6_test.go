package checks

import (
	"testing"

	"gongkai/crawler/snapshot"
)

func TestIPv6AndHTTPS(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "no AAAA", mutate: func(s *snapshot.Snapshot) { s.Hosts[0].AAAA = nil }, rule: "ipv6-dns", want: "fail", points: 2},
		{name: "no dns record", mutate: func(s *snapshot.Snapshot) { s.Hosts = nil }, rule: "ipv6-dns", want: "error"},
		{name: "v6 home fails", mutate: func(s *snapshot.Snapshot) {
			s.IPv6.HomeV6Status, s.IPv6.HomeV6Error = 0, "connect: network is unreachable"
		}, rule: "ipv6-home", want: "fail", points: 2, msg: "network is unreachable"},
		{name: "v6 home differs", mutate: func(s *snapshot.Snapshot) { s.IPv6.Consistent, s.IPv6.Similarity = false, 0.3 }, rule: "ipv6-home", want: "fail", points: 2, msg: "相似度0.30"},
		{name: "link ratios low", mutate: func(s *snapshot.Snapshot) { s.Hosts[0].IPv6OK = false }, rule: "ipv6-links", want: "fail,fail", points: 2, msg: "二级链接IPv6支持率0.0%"},
		{name: "https", mutate: func(s *snapshot.Snapshot) { s.Home.HTTPS, s.Home.FinalURL = false, "http://www.example.gov.cn/" }, rule: "https", want: "fail", points: 1},
	})
}
