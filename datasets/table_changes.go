package datasets

// ChangeRow is one difference between a release and the one before it
// (table changes).
type ChangeRow struct {
	ReleaseID         string   `parquet:"release_id,dict" json:"release_id"`
	PreviousReleaseID string   `parquet:"previous_release_id,dict" json:"previous_release_id"`
	SiteID            string   `parquet:"site_id,dict" json:"site_id"`
	Change            string   `parquet:"change,dict" json:"change"`
	RuleID            string   `parquet:"rule_id,dict" json:"rule_id"`
	URL               string   `parquet:"url" json:"url"`
	Before            string   `parquet:"before" json:"before"`
	After             string   `parquet:"after" json:"after"`
	Delta             *float64 `parquet:"delta" json:"delta"`
	Message           string   `parquet:"message" json:"message"`
}

// Kinds of change.
const (
	ChangeFindingAppeared = "finding_appeared"
	ChangeFindingResolved = "finding_resolved"
	ChangeScore           = "score_changed"
	ChangeGrade           = "grade_changed"
	ChangeVeto            = "veto_changed"
	ChangeSiteAdded       = "site_added"
	ChangeSiteRemoved     = "site_removed"
)

// TableChanges is the name of the changes table.
const TableChanges = "changes"

var changesTable = mustTable[ChangeRow](TableChanges, "site_id", "change", "rule_id", "url")
