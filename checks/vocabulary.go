package checks

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Synonyms is the catalog's vocabulary: the words sites use for columns,
// header fields and guide elements. Page understanding and the checks read
// it; none of it is in Go code.
type Synonyms struct {
	// Sections are named classes of columns and entries (news_dynamic,
	// policy, platform_guide, search, ...). Rules refer to them by name.
	Sections []Section `yaml:"sections" json:"sections"`
	// DocFields are the labels of a policy document's metadata header.
	DocFields DocFields `yaml:"doc_fields" json:"doc_fields"`
	// GuideElements are the key elements of a service guide (办事指南), in order.
	GuideElements []Element `yaml:"guide_elements" json:"guide_elements"`
	// GuideTitles are words in a page title that mark a service guide.
	GuideTitles []string `yaml:"guide_titles" json:"guide_titles"`
	// GuideUpdated are labels of a guide's update or publication date.
	GuideUpdated []string `yaml:"guide_updated" json:"guide_updated"`
	// VaguePhrases are catch-all wordings a guide must not use.
	VaguePhrases []string `yaml:"vague_phrases" json:"vague_phrases"`
	// VaguePatterns (RE2) find open-ended wordings by their shape
	// (…等…材料, 其他…理由); a match (its group 1, when the pattern has one)
	// is reported as the phrase.
	VaguePatterns []string `yaml:"vague_patterns" json:"vague_patterns,omitempty"`
	// BlankMarkers are texts a column shows when it has no items.
	BlankMarkers []string `yaml:"blank_markers" json:"blank_markers"`
	// HomeLabels are breadcrumb heads meaning the homepage (首页, 当前位置).
	HomeLabels []string `yaml:"home_labels" json:"home_labels"`
	// MoreLabels are link texts that lead to a column without naming it
	// (更多, more), lower-cased, without brackets and arrows.
	MoreLabels []string `yaml:"more_labels" json:"more_labels"`
	// Report is the annual report template's vocabulary.
	Report ReportTemplate `yaml:"report" json:"report"`

	vagueREs []*regexp.Regexp
}

// Section is a named class of columns or entries, recognised by name
// synonyms (a label containing one matches, unless it contains an exclusion)
// or by the URL an entry links to. A form (an anchor with Tag "form", whose
// text is its submit label and field hint) is an entry of the section when
// its action matches a URL pattern or its text contains one of FormWords;
// the name synonyms do not apply to forms.
type Section struct {
	Name        string   `yaml:"name" json:"name"`
	Title       string   `yaml:"title" json:"title"` // Chinese display name, used in messages
	Synonyms    []string `yaml:"synonyms" json:"synonyms"`
	Exclude     []string `yaml:"exclude" json:"exclude,omitempty"`
	URLPatterns []string `yaml:"url_patterns" json:"url_patterns,omitempty"`
	FormWords   []string `yaml:"form_words" json:"form_words,omitempty"` // matched ignoring case
	urlREs      []*regexp.Regexp
}

// Element is one key element of a service guide and the labels that show
// it, in order of preference (the value under the first one shown is the
// element's value). A label containing one of Exclude is not the element
// (监督电话 is a complaint line, not a contact number).
type Element struct {
	Name     string   `yaml:"name" json:"name"`
	Synonyms []string `yaml:"synonyms" json:"synonyms"`
	Exclude  []string `yaml:"exclude" json:"exclude,omitempty"`
}

// DocFields lists, per metadata field, the header labels that carry it
// (matched exactly after spaces, colons and brackets are removed).
type DocFields struct {
	IndexNumber   []string `yaml:"index_number" json:"index_number"`
	Topic         []string `yaml:"topic" json:"topic"`
	Issuer        []string `yaml:"issuer" json:"issuer"`
	WrittenDate   []string `yaml:"written_date" json:"written_date"`
	Title         []string `yaml:"title" json:"title"`
	DocNumber     []string `yaml:"doc_number" json:"doc_number"`
	PublishedDate []string `yaml:"published_date" json:"published_date"`
	Validity      []string `yaml:"validity" json:"validity"`
	// NoneValues are values meaning "none" (无): the field is shown, empty.
	NoneValues []string `yaml:"none_values" json:"none_values"`
}

// Doc field names, as used in rule params and Document.MissingFields.
const (
	FieldIndexNumber   = "index_number"
	FieldTopic         = "topic"
	FieldIssuer        = "issuer"
	FieldWrittenDate   = "written_date"
	FieldTitle         = "title"
	FieldDocNumber     = "doc_number"
	FieldPublishedDate = "published_date"
	FieldValidity      = "validity"
)

// docFieldNames is the fixed order of metadata fields.
var docFieldNames = []string{FieldIndexNumber, FieldTopic, FieldIssuer, FieldWrittenDate, FieldTitle, FieldDocNumber, FieldPublishedDate, FieldValidity}

func (f *DocFields) labels(field string) []string {
	switch field {
	case FieldIndexNumber:
		return f.IndexNumber
	case FieldTopic:
		return f.Topic
	case FieldIssuer:
		return f.Issuer
	case FieldWrittenDate:
		return f.WrittenDate
	case FieldTitle:
		return f.Title
	case FieldDocNumber:
		return f.DocNumber
	case FieldPublishedDate:
		return f.PublishedDate
	case FieldValidity:
		return f.Validity
	}
	return nil
}

// Patterns are the regular expressions (Go RE2) for identifiers and numbers.
type Patterns struct {
	// The identifiers: the value shown is capture group 1 when it took part
	// in the match, else the whole match.
	SiteIDCode        string `yaml:"site_id_code" json:"site_id_code"`               // group 1 is the code
	ICP               string `yaml:"icp" json:"icp"`                                 // the number as shown
	Police            string `yaml:"police" json:"police"`                           // the registration as shown
	AnnualReportTitle string `yaml:"annual_report_title" json:"annual_report_title"` // group 1 is the report year
	// Pager matches a list's pager: a link text (下一页, 尾页) or a short
	// line (共12页, 第1页/共5页).
	Pager string `yaml:"pager" json:"pager"`

	siteID, icp, police, annualReport, pager *regexp.Regexp
}

// Understanding holds the thresholds of page understanding.
type Understanding struct {
	HeaderMinFields  int `yaml:"header_min_fields" json:"header_min_fields"`   // core header fields making a metadata header
	GuideMinElements int `yaml:"guide_min_elements" json:"guide_min_elements"` // elements making a service guide (one fewer with a guide title)
	PlatformMinParts int `yaml:"platform_min_parts" json:"platform_min_parts"` // platform parts linked by a platform page
	ColumnMinItems   int `yaml:"column_min_items" json:"column_min_items"`     // entries making a list page (when they outweigh the running text)
	ArticleMinProse  int `yaml:"article_min_prose" json:"article_min_prose"`   // characters of running text making an article
	ArticleMinTitle  int `yaml:"article_min_title" json:"article_min_title"`   // characters of an article's own title line (longer than a column name)
	MaxLabelLen      int `yaml:"max_label_len" json:"max_label_len"`           // longest anchor text read as a column or entry name
	// RedirectFunnelMin is how many distinct links redirected to one page
	// make each of them a missing page (see redirectFunnels).
	RedirectFunnelMin int `yaml:"redirect_funnel_min" json:"redirect_funnel_min"`
	// BlankMaxText is the longest main text (in characters) a column page
	// without items may show and still count as blank.
	BlankMaxText int `yaml:"blank_max_text" json:"blank_max_text"`
	// PlatformParts are the sections of the 政府信息公开 platform's four parts.
	PlatformParts []string `yaml:"platform_parts" json:"platform_parts"`
	// PolicySections are column sections whose entries are policy documents.
	PolicySections []string `yaml:"policy_sections" json:"policy_sections"`
	// ColumnKinds are the sections a column's kind is taken from (the
	// columns table's kind).
	ColumnKinds []string `yaml:"column_kinds" json:"column_kinds"`
	// NotGuideSections are sections whose pages are never service guides,
	// whatever labels they show (依申请公开 lists 受理机构 and 处理时限).
	NotGuideSections []string `yaml:"not_guide_sections" json:"not_guide_sections,omitempty"`
	// NotColumnSections are sections whose pages are never blank columns
	// (a search page before a query shows no entries).
	NotColumnSections []string `yaml:"not_column_sections" json:"not_column_sections,omitempty"`
}

func (s *Synonyms) compile() (string, error) {
	seen := map[string]bool{}
	for i := range s.Sections {
		sec := &s.Sections[i]
		field := fmt.Sprintf("synonyms.sections[%d]", i)
		if sec.Name == "" || sec.Title == "" {
			return field, fmt.Errorf("a section needs a name and a title")
		}
		if seen[sec.Name] {
			return field + ".name", fmt.Errorf("duplicate section %q", sec.Name)
		}
		seen[sec.Name] = true
		if len(sec.Synonyms) == 0 && len(sec.URLPatterns) == 0 {
			return field, fmt.Errorf("section %q has neither synonyms nor url_patterns", sec.Name)
		}
		for j, w := range sec.FormWords {
			if strings.TrimSpace(w) == "" {
				return fmt.Sprintf("%s.form_words[%d]", field, j), fmt.Errorf("empty word")
			}
		}
		sec.urlREs = nil
		for j, p := range sec.URLPatterns {
			re, err := regexp.Compile(p)
			if err != nil {
				return fmt.Sprintf("%s.url_patterns[%d]", field, j), fmt.Errorf("bad regexp: %w", err)
			}
			sec.urlREs = append(sec.urlREs, re)
		}
	}
	for i, e := range s.GuideElements {
		if e.Name == "" || len(e.Synonyms) == 0 {
			return fmt.Sprintf("synonyms.guide_elements[%d]", i), fmt.Errorf("element needs a name and synonyms")
		}
	}
	s.vagueREs = nil
	for i, p := range s.VaguePatterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return fmt.Sprintf("synonyms.vague_patterns[%d]", i), fmt.Errorf("bad regexp: %w", err)
		}
		s.vagueREs = append(s.vagueREs, re)
	}
	for _, f := range docFieldNames {
		if len(s.DocFields.labels(f)) == 0 {
			return "synonyms.doc_fields." + f, fmt.Errorf("no labels")
		}
	}
	return "", nil
}

func (p *Patterns) compile() (string, error) {
	for _, x := range []struct {
		field string
		src   string
		dst   **regexp.Regexp
	}{
		{"site_id_code", p.SiteIDCode, &p.siteID},
		{"icp", p.ICP, &p.icp},
		{"police", p.Police, &p.police},
		{"annual_report_title", p.AnnualReportTitle, &p.annualReport},
		{"pager", p.Pager, &p.pager},
	} {
		if x.src == "" {
			return "patterns." + x.field, fmt.Errorf("missing")
		}
		re, err := regexp.Compile(x.src)
		if err != nil {
			return "patterns." + x.field, fmt.Errorf("bad regexp: %w", err)
		}
		*x.dst = re
	}
	if p.siteID.NumSubexp() < 1 || p.annualReport.NumSubexp() < 1 {
		return "patterns", fmt.Errorf("site_id_code and annual_report_title need a capture group")
	}
	return "", nil
}

func (u *Understanding) validate(syn *Synonyms) (string, error) {
	for i, n := range u.PlatformParts {
		if syn.section(n) == nil {
			return fmt.Sprintf("understanding.platform_parts[%d]", i), fmt.Errorf("unknown section %q", n)
		}
	}
	for i, n := range u.PolicySections {
		if syn.section(n) == nil {
			return fmt.Sprintf("understanding.policy_sections[%d]", i), fmt.Errorf("unknown section %q", n)
		}
	}
	for i, n := range u.ColumnKinds {
		if syn.section(n) == nil {
			return fmt.Sprintf("understanding.column_kinds[%d]", i), fmt.Errorf("unknown section %q", n)
		}
	}
	for i, n := range u.NotColumnSections {
		if syn.section(n) == nil {
			return fmt.Sprintf("understanding.not_column_sections[%d]", i), fmt.Errorf("unknown section %q", n)
		}
	}
	for i, n := range u.NotGuideSections {
		if syn.section(n) == nil {
			return fmt.Sprintf("understanding.not_guide_sections[%d]", i), fmt.Errorf("unknown section %q", n)
		}
	}
	if len(u.PlatformParts) == 0 {
		return "understanding.platform_parts", fmt.Errorf("required")
	}
	for _, x := range []struct {
		field string
		v     int
	}{
		{"header_min_fields", u.HeaderMinFields}, {"guide_min_elements", u.GuideMinElements},
		{"platform_min_parts", u.PlatformMinParts}, {"column_min_items", u.ColumnMinItems}, {"article_min_prose", u.ArticleMinProse}, {"article_min_title", u.ArticleMinTitle},
		{"max_label_len", u.MaxLabelLen}, {"blank_max_text", u.BlankMaxText}, {"redirect_funnel_min", u.RedirectFunnelMin},
	} {
		if x.v < 1 {
			return "understanding." + x.field, fmt.Errorf("must be at least 1")
		}
	}
	return "", nil
}

// section returns the section named name.
func (s *Synonyms) section(name string) *Section {
	for i := range s.Sections {
		if s.Sections[i].Name == name {
			return &s.Sections[i]
		}
	}
	return nil
}

// normLabel removes every space (including NBSP and the ideographic space),
// colons and brackets, so "索 &nbsp;引 号：" and "【发布日期】" compare as
// 索引号 and 发布日期.
func normLabel(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' {
			return -1
		}
		switch r {
		case ':', '：', '[', ']', '【', '】', '(', ')', '（', '）', '·', '*', '|':
			return -1
		}
		return r
	}, s)
}

// matchName reports whether name (normalised) names the section, and the
// synonym that matched (the longest one).
func (sec *Section) matchName(name string) (string, bool) {
	n := normLabel(name)
	if n == "" {
		return "", false
	}
	for _, x := range sec.Exclude {
		if strings.Contains(n, x) {
			return "", false
		}
	}
	best := ""
	for _, syn := range sec.Synonyms {
		if strings.Contains(n, syn) && len(syn) > len(best) {
			best = syn
		}
	}
	return best, best != ""
}

// matchForm reports whether a form's text contains one of the section's
// form words, ignoring case and spaces.
func (sec *Section) matchForm(text string) bool {
	n := strings.ToLower(normLabel(text))
	for _, w := range sec.FormWords {
		if n != "" && strings.Contains(n, strings.ToLower(normLabel(w))) {
			return true
		}
	}
	return false
}

// matchURL reports whether u matches one of the section's URL patterns.
func (sec *Section) matchURL(u string) bool {
	for _, re := range sec.urlREs {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}

// collapseSpace trims s and collapses runs of white space to one space.
func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000'
	}), " ")
}
