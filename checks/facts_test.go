package checks

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"gongkai/crawler/snapshot"
)

func TestSiteFacts(t *testing.T) {
	ratio := func(r float64) *float64 { return &r }
	good := SiteFacts{AAAA: true, IPv6Home: true, IPv6L2Ratio: ratio(1), IPv6L3Ratio: ratio(1), SiteIDCode: "1300000001"}
	tests := []struct {
		name   string
		mutate func(s *snapshot.Snapshot)
		want   func(f *SiteFacts)
	}{
		{"good site", nil, func(*SiteFacts) {}},
		{"no AAAA", func(s *snapshot.Snapshot) { s.Hosts[0].AAAA = nil }, func(f *SiteFacts) { f.AAAA = false }},
		{"no home host recorded", func(s *snapshot.Snapshot) { s.Hosts = nil }, func(f *SiteFacts) {
			f.AAAA, f.IPv6L2Ratio, f.IPv6L3Ratio = false, nil, nil // links to unprobed hosts are not counted
		}},
		{"home refuses IPv6", func(s *snapshot.Snapshot) { s.IPv6.HomeV6Status = 0 }, func(f *SiteFacts) { f.IPv6Home = false }},
		{"home answers 404 over IPv6", func(s *snapshot.Snapshot) { s.IPv6.HomeV6Status = 404 }, func(f *SiteFacts) { f.IPv6Home = false }},
		{"links host without IPv6", func(s *snapshot.Snapshot) { s.Hosts[0].IPv6OK = false }, func(f *SiteFacts) {
			f.IPv6L2Ratio, f.IPv6L3Ratio = ratio(0), ratio(0)
		}},
		{"no level-3 link", func(s *snapshot.Snapshot) { s.Links = s.Links[:len(s.Links)-1] }, func(f *SiteFacts) { f.IPv6L3Ratio = nil }},
		{"meta tag only", func(s *snapshot.Snapshot) { s.Pages[0].Footer = "冀ICP备05000001号-1" }, func(*SiteFacts) {}},
		{"shown code wins over the meta tag", func(s *snapshot.Snapshot) { s.Pages[0].Meta["siteidcode"] = "9999999999" }, func(*SiteFacts) {}},
		{"no code", func(s *snapshot.Snapshot) { s.Pages[0].Footer, s.Pages[0].Meta = "", nil }, func(f *SiteFacts) { f.SiteIDCode = "" }},
		{"homepage not read", func(s *snapshot.Snapshot) { s.Pages[0].Status = snapshot.StatusTimeout }, func(f *SiteFacts) { f.SiteIDCode = "" }},
	}
	c := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := goodSite()
			if tt.mutate != nil {
				tt.mutate(s)
			}
			want := good
			tt.want(&want)
			if diff := cmp.Diff(want, c.Judge(s, asOf).Site); diff != "" {
				t.Errorf("site facts (-want +got):\n%s", diff)
			}
		})
	}
}
