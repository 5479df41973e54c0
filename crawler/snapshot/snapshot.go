// Package snapshot defines the plain facts the crawler records about one site
// in one audit. A Snapshot is the only thing checks read: it is serialisable,
// holds no behaviour that does I/O, and can be re-scored later without
// crawling again.
package snapshot

import "time"

// Version is the schema version written into every snapshot. Readers refuse
// snapshots with a newer version than they know.
const Version = 1

// Status classifies how a crawl, a page fetch or a link check ended. The
// empty string never appears in a stored snapshot.
type Status string

// Statuses shared by sites, pages, links and hosts (the GSA scan-status
// taxonomy, extended with the cases Chinese agency sites show and the
// bounds a hostile site runs into). Every value is documented in the data
// dictionary of the release (datasets/dictionary.yaml).
const (
	StatusOK            Status = "ok"
	StatusDNSError      Status = "dns_error"
	StatusTimeout       Status = "timeout"
	StatusRefused       Status = "refused"
	StatusTLSError      Status = "tls_error"      // certificate refused, or a handshake that failed or never completed
	StatusHTTPError     Status = "http_error"     // 4xx/5xx after retries
	StatusRobotsBlocked Status = "robots_blocked" // disallowed for user agent gongkai
	StatusBlocked       Status = "blocked"        // WAF / anti-bot challenge, or a 403 that is not a missing page
	StatusPrivate       Status = "private_address"
	StatusTooManyRedirs Status = "too_many_redirects"
	StatusBadRedirect   Status = "bad_redirect"   // a redirect without a usable http(s) Location (file:, ftp:, malformed)
	StatusTooLarge      Status = "too_large"      // over a size cap: body bytes, headers, elements, nesting or links (the prefix is still parsed)
	StatusProtocolError Status = "protocol_error" // the answer is not valid HTTP: no status line, broken framing, conflicting Content-Length
	StatusNetError      Status = "network_error"
	StatusNotChecked    Status = "not_checked" // budget exhausted or scheme not fetched
	StatusRenderError   Status = "render_error"

	// Site outcomes: why the crawl of a site ended before it was complete.
	StatusSiteTimeout  Status = "site_timeout"   // the site's time budget (--site-timeout) ran out
	StatusAuditTimeout Status = "audit_timeout"  // the audit's time budget (--timeout) ran out first
	StatusInterrupted  Status = "interrupted"    // SIGINT/SIGTERM stopped the audit; --resume continues the site
	StatusSiteTooLarge Status = "site_too_large" // the site's byte budget was received
	StatusJobFailed    Status = "job_failed"     // every attempt of a distributed audit's worker at the site was lost (the worker died or failed)
)

// Statuses lists every Status, for the data dictionary and validators.
// The last four only describe a whole site: a page or link stopped by
// them is not recorded.
var Statuses = []Status{
	StatusOK, StatusDNSError, StatusTimeout, StatusRefused, StatusTLSError, StatusHTTPError,
	StatusRobotsBlocked, StatusBlocked, StatusPrivate, StatusTooManyRedirs, StatusBadRedirect,
	StatusTooLarge, StatusProtocolError, StatusNetError, StatusNotChecked, StatusRenderError,
	StatusSiteTooLarge, StatusSiteTimeout, StatusAuditTimeout, StatusInterrupted, StatusJobFailed,
}

// Site is one row of the sites file.
type Site struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	URL    string `json:"url"`
	Level  string `json:"level,omitempty"`  // national, province, city, county, township
	Kind   string `json:"kind"`             // portal or department
	Region string `json:"region,omitempty"` // free text
}

// Snapshot is everything the crawler observed about one site in one audit.
type Snapshot struct {
	Version    int       `json:"version"`
	AuditID    string    `json:"audit_id"`
	Site       Site      `json:"site"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`

	// Status is the outcome of fetching the homepage; Error gives detail.
	Status Status `json:"status"`
	Error  string `json:"error,omitempty"`

	// Home summarises the homepage fetch (the 15 s availability probe).
	Home HomeProbe `json:"home"`

	// Stopped says why the crawl ended before it was complete; nil when it
	// ran to its end (its page and link budgets count as an end).
	Stopped *Stop `json:"stopped,omitempty"`
	// Caps lists the waits and sizes that were capped for the site.
	Caps []Cap `json:"caps,omitempty"`

	Pages []Page `json:"pages"`
	Links []Link `json:"links"`
	Hosts []Host `json:"hosts"`
	IPv6  IPv6   `json:"ipv6"`
	Stats Stats  `json:"stats"`

	// Probes are the scheduled homepage probes of the judging window
	// (ProbeLog), attached when the snapshot is judged, not by the crawl.
	Probes []ProbeSample `json:"probes,omitempty"`
}

// HomeProbe records the homepage availability probe.
type HomeProbe struct {
	URL        string        `json:"url"`
	FinalURL   string        `json:"final_url"`
	Status     Status        `json:"status"`
	HTTPStatus int           `json:"http_status"`
	Duration   time.Duration `json:"duration_ns"`
	HTTPS      bool          `json:"https"` // the final homepage URL is https
	Error      string        `json:"error,omitempty"`
	// TLSError is why the https homepage failed when the site was then
	// reached over http://, as its users would (URL is then the http one).
	TLSError string `json:"tls_error,omitempty"`
}

// Stop records why the crawl of a site ended early. What was gathered
// until then is kept and judged.
type Stop struct {
	Status Status `json:"status"` // site_timeout, audit_timeout, interrupted or site_too_large
	Phase  string `json:"phase"`  // the phase cut: crawl, links or probes (later phases did not run)
	Error  string `json:"error"`
}

// The phases of a site's crawl, in order.
const (
	PhaseCrawl  = "crawl"  // fetching pages
	PhaseLinks  = "links"  // checking the links the crawl did not fetch
	PhaseProbes = "probes" // DNS and IPv4/IPv6 probes of the hosts
)

// Cap is one wait or size that was capped for a site: the site asked for
// more than gongkai gives any site, and got the cap.
type Cap struct {
	Name   string `json:"name"`   // crawl_delay, robots_size, retry_after, links
	Detail string `json:"detail"` // what was asked and what was used
}

// The cap names of Cap.
const (
	CapCrawlDelay = "crawl_delay" // robots.txt Crawl-delay over the cap: the cap was used
	CapRobotsSize = "robots_size" // robots.txt over the size cap: its prefix was parsed
	CapRetryAfter = "retry_after" // a Retry-After over the cap: the answer was kept, not waited for
	CapLinks      = "links"       // more distinct links than are recorded per site: the others were not
)

// CrawlStatus is the site's outcome as the release publishes it
// (sites.crawl_status) and its detail: why the crawl stopped early if it
// did; tls_error when the https homepage failed and the site was reached
// over http:// instead; otherwise the homepage's status.
func (s *Snapshot) CrawlStatus() (Status, string) {
	switch {
	case s.Stopped != nil:
		return s.Stopped.Status, s.Stopped.Error
	case s.Home.TLSError != "":
		return StatusTLSError, s.Home.TLSError + "; reached over " + s.Home.URL + " instead"
	}
	return s.Status, s.Error
}

// Page is one fetched document reduced to the facts checks use.
type Page struct {
	URL      string `json:"url"`       // as requested, normalised
	FinalURL string `json:"final_url"` // after redirects
	Depth    int    `json:"depth"`     // homepage 0
	// OffSite marks a page fetched on a service-guide platform beyond the
	// site's domain (the province's 政务服务网, which the site links to for
	// its 办事指南): its guides count for the site, nothing else on it does.
	OffSite      bool      `json:"off_site,omitempty"`
	HTTPStatus   int       `json:"http_status"`
	Status       Status    `json:"status"`
	Error        string    `json:"error,omitempty"`
	Redirects    []string  `json:"redirects,omitempty"` // each hop's URL, in order
	ContentType  string    `json:"content_type,omitempty"`
	Charset      string    `json:"charset,omitempty"` // e.g. utf-8, gbk, gb18030, big5
	Bytes        int64     `json:"bytes"`
	FetchedAt    time.Time `json:"fetched_at"`
	LastModified string    `json:"last_modified,omitempty"` // header, verbatim
	Rendered     bool      `json:"rendered"`
	RenderReason string    `json:"render_reason,omitempty"`
	Screenshot   string    `json:"screenshot,omitempty"` // path relative to the audit directory

	Title    string            `json:"title"`
	Meta     map[string]string `json:"meta,omitempty"` // <meta name|property|http-equiv>, names lower-cased
	Headings []string          `json:"headings,omitempty"`
	// Breadcrumb is the location trail (首页 > 政务公开 > 通知公告), if any.
	Breadcrumb []string `json:"breadcrumb,omitempty"`
	Blocks     []Block  `json:"blocks,omitempty"`
	Items      []Item   `json:"items,omitempty"`
	Anchors    []Anchor `json:"anchors,omitempty"`
	Text       string   `json:"text,omitempty"`   // visible main text, one rendered line per line, bounded
	Footer     string   `json:"footer,omitempty"` // visible footer text
	Tables     []Table  `json:"tables,omitempty"` // data tables (annual reports), bounded
	// Prose counts the characters of running text in the body: visible
	// text outside links, in rendered lines holding at least 20 such
	// characters. An article's paragraphs count; a list's link titles,
	// dates, pagers and labels do not.
	Prose int `json:"prose,omitempty"`
}

// Block is one labelled value seen on a page: a table row 索引号 | 000014349/2017-00110,
// a paragraph <strong>发布日期</strong>：2020-08-02, a dt/dd pair, and so on.
type Block struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Item is one entry of a list on a page (a column list, a homepage box):
// its link text, target and the date text shown beside it.
type Item struct {
	Title   string `json:"title"`
	URL     string `json:"url,omitempty"`
	Date    string `json:"date,omitempty"`    // verbatim date text, e.g. "2026-11-20", "[11-20]"
	Section string `json:"section,omitempty"` // nearest heading or tab name of the list
}

// Anchor is one outgoing reference of a page.
type Anchor struct {
	URL    string `json:"url"` // absolute, normalised
	Text   string `json:"text,omitempty"`
	Tag    string `json:"tag"`              // a, area, img, link, script, iframe
	Region string `json:"region,omitempty"` // nav, footer or empty for body
}

// Table is a data table: rows of cell texts (header rows included).
type Table struct {
	Caption string     `json:"caption,omitempty"` // <caption>, else the short line just above the table
	Rows    [][]string `json:"rows"`
}

// Link is one distinct URL referenced by the site, with its verdict.
type Link struct {
	URL        string    `json:"url"`
	FromURL    string    `json:"from_url"` // first page seen linking to it
	Text       string    `json:"text,omitempty"`
	Tag        string    `json:"tag"`
	Internal   bool      `json:"internal"`    // same registrable domain as the homepage
	OnHomepage bool      `json:"on_homepage"` // referenced by the homepage
	Level      int       `json:"level"`       // national IPv6 method: homepage links 2, theirs 3
	HTTPStatus int       `json:"http_status"`
	Status     Status    `json:"status"`
	Error      string    `json:"error,omitempty"`
	FinalURL   string    `json:"final_url,omitempty"`
	Attempts   int       `json:"attempts"`
	Dead       bool      `json:"dead"`
	Soft404    bool      `json:"soft_404"`
	Blocked    bool      `json:"blocked"`
	CheckedAt  time.Time `json:"checked_at"`
}

// Host records DNS answers and per-family reachability for one host name.
type Host struct {
	Name      string   `json:"name"`
	Level     int      `json:"level"` // 1 homepage host; else the lowest link level it was seen at
	A         []string `json:"a,omitempty"`
	AAAA      []string `json:"aaaa,omitempty"`
	DNSError  string   `json:"dns_error,omitempty"`
	IPv4OK    bool     `json:"ipv4_ok"`
	IPv4Error string   `json:"ipv4_error,omitempty"`
	IPv6OK    bool     `json:"ipv6_ok"` // an HTTP answer over tcp6 alone
	IPv6Error string   `json:"ipv6_error,omitempty"`
}

// IPv6 holds the homepage dual-stack comparison of the national method.
type IPv6 struct {
	HomeV4Status int     `json:"home_v4_status"`
	HomeV4Error  string  `json:"home_v4_error,omitempty"`
	HomeV6Status int     `json:"home_v6_status"`
	HomeV6Error  string  `json:"home_v6_error,omitempty"`
	Consistent   bool    `json:"consistent"` // v4 and v6 pages agree (title and text similarity)
	Similarity   float64 `json:"similarity"` // 0..1
}

// Stats counts what the crawl did and skipped.
type Stats struct {
	PagesFetched     int  `json:"pages_fetched"`
	PagesFailed      int  `json:"pages_failed"`
	PagesSkipped     int  `json:"pages_skipped"` // beyond budget, traps, robots
	TrapsSkipped     int  `json:"traps_skipped"`
	RobotsDisallowed int  `json:"robots_disallowed"`
	BudgetExhausted  bool `json:"budget_exhausted"`
	LinksChecked     int  `json:"links_checked"`
	Rendered         int  `json:"rendered"`
	// BytesFetched counts the bytes received for the site (pages,
	// robots.txt, link checks, the browser's requests): headers and bodies
	// as they came over the wire, before decompression.
	BytesFetched int64 `json:"bytes_fetched"`
}
