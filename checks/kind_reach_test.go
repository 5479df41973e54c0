package checks

import (
	"math"
	"testing"
	"time"

	"gongkai/crawler/snapshot"
)

func unreachable(st snapshot.Status) func(s *snapshot.Snapshot) {
	return func(s *snapshot.Snapshot) {
		s.Status, s.Home.Status, s.Home.HTTPStatus, s.Pages, s.Links, s.Error = st, st, 0, nil, nil, "lookup www.example.gov.cn: no such host"
		s.Home.HTTPS = false
	}
}

func TestSiteUnreachable(t *testing.T) {
	vetoed := func(t *testing.T, res Result) {
		if !res.Score.Veto || res.Score.Score != 0 || res.Score.Grade != "不合格" || res.Score.VetoRules[0] != "site-unreachable" {
			t.Errorf("score = %+v", res.Score)
		}
		if o := outcomes(res); o["home-stale"] != "not_applicable" || o["https"] != "not_applicable" || o["links-dead-home"] != "not_applicable" {
			t.Errorf("content rules: %v", o)
		}
	}
	runKindCases(t, []kindCase{
		{name: "ok", rule: "site-unreachable", want: "pass", msg: "首页可以访问"},
		{name: "dns error", mutate: unreachable(snapshot.StatusDNSError), rule: "site-unreachable", want: "fail", msg: "dns_error：lookup", checkFn: vetoed},
		{name: "timeout", mutate: unreachable(snapshot.StatusTimeout), rule: "site-unreachable", want: "fail", checkFn: vetoed},
		{name: "http error", mutate: func(s *snapshot.Snapshot) {
			unreachable(snapshot.StatusHTTPError)(s)
			s.Home.HTTPStatus = 503
		}, rule: "site-unreachable", want: "fail", msg: "HTTP 503"},
		{name: "slow", mutate: func(s *snapshot.Snapshot) { s.Home.Duration = 16 * time.Second }, rule: "site-unreachable", want: "fail", msg: "超过15秒"},
		{name: "robots blocked answered", mutate: func(s *snapshot.Snapshot) {
			unreachable(snapshot.StatusRobotsBlocked)(s)
			s.Home.HTTPS = true
		}, rule: "site-unreachable", want: "pass", msg: "拒绝自动抓取", checkFn: func(t *testing.T, res Result) {
			o := outcomes(res)
			if o["home-stale"] != "not_applicable" || o["columns-blank"] != "not_applicable" || o["https"] != "pass" || o["ipv6-dns"] != "pass" {
				t.Errorf("robots_blocked: %v", o)
			}
			if res.Score.Veto || res.Score.Grade != "无法评定" || !math.IsNaN(res.Score.Score) {
				t.Errorf("robots_blocked site: %+v", res.Score)
			}
		}},
		{name: "not checked", mutate: unreachable(snapshot.StatusNotChecked), rule: "site-unreachable", want: "not_applicable"},
	})
}
