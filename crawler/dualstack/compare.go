package dualstack

import (
	"bytes"
	_ "embed"
	"fmt"

	"gopkg.in/yaml.v3"

	"gongkai/crawler/linkcheck"
)

//go:embed compare.yaml
var defaultCompare []byte

// compareData is the YAML form of the homepage comparison.
type compareData struct {
	Similarity float64  `yaml:"similarity"`
	Volatile   []string `yaml:"volatile"`
}

// DefaultComparison returns the embedded IPv4/IPv6 homepage comparison.
func DefaultComparison() *linkcheck.Comparison {
	c, err := ParseComparison(defaultCompare)
	if err != nil {
		panic("dualstack: embedded compare.yaml: " + err.Error())
	}
	return c
}

// ParseComparison decodes comparison data (see compare.yaml) strictly.
func ParseComparison(data []byte) (*linkcheck.Comparison, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var d compareData
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("parse comparison: %w", err)
	}
	c, err := linkcheck.NewComparison(d.Similarity, d.Volatile)
	if err != nil {
		return nil, fmt.Errorf("parse comparison: %w", err)
	}
	return c, nil
}
