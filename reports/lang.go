package reports

import "fmt"

// Lang is the language of a report.
type Lang string

// The languages of reports: Chinese is the default.
const (
	Chinese Lang = "zh"
	English Lang = "en"
)

// ParseLang returns the language named by s ("" is Chinese).
func ParseLang(s string) (Lang, error) {
	switch Lang(s) {
	case "", Chinese:
		return Chinese, nil
	case English:
		return English, nil
	}
	return "", fmt.Errorf("language %q: want zh or en", s)
}

// label returns the text of a label key in lang; an unknown key is
// returned as it is (and fails the label test).
func label(lang Lang, key string) string {
	l, ok := labels[key]
	if !ok {
		return key
	}
	if lang == English {
		return l[1]
	}
	return l[0]
}

// Label returns the report's text for a label key in lang, for pages that
// show the view models with the reports' own words (the portal).
func Label(lang Lang, key string) string { return label(lang, key) }

// RuleTitle returns a rule's title in lang.
func RuleTitle(r Rule, lang Lang) string {
	if lang == English && r.TitleEn != "" {
		return r.TitleEn
	}
	if r.TitleZh != "" {
		return r.TitleZh
	}
	return r.RuleID
}

// gradeNames translates the grades of the embedded catalog; another
// catalog's grade is shown as it is.
var gradeNames = map[string]string{"优秀": "Excellent", "良好": "Good", "合格": "Pass", "不合格": "Fail", "无法评定": "Not graded"}

// GradeName returns a grade in lang.
func GradeName(grade string, lang Lang) string {
	if lang == English {
		if en, ok := gradeNames[grade]; ok {
			return en
		}
	}
	return grade
}
