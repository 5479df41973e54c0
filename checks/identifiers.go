package checks

import (
	"cmp"
	"regexp"
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

// shownValue returns what the pattern finds in text as displayed: its first
// capture group that took part in the match, else the whole match, with
// runs of white space collapsed.
func shownValue(re *regexp.Regexp, text string) string {
	m := re.FindStringSubmatchIndex(text)
	if m == nil {
		return ""
	}
	for g := 1; 2*g+1 < len(m); g++ {
		if m[2*g] >= 0 {
			return collapseSpace(text[m[2*g]:m[2*g+1]])
		}
	}
	return collapseSpace(text[m[0]:m[1]])
}

// identifiers reads the site identifiers from the page's footer, then its
// text, with the catalog's patterns. Only visible text counts for the three
// visible marks; the SiteIDCode meta tag is reported separately.
func (c *Catalog) identifiers(p *snapshot.Page) pageIdentifiers {
	id := pageIdentifiers{SiteIDCodeMeta: strings.TrimSpace(p.Meta["siteidcode"])}
	for _, text := range []string{p.Footer, p.Text} {
		text = widthFold.Replace(text)
		if id.SiteIDCode == "" {
			id.SiteIDCode = shownValue(c.Patterns.siteID, text)
		}
		if id.ICP == "" {
			id.ICP = shownValue(c.Patterns.icp, text)
		}
		if id.Police == "" {
			id.Police = shownValue(c.Patterns.police, text)
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
