package blindweb

import (
	"bytes"
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

// Outcomes a rule can have in Expected.
const (
	Pass          = "pass"
	Fail          = "fail"
	NotApplicable = "not_applicable"
)

// expectedFile is expected.yaml.
type expectedFile struct {
	Rules []string                     `yaml:"rules"`
	Sites map[string]map[string]string `yaml:"sites"`
}

// loadExpected reads expected.yaml and expands every site's row from its
// default; every site of the manifest must be listed, and only known
// rules and outcomes.
func loadExpected(raw []byte, sites []siteDef) ([]string, map[string]map[string]string, error) {
	var f expectedFile
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("load expected.yaml: %w", err)
	}
	if len(f.Sites) != len(sites) {
		return nil, nil, fmt.Errorf("load expected.yaml: %d sites listed, the manifest has %d", len(f.Sites), len(sites))
	}
	out := map[string]map[string]string{}
	for _, s := range sites {
		over, ok := f.Sites[s.ID]
		if !ok {
			return nil, nil, fmt.Errorf("load expected.yaml: site %s has no row", s.ID)
		}
		def, ok := over["default"]
		if !ok {
			return nil, nil, fmt.Errorf("load expected.yaml: site %s has no default", s.ID)
		}
		row := map[string]string{}
		for _, r := range f.Rules {
			row[r] = def
		}
		for r, o := range over {
			if !slices.Contains([]string{Pass, Fail, NotApplicable}, o) {
				return nil, nil, fmt.Errorf("load expected.yaml: site %s rule %s: outcome %q", s.ID, r, o)
			}
			if r == "default" {
				continue
			}
			if !slices.Contains(f.Rules, r) {
				return nil, nil, fmt.Errorf("load expected.yaml: site %s: rule %q is not in rules", s.ID, r)
			}
			row[r] = o
		}
		out[s.ID] = row
	}
	return f.Rules, out, nil
}
