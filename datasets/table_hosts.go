package datasets

// HostRow is one host name seen by a site's crawl, with DNS answers and
// per-family reachability (table hosts).
type HostRow struct {
	SiteID    string   `parquet:"site_id,dict" json:"site_id"`
	Host      string   `parquet:"host" json:"host"`
	Level     int64    `parquet:"level" json:"level"`
	A         []string `parquet:"a,list" json:"a"`
	AAAA      []string `parquet:"aaaa,list" json:"aaaa"`
	DNSError  string   `parquet:"dns_error" json:"dns_error"`
	IPv4OK    bool     `parquet:"ipv4_ok" json:"ipv4_ok"`
	IPv4Error string   `parquet:"ipv4_error" json:"ipv4_error"`
	IPv6OK    bool     `parquet:"ipv6_ok" json:"ipv6_ok"`
	IPv6Error string   `parquet:"ipv6_error" json:"ipv6_error"`
}

// TableHosts is the name of the hosts table.
const TableHosts = "hosts"

var hostsTable = mustTable[HostRow](TableHosts, "site_id", "host")
