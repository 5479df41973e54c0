package metrics

import "github.com/prometheus/client_golang/prometheus"

// The compliance metrics. Every value comes from the release being
// served (gongkai_release_info names it), worked out when the release was
// taken up; the HELP texts say so, as the exporter guidelines ask of
// cached values. Labels are bounded: site_id, level, kind and region come
// from the sites file, rule_id and effect from the catalog, and the rest
// are enumerations. Never a URL or free text.
var (
	siteLabels  = []string{"site_id", "level", "kind", "region"}
	groupLabels = []string{"level", "kind", "region"}

	descReleaseInfo = prometheus.NewDesc("gongkai_release_info",
		"The release being served: its id and the version of the rule catalog it was judged with. Always 1.",
		[]string{"release_id", "rules_version"}, nil)
	descReleaseSites = prometheus.NewDesc("gongkai_release_sites",
		"Sites in the release being served.", nil, nil)
	descReleaseAsOf = prometheus.NewDesc("gongkai_release_as_of_timestamp_seconds",
		"The as-of date of the release being served (the audit's today for every date rule), Unix time.", nil, nil)
	descReleasePublished = prometheus.NewDesc("gongkai_release_published_timestamp_seconds",
		"When the release being served was published, Unix time.", nil, nil)
	descReleaseAge = prometheus.NewDesc("gongkai_release_age_seconds",
		"Time since the release being served was published, at the scrape.", nil, nil)

	descSiteInfo = prometheus.NewDesc("gongkai_site_info",
		"A site of the release being served, with its grade, crawl status, veto, https, aaaa (homepage host has an AAAA record) and ipv6_home (homepage served over IPv6) as labels. Always 1.",
		append(append([]string{}, siteLabels...), "grade", "crawl_status", "veto", "https", "aaaa", "ipv6_home"), nil)
	descSiteScore = prometheus.NewDesc("gongkai_site_score",
		"Score of the site in the release being served (0 when vetoed; absent when the site could not be scored).",
		siteLabels, nil)
	descSiteFailedRules = prometheus.NewDesc("gongkai_site_failed_rules",
		"Rules of effect veto or deduct the site fails in the release being served.", siteLabels, nil)
	descSiteScoreChange = prometheus.NewDesc("gongkai_site_score_change",
		"Change of the site's score since the previous release (present only for sites whose score changed).",
		siteLabels, nil)
	descSiteNewVetoRules = prometheus.NewDesc("gongkai_site_new_veto_rules",
		"Veto rules the site fails in the release being served that it did not fail in the previous release (present only when above 0).",
		siteLabels, nil)

	descSiteDeadLinks = prometheus.NewDesc("gongkai_site_dead_links",
		"Dead links found on the site in the release being served.", siteLabels, nil)
	descSitePages = prometheus.NewDesc("gongkai_site_pages_crawled",
		"Pages crawled on the site for the release being served.", siteLabels, nil)
	descSiteStaleColumns = prometheus.NewDesc("gongkai_site_stale_columns",
		"Columns of the site not updated within their class's window (the columns table's stale), in the release being served.", siteLabels, nil)
	descSiteStaleGuides = prometheus.NewDesc("gongkai_site_stale_guides",
		"Service guides of the site not updated within the configured age, in the release being served.", siteLabels, nil)
	descSiteDeductions = prometheus.NewDesc("gongkai_site_deduction_points",
		"Points deducted from the site's score, after caps, in the release being served.", siteLabels, nil)
	descSiteBonus = prometheus.NewDesc("gongkai_site_bonus_points",
		"Bonus points of the site in the release being served.", siteLabels, nil)
	descSiteHomeSeconds = prometheus.NewDesc("gongkai_site_home_response_seconds",
		"Time the crawl's homepage fetch took, for the release being served.", siteLabels, nil)
	descSiteIPv6LinkRatio = prometheus.NewDesc("gongkai_site_ipv6_link_ratio",
		"Share of the site's links of a level (2: linked from the homepage, 3: one step further) whose hosts answer over IPv6, in the release being served.",
		append(append([]string{}, siteLabels...), "link_level"), nil)
	descSiteRuleFailures = prometheus.NewDesc("gongkai_site_rule_failures",
		"Failing findings of a rule on a site in the release being served (0: the rule passed; absent: not applicable).",
		append(append([]string{}, siteLabels...), "rule_id", "effect"), nil)

	descRuleFailing = prometheus.NewDesc("gongkai_rule_failing_sites",
		"Sites failing the rule in the release being served.", []string{"rule_id", "effect"}, nil)
	descRuleJudged = prometheus.NewDesc("gongkai_rule_judged_sites",
		"Sites the rule was judged on (passed or failed) in the release being served.", []string{"rule_id", "effect"}, nil)

	descGroupDeadLinks = prometheus.NewDesc("gongkai_sites_dead_links",
		"Dead links of the sites of a level, kind and region in the release being served.", groupLabels, nil)
	descGroupPages = prometheus.NewDesc("gongkai_sites_pages_crawled",
		"Pages crawled on the sites of a level, kind and region for the release being served.", groupLabels, nil)
	descGroupStaleColumns = prometheus.NewDesc("gongkai_sites_stale_columns",
		"Stale columns of the sites of a level, kind and region in the release being served.", groupLabels, nil)
	descGroupStaleGuides = prometheus.NewDesc("gongkai_sites_stale_guides",
		"Stale service guides of the sites of a level, kind and region in the release being served.", groupLabels, nil)
)

// descs returns the descriptors the collector's detail exposes.
func (c *Compliance) descs() []*prometheus.Desc {
	out := []*prometheus.Desc{
		descReleaseInfo, descReleaseSites, descReleaseAsOf, descReleasePublished, descReleaseAge,
		descSiteInfo, descSiteScore, descSiteFailedRules, descSiteScoreChange, descSiteNewVetoRules,
		descRuleFailing, descRuleJudged,
		descGroupDeadLinks, descGroupPages, descGroupStaleColumns, descGroupStaleGuides,
	}
	if c.detail >= DetailSite {
		out = append(out, descSiteDeadLinks, descSitePages, descSiteStaleColumns, descSiteStaleGuides,
			descSiteDeductions, descSiteBonus, descSiteHomeSeconds, descSiteIPv6LinkRatio)
	}
	if c.detail >= DetailRule {
		out = append(out, descSiteRuleFailures)
	}
	return out
}
