package crawler

import (
	_ "embed"
	"fmt"
	"regexp"

	"gopkg.in/yaml.v3"

	"gongkai/crawler/snapshot"
	"gongkai/crawler/urls"
)

//go:embed guidehosts.yaml
var guideHostsYAML []byte

// guideHostDefaults are the embedded guide-host patterns and page budget.
type guideHostDefaults struct {
	Patterns []string `yaml:"patterns"`
	MaxPages int      `yaml:"max_pages"`
}

// defaultGuideHosts returns the embedded guide-host patterns and budget.
func defaultGuideHosts() ([]string, int) {
	var d guideHostDefaults
	if err := yaml.Unmarshal(guideHostsYAML, &d); err != nil {
		panic("crawler: embedded guidehosts.yaml: " + err.Error())
	}
	return d.Patterns, d.MaxPages
}

// guideHosts matches the hosts whose pages a site's crawl follows beyond
// its own domain (Config.GuideHosts).
type guideHosts []*regexp.Regexp

func compileGuideHosts(patterns []string) (guideHosts, error) {
	out := make(guideHosts, 0, len(patterns))
	for i, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("guide host pattern %d %q: %w", i, p, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// match reports whether u is on a guide host.
func (g guideHosts) match(u string) bool {
	if len(g) == 0 {
		return false
	}
	h := snapshot.HostName(u)
	for _, re := range g {
		if re.MatchString(h) {
			return true
		}
	}
	return false
}

// onGuideHost reports a page on a guide host outside the site's scope.
func (c *siteCrawl) onGuideHost(u string) bool {
	return !c.scope.inScope(u) && c.guides.match(u)
}

// guideAnchor handles a reference of a page on a guide host: a link to a
// guide-host page is followed (within the budget); nothing is recorded as
// a link of the site, which does not own the platform's pages.
func (c *siteCrawl) guideAnchor(p *snapshot.Page, a snapshot.Anchor, follow bool) {
	if !follow || !followTag(a.Tag) || !c.frontier.guideBudget() || !c.onGuideHost(a.URL) || urls.IsAttachment(a.URL) {
		return
	}
	if !c.links.markSeen(a.URL) {
		return
	}
	// A link beyond MaxDepth is not counted as skipped: the site does
	// not own the platform's pages.
	if c.frontier.offer(a.URL, p.Depth) == refusedCandidates {
		c.skipCandidate()
	}
}
