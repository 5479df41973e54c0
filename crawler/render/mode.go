package render

import (
	_ "embed"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"gongkai/crawler/htmlfacts"
)

// Mode is the --render setting.
type Mode string

// The render modes.
const (
	Auto   Mode = "auto"   // render a page only when its static HTML is not enough
	Always Mode = "always" // render every HTML page
	Never  Mode = "never"  // never start a browser
)

// ParseMode parses a --render value.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case Auto, Always, Never:
		return m, nil
	default:
		return "", fmt.Errorf("render mode %q: want auto, always or never", s)
	}
}

// Decide reports whether a page is rendered under mode, with the reason
// recorded in the snapshot (Page.RenderReason). Under Auto a page is
// rendered when its static HTML shows that script builds it: scripts with
// (almost) no links, navigation containers left empty for script to fill,
// a <noscript> asking for JavaScript, a client-side framework (Vue,
// Angular, React), a script loader (document.write, $.ajax, innerHTML...)
// on a page with few links, or scripts with an empty body. The thresholds,
// phrases and loader lists are data (render.yaml).
func Decide(mode Mode, h htmlfacts.RenderHints) (bool, string) {
	switch mode {
	case Always:
		return true, "render=always"
	case Never:
		return false, "render=never"
	}
	t := rules()
	scripts := h.Scripts >= t.MinScripts
	switch {
	case scripts && h.Links < t.MinLinks:
		return true, fmt.Sprintf("%d links with %d scripts", h.Links, h.Scripts)
	case len(h.EmptyContainers) > 0:
		return true, "empty navigation filled by script: " + strings.Join(h.EmptyContainers, ", ")
	case t.asksForJS(h.NoScript):
		return true, "noscript asks for JavaScript"
	case len(t.FrameworkLoaders.of(h.Loaders)) > 0:
		return true, "script framework: " + strings.Join(t.FrameworkLoaders.of(h.Loaders), ", ")
	case h.Links < t.MinLinksWithLoader && len(t.WeakLoaders.of(h.Loaders)) > 0:
		return true, fmt.Sprintf("%d links with script loader %s", h.Links, strings.Join(t.WeakLoaders.of(h.Loaders), ", "))
	case scripts && h.BodyTextLen < t.MinBodyText:
		return true, fmt.Sprintf("%d characters of body text with %d scripts", h.BodyTextLen, h.Scripts)
	}
	return false, "static html is enough"
}

//go:embed render.yaml
var rulesYAML []byte

// ruleSet is the parsed render.yaml.
type ruleSet struct {
	MinScripts      int      `yaml:"min_scripts"`
	MinLinks        int      `yaml:"min_links"`
	MinBodyText     int      `yaml:"min_body_text"`
	NoScriptPhrases []string `yaml:"noscript_phrases"`
	// FrameworkLoaders alone make Auto render; WeakLoaders only below
	// MinLinksWithLoader links.
	FrameworkLoaders   set      `yaml:"framework_loaders"`
	WeakLoaders        set      `yaml:"weak_loaders"`
	MinLinksWithLoader int      `yaml:"min_links_with_loader"`
	FetchTypes         set      `yaml:"fetch_types"`
	ShotTypes          set      `yaml:"shot_types"`
	CachedTypes        set      `yaml:"cached_types"`
	BlockedHosts       []string `yaml:"blocked_hosts"`
}

// set is a YAML list read as a set.
type set map[string]bool

// UnmarshalYAML reads a list of strings.
func (s *set) UnmarshalYAML(n *yaml.Node) error {
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*s = set{}
	for _, v := range list {
		(*s)[v] = true
	}
	return nil
}

// of returns the members of s among names, in order.
func (s set) of(names []string) []string {
	var out []string
	for _, n := range names {
		if s[n] {
			out = append(out, n)
		}
	}
	return out
}

// rules returns the embedded rule set, parsed once. The file is part of
// the binary, so a parse error is a build defect (TestRules catches it).
var rules = sync.OnceValue(func() ruleSet {
	var r ruleSet
	dec := yaml.NewDecoder(strings.NewReader(string(rulesYAML)))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		panic(fmt.Sprintf("render.yaml: %v", err))
	}
	return r
})

// blocked reports whether rawURL's host is one of BlockedHosts or below
// one.
func (r ruleSet) blocked(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	for _, h := range r.BlockedHosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}

// asksForJS reports whether noscript text asks the reader to enable
// JavaScript.
func (r ruleSet) asksForJS(noscript string) bool {
	if noscript == "" {
		return false
	}
	s := strings.ToLower(strings.Join(strings.Fields(noscript), ""))
	for _, p := range r.NoScriptPhrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
