package datasets

// GuideRow is one service guide (办事指南) found on a site (table guides).
type GuideRow struct {
	SiteID          string   `parquet:"site_id,dict" json:"site_id"`
	URL             string   `parquet:"url" json:"url"`
	Host            string   `parquet:"host,dict" json:"host"`
	Title           string   `parquet:"title" json:"title"`
	ElementsPresent []string `parquet:"elements_present,list" json:"elements_present"`
	ElementsMissing []string `parquet:"elements_missing,list" json:"elements_missing"`
	VaguePhrases    []string `parquet:"vague_phrases,list" json:"vague_phrases"`
	UpdatedAt       *Day     `parquet:"updated_at,date" json:"updated_at"`
	Stale           bool     `parquet:"stale" json:"stale"`
}

// TableGuides is the name of the guides table.
const TableGuides = "guides"

var guidesTable = mustTable[GuideRow](TableGuides, "site_id", "url")
