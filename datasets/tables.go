package datasets

import "time"

// Provenance says what a release's rows were made from: the audit, the
// rule catalog and the as-of date. It goes into datapackage.json.
type Provenance struct {
	// AsOf is the audit's "today" (the date every date rule used).
	AsOf time.Time
	// RulesVersion is the version of the rule catalog used.
	RulesVersion string
	// AuditID names the crawl the rows come from.
	AuditID string
}

// Tables holds the rows of one release, table by table (the tables are
// listed once, in releaseTables). SiteTables fills one site's, RuleRows
// the rules; Changes are computed at Commit against the previous release;
// Load fills everything.
type Tables struct {
	Provenance

	Sites     []SiteRow
	Pages     []PageRow
	Links     []LinkRow
	Hosts     []HostRow
	Probes    []ProbeRow
	Documents []DocumentRow
	Guides    []GuideRow
	Columns   []ColumnRow
	Findings  []FindingRow
	Scores    []ScoreRow
	Rules     []RuleRow
	Changes   []ChangeRow
}

// Rows returns the number of rows of the named table.
func (t *Tables) Rows(table string) int {
	if e := tableNamed(table); e != nil {
		return e.count(t)
	}
	return 0
}

// Append adds u's rows to t (the header fields of t are kept).
func (t *Tables) Append(u *Tables) {
	for _, e := range releaseTables {
		e.appendRows(t, u)
	}
}
