package linkcheck

import (
	"strings"
	"testing"
)

func TestDefaultPhrases(t *testing.T) {
	p := DefaultPhrases()
	for _, want := range []string{"页面不存在", "您所访问的页面不存在", "信息不存在", "404 not found", "page not found"} {
		if firstPhrase(want, p.Soft404.Phrases) == "" {
			t.Errorf("phrase %q missing", want)
		}
	}
	if p.Soft404.Similarity != 0.9 {
		t.Errorf("similarity %v", p.Soft404.Similarity)
	}
}

func TestParsePhrasesErrors(t *testing.T) {
	base := string(defaultPhrases)
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown key", base + "\nextra: 1\n", "field extra not found"},
		{"bad similarity", strings.Replace(base, "similarity: 0.9", "similarity: 1.5", 1), "similarity"},
		{"probe path without %s", strings.Replace(base, "gongkai-404-probe-%s.html", "probe.html", 1), "probe_path"},
		{"header with both name and prefix", strings.Replace(base, "- name_prefix: X-Waf", "- {name: X, name_prefix: X-Waf}", 1), "exactly one"},
		{"header name without values", strings.Replace(base, "- name_prefix: X-Waf", "- name: X-Waf", 1), "needs contains"},
		{"defaults parse", base, ""},
		{"empty", "", "EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePhrases([]byte(tt.yaml))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
