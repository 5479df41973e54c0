package checks

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"

	"gopkg.in/yaml.v3"
)

//go:embed catalog.yaml
var catalogYAML []byte

// ContractRuleIDs are the rule ids DESIGN.md §2.4 promises. Every catalog
// must define them (a rule may be disabled, never dropped or renamed).
var ContractRuleIDs = []string{
	"site-unreachable", "home-stale", "columns-stale", "columns-blank",
	"service-guides-unusable", "guide-elements", "guide-vague-wording", "guide-stale",
	"links-dead-home", "links-dead-other", "disclosure-platform", "doc-metadata",
	"annual-report", "ipv6-dns", "ipv6-home", "ipv6-links", "site-identifiers", "https",
}

// Rule is one catalog entry: which check kind runs it, with which
// parameters, from which source, and what its failure costs.
type Rule struct {
	ID           string `json:"rule_id"`
	TitleZh      string `json:"title_zh"`
	TitleEn      string `json:"title_en"`
	Source       string `json:"source"`       // document and item, e.g. "国办秘函〔2019〕19号 单项否决 首页不更新"
	Verification string `json:"verification"` // V, P or R (see rules.md §0); R values are parameters, not facts
	Kind         string `json:"kind"`         // key of the check-kind map
	// Params is a pointer to the kind's typed parameter block (for example
	// *ColumnFreshnessParams), validated at load.
	Params    any      `json:"params"`
	Effect    Effect   `json:"effect"`
	Points    float64  `json:"points"` // per failing instance (deduct) or passing instance (bonus)
	Cap       float64  `json:"cap"`    // most points the rule can move in total; 0 = no rule cap
	Category  string   `json:"category"`
	AppliesTo []string `json:"applies_to"` // site kinds (portal, department); empty = all
	Enabled   bool     `json:"enabled"`
	Note      string   `json:"note"` // how the rule is approximated, why a value is R

	paramsJSON string // set by Parse
}

// ParamsJSON returns the rule's parameters as a stable JSON object (fields in
// declaration order, map keys sorted): the params column of the rules table.
// Parse refuses parameters that JSON cannot hold, so for a parsed catalog
// the error is always nil.
func (r Rule) ParamsJSON() (string, error) {
	if r.paramsJSON != "" {
		return r.paramsJSON, nil
	}
	if r.Params == nil {
		return "{}", nil
	}
	b, err := json.Marshal(r.Params)
	if err != nil {
		return "", fmt.Errorf("rule %s: params as JSON: %w", r.ID, err)
	}
	return string(b), nil
}

// appliesTo reports whether the rule applies to a site of the given kind.
func (r *Rule) appliesTo(siteKind string) bool {
	return len(r.AppliesTo) == 0 || slices.Contains(r.AppliesTo, siteKind)
}

// Catalog is a parsed, validated rule catalog. It is immutable after Parse
// and safe for concurrent use.
type Catalog struct {
	Version       string
	Rules         []Rule
	Scoring       Scoring
	Synonyms      Synonyms
	Patterns      Patterns
	Understanding Understanding

	byID map[string]int
}

type catalogFile struct {
	Version       string        `yaml:"version"`
	Scoring       Scoring       `yaml:"scoring"`
	Synonyms      Synonyms      `yaml:"synonyms"`
	Patterns      Patterns      `yaml:"patterns"`
	Understanding Understanding `yaml:"understanding"`
	Rules         []ruleFile    `yaml:"rules"`
}

type ruleFile struct {
	ID           string    `yaml:"id"`
	TitleZh      string    `yaml:"title_zh"`
	TitleEn      string    `yaml:"title_en"`
	Source       string    `yaml:"source"`
	Verification string    `yaml:"verification"`
	Kind         string    `yaml:"kind"`
	Params       yaml.Node `yaml:"params"`
	Effect       string    `yaml:"effect"`
	Points       float64   `yaml:"points"`
	Cap          float64   `yaml:"cap"`
	Category     string    `yaml:"category"`
	AppliesTo    []string  `yaml:"applies_to"`
	Enabled      *bool     `yaml:"enabled"`
	Note         string    `yaml:"note"`
}

// Default returns the catalog embedded in the binary (checks/catalog.yaml).
// Each call returns a fresh copy.
func Default() *Catalog {
	c, err := Parse("catalog.yaml", catalogYAML)
	if err != nil {
		panic("checks: embedded catalog.yaml: " + err.Error()) // the package tests parse it
	}
	return c
}

// LoadFile reads and parses the catalog at path.
func LoadFile(path string) (*Catalog, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load rules: %w", err)
	}
	return Parse(path, data)
}

// Rule returns the rule with the given id.
func (c *Catalog) Rule(id string) (Rule, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Rule{}, false
	}
	return c.Rules[i], true
}

// Parse reads a catalog strictly. Unknown fields, unknown kinds, unknown
// references (sections, categories, guide elements, statuses), duplicate ids,
// bad regular expressions and badly typed parameters are errors of the form
// "NAME:LINE: field X: message" (*ParseError). The contract ids of
// ContractRuleIDs must all be present.
func Parse(name string, data []byte) (*Catalog, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, syntaxError(name, err)
	}
	if root.Kind == 0 {
		return nil, &ParseError{File: name, Line: 1, Msg: "empty catalog"}
	}
	d := newStrictDecoder(name)
	var f catalogFile
	if err := d.decode(&root, reflect.ValueOf(&f).Elem(), ""); err != nil {
		return nil, err
	}
	c := &Catalog{Version: f.Version, Scoring: f.Scoring, Synonyms: f.Synonyms, Patterns: f.Patterns, Understanding: f.Understanding}
	at := func(field string, err error) error {
		return d.errorf(nodeAt(&root, field), field, "%v", err)
	}
	if c.Version == "" {
		return nil, at("version", fmt.Errorf("missing"))
	}
	if field, err := c.Synonyms.compile(); err != nil {
		return nil, at(field, err)
	}
	if field, err := c.Patterns.compile(); err != nil {
		return nil, at(field, err)
	}
	if field, err := c.Understanding.validate(&c.Synonyms); err != nil {
		return nil, at(field, err)
	}
	if field, err := c.Scoring.validate(c); err != nil {
		return nil, at("scoring"+field, err)
	}
	c.byID = map[string]int{}
	for i := range f.Rules {
		r, err := c.parseRule(d, &f.Rules[i], fmt.Sprintf("rules[%d]", i), &root)
		if err != nil {
			return nil, err
		}
		c.byID[r.ID] = len(c.Rules)
		c.Rules = append(c.Rules, r)
	}
	for _, id := range ContractRuleIDs {
		if _, ok := c.byID[id]; !ok {
			return nil, at("rules", fmt.Errorf("contract rule %q is missing (disable it with enabled: false instead)", id))
		}
	}
	return c, nil
}

var ruleIDRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func (c *Catalog) parseRule(d strictDecoder, rf *ruleFile, path string, root *yaml.Node) (Rule, error) {
	at := func(field string, format string, args ...any) error {
		return d.errorf(nodeAt(root, path+"."+field), path+"."+field, format, args...)
	}
	r := Rule{
		ID: rf.ID, TitleZh: rf.TitleZh, TitleEn: rf.TitleEn, Source: rf.Source,
		Verification: rf.Verification, Kind: rf.Kind, Effect: Effect(rf.Effect),
		Points: rf.Points, Cap: rf.Cap, Category: rf.Category, AppliesTo: rf.AppliesTo,
		Enabled: rf.Enabled == nil || *rf.Enabled, Note: rf.Note,
	}
	switch {
	case !ruleIDRE.MatchString(r.ID):
		return r, at("id", "%q is not a kebab-case id", r.ID)
	case c.hasRule(r.ID):
		return r, at("id", "duplicate id %q", r.ID)
	case r.TitleZh == "" || r.TitleEn == "":
		return r, at("title_zh", "title_zh and title_en are required")
	case r.Source == "":
		return r, at("source", "required")
	case r.Verification != "V" && r.Verification != "P" && r.Verification != "R":
		return r, at("verification", "%q is not V, P or R", r.Verification)
	}
	if err := c.checkEffect(&r); err != nil {
		return r, at(err.field, "%s", err.msg)
	}
	for i, k := range r.AppliesTo {
		if k != "portal" && k != "department" {
			return r, at(fmt.Sprintf("applies_to[%d]", i), "%q is not portal or department", k)
		}
	}
	spec, ok := checkKinds[r.Kind]
	if !ok {
		return r, at("kind", "unknown kind %q (known: %s)", r.Kind, knownKinds())
	}
	p := spec.params()
	if rf.Params.Kind != 0 {
		if err := d.decode(&rf.Params, reflect.ValueOf(p), path+".params"); err != nil {
			return r, err
		}
	}
	if perr := p.validate(c); perr != nil {
		field := "params"
		if perr.field != "" {
			field += "." + perr.field
		}
		return r, at(field, "%s", perr.msg)
	}
	r.Params = p
	js, err := r.ParamsJSON()
	if err != nil {
		return r, at("params", "%v", err)
	}
	r.paramsJSON = js
	return r, nil
}

func (c *Catalog) hasRule(id string) bool { _, ok := c.byID[id]; return ok }

func (c *Catalog) checkEffect(r *Rule) *paramError {
	switch r.Effect {
	case Veto, Info:
		if r.Points != 0 || r.Cap != 0 {
			return &paramError{"points", string(r.Effect) + " rules carry no points"}
		}
	case Deduct, Bonus:
		if r.Points <= 0 {
			return &paramError{"points", "must be positive for " + string(r.Effect) + " rules"}
		}
		if r.Cap < 0 {
			return &paramError{"cap", "must not be negative"}
		}
	default:
		return &paramError{"effect", fmt.Sprintf("%q is not veto, deduct, bonus or info", r.Effect)}
	}
	if r.Effect == Deduct && c.Scoring.category(r.Category) == nil {
		return &paramError{"category", fmt.Sprintf("unknown category %q (known: %s)", r.Category, c.Scoring.categoryNames())}
	}
	if r.Effect != Deduct && r.Category != "" && c.Scoring.category(r.Category) == nil {
		return &paramError{"category", fmt.Sprintf("unknown category %q", r.Category)}
	}
	return nil
}

// paramError is a validation error inside a rule, at a field path relative
// to the rule (or to its params block, when returned by a params validate).
type paramError struct{ field, msg string }

func perr(field, format string, args ...any) *paramError {
	return &paramError{field: field, msg: fmt.Sprintf(format, args...)}
}

var yamlLineRE = regexp.MustCompile(`line ([0-9]+)`)

// syntaxError turns a yaml.v3 syntax error into a ParseError with its line.
func syntaxError(name string, err error) error {
	line := 0
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	return &ParseError{File: name, Line: line, Msg: yamlMsg(err)}
}
