package checks

import (
	"cmp"
	"strings"

	"gongkai/crawler/snapshot"
)

// pageIdentifiers are the registration marks a government site shows
// (ZY-11): 网站标识码, ICP 备案 and 公安机关备案.
type pageIdentifiers struct {
	SiteIDCode     string `json:"site_id_code"`      // visible 网站标识码, e.g. 1304000009
	SiteIDCodeMeta string `json:"site_id_code_meta"` // <meta name="SiteIDCode">, which may be empty or differ
	ICP            string `json:"icp"`               // as shown, runs of white space collapsed: 冀ICP备05029117号-1
	Police         string `json:"police"`            // as shown: 冀公网安备 13042002000523号
}

// identifiers reads the site identifiers from the page's footer, then its
// text, with the catalog's patterns. Only visible text counts for the three
// visible marks; the SiteIDCode meta tag is reported separately.
func (c *Catalog) identifiers(p *snapshot.Page) pageIdentifiers {
	id := pageIdentifiers{SiteIDCodeMeta: strings.TrimSpace(p.Meta["siteidcode"])}
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

// siteIDCode is the 网站标识码 of the site fact: the one the homepage shows,
// else its SiteIDCode meta tag.
func (c *Catalog) siteIDCode(s *snapshot.Snapshot) string {
	home := s.HomePage()
	if home == nil {
		return ""
	}
	id := c.identifiers(home)
	return cmp.Or(id.SiteIDCode, id.SiteIDCodeMeta)
}
