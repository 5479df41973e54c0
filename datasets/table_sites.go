package datasets

import "time"

// SiteRow is one audited site (table sites).
type SiteRow struct {
	SiteID          string     `parquet:"site_id" json:"site_id"`
	Name            string     `parquet:"name" json:"name"`
	URL             string     `parquet:"url" json:"url"`
	Level           string     `parquet:"level,dict" json:"level"`
	Kind            string     `parquet:"kind,dict" json:"kind"`
	Region          string     `parquet:"region,dict" json:"region"`
	AuditID         string     `parquet:"audit_id,dict" json:"audit_id"`
	CrawlStatus     string     `parquet:"crawl_status,dict" json:"crawl_status"`
	CrawlError      string     `parquet:"crawl_error" json:"crawl_error"`
	HomeStatus      *int64     `parquet:"home_status" json:"home_status"`
	HomeFinalURL    string     `parquet:"home_final_url" json:"home_final_url"`
	HomeMillis      *int64     `parquet:"home_ms" json:"home_ms"`
	PagesCrawled    int64      `parquet:"pages_crawled" json:"pages_crawled"`
	PagesFailed     int64      `parquet:"pages_failed" json:"pages_failed"`
	PagesSkipped    int64      `parquet:"pages_skipped" json:"pages_skipped"`
	PagesRendered   int64      `parquet:"pages_rendered" json:"pages_rendered"`
	LinksChecked    int64      `parquet:"links_checked" json:"links_checked"`
	LinksDead       int64      `parquet:"links_dead" json:"links_dead"`
	BudgetExhausted bool       `parquet:"budget_exhausted" json:"budget_exhausted"`
	Score           *float64   `parquet:"score" json:"score"`
	Veto            *bool      `parquet:"veto" json:"veto"`
	Grade           string     `parquet:"grade,dict" json:"grade"`
	HTTPS           bool       `parquet:"https" json:"https"`
	AAAA            bool       `parquet:"aaaa" json:"aaaa"`
	IPv6Home        bool       `parquet:"ipv6_home" json:"ipv6_home"`
	IPv6Consistent  bool       `parquet:"ipv6_consistent" json:"ipv6_consistent"`
	IPv6L2Ratio     *float64   `parquet:"ipv6_l2_ratio" json:"ipv6_l2_ratio"`
	IPv6L3Ratio     *float64   `parquet:"ipv6_l3_ratio" json:"ipv6_l3_ratio"`
	SiteIDCode      string     `parquet:"site_id_code" json:"site_id_code"`
	StartedAt       *time.Time `parquet:"started_at,timestamp(millisecond:utc)" json:"started_at"`
	FinishedAt      *time.Time `parquet:"finished_at,timestamp(millisecond:utc)" json:"finished_at"`
}

// TableSites is the name of the sites table.
const TableSites = "sites"

var sitesTable = mustTable[SiteRow](TableSites, "site_id")
