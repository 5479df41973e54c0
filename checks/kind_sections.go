package checks

import "strings"

// SectionPresenceParams configures section_presence: which sections (columns
// or entries, by name synonyms or URL patterns) must be present, and where
// to look for them.
type SectionPresenceParams struct {
	Sections []string `yaml:"sections" json:"sections"`
	// Scope is homepage (entries the homepage links to) or site (any crawled
	// page: its links, list entries or its own column name).
	Scope string `yaml:"scope" json:"scope"`
}

func newSectionPresenceParams() kindParams { return &SectionPresenceParams{Scope: "site"} }

func (sp *SectionPresenceParams) validate(c *Catalog) *paramError {
	if sp.Scope != "homepage" && sp.Scope != "site" {
		return perr("scope", "%q is not homepage or site", sp.Scope)
	}
	if len(sp.Sections) == 0 {
		return perr("sections", "at least one section is required")
	}
	return checkSections(c, "sections", sp.Sections)
}

// checkSectionPresence reports one failing instance per missing section and
// one pass listing the sections found (with the page that shows the first).
func checkSectionPresence(p *pass) {
	sp := params[SectionPresenceParams](p)
	v, c := p.site, p.site.cat
	pages := v.pages
	if sp.Scope == "homepage" {
		if v.home == nil {
			p.errorf("快照中没有首页页面")
			return
		}
		pages = []*pageView{v.home}
	}
	var found []string
	evidence := ""
	for _, name := range sp.Sections {
		sec := c.Synonyms.section(name)
		url, ok := c.findSection(pages, sec, sp.Scope == "site")
		if !ok {
			where := "网站"
			if sp.Scope == "homepage" {
				where = "首页"
			}
			p.fail(homeURL(v), "%s未找到「%s」栏目或入口", where, sec.Title)
			continue
		}
		found = append(found, sec.Title)
		if evidence == "" {
			evidence = url
		}
	}
	if len(found) > 0 {
		p.ok(evidence, "已找到：%s", strings.Join(found, "、"))
	}
}

// findSection returns the URL of the first page that links to the section
// (or, when ownName is set, that is itself a column of the section).
func (c *Catalog) findSection(pages []*pageView, sec *Section, ownName bool) (string, bool) {
	for _, pv := range pages {
		if ownName && pv.typ != TypeHomepage && c.labelMatches(pv.name, sec) {
			return pv.p.URL, true
		}
		if c.linksToSection(pv.p, sec) {
			return pv.p.URL, true
		}
	}
	return "", false
}

func homeURL(v *siteView) string {
	if v.home != nil {
		return v.home.p.URL
	}
	return v.snap.Home.URL
}
