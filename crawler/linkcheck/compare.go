package linkcheck

import (
	"errors"
	"fmt"
	"regexp"
)

// Comparison decides whether two HTML pages are the same page: equal titles
// and visible-text Similarity at least a threshold, after volatile content
// (time stamps, counters, tokens) is replaced. linkcheck uses it against a
// host's missing-page answer; dualstack for the IPv4/IPv6 homepages.
type Comparison struct {
	threshold float64
	volatile  []*regexp.Regexp
}

// NewComparison returns a Comparison with the similarity threshold (in
// (0, 1]) and the volatile patterns (RE2), applied in order, each match
// replaced by "#".
func NewComparison(threshold float64, volatile []string) (*Comparison, error) {
	if threshold <= 0 || threshold > 1 {
		return nil, errors.New("similarity must be in (0, 1]")
	}
	c := &Comparison{threshold: threshold}
	for i, p := range volatile {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("volatile[%d]: %w", i, err)
		}
		c.volatile = append(c.volatile, re)
	}
	return c, nil
}

// Threshold returns the minimum similarity of equal pages.
func (c *Comparison) Threshold() float64 { return c.threshold }

// Strip replaces the volatile content of s.
func (c *Comparison) Strip(s string) string {
	for _, re := range c.volatile {
		s = re.ReplaceAllLiteralString(s, "#")
	}
	return s
}

// Pages compares two UTF-8 HTML documents and returns the similarity of
// their stripped visible texts and whether they are the same page.
func (c *Comparison) Pages(a, b []byte) (similarity float64, same bool) {
	ta, xa := PageText(a)
	tb, xb := PageText(b)
	similarity = Similarity(c.Strip(xa), c.Strip(xb))
	return similarity, c.Strip(ta) == c.Strip(tb) && similarity >= c.threshold
}
