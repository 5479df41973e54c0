package checks

import "fmt"

// HomeFreshnessParams configures home_freshness (首页不更新).
type HomeFreshnessParams struct {
	WindowDays int `yaml:"window_days" json:"window_days"`
	// SecondLevelFallback: a homepage with no dated entry is a navigation
	// page, and the test applies to the second-level pages instead.
	SecondLevelFallback bool `yaml:"second_level_fallback" json:"second_level_fallback"`
}

func newHomeFreshnessParams() kindParams {
	return &HomeFreshnessParams{WindowDays: 14, SecondLevelFallback: true}
}

func (h *HomeFreshnessParams) validate(*Catalog) *paramError {
	if h.WindowDays < 1 {
		return perr("window_days", "must be at least 1")
	}
	return nil
}

const dateLayout = "2006-01-02"

// checkHomeFreshness fails when the newest dated homepage entry is older
// than the window. Undated entries count as not updated (2015 普查 note); a
// homepage with no dated entry at all is a navigation page and the newest
// entry of the second-level pages decides.
func checkHomeFreshness(p *pass) {
	hp := params[HomeFreshnessParams](p)
	v := p.site
	if v.home == nil {
		p.errorf("快照中没有首页页面，无法判断首页更新")
		return
	}
	cut := cutoff(v.asOf, hp.WindowDays, 0)
	newest, future := newestUpTo(dated(v.home.p.Items, v.asOf), v.asOf)
	note := futureNote(future)
	if newest.IsZero() && hp.SecondLevelFallback {
		best, url := secondLevelNewest(v)
		switch {
		case best.IsZero():
			p.fail(v.home.p.URL, "首页及二级页面均无注明日期的信息（未注明发布时间的视为不更新）%s", note)
		case best.Before(cut):
			p.fail(url, "首页仅为导航入口，二级页面最新信息日期为%s，距检查日%d天（要求%d天内）%s",
				best.Format(dateLayout), daysBetween(best, v.asOf), hp.WindowDays, note)
		default:
			p.ok(url, "首页仅为导航入口，二级页面最新信息日期为%s，距检查日%d天（要求%d天内）",
				best.Format(dateLayout), daysBetween(best, v.asOf), hp.WindowDays)
		}
		return
	}
	switch {
	case newest.IsZero():
		p.fail(v.home.p.URL, "首页无注明日期的信息（未注明发布时间的视为不更新）%s", note)
	case newest.Before(cut):
		p.fail(v.home.p.URL, "首页最新信息日期为%s，距检查日%d天（要求%d天内）%s",
			newest.Format(dateLayout), daysBetween(newest, v.asOf), hp.WindowDays, note)
	default:
		p.ok(v.home.p.URL, "首页最新信息日期为%s，距检查日%d天（要求%d天内）",
			newest.Format(dateLayout), daysBetween(newest, v.asOf), hp.WindowDays)
	}
}

// secondLevelNewest is the newest dated entry (or publication date) of the
// pages one click from the homepage, and the page showing it.
func secondLevelNewest(v *siteView) (Date, string) {
	var best Date
	url := ""
	for _, pv := range v.pages {
		if pv.p.Depth != 1 {
			continue
		}
		n, _ := newestUpTo(dated(pv.p.Items, v.asOf), v.asOf)
		if !pv.published.After(v.asOf) && pv.published.After(n) {
			n = pv.published
		}
		if n.After(best) {
			best, url = n, pv.p.URL
		}
	}
	return best, url
}

func futureNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("（另有%d条信息日期晚于检查日，未计入）", n)
}
