package datasets

// RuleRow is one rule of the catalog used for the release (table rules).
type RuleRow struct {
	RuleID       string   `parquet:"rule_id" json:"rule_id"`
	TitleZh      string   `parquet:"title_zh" json:"title_zh"`
	TitleEn      string   `parquet:"title_en" json:"title_en"`
	Source       string   `parquet:"source" json:"source"`
	Verification string   `parquet:"verification" json:"verification"`
	Kind         string   `parquet:"kind,dict" json:"kind"`
	Effect       string   `parquet:"effect,dict" json:"effect"`
	Points       float64  `parquet:"points" json:"points"`
	Cap          float64  `parquet:"cap" json:"cap"`
	Category     string   `parquet:"category,dict" json:"category"`
	AppliesTo    []string `parquet:"applies_to,list" json:"applies_to"`
	Enabled      bool     `parquet:"enabled" json:"enabled"`
	Params       string   `parquet:"params" json:"params"`
	Note         string   `parquet:"note" json:"note"`
	RulesVersion string   `parquet:"rules_version,dict" json:"rules_version"`
}

// TableRules is the name of the rules table.
const TableRules = "rules"

var rulesTable = mustTable[RuleRow](TableRules, "rule_id")
