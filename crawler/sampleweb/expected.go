package sampleweb

import (
	"fmt"
	"slices"
)

// Outcomes a rule can have in Expected.
const (
	Pass          = "pass"
	Fail          = "fail"
	NotApplicable = "not_applicable"
)

// expectedDef is data/expected.yaml.
type expectedDef struct {
	Rules    []string                     `yaml:"rules"`
	Sites    map[string]map[string]string `yaml:"sites"`
	NoRender map[string]map[string]string `yaml:"no_render"`
}

// expectations holds the expanded outcome tables.
type expectations struct {
	rules    []string
	rendered map[string]map[string]string
	static   map[string]map[string]string
}

// loadExpected reads and expands data/expected.yaml, checking that it
// names every site of sites and only known rules and outcomes.
func loadExpected(sites []siteDef) (*expectations, error) {
	var def expectedDef
	if err := decodeStrict("data/expected.yaml", &def); err != nil {
		return nil, err
	}
	e := &expectations{rules: def.Rules, rendered: map[string]map[string]string{}, static: map[string]map[string]string{}}
	for _, s := range sites {
		over, ok := def.Sites[s.ID]
		if !ok {
			return nil, fmt.Errorf("load data/expected.yaml: site %s has no expectations", s.ID)
		}
		row, err := expand(def.Rules, over, nil)
		if err != nil {
			return nil, fmt.Errorf("load data/expected.yaml: site %s: %w", s.ID, err)
		}
		e.rendered[s.ID] = row
		if e.static[s.ID], err = expand(def.Rules, def.NoRender[s.ID], row); err != nil {
			return nil, fmt.Errorf("load data/expected.yaml: no_render %s: %w", s.ID, err)
		}
	}
	if len(def.Sites) != len(sites) {
		return nil, fmt.Errorf("load data/expected.yaml: %d sites listed, %d defined", len(def.Sites), len(sites))
	}
	return e, nil
}

// expand applies overrides (with an optional "default") to base, or to the
// default outcome when base is nil.
func expand(rules []string, over map[string]string, base map[string]string) (map[string]string, error) {
	valid := []string{Pass, Fail, NotApplicable}
	row := map[string]string{}
	def, hasDef := over["default"]
	for _, r := range rules {
		switch {
		case base != nil:
			row[r] = base[r]
		case hasDef:
			row[r] = def
		default:
			return nil, fmt.Errorf("no default outcome")
		}
	}
	for r, o := range over {
		if r != "default" && !slices.Contains(rules, r) {
			return nil, fmt.Errorf("unknown rule %q", r)
		}
		if !slices.Contains(valid, o) {
			return nil, fmt.Errorf("rule %s: unknown outcome %q", r, o)
		}
		if r != "default" {
			row[r] = o
		}
	}
	return row, nil
}

func copyTable(t map[string]map[string]string) map[string]map[string]string {
	out := make(map[string]map[string]string, len(t))
	for site, row := range t {
		r := make(map[string]string, len(row))
		for k, v := range row {
			r[k] = v
		}
		out[site] = r
	}
	return out
}
