package datasets

import "time"

// PageRow is one fetched page (table pages).
type PageRow struct {
	SiteID       string     `parquet:"site_id,dict" json:"site_id"`
	URL          string     `parquet:"url,delta" json:"url"`
	FinalURL     string     `parquet:"final_url,delta" json:"final_url"`
	Depth        int64      `parquet:"depth" json:"depth"`
	Status       *int64     `parquet:"status" json:"status"`
	CrawlStatus  string     `parquet:"crawl_status,dict" json:"crawl_status"`
	Error        string     `parquet:"error" json:"error"`
	PageType     string     `parquet:"page_type,dict" json:"page_type"`
	TypeReason   string     `parquet:"page_type_reason" json:"page_type_reason"`
	ContentType  string     `parquet:"content_type,dict" json:"content_type"`
	Charset      string     `parquet:"charset,dict" json:"charset"`
	Title        string     `parquet:"title" json:"title"`
	PublishedAt  *Day       `parquet:"published_at,date" json:"published_at"`
	LastModified string     `parquet:"last_modified" json:"last_modified"`
	Rendered     bool       `parquet:"rendered" json:"rendered"`
	RenderReason string     `parquet:"render_reason,dict" json:"render_reason"`
	Bytes        int64      `parquet:"bytes" json:"bytes"`
	Redirects    []string   `parquet:"redirects,list" json:"redirects"`
	Screenshot   string     `parquet:"screenshot" json:"screenshot"`
	FetchedAt    *time.Time `parquet:"fetched_at,timestamp(millisecond:utc)" json:"fetched_at"`
}

// TablePages is the name of the pages table.
const TablePages = "pages"

var pagesTable = mustTable[PageRow](TablePages, "site_id", "url")
