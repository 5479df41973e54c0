package checks

import (
	"fmt"
	"slices"
	"strings"

	"gongkai/crawler/snapshot"
)

// need says what a check kind needs from the crawl before it can judge.
type need int

const (
	needNothing need = iota // judges the crawl status itself
	needAnswer              // the site answered (even if robots.txt or a WAF refused pages)
	needCrawl               // pages were fetched and parsed
)

// checkKind is one check kind: its typed parameters (with defaults) and the
// function that applies a rule of that kind to an understood site.
type checkKind struct {
	params func() kindParams
	check  func(p *pass)
	need   need
	phase  string // the crawl phase whose facts it reads; "" is snapshot.PhaseCrawl (see cut.go)
}

// kindParams is a kind's parameter block. validate checks values and
// references against the catalog (sections, elements, statuses).
type kindParams interface {
	validate(c *Catalog) *paramError
}

// checkKinds is the one registry of check kinds: a rule's kind is a key here.
// Adding a rule of an existing kind is a catalog entry, not Go code.
var checkKinds = map[string]checkKind{
	"site_unreachable":         {params: newReachParams, check: checkReach, need: needNothing},
	"home_freshness":           {params: newHomeFreshnessParams, check: checkHomeFreshness, need: needCrawl},
	"column_freshness":         {params: newColumnFreshnessParams, check: checkColumnFreshness, need: needCrawl},
	"column_blank":             {params: newColumnBlankParams, check: checkColumnBlank, need: needCrawl},
	"guides_unusable":          {params: newGuidesUnusableParams, check: checkGuidesUnusable, need: needCrawl},
	"guide_elements":           {params: newGuideElementsParams, check: checkGuideElements, need: needCrawl},
	"guide_vague":              {params: newGuideVagueParams, check: checkGuideVague, need: needCrawl},
	"guide_stale":              {params: newGuideStaleParams, check: checkGuideStale, need: needCrawl},
	"dead_links":               {params: newDeadLinksParams, check: checkDeadLinks, need: needCrawl, phase: snapshot.PhaseLinks},
	"section_presence":         {params: newSectionPresenceParams, check: checkSectionPresence, need: needCrawl},
	"doc_metadata":             {params: newDocMetadataParams, check: checkDocMetadata, need: needCrawl},
	"doc_timeliness":           {params: newDocTimelinessParams, check: checkDocTimeliness, need: needCrawl},
	"doc_format":               {params: newDocFormatParams, check: checkDocFormat, need: needCrawl},
	"annual_report":            {params: newAnnualReportParams, check: checkAnnualReport, need: needCrawl},
	"annual_report_arithmetic": {params: newArithmeticParams, check: checkArithmetic, need: needCrawl},
	"identifiers":              {params: newIdentifierParams, check: checkIdentifiers, need: needCrawl},
	"ipv6_dns":                 {params: newNoParams, check: checkIPv6DNS, need: needNothing, phase: snapshot.PhaseProbes},
	"ipv6_home":                {params: newIPv6HomeParams, check: checkIPv6Home, need: needCrawl, phase: snapshot.PhaseProbes},
	"ipv6_links":               {params: newIPv6LinksParams, check: checkIPv6Links, need: needCrawl, phase: snapshot.PhaseProbes},
	"https":                    {params: newNoParams, check: checkHTTPS, need: needAnswer},
	"manual":                   {params: newManualParams, check: checkManual, need: needNothing},
}

func knownKinds() string { return strings.Join(sortedKeys(checkKinds), ", ") }

// NoParams is the parameter block of kinds that take none.
type NoParams struct{}

func newNoParams() kindParams                   { return &NoParams{} }
func (*NoParams) validate(*Catalog) *paramError { return nil }

// ManualParams configures a rule judged by people (the 2019 bonus items).
type ManualParams struct {
	Reason string `yaml:"reason" json:"reason"`
}

func newManualParams() kindParams { return &ManualParams{Reason: "需人工评定"} }

func (m *ManualParams) validate(*Catalog) *paramError { return nil }

func checkManual(p *pass) {
	p.na("%s", params[ManualParams](p).Reason)
}

// params returns the rule's typed parameter block.
func params[T any](p *pass) *T { return p.rule.Params.(*T) }

// checkSections verifies that every name is a section of the catalog.
func checkSections(c *Catalog, field string, names []string) *paramError {
	for i, n := range names {
		if c.Synonyms.section(n) == nil {
			return perr(fmt.Sprintf("%s[%d]", field, i), "unknown section %q", n)
		}
	}
	return nil
}

// checkElements verifies that every name is a guide element of the catalog.
func checkElements(c *Catalog, field string, names []string) *paramError {
	for i, n := range names {
		if !slices.ContainsFunc(c.Synonyms.GuideElements, func(e Element) bool { return e.Name == n }) {
			return perr(fmt.Sprintf("%s[%d]", field, i), "unknown guide element %q", n)
		}
	}
	return nil
}
