package datasets

// ScoreRow is the score of one audited site (table scores).
type ScoreRow struct {
	SiteID       string   `parquet:"site_id" json:"site_id"`
	Score        *float64 `parquet:"score" json:"score"`
	Veto         bool     `parquet:"veto" json:"veto"`
	VetoRules    []string `parquet:"veto_rules,list" json:"veto_rules"`
	Deductions   float64  `parquet:"deductions" json:"deductions"`
	Bonus        float64  `parquet:"bonus" json:"bonus"`
	Grade        string   `parquet:"grade,dict" json:"grade"`
	RulesVersion string   `parquet:"rules_version,dict" json:"rules_version"`
	AsOf         Day      `parquet:"as_of,date" json:"as_of"`
	OutOf        float64  `parquet:"out_of" json:"out_of"`
	Errors       int64    `parquet:"errors" json:"errors"`
}

// TableScores is the name of the scores table.
const TableScores = "scores"

var scoresTable = mustTable[ScoreRow](TableScores, "site_id")
