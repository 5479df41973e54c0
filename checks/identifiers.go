package checks

import (
	"strings"

	"gongkai/crawler/snapshot"
)

// Identifiers are the registration marks a government site shows (ZY-11):
// 网站标识码, ICP 备案 and 公安机关备案.
type Identifiers struct {
	SiteIDCode     string `json:"site_id_code"`      // visible 网站标识码, e.g. 1304000009
	SiteIDCodeMeta string `json:"site_id_code_meta"` // <meta name="SiteIDCode">, which may be empty or differ
	ICP            string `json:"icp"`               // as shown, runs of white space collapsed: 冀ICP备05029117号-1
	Police         string `json:"police"`            // as shown: 冀公网安备 13042002000523号
}

// Identifiers reads the site identifiers from the page's footer, then its
// text, with the catalog's patterns. Only visible text counts for the three
// visible marks; the SiteIDCode meta tag is reported separately.
func (c *Catalog) Identifiers(p *snapshot.Page) Identifiers {
	id := Identifiers{SiteIDCodeMeta: strings.TrimSpace(p.Meta["siteidcode"])}
	for _, text := range []string{p.Footer, p.Text} {
		text = widthFold.Replace(text)
		if id.SiteIDCode == "" {
			if m := c.Patterns.siteID.FindStringSubmatch(text); m != nil {
				id.SiteIDCode = m[1]
			}
		}
		if id.ICP == "" {
			id.ICP = collapseSpace(c.Patterns.icp.FindString(text))
		}
		if id.Police == "" {
			id.Police = collapseSpace(c.Patterns.police.FindString(text))
		}
	}
	return id
}
