package dashboards

import (
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// All returns every dashboard by file name.
func All() (map[string]dashboard.Dashboard, error) {
	out := map[string]dashboard.Dashboard{}
	for name, b := range map[string]*dashboard.DashboardBuilder{
		"gongkai-overview.json":     overview(),
		"gongkai-site.json":         site(),
		"gongkai-crawl-health.json": crawlHealth(),
	} {
		d, err := b.Build()
		if err != nil {
			return nil, err
		}
		numberPanels(&d)
		out[name] = d
	}
	return out, nil
}

// numberPanels gives every panel and row a unique id, in order (Grafana
// needs them unique within a dashboard; the builders leave them unset).
func numberPanels(d *dashboard.Dashboard) {
	for i := range d.Panels {
		id := uint32(i + 1)
		switch p := d.Panels[i]; {
		case p.Panel != nil:
			p.Panel.Id = &id
		case p.RowPanel != nil:
			p.RowPanel.Id = id
		}
	}
}

// sel narrows per-site series to the overview's level, kind and region.
const sel = `level=~"$level",kind=~"$kind",region=~"$region"`

// overview: compliance by level and region, grades, vetoes, IPv6.
func overview() *dashboard.DashboardBuilder {
	return base("gongkai-overview", "gongkai · 政务公开合规总览",
		"Compliance of the release being served: scores by level and region, grades, vetoes, IPv6 adoption, and what changed since the previous release.").
		WithVariable(labelVariable("level", "Level", "")).
		WithVariable(labelVariable("kind", "Kind", `{level=~"$level"}`)).
		WithVariable(labelVariable("region", "Region", `{level=~"$level",kind=~"$kind"}`)).
		WithRow(row("Release")).
		WithPanel(statPanel("Sites", "Sites in the release being served.", "none", 4,
			q(`count(gongkai_site_info{`+sel+`})`, ""))).
		WithPanel(statPanel("Vetoed (单项否决)", "Sites failing at least one veto rule.", "none", 4,
			q(`count(gongkai_site_info{veto="true",`+sel+`}) or vector(0)`, ""))).
		WithPanel(statPanel("Mean score", "Mean score of the scored sites (vetoed sites count as 0).", "none", 4,
			q(`avg(gongkai_site_score{`+sel+`})`, ""))).
		WithPanel(statPanel("Pass rate", "Share of sites graded 合格 or better.", "percentunit", 4,
			q(`(count(gongkai_site_info{grade=~"合格|良好|优秀",`+sel+`}) or vector(0)) / count(gongkai_site_info{`+sel+`})`, ""))).
		WithPanel(statPanel("Release age", "Time since the release being served was published.", "s", 4,
			q(`max(gongkai_release_age_seconds)`, ""))).
		WithPanel(statPanel("As of", "The release's as-of date.", "dateTimeAsIsoNoDateIfToday", 4,
			q(`max(gongkai_release_as_of_timestamp_seconds) * 1000`, ""))).
		WithRow(row("Compliance by level and region")).
		WithPanel(barPanel("Mean score by level", "", "none", 8,
			q(`avg by (level) (gongkai_site_score{`+sel+`})`, "{{level}}"))).
		WithPanel(barPanel("Mean score by region", "", "none", 8,
			q(`avg by (region) (gongkai_site_score{`+sel+`})`, "{{region}}"))).
		WithPanel(piePanel("Grades", "Sites by grade (无法评定: answered but could not be crawled).", 8,
			q(`count by (grade) (gongkai_site_info{`+sel+`})`, "{{grade}}"))).
		WithPanel(seriesPanel("Mean score over time by level", "One point per scrape of each release served.", "none", 24,
			q(`avg by (level) (gongkai_site_score{`+sel+`})`, "{{level}}"))).
		WithRow(row("Vetoes and rules")).
		WithPanel(barPanel("Sites failing each veto rule", "", "none", 12,
			q(`gongkai_rule_failing_sites{effect="veto"}`, "{{rule_id}}"))).
		WithPanel(barPanel("Failure rate of deduction rules", "Failing sites / sites the rule was judged on.", "percentunit", 12,
			q(`gongkai_rule_failing_sites{effect="deduct"} / (gongkai_rule_judged_sites{effect="deduct"} > 0)`, "{{rule_id}}"))).
		WithRow(row("IPv6")).
		WithPanel(seriesPanel("IPv6 adoption", "Share of sites whose homepage host has an AAAA record, and whose homepage is served over IPv6 (the 2022 target: 85% of county-and-above portals).", "percentunit", 12,
			q(`(count(gongkai_site_info{aaaa="true",`+sel+`}) or vector(0)) / count(gongkai_site_info{`+sel+`})`, "AAAA record"),
			q(`(count(gongkai_site_info{ipv6_home="true",`+sel+`}) or vector(0)) / count(gongkai_site_info{`+sel+`})`, "homepage over IPv6"))).
		WithPanel(barPanel("Homepage over IPv6 by level", "", "percentunit", 12,
			q(`(count by (level) (gongkai_site_info{ipv6_home="true",`+sel+`}) or count by (level) (gongkai_site_info{`+sel+`}) * 0) / count by (level) (gongkai_site_info{`+sel+`})`, "{{level}}"))).
		WithRow(row("Since the previous release")).
		WithPanel(tablePanel("New vetoes", "Sites failing veto rules they passed in the previous release.", 12,
			q(`gongkai_site_new_veto_rules{`+sel+`}`, ""))).
		WithPanel(tablePanel("Score drops over 10 points", "", 12,
			q(`gongkai_site_score_change{`+sel+`} < -10`, "")))
}

// site: one site's scorecard over time, its live homepage and details.
func site() *dashboard.DashboardBuilder {
	const s = `site_id="$site"`
	return base("gongkai-site", "gongkai · 网站详情",
		"One site: score and grade over releases, failing rules, homepage availability from the scheduled probes. Panels marked (site) or (rule) need gongkai serve --metrics-detail site or rule.").
		WithVariable(dashboard.NewQueryVariableBuilder("site").Label("Site").
			Query(dashboard.StringOrMap{String: strPtr("label_values(gongkai_site_info, site_id)")}).
			Datasource(datasource).Refresh(dashboard.VariableRefreshOnTimeRangeChanged).Sort(dashboard.VariableSortAlphabeticalAsc)).
		WithRow(row("Scorecard")).
		WithPanel(statPanel("Score", "", "none", 4, q(`gongkai_site_score{`+s+`}`, ""))).
		WithPanel(statPanel("Failed rules", "Failing rules of effect veto or deduct.", "none", 4, q(`gongkai_site_failed_rules{`+s+`}`, ""))).
		WithPanel(statPanel("Change since previous release", "", "none", 4, q(`gongkai_site_score_change{`+s+`} or on() vector(0)`, ""))).
		WithPanel(tablePanel("Grade, crawl status, veto, HTTPS, IPv6", "", 12, q(`gongkai_site_info{`+s+`}`, ""))).
		WithPanel(seriesPanel("Score over time", "", "none", 12, q(`gongkai_site_score{`+s+`}`, "score"))).
		WithPanel(seriesPanel("Homepage up (scheduled probes)", "1: the last probe over the family opened the homepage.", "none", 12,
			q(`gongkai_monitor_home_up{`+s+`}`, "{{family}}"))).
		WithPanel(seriesPanel("Live probe (job gongkai-probe)", "/probe scraped by Prometheus (see api/metrics/prometheus/prometheus.yml): success and time per IP family.", "s", 12,
			q(`probe_success{`+s+`}`, "success"),
			q(`gongkai_probe_family_duration_seconds{`+s+`}`, "{{family}} time"))).
		WithRow(row("Details (site)")).
		WithPanel(statPanel("Dead links", "", "none", 4, q(`gongkai_site_dead_links{`+s+`}`, ""))).
		WithPanel(statPanel("Pages crawled", "", "none", 4, q(`gongkai_site_pages_crawled{`+s+`}`, ""))).
		WithPanel(statPanel("Stale columns", "", "none", 4, q(`gongkai_site_stale_columns{`+s+`}`, ""))).
		WithPanel(statPanel("Stale guides", "", "none", 4, q(`gongkai_site_stale_guides{`+s+`}`, ""))).
		WithPanel(statPanel("Homepage time", "The crawl's homepage fetch.", "s", 4, q(`gongkai_site_home_response_seconds{`+s+`}`, ""))).
		WithPanel(statPanel("Deductions", "", "none", 4, q(`gongkai_site_deduction_points{`+s+`}`, ""))).
		WithPanel(barPanel("IPv6 link ratios", "Links of level 2 and 3 whose hosts answer over IPv6.", "percentunit", 12,
			q(`gongkai_site_ipv6_link_ratio{`+s+`}`, "level {{link_level}}"))).
		WithRow(row("Rules (rule)")).
		WithPanel(tablePanel("Failing rules", "Failing findings per rule.", 12, q(`gongkai_site_rule_failures{`+s+`} > 0`, "")))
}

// crawlHealth: audits, the crawler at work, scheduled probes, the server.
func crawlHealth() *dashboard.DashboardBuilder {
	return base("gongkai-crawl-health", "gongkai · 抓取与监测健康",
		"Audits and their crawls (pages, statuses, link checks, queues, durations, rendering), the scheduled homepage probes and the server.").
		WithRow(row("Audits")).
		WithPanel(statPanel("Audit running", "", "none", 4, q(`max(gongkai_audit_running)`, ""))).
		WithPanel(statPanel("Since last successful audit", "", "s", 4, q(`time() - max(gongkai_audit_last_success_timestamp_seconds > 0)`, ""))).
		WithPanel(statPanel("Last run took", "", "s", 4, q(`max(gongkai_audit_last_run_duration_seconds)`, ""))).
		WithPanel(statPanel("Failed runs (1d)", "", "none", 4, q(`sum(increase(gongkai_audit_runs_total{result="failure"}[1d]))`, ""))).
		WithPanel(piePanel("Sites by crawl status", "The homepage's crawl status in the release being served.", 8,
			q(`count by (crawl_status) (gongkai_site_info)`, "{{crawl_status}}"))).
		WithRow(row("Crawler")).
		WithPanel(seriesPanel("Pages per second by status", "", "reqps", 12,
			q(`sum by (crawl_status) (rate(gongkai_crawler_pages_total[$__rate_interval]))`, "{{crawl_status}}"))).
		WithPanel(seriesPanel("Bytes received", "", "Bps", 12,
			q(`sum(rate(gongkai_crawler_page_bytes_total[$__rate_interval]))`, "bytes/s"))).
		WithPanel(seriesPanel("Link checks per second by status", "", "reqps", 12,
			q(`sum by (crawl_status) (rate(gongkai_crawler_link_checks_total[$__rate_interval]))`, "{{crawl_status}}"))).
		WithPanel(seriesPanel("Queues", "Sites waiting and in progress; link checks queued.", "none", 12,
			q(`sum(gongkai_crawler_sites_queued)`, "sites queued"),
			q(`sum(gongkai_crawler_sites_in_progress)`, "sites in progress"),
			q(`sum(gongkai_crawler_link_checks_queued)`, "link checks queued"))).
		WithPanel(seriesPanel("Site crawl duration", "", "s", 12,
			q(`histogram_quantile(0.5, sum by (le) (rate(gongkai_crawler_site_duration_seconds_bucket[$__rate_interval])))`, "p50"),
			q(`histogram_quantile(0.9, sum by (le) (rate(gongkai_crawler_site_duration_seconds_bucket[$__rate_interval])))`, "p90"))).
		WithPanel(seriesPanel("Sites finished by status", "", "none", 12,
			q(`sum by (crawl_status) (increase(gongkai_crawler_sites_total[$__rate_interval]))`, "{{crawl_status}}"))).
		WithPanel(seriesPanel("Render time", "Headless Chromium, p90 by result.", "s", 12,
			q(`histogram_quantile(0.9, sum by (le, result) (rate(gongkai_crawler_render_duration_seconds_bucket[$__rate_interval])))`, "{{result}}"))).
		WithRow(row("Scheduled homepage probes")).
		WithPanel(seriesPanel("Homepages up", "Share of monitored homepages that opened at their last probe, by IP family.", "percentunit", 12,
			q(`avg by (family) (gongkai_monitor_home_up)`, "{{family}}"))).
		WithPanel(seriesPanel("Probes per second by status", "", "reqps", 12,
			q(`sum by (family, crawl_status) (rate(gongkai_monitor_probes_total[$__rate_interval]))`, "{{family}} {{crawl_status}}"))).
		WithPanel(seriesPanel("Probe time", "p90 by family (the indicator fails a homepage slower than 15 s).", "s", 12,
			q(`histogram_quantile(0.9, sum by (le, family) (rate(gongkai_monitor_probe_duration_seconds_bucket[$__rate_interval])))`, "{{family}}"))).
		WithPanel(tablePanel("Homepages down now", "", 12, q(`gongkai_monitor_home_up == 0`, ""))).
		WithRow(row("Server")).
		WithPanel(seriesPanel("Requests per second by route", "", "reqps", 12,
			q(`sum by (route) (rate(gongkai_http_requests_total[$__rate_interval]))`, "{{route}}"))).
		WithPanel(seriesPanel("Request time p90 by route", "", "s", 12,
			q(`histogram_quantile(0.9, sum by (le, route) (rate(gongkai_http_request_duration_seconds_bucket[$__rate_interval])))`, "{{route}}")))
}

func strPtr(s string) *string { return &s }
