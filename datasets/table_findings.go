package datasets

// FindingRow is one judgement of a rule on a site, with its evidence URL
// (table findings).
type FindingRow struct {
	ReleaseID  string  `parquet:"release_id,dict" json:"release_id"`
	SiteID     string  `parquet:"site_id,dict" json:"site_id"`
	RuleID     string  `parquet:"rule_id,dict" json:"rule_id"`
	Outcome    string  `parquet:"outcome,dict" json:"outcome"`
	Effect     string  `parquet:"effect,dict" json:"effect"`
	Points     float64 `parquet:"points" json:"points"`
	Category   string  `parquet:"category,dict" json:"category"`
	URL        string  `parquet:"url" json:"url"`
	Message    string  `parquet:"message" json:"message"`
	Screenshot string  `parquet:"screenshot" json:"screenshot"`
}

// TableFindings is the name of the findings table.
const TableFindings = "findings"

var findingsTable = mustTable[FindingRow](TableFindings, "site_id", "rule_id", "url", "message")
