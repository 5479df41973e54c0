package reports

import (
	"time"

	"gongkai/datasets"
)

// Scorecard is the per-site report (评估报告) of one release: everything
// an evaluator hands an agency about its site, and what the portal shows
// on /sites/{site_id}.
type Scorecard struct {
	Release ReleaseInfo
	// Site is the site's row of the sites table (name, level, crawl
	// health, IPv6 facts).
	Site datasets.SiteRow
	// Score is the site's row of the scores table (score, veto, grade).
	Score datasets.ScoreRow
	// Rank is the site's place in the release's ranking (1 = best) among
	// Ranked sites; 0 when the site has no score.
	Rank, Ranked int
	// Screenshot is the homepage screenshot, relative to the data
	// directory (audits/<audit_id>/shots/...); "" when the crawl took none
	// or the audit directory is not beside the release.
	Screenshot string
	// Items are the rules that moved the verdict: failed vetoes, deductions
	// and awarded bonuses, in that order (deductions by points, largest
	// first), each with its findings and their evidence.
	Items []Item
	// Notes are the failed rules that are reported but never scored
	// (effect info), with their findings.
	Notes []Item
	// Columns, Documents and Guides are what fails, each with what it lacks.
	Columns   []ColumnIssue
	Documents []DocumentIssue
	Guides    []GuideIssue
	// Fixes is what to fix, in the order that recovers the most points.
	Fixes []Fix
	// NotChecked lists the rules that were not applicable or whose check
	// failed on this site, with the reason.
	NotChecked []NotChecked
	// Changes are the site's rows of the changes table: what changed since
	// the previous release (none for a first release).
	Changes []datasets.ChangeRow
	// PreviousReleaseID is the release the changes compare against; "" for
	// a first release.
	PreviousReleaseID string
}

// ReleaseInfo identifies the release a view is made from.
type ReleaseInfo struct {
	ID           string
	Created      time.Time
	AsOf         string // YYYY-MM-DD
	RulesVersion string
	AuditID      string
}

// Rule is a rule of the release's catalog (its row of the rules table).
type Rule = datasets.RuleRow

// Item is one rule that moved a site's verdict.
type Item struct {
	Rule Rule
	// Effect is veto, deduct or bonus.
	Effect string
	// Points is the sum of its findings' points after caps: deducted for
	// deduct, added for bonus, 0 for veto.
	Points float64
	// Findings are the rule's failing findings (passing ones for a bonus),
	// each with its evidence.
	Findings []Finding
}

// Finding is one finding of a site with its evidence.
type Finding struct {
	RuleID  string
	Outcome string
	Effect  string
	Points  float64
	URL     string
	Message string
	// Evidence is what the crawl recorded about URL; nil for site-level
	// findings.
	Evidence *Evidence
}

// Evidence is what the crawl recorded about one URL: the page fetched
// there or the link checked there, and its host's dual-stack result.
type Evidence struct {
	URL string
	// Source is "page" (a fetched page), "link" (a checked link) or ""
	// (the URL was neither fetched nor checked).
	Source string
	// Status is the HTTP status; nil when there was no HTTP answer.
	Status *int64
	// CrawlStatus says how the fetch or check ended (ok, timeout, ...).
	CrawlStatus string
	// Verdict is a link's verdict (dead, soft_404, ...); "" for pages.
	Verdict string
	Error   string
	// FinalURL is the URL after redirects; Redirects each hop, in order
	// (pages only: the link check keeps the final URL alone).
	FinalURL  string
	Redirects []string
	// At is when the page was fetched or the link checked.
	At *time.Time
	// Host is the URL's host with its A and AAAA records and whether it
	// answered over IPv4 and over IPv6; nil when the host was not probed.
	Host *datasets.HostRow
	// Screenshot of the page, relative to the data directory; "" if none.
	Screenshot string
}

// ColumnIssue is a column (栏目) or required entry that fails a rule.
type ColumnIssue struct {
	// Name is the column's name as the finding quotes it (「…」); "" when
	// the finding names none.
	Name   string
	URL    string
	RuleID string
	// Lacks is what is wrong: the finding's message.
	Lacks string
	// Column is the column's row of the columns table (its kind, items
	// and newest item date); nil when the finding is not about a column
	// found (a required column missing) or the table was not loaded.
	Column *datasets.ColumnRow
}

// DocumentIssue is a policy document missing required metadata.
type DocumentIssue struct {
	Title, URL string
	// Missing are the missing fields as column names of the documents
	// table (written_date, validity, ...); Data.FieldTitle names them.
	Missing []string
}

// GuideIssue is a service guide (办事指南) with missing elements, vague
// wording or an old update date.
type GuideIssue struct {
	Title, URL string
	Missing    []string
	Vague      []string
	UpdatedAt  *datasets.Day
	Stale      bool
}

// Fix is one rule to fix, with the points fixing it recovers.
type Fix struct {
	Rule Rule
	// Gate is set for veto rules: until every failed veto is fixed the
	// site fails whatever its points (and scores 0 under on_veto: zero).
	Gate bool
	// Instances is the number of failing findings to fix.
	Instances int
	// Recovers is the score the fix gives back: the rule's deducted points
	// scaled to the full mark; for a veto, what fixing all vetoes gives
	// back together.
	Recovers float64
	// ScoreAfter is the score once this fix and every fix before it are
	// made (bonus aside, at most the full mark).
	ScoreAfter float64
}

// NotChecked is a rule that could not be judged on a site, and why.
type NotChecked struct {
	Rule    Rule
	Outcome string // not_applicable or error
	Reason  string // the finding's message
}

// Summary is the summary report (总报告) of one release: the ranking, the
// grade distribution, failure rates per rule, the IPv6 overview, dead-link
// totals and the changes since the previous release. The portal's front
// page shows the same.
type Summary struct {
	Release ReleaseInfo
	// Sites is the number of audited sites; Scored those with a score;
	// Vetoed those that failed a veto rule.
	Sites, Scored, Vetoed int
	// Mean is the mean score of the scored sites; nil when none is.
	Mean *float64
	// Ranking lists every site, best score first; unscored sites last.
	Ranking []RankRow
	// Grades counts sites per grade, in the catalog's order (best first,
	// then the fail grade, then any other).
	Grades []GradeCount
	// Rules is the failure rate of every scored rule, highest first.
	Rules []RuleRate
	// Scores counts scored sites per band of ten points (0-9, ..., 90-100+).
	Scores []ScoreBand
	IPv6   IPv6Overview
	Links  LinkTotals
	Change ChangeOverview
}

// RankRow is one site of the ranking.
type RankRow struct {
	Rank int // 1 = best; 0 when unscored; equal scores share a rank
	Site datasets.SiteRow
	// Score is the site's score row.
	Score datasets.ScoreRow
	// Failed is the number of failing findings that moved points or vetoed.
	Failed int
	// Delta is the score change since the previous release; nil when
	// unknown or unchanged.
	Delta *float64
}

// GradeCount is the number of sites with one grade.
type GradeCount struct {
	Grade string
	Sites int
	// Scored is set when a site of the grade has a score (a grade given
	// to sites that could not be scored has none).
	Scored bool
}

// RuleRate is how often one rule failed.
type RuleRate struct {
	Rule Rule
	// Judged is the number of sites where the rule passed or failed
	// (not_applicable and error excluded); Failed those where it failed.
	Judged, Failed int
	// Rate is Failed/Judged (0 when nothing was judged).
	Rate float64
}

// ScoreBand is the number of scored sites with Min <= score < Min+10
// (the last band holds 100 and any bonus above it).
type ScoreBand struct {
	Min   int
	Sites int
}

// IPv6Overview sums up IPv6 support over the sites that answered.
type IPv6Overview struct {
	// Sites is the number of sites whose homepage host was resolved.
	Sites int
	// AAAA, Home and Consistent count sites whose homepage host has an
	// AAAA record, whose homepage answered over IPv6, and whose IPv6
	// homepage agrees with the IPv4 one.
	AAAA, Home, Consistent int
	// L2 and L3 are the mean level-2 and level-3 link support ratios over
	// the sites that have such links (nil when none has).
	L2, L3 *float64
}

// LinkTotals are the dead-link totals of a release.
type LinkTotals struct {
	Checked, Dead int64
	// SitesWithDead is the number of sites with at least one dead link.
	SitesWithDead int
	// Worst lists the sites with the most dead links (at most ten).
	Worst []SiteCount
}

// SiteCount is a site and a number.
type SiteCount struct {
	SiteID, Name string
	Count        int64
}

// ChangeOverview sums up the changes table.
type ChangeOverview struct {
	// PreviousReleaseID is the release compared against; "" for a first
	// release (then every count is 0).
	PreviousReleaseID string
	Improved          []SiteDelta
	Regressed         []SiteDelta
	// NewVetoes are sites vetoed now and not before; LiftedVetoes the
	// reverse.
	NewVetoes, LiftedVetoes []SiteCount
	Added, Removed          []string
	Appeared, Resolved      int
}

// SiteDelta is a site's score change.
type SiteDelta struct {
	SiteID, Name  string
	Before, After string
	Delta         float64
}

// Methodology is the methodology appendix: how the release was made and
// what it could not see.
type Methodology struct {
	Release ReleaseInfo
	// Software is the gongkai version that wrote the release.
	Software string
	// Rules is the catalog used, by rule id.
	Rules []Rule
	// Grades gives the range of scores each grade has in this release
	// (the bands of the catalog as far as the release shows them).
	Grades []GradeRange
	// Verification counts rules per verification level (V, P, R).
	Verification map[string]int
	// Crawl holds the crawl parameters and limits from the audit's
	// audit.json, as name and value, in a fixed order; nil when the audit
	// directory is not beside the release.
	Crawl []Param
	// CrawlStarted and CrawlFinished bound the audit; zero when unknown.
	CrawlStarted, CrawlFinished time.Time
	// Unreached are sites whose homepage could not be crawled, with why.
	Unreached []SiteReason
	// Limited are sites whose crawl stopped at its page budget or skipped
	// pages (traps, robots.txt).
	Limited []SiteLimit
	// NotChecked counts, per rule, the sites where the rule was not
	// applicable or its check failed.
	NotChecked []RuleNotChecked
}

// GradeRange is the lowest and highest score of the sites of a grade.
type GradeRange struct {
	Grade string
	Sites int
	// Min and Max are nil when no site of the grade has a score.
	Min, Max *float64
}

// Param is one crawl parameter.
type Param struct {
	Name  string
	Value string
}

// SiteReason is a site and why something about it failed.
type SiteReason struct {
	SiteID, Name, Status, Reason string
}

// SiteLimit is a site whose crawl was limited.
type SiteLimit struct {
	SiteID, Name    string
	Crawled         int64
	Skipped         int64
	BudgetExhausted bool
}

// RuleNotChecked is how often a rule could not be judged.
type RuleNotChecked struct {
	Rule          Rule
	NotApplicable int
	Errors        int
	// Example is one of the reasons given (the most frequent).
	Example string
}
