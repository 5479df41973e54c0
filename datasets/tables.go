package datasets

import "time"

// Info says what a release holds: it goes into datapackage.json.
type Info struct {
	// AsOf is the audit's "today" (the date every date rule used).
	AsOf time.Time
	// RulesVersion is the version of the rule catalog used.
	RulesVersion string
	// AuditID names the crawl the rows come from.
	AuditID string
}

// Tables holds the rows of one release, table by table. Build fills
// everything but Changes, which Publish computes against the previous
// release; Load fills everything.
type Tables struct {
	Info

	Sites     []SiteRow
	Pages     []PageRow
	Links     []LinkRow
	Hosts     []HostRow
	Documents []DocumentRow
	Guides    []GuideRow
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
