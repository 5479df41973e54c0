package checks

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"gongkai/crawler/snapshot"
)

// window is the scheduled probes one site_unreachable rule counts.
type window struct {
	from, to time.Time
	samples  []snapshot.ProbeSample
}

// probeWindow selects the probes of the rule's families taken in the
// WindowDays before the crawl ended (before the newest probe, for a
// snapshot without an end), whose status says whether the homepage
// opened.
func probeWindow(s *snapshot.Snapshot, rp *ReachParams) window {
	if rp.WindowDays == 0 || len(s.Probes) == 0 {
		return window{}
	}
	to := s.FinishedAt
	if to.IsZero() {
		for _, pr := range s.Probes {
			to = maxTime(to, pr.At)
		}
	}
	w := window{from: to.AddDate(0, 0, -rp.WindowDays), to: to}
	for _, pr := range s.Probes {
		st := string(pr.Status)
		if !pr.At.After(w.from) || pr.At.After(w.to) || !slices.Contains(rp.WindowFamilies, pr.Family) {
			continue
		}
		if slices.Contains(rp.FailStatuses, st) || slices.Contains(rp.AnsweredStatuses, st) {
			w.samples = append(w.samples, pr)
		}
	}
	return w
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// judgeWindow fails the rule when the share of probes that failed or took
// longer than the timeout reaches the ratio.
func judgeWindow(p *pass, rp *ReachParams, w window) {
	limit := time.Duration(rp.TimeoutSeconds * float64(time.Second))
	var failed []snapshot.ProbeSample
	for _, pr := range w.samples {
		if slices.Contains(rp.FailStatuses, string(pr.Status)) || pr.Duration > limit {
			failed = append(failed, pr)
		}
	}
	n, f := len(w.samples), len(failed)
	ratio := float64(f) / float64(n)
	s := p.site.snap
	target := cmp.Or(s.Home.FinalURL, s.Home.URL, s.Site.URL)
	span := fmt.Sprintf("%s至%s（%d天）首页定时探测%d次，超过%.0f秒仍打不开%d次，占比%.1f%%",
		w.from.In(cst).Format("2006-01-02 15:04"), w.to.In(cst).Format("2006-01-02 15:04"), rp.WindowDays,
		n, rp.TimeoutSeconds, f, 100*ratio)
	if ratio >= rp.WindowFailRatio {
		last := failed[len(failed)-1]
		p.fail(target, "%s（达到%.0f%%即否决）；最近一次：%s %s%s", span, 100*rp.WindowFailRatio,
			last.At.In(cst).Format("01-02 15:04"), last.Status, suffix(last.Error))
		return
	}
	p.ok(target, "%s（低于%.0f%%）", span, 100*rp.WindowFailRatio)
}

// cst is China Standard Time, the zone the messages give times in.
var cst = time.FixedZone("CST", 8*3600)
