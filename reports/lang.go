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
