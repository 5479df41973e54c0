package datasets

import "time"

// ProbeRow is one scheduled probe of a site's homepage over one IP family
// (table probes): the history the site-unreachable rule judged, the week
// before the site's crawl ended.
type ProbeRow struct {
	SiteID      string    `parquet:"site_id,dict" json:"site_id"`
	ProbedAt    time.Time `parquet:"probed_at,timestamp(millisecond:utc)" json:"probed_at"`
	Family      string    `parquet:"family,dict" json:"family"`
	Status      *int64    `parquet:"status" json:"status"`
	CrawlStatus string    `parquet:"crawl_status,dict" json:"crawl_status"`
	DurationMS  int64     `parquet:"duration_ms" json:"duration_ms"`
	Error       string    `parquet:"error" json:"error"`
}

// TableProbes is the name of the probes table.
const TableProbes = "probes"

var probesTable = mustTable[ProbeRow](TableProbes, "site_id", "probed_at", "family")
