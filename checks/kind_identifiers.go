package checks

import (
	"fmt"
	"slices"
	"strings"
)

// Identifier names, as used in rule params.
const (
	IDSiteIDCode = "site_id_code"
	IDICP        = "icp"
	IDPolice     = "police"
)

// IdentifierParams configures identifiers (网站标识码, ICP 备案, 公安备案).
type IdentifierParams struct {
	Require []string `yaml:"require" json:"require"`
	// AcceptMetaSiteID accepts the SiteIDCode meta tag when the footer does
	// not show the 网站标识码.
	AcceptMetaSiteID bool `yaml:"accept_meta_site_id" json:"accept_meta_site_id"`
}

func newIdentifierParams() kindParams { return &IdentifierParams{AcceptMetaSiteID: true} }

func (ip *IdentifierParams) validate(*Catalog) *paramError {
	if len(ip.Require) == 0 {
		return perr("require", "at least one identifier is required")
	}
	for i, r := range ip.Require {
		if !slices.Contains([]string{IDSiteIDCode, IDICP, IDPolice}, r) {
			return perr(fmt.Sprintf("require[%d]", i), "unknown identifier %q (known: site_id_code, icp, police)", r)
		}
	}
	return nil
}

var identifierTitles = map[string]string{IDSiteIDCode: "网站标识码", IDICP: "ICP备案编号", IDPolice: "公安机关备案号"}

// checkIdentifiers reads the homepage's footer (and text) for the required
// identifiers: one failing instance per missing identifier.
func checkIdentifiers(p *pass) {
	ip := params[IdentifierParams](p)
	v := p.site
	if v.home == nil {
		p.errorf("快照中没有首页页面")
		return
	}
	id := v.cat.identifiers(v.home.p)
	values := map[string]string{IDSiteIDCode: id.SiteIDCode, IDICP: id.ICP, IDPolice: id.Police}
	var shown []string
	for _, r := range ip.Require {
		val := values[r]
		if r == IDSiteIDCode && val == "" && ip.AcceptMetaSiteID && id.SiteIDCodeMeta != "" {
			shown = append(shown, "网站标识码"+id.SiteIDCodeMeta+"（仅见于SiteIDCode元数据）")
			continue
		}
		if val == "" {
			p.fail(v.home.p.URL, "首页未展示%s", identifierTitles[r])
			continue
		}
		if r == IDSiteIDCode {
			val = "网站标识码" + val
			if id.SiteIDCodeMeta != "" && id.SiteIDCodeMeta != id.SiteIDCode {
				val += "（SiteIDCode元数据为" + id.SiteIDCodeMeta + "，不一致）"
			}
		}
		shown = append(shown, val)
	}
	if len(shown) > 0 {
		p.ok(v.home.p.URL, "首页展示：%s", strings.Join(shown, "，"))
	}
}
