package linkcheck

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"gongkai/crawler/snapshot"
)

//go:embed phrases.yaml
var defaultPhrases []byte

// Phrases is the verdict data of a Checker: soft-404 phrases, WAF and
// anti-bot signatures and thresholds. It is read from YAML (see the embedded
// phrases.yaml) and is not modified after ParsePhrases returns.
type Phrases struct {
	Soft404 Soft404Data `yaml:"soft404"`
	Block   BlockData   `yaml:"block"`
	Check   CheckData   `yaml:"check"`

	compare *Comparison // built from Soft404.Similarity and Soft404.Volatile
	match   *matchers   // built from the phrase lists
}

// matchers are the phrase lists compiled for one-pass search.
type matchers struct {
	phrases *matcher // Soft404.Phrases
	shape   *matcher // Soft404.ShapeWords
	missing *matcher // both: the page may say it is missing
}

// compile builds p.match from the (lower-cased) phrase lists.
func (p *Phrases) compile() {
	s := p.Soft404
	p.match = &matchers{
		phrases: newMatcher(s.Phrases),
		shape:   newMatcher(s.ShapeWords),
		missing: newMatcher(append(slices.Clip(s.Phrases), s.ShapeWords...)),
	}
}

// Soft404Data holds what marks a 200 page as a missing page.
type Soft404Data struct {
	Phrases    []string `yaml:"phrases"`     // not-found phrases (title and leading text)
	TextWindow int      `yaml:"text_window"` // bytes of visible text searched
	Similarity float64  `yaml:"similarity"`  // min similarity to the host's missing-page answer
	Volatile   []string `yaml:"volatile"`    // patterns replaced before comparing
	ProbePath  string   `yaml:"probe_path"`  // random-path template with one %s
	HomePaths  []string `yaml:"home_paths"`  // paths that are the homepage
	// ShapeWords are not-found words (不存在, 已删除, 已撤销, …) that mark a
	// page whose body is at most ShortBody characters as a missing page.
	ShapeWords []string `yaml:"shape_words"`
	ShortBody  int      `yaml:"short_body"`
	// TitleSimilarity is the least title similarity of a near-duplicate of
	// the host's missing-page answer (titles that name the request).
	TitleSimilarity float64 `yaml:"title_similarity"`
}

// BlockData holds what marks an error answer as a WAF / anti-bot refusal.
type BlockData struct {
	Statuses   []int             `yaml:"statuses"`    // statuses where signatures are looked for
	Bare       []int             `yaml:"bare"`        // statuses blocked without a signature
	BodyWindow int               `yaml:"body_window"` // body bytes searched
	Body       []string          `yaml:"body"`        // body substrings
	Headers    []HeaderSignature `yaml:"headers"`     // header signatures
}

// HeaderSignature matches a response header: Name (case-insensitive) whose
// value contains one of Contains, or any header whose name starts with NamePrefix.
type HeaderSignature struct {
	Name       string   `yaml:"name"`
	Contains   []string `yaml:"contains"`
	NamePrefix string   `yaml:"name_prefix"`
}

// CheckData holds request strategy data.
type CheckData struct {
	HeadExtensions []string          `yaml:"head_extensions"` // path extensions checked with HEAD first
	HeadFallback   []int             `yaml:"head_fallback"`   // HEAD statuses retried with GET
	Retry          []snapshot.Status `yaml:"retry"`           // transport statuses retried once
}

// DefaultPhrases returns the embedded verdict data.
func DefaultPhrases() *Phrases {
	p, err := ParsePhrases(defaultPhrases)
	if err != nil {
		panic("linkcheck: embedded phrases.yaml: " + err.Error())
	}
	return p
}

// ParsePhrases decodes verdict data strictly (unknown keys are errors),
// validates it and lower-cases every phrase and signature.
func ParsePhrases(data []byte) (*Phrases, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var p Phrases
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("parse phrases: %w", err)
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("parse phrases: %w", err)
	}
	cmp, err := NewComparison(p.Soft404.Similarity, p.Soft404.Volatile)
	if err != nil {
		return nil, fmt.Errorf("parse phrases: soft404: %w", err)
	}
	p.compare = cmp
	lowerAll(p.Soft404.Phrases)
	lowerAll(p.Soft404.ShapeWords)
	lowerAll(p.Block.Body)
	lowerAll(p.Check.HeadExtensions)
	for i := range p.Block.Headers {
		lowerAll(p.Block.Headers[i].Contains)
		p.Block.Headers[i].NamePrefix = strings.ToLower(p.Block.Headers[i].NamePrefix)
	}
	p.compile()
	return &p, nil
}

// validate reports the first field that makes the data unusable.
func (p *Phrases) validate() error {
	s := p.Soft404
	switch {
	case len(s.Phrases) == 0:
		return errors.New("soft404.phrases is empty")
	case s.TextWindow <= 0:
		return errors.New("soft404.text_window must be positive")
	case strings.Count(s.ProbePath, "%s") != 1 || !strings.HasPrefix(s.ProbePath, "/"):
		return errors.New("soft404.probe_path must start with / and hold one %s")
	case len(s.HomePaths) == 0:
		return errors.New("soft404.home_paths is empty")
	case s.ShortBody < 0:
		return errors.New("soft404.short_body must not be negative")
	case s.TitleSimilarity <= 0 || s.TitleSimilarity > 1:
		return errors.New("soft404.title_similarity must be in (0, 1]")
	case p.Block.BodyWindow <= 0:
		return errors.New("block.body_window must be positive")
	}
	if slices.Contains(s.Phrases, "") || slices.Contains(s.ShapeWords, "") || slices.Contains(p.Block.Body, "") {
		return errors.New("empty phrase or body signature")
	}
	for i, h := range p.Block.Headers {
		if (h.Name == "") == (h.NamePrefix == "") {
			return fmt.Errorf("block.headers[%d]: exactly one of name and name_prefix", i)
		}
		if h.Name != "" && len(h.Contains) == 0 {
			return fmt.Errorf("block.headers[%d]: name needs contains", i)
		}
	}
	return nil
}

// lowerAll lower-cases every string of s in place.
func lowerAll(s []string) {
	for i := range s {
		s[i] = strings.ToLower(s[i])
	}
}

// firstPhrase returns the first of phrases contained in the lower-cased
// text, or "".
func firstPhrase(text string, phrases []string) string {
	for _, p := range phrases {
		if strings.Contains(text, p) {
			return p
		}
	}
	return ""
}
