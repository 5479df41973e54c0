package checks

import "time"

// Outcome is the verdict of one finding.
type Outcome string

// Outcomes, as written to the findings table.
const (
	Pass          Outcome = "pass"
	Fail          Outcome = "fail"
	NotApplicable Outcome = "not_applicable"
	Error         Outcome = "error" // the check itself failed; no points move
)

// Effect is what a rule's failure (or, for bonus rules, its pass) does to the score.
type Effect string

// Effects of the 2019 inspection indicators (国办秘函〔2019〕19号) plus info.
const (
	Veto   Effect = "veto"   // any fail makes the site 不合格
	Deduct Effect = "deduct" // each fail deducts points, capped per rule and category
	Bonus  Effect = "bonus"  // each pass adds points (portals above the gate only)
	Info   Effect = "info"   // reported, never scored
)

// Date is a civil date: a time.Time at 00:00 UTC. The zero value means
// unknown (a null DATE in the release tables).
type Date = time.Time

// NewDate returns the civil date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// DateOf returns the civil date of t in t's own location (so an as-of of
// 2026-11-22 00:00 +08:00 is 2026-11-22).
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	return NewDate(t.Year(), t.Month(), t.Day())
}

// Finding is one piece of evidence for one rule on one site: a row of the
// findings table.
type Finding struct {
	SiteID  string  `json:"site_id"`
	RuleID  string  `json:"rule_id"`
	Outcome Outcome `json:"outcome"`
	Effect  Effect  `json:"effect"`
	// Points moved by this finding after caps: deducted for deduct rules,
	// added for bonus rules, 0 otherwise.
	Points     float64 `json:"points"`
	URL        string  `json:"url"`        // evidence page or link; "" for site-level findings
	Screenshot string  `json:"screenshot"` // of the evidence page, when the crawler took one
	Message    string  `json:"message"`    // Chinese, specific
	Category   string  `json:"category"`   // deduct category (发布解读, 办事服务, 互动交流, 功能设计)
}

// Score is the verdict on one site: a row of the scores table.
type Score struct {
	SiteID       string   `json:"site_id"`
	Score        float64  `json:"score"` // NaN when ungraded (the site answered but no content could be judged)
	Veto         bool     `json:"veto"`
	VetoRules    []string `json:"veto_rules"`
	Deductions   float64  `json:"deductions"` // sum of the points of deduct findings
	Bonus        float64  `json:"bonus"`      // sum of the points of bonus findings
	Grade        string   `json:"grade"`
	RulesVersion string   `json:"rules_version"`
	AsOf         Date     `json:"as_of"`
	// OutOf is the full mark the deductions were taken from (100, or 75 for a
	// department without public services, whose result is then scaled).
	OutOf float64 `json:"out_of"`
	// Errors counts rules whose check failed (outcome error); their points
	// are unknown, so a score with errors is incomplete.
	Errors int `json:"errors"`
}

// Document is a policy document found on a site: a row of the documents table.
type Document struct {
	SiteID        string   `json:"site_id"`
	URL           string   `json:"url"`
	Title         string   `json:"title"`
	IndexNumber   string   `json:"index_number"`
	DocNumber     string   `json:"doc_number"`
	Issuer        string   `json:"issuer"`
	WrittenDate   Date     `json:"written_date"`
	PublishedDate Date     `json:"published_date"`
	Validity      string   `json:"validity"`
	Topic         string   `json:"topic"`
	MissingFields []string `json:"missing_fields"` // required header fields (catalog doc_fields keys) not shown
	// HasHeader reports a labelled metadata header (索引号, 发文机关, ...) on the page.
	HasHeader bool `json:"has_metadata_header"`
}

// Guide is a service guide (办事指南) found on a site: a row of the guides table.
type Guide struct {
	SiteID          string   `json:"site_id"`
	URL             string   `json:"url"`
	Host            string   `json:"host"` // where the guide was found: the site's own host or a service platform's
	Title           string   `json:"title"`
	ElementsPresent []string `json:"elements_present"`
	ElementsMissing []string `json:"elements_missing"`
	VaguePhrases    []string `json:"vague_phrases"`
	UpdatedAt       Date     `json:"updated_at"`
	Stale           bool     `json:"stale"`
}

// Column is a column (栏目) found on a site, with what its verdicts rest
// on: a row of the columns table.
type Column struct {
	SiteID string `json:"site_id"`
	URL    string `json:"url"`
	Name   string `json:"name"`
	// Kind is the catalog section the column's name belongs to among
	// understanding.column_kinds (news_dynamic, notice, policy, ...), or "".
	Kind           string `json:"kind"`
	Level          int    `json:"level"` // 1 = 一级栏目: breadcrumb depth, else crawl depth
	Items          int    `json:"items"`
	NewestItemDate Date   `json:"newest_item_date"` // zero when no entry shows a date
	// Stale reports a column of a kind with an update window (the
	// column_freshness rules) whose newest entry is older than the window
	// or undated.
	Stale bool `json:"stale"`
}

// Page types returned by PageType.
const (
	TypeHomepage     = "homepage"
	TypeColumn       = "column"
	TypeDocument     = "document"
	TypeGuide        = "guide"
	TypeAnnualReport = "annual_report"
	TypePlatform     = "platform"
	TypeArticle      = "article"
	TypeOther        = "other"
)

// PageInfo is what the checks understood about one fetched page.
type PageInfo struct {
	URL         string `json:"url"`
	Type        string `json:"type"`
	TypeReason  string `json:"type_reason"` // the structure that decided Type (Classify)
	PublishedAt Date   `json:"published_at"`
}

// Result is everything Judge concluded about one snapshot: every value
// the release tables show that is not copied from the snapshot as it is.
type Result struct {
	Findings  []Finding
	Score     Score
	Site      SiteFacts
	Documents []Document
	Guides    []Guide
	Pages     []PageInfo
	Columns   []Column
	// Soft404 maps the links the checks found to be missing pages beyond
	// the crawler's own verdicts (many links redirected to one page) to why.
	Soft404 map[string]string
}
