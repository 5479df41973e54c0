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
	// WindowDays is the monitoring window of the scheduled homepage probes
	// (the indicator's one week); 0 judges the crawl's own homepage fetch
	// only.
	WindowDays int `yaml:"window_days" json:"window_days"`
	// WindowFailRatio fails the rule when failed probes / probes in the
	// window reach it (the indicator's 5%).
	WindowFailRatio float64 `yaml:"window_fail_ratio" json:"window_fail_ratio"`
	// WindowMinProbes is the fewest probes in the window for the window to
	// decide; with fewer the crawl's own homepage fetch decides.
	WindowMinProbes int `yaml:"window_min_probes" json:"window_min_probes"`
	// WindowFamilies are the IP families whose probes count (ipv4, ipv6).
	WindowFamilies []string `yaml:"window_families" json:"window_families"`
}

var knownStatuses = snapshot.Statuses

func newReachParams() kindParams {
	return &ReachParams{TimeoutSeconds: 15, WindowFailRatio: 0.05, WindowMinProbes: 20, WindowFamilies: []string{"ipv4"}}
}

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
	switch {
	case r.WindowDays < 0 || r.WindowDays > 366:
		return perr("window_days", "want 0 (no window) to 366 days, got %d", r.WindowDays)
	case r.WindowFailRatio <= 0 || r.WindowFailRatio > 1:
		return perr("window_fail_ratio", "want a ratio in (0, 1], got %g", r.WindowFailRatio)
	case r.WindowMinProbes < 1:
		return perr("window_min_probes", "want at least 1, got %d", r.WindowMinProbes)
	case len(r.WindowFamilies) == 0:
		return perr("window_families", "at least one of ipv4, ipv6 is required")
	}
	for i, f := range r.WindowFamilies {
		if f != "ipv4" && f != "ipv6" {
			return perr(fmt.Sprintf("window_families[%d]", i), "%q is not ipv4 or ipv6", f)
		}
	}
	return nil
}

// ProbeWindow returns the longest probe window of the enabled rules of
// kind site_unreachable (0: none judges probe history). Whoever judges
// attaches the scheduled probes of that window before the site's crawl
// ended to the snapshot (Snapshot.Probes).
func (c *Catalog) ProbeWindow() time.Duration {
	var days int
	for _, r := range c.Rules {
		if rp, ok := r.Params.(*ReachParams); ok && r.Enabled {
			days = max(days, rp.WindowDays)
		}
	}
	return time.Duration(days) * 24 * time.Hour
}

// checkReach judges homepage availability the way the 2019 indicator
// does, over the scheduled probes of its window (a week, ≥5% of probes
// failing or slower than 15 s) when the snapshot carries enough of them;
// otherwise on the crawl's one homepage fetch (with the crawler's
// retries), which the message says.
func checkReach(p *pass) {
	rp := params[ReachParams](p)
	if w := probeWindow(p.site.snap, rp); len(w.samples) >= rp.WindowMinProbes {
		judgeWindow(p, rp, w)
		return
	}
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
