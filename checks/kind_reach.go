package checks

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"gongkai/crawler/snapshot"
)

// ReachParams configures site_unreachable (站点无法访问).
type ReachParams struct {
	// FailStatuses are crawl statuses meaning the homepage could not be opened.
	FailStatuses []string `yaml:"fail_statuses" json:"fail_statuses"`
	// AnsweredStatuses are statuses meaning the site answered (even if it
	// refused robots or a WAF challenged the crawler).
	AnsweredStatuses []string `yaml:"answered_statuses" json:"answered_statuses"`
	// TimeoutSeconds: a homepage slower than this counts as not opening.
	TimeoutSeconds float64 `yaml:"timeout_seconds" json:"timeout_seconds"`
}

var knownStatuses = snapshot.Statuses

func newReachParams() kindParams { return &ReachParams{TimeoutSeconds: 15} }

func (r *ReachParams) validate(*Catalog) *paramError {
	for field, list := range map[string][]string{"fail_statuses": r.FailStatuses, "answered_statuses": r.AnsweredStatuses} {
		for i, s := range list {
			if !slices.Contains(knownStatuses, snapshot.Status(s)) {
				return perr(fmt.Sprintf("%s[%d]", field, i), "unknown crawl status %q", s)
			}
		}
	}
	for _, s := range r.FailStatuses {
		if slices.Contains(r.AnsweredStatuses, s) {
			return perr("answered_statuses", "status %q is also in fail_statuses", s)
		}
	}
	if len(r.FailStatuses) == 0 || r.TimeoutSeconds <= 0 {
		return perr("fail_statuses", "fail_statuses and a positive timeout_seconds are required")
	}
	return nil
}

// checkReach judges the homepage availability probe. The 2019 indicator
// counts failures over a week of probes (≥5% of ≥20 a day); one audit has
// one probe (with the crawler's retries), so a failure here is one failed
// probe, which the message says.
func checkReach(p *pass) {
	rp := params[ReachParams](p)
	s, home := p.site.snap, p.site.snap.Home
	status := string(p.site.status)
	target := cmp.Or(home.FinalURL, home.URL, s.Site.URL)
	limit := time.Duration(rp.TimeoutSeconds * float64(time.Second))
	switch {
	case slices.Contains(rp.FailStatuses, status):
		detail := cmp.Or(home.Error, s.Error)
		if home.HTTPStatus > 0 {
			detail = fmt.Sprintf("HTTP %d %s", home.HTTPStatus, detail)
		}
		p.fail(target, "首页无法访问（%s%s），本次检查的首页探测失败（指标要求：一周内打不开次数占比不超过5%%）", status, suffix(detail))
	case slices.Contains(rp.AnsweredStatuses, status) && home.Duration > limit:
		p.fail(target, "首页打开耗时%.1f秒，超过%.0f秒", home.Duration.Seconds(), rp.TimeoutSeconds)
	case slices.Contains(rp.AnsweredStatuses, status) && status != string(snapshot.StatusOK):
		p.ok(target, "首页有响应（%s），可以访问，但拒绝自动抓取，页面内容无法检查", status)
	case slices.Contains(rp.AnsweredStatuses, status):
		p.ok(target, "首页可以访问（HTTP %d，耗时%.1f秒）", home.HTTPStatus, home.Duration.Seconds())
	default:
		p.na("首页状态为%s，无法判断是否可访问", cmp.Or(status, "未记录"))
	}
}

func suffix(s string) string {
	if s == "" {
		return ""
	}
	return "：" + s
}
