package datasets

// ColumnRow is one column (栏目) found on a site, with what its column
// verdicts rest on (table columns).
type ColumnRow struct {
	SiteID         string `parquet:"site_id,dict" json:"site_id"`
	URL            string `parquet:"url,delta" json:"url"`
	Name           string `parquet:"name" json:"name"`
	Kind           string `parquet:"kind,dict" json:"kind"`
	Level          int64  `parquet:"level" json:"level"`
	Items          int64  `parquet:"items" json:"items"`
	NewestItemDate *Day   `parquet:"newest_item_date,date" json:"newest_item_date"`
	Stale          bool   `parquet:"stale" json:"stale"`
}

// TableColumns is the name of the columns table.
const TableColumns = "columns"

var columnsTable = mustTable[ColumnRow](TableColumns, "site_id", "url")
