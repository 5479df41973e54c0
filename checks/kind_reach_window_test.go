package checks

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/crawler/snapshot"
)

// probes returns n IPv4 probes every 30 minutes up to the snapshot's end,
// the i-th with status st(i).
func probes(n int, st func(i int) (snapshot.Status, time.Duration)) func(s *snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		s.FinishedAt = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		for i := range n {
			status, d := st(i)
			s.Probes = append(s.Probes, snapshot.ProbeSample{SiteID: s.Site.ID, Family: "ipv4",
				At: s.FinishedAt.Add(-time.Duration(i) * 30 * time.Minute), Status: status, Duration: d})
		}
	}
}

func failEvery(k int, st snapshot.Status) func(int) (snapshot.Status, time.Duration) {
	return func(i int) (snapshot.Status, time.Duration) {
		if i%k == 0 {
			return st, 0
		}
		return snapshot.StatusOK, 200 * time.Millisecond
	}
}

func TestSiteUnreachableWindow(t *testing.T) {
	week := 7 * 48
	runKindCases(t, []kindCase{
		// 17 of 336 (5.06%) failed: the indicator's ≥5% vetoes.
		{name: "5% failed", mutate: probes(week, failEvery(20, snapshot.StatusTimeout)), rule: "site-unreachable",
			want: "fail", msg: "首页定时探测336次，超过15秒仍打不开17次，占比5.1%（达到5%即否决）"},
		// 12 of 336 (3.6%): the week passes though the crawl saw the site fine either way.
		{name: "under 5%", mutate: probes(week, failEvery(28, snapshot.StatusRefused)), rule: "site-unreachable",
			want: "pass", msg: "打不开12次，占比3.6%（低于5%）"},
		// Slow answers count as not opening, like failures.
		{name: "slow counts", mutate: probes(week, func(i int) (snapshot.Status, time.Duration) {
			if i%10 == 0 {
				return snapshot.StatusOK, 16 * time.Second
			}
			return snapshot.StatusOK, time.Second
		}), rule: "site-unreachable", want: "fail", msg: "打不开34次"},
		// The crawl's one fetch failed, but the week says the site opens.
		{name: "crawl failed week fine", mutate: func(s *snapshot.Snapshot) {
			unreachable(snapshot.StatusDNSError)(s)
			probes(week, failEvery(100, snapshot.StatusDNSError))(s)
		}, rule: "site-unreachable", want: "pass", msg: "打不开4次"},
		// Probes older than the week, of IPv6, or with statuses saying
		// nothing about opening do not count; 19 left are too few to decide,
		// so the crawl's fetch does.
		{name: "too few in window", mutate: func(s *snapshot.Snapshot) {
			probes(19, failEvery(1, snapshot.StatusTimeout))(s)
			end := s.FinishedAt
			s.Probes = append(s.Probes,
				snapshot.ProbeSample{Family: "ipv4", At: end.AddDate(0, 0, -8), Status: snapshot.StatusTimeout},
				snapshot.ProbeSample{Family: "ipv6", At: end.Add(-time.Minute), Status: snapshot.StatusTimeout},
				snapshot.ProbeSample{Family: "ipv4", At: end.Add(-2 * time.Minute), Status: snapshot.StatusNotChecked},
				snapshot.ProbeSample{Family: "ipv4", At: end.Add(time.Minute), Status: snapshot.StatusTimeout})
		}, rule: "site-unreachable", want: "pass", msg: "首页可以访问"},
		{name: "window enough", mutate: probes(20, failEvery(1, snapshot.StatusTimeout)), rule: "site-unreachable",
			want: "fail", msg: "首页定时探测20次"},
	})
}

func TestProbeWindow(t *testing.T) {
	c := Default()
	if got := c.ProbeWindow(); got != 7*24*time.Hour {
		t.Errorf("default catalog window = %v, want a week", got)
	}
	i := c.byID["site-unreachable"]
	c.Rules[i].Enabled = false
	if got := c.ProbeWindow(); got != 0 {
		t.Errorf("window with the rule disabled = %v", got)
	}
	// The window is a parameter: a catalog may shorten it.
	y := strings.Replace(string(catalogYAML), "window_days: 7\n", "window_days: 3\n", 1)
	c, err := Parse("catalog.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ProbeWindow(); got != 72*time.Hour {
		t.Error(fmt.Sprint("window = ", got))
	}
}
