package datasets

import "time"

// LinkRow is one distinct link of a site with its verdict (table links).
type LinkRow struct {
	SiteID      string     `parquet:"site_id,dict" json:"site_id"`
	URL         string     `parquet:"url,delta" json:"url"`
	FromURL     string     `parquet:"from_url,delta" json:"from_url"`
	Text        string     `parquet:"text" json:"text"`
	Tag         string     `parquet:"tag,dict" json:"tag"`
	Host        string     `parquet:"host,dict" json:"host"`
	Internal    bool       `parquet:"internal" json:"internal"`
	OnHomepage  bool       `parquet:"on_homepage" json:"on_homepage"`
	Level       int64      `parquet:"level" json:"level"`
	Status      *int64     `parquet:"status" json:"status"`
	CrawlStatus string     `parquet:"crawl_status,dict" json:"crawl_status"`
	Verdict     string     `parquet:"verdict,dict" json:"verdict"`
	Error       string     `parquet:"error" json:"error"`
	FinalURL    string     `parquet:"final_url,delta" json:"final_url"`
	Attempts    int64      `parquet:"attempts" json:"attempts"`
	Dead        bool       `parquet:"dead" json:"dead"`
	Soft404     bool       `parquet:"soft_404" json:"soft_404"`
	Blocked     bool       `parquet:"blocked" json:"blocked"`
	CheckedAt   *time.Time `parquet:"checked_at,timestamp(millisecond:utc)" json:"checked_at"`
}

// Link verdicts: one word summarising a link's booleans and status.
const (
	VerdictOK         = "ok"
	VerdictDead       = "dead"
	VerdictSoft404    = "soft_404"
	VerdictBlocked    = "blocked"
	VerdictNotChecked = "not_checked"
	VerdictError      = "error" // checked, failed, but not judged dead
)

// TableLinks is the name of the links table.
const TableLinks = "links"

var linksTable = mustTable[LinkRow](TableLinks, "site_id", "url")
