package htmlfacts

import (
	"strings"
	"testing"
)

// footerLineContains is footerLine as first written, one strings.Contains
// per word; footerLine must agree with it.
func footerLineContains(s string) bool {
	for _, k := range footerMarks {
		if strings.Contains(s, k) {
			return true
		}
	}
	n := 0
	for _, k := range footerWords {
		if strings.Contains(s, k) {
			n++
		}
	}
	return n >= 2
}

func TestFooterLine(t *testing.T) {
	for _, s := range []string{
		"", "主办单位：样本县人民政府办公室", "主办：某局 电话：123", "地址地址", "网站标识码：1399000001", "Copyright © 2026",
		"ICP", "IC P", "承办 技术支持", "邮编电话", "为深入贯彻落实党中央、国务院决策部署", "主办主办", "©",
	} {
		if got, want := footerLine([]byte(s)), footerLineContains(s); got != want {
			t.Errorf("footerLine(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzFooterLine(f *testing.F) {
	f.Add("主办：某局 电话：123")
	f.Add("冀ICP备05000001号")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := footerLine([]byte(s)), footerLineContains(s); got != want {
			t.Errorf("footerLine(%q) = %v, want %v", s, got, want)
		}
	})
}
