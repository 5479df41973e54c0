package checks

import "gongkai/crawler/snapshot"

// SiteFacts are the values about a site as a whole that the sites table
// shows beside the verdicts. Each is worked out by the code of the rule
// that starts from it (kind_ipv6.go, kind_identifiers.go), so a table, a
// report or a live probe can never disagree with the findings.
type SiteFacts struct {
	// AAAA: the homepage host has an AAAA record (rule kind ipv6_dns).
	AAAA bool
	// IPv6Home: the homepage answered over IPv6 alone with HTTP 2xx/3xx,
	// the first test of rule kind ipv6_home.
	IPv6Home bool
	// IPv6L2Ratio and IPv6L3Ratio are the shares of level-2 and level-3
	// links whose host answered over IPv6, counted as rule ipv6-links counts
	// them; nil when no link was counted.
	IPv6L2Ratio, IPv6L3Ratio *float64
	// SiteIDCode is the 网站标识码 the homepage shows, else its SiteIDCode
	// meta tag (rule kind identifiers); "" when neither.
	SiteIDCode string
}

// siteFacts works out the site facts of a snapshot.
func (c *Catalog) siteFacts(s *snapshot.Snapshot) SiteFacts {
	var f SiteFacts
	c.ipv6Facts(s, &f)
	f.SiteIDCode = c.siteIDCode(s)
	return f
}
