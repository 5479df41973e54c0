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
	switch table {
	case TableSites:
		return len(t.Sites)
	case TablePages:
		return len(t.Pages)
	case TableLinks:
		return len(t.Links)
	case TableHosts:
		return len(t.Hosts)
	case TableDocuments:
		return len(t.Documents)
	case TableGuides:
		return len(t.Guides)
	case TableFindings:
		return len(t.Findings)
	case TableScores:
		return len(t.Scores)
	case TableRules:
		return len(t.Rules)
	case TableChanges:
		return len(t.Changes)
	}
	return 0
}

// Append adds u's rows to t (the header fields of t are kept).
func (t *Tables) Append(u *Tables) {
	t.Sites = append(t.Sites, u.Sites...)
	t.Pages = append(t.Pages, u.Pages...)
	t.Links = append(t.Links, u.Links...)
	t.Hosts = append(t.Hosts, u.Hosts...)
	t.Documents = append(t.Documents, u.Documents...)
	t.Guides = append(t.Guides, u.Guides...)
	t.Findings = append(t.Findings, u.Findings...)
	t.Scores = append(t.Scores, u.Scores...)
	t.Rules = append(t.Rules, u.Rules...)
	t.Changes = append(t.Changes, u.Changes...)
}
