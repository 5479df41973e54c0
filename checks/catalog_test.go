package checks

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestDefaultCatalog(t *testing.T) {
	c := Default()
	if c.Version == "" {
		t.Fatal("no version")
	}
	for _, id := range ContractRuleIDs {
		r, ok := c.Rule(id)
		if !ok {
			t.Errorf("contract rule %s missing", id)
			continue
		}
		if !r.Enabled {
			t.Errorf("contract rule %s disabled in the default catalog", id)
		}
	}
	vetoes := map[string]bool{"site-unreachable": true, "home-stale": true, "columns-stale": true, "columns-blank": true, "service-guides-unusable": true}
	for _, r := range c.Rules {
		if vetoes[r.ID] && r.Effect != Veto {
			t.Errorf("%s: effect %s, want veto", r.ID, r.Effect)
		}
		if r.Effect == Deduct && (r.Points <= 0 || r.Category == "") {
			t.Errorf("%s: deduct rule without points or category", r.ID)
		}
		if r.ParamsJSON() == "" || !strings.HasPrefix(r.ParamsJSON(), "{") {
			t.Errorf("%s: params json %q", r.ID, r.ParamsJSON())
		}
	}
}

func TestParamsJSONStable(t *testing.T) {
	a, b := Default(), Default()
	for i := range a.Rules {
		if a.Rules[i].ParamsJSON() != b.Rules[i].ParamsJSON() {
			t.Errorf("%s: params json differs between parses", a.Rules[i].ID)
		}
	}
	r, _ := a.Rule("columns-stale")
	want := `{"classes":[{"section":"news_dynamic","window_days":14},{"section":"notice","window_months":6,"max_level":1},{"section":"policy","window_months":6,"max_level":1}],"threshold":5}`
	if got := r.ParamsJSON(); got != want {
		t.Errorf("columns-stale params = %s\nwant %s", got, want)
	}
}

// replaceOnce edits the embedded catalog text for an error case.
func replaceOnce(t *testing.T, old, new string) []byte {
	t.Helper()
	s := string(catalogYAML)
	if !strings.Contains(s, old) {
		t.Fatalf("catalog.yaml has no %q", old)
	}
	return []byte(strings.Replace(s, old, new, 1))
}

func lineOf(t *testing.T, data []byte, needle string) int {
	t.Helper()
	i := strings.Index(string(data), needle)
	if i < 0 {
		t.Fatalf("no %q", needle)
	}
	return strings.Count(string(data[:i]), "\n") + 1
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, old, new string
		line           string // text whose line the error must name
		want           string
	}{
		{"unknown rule field", "    kind: home_freshness\n", "    kind: home_freshness\n    colour: red\n", "colour: red", "field rules[1].colour: unknown field"},
		{"unknown param field", "params: {window_days: 14, second_level_fallback: true}", "params: {window_days: 14, windw: 3}", "windw: 3", "field rules[1].params.windw: unknown field"},
		{"bad param type", "params: {window_days: 14, second_level_fallback: true}", "params: {window_days: fourteen}", "window_days: fourteen", "field rules[1].params.window_days: cannot unmarshal"},
		{"unknown kind", "kind: home_freshness", "kind: home_freshnes", "kind: home_freshnes", `field rules[1].kind: unknown kind "home_freshnes"`},
		{"duplicate id", "  - id: home-stale\n", "  - id: site-unreachable\n", "id: site-unreachable\n    title_zh: 首页不更新", `field rules[1].id: duplicate id "site-unreachable"`},
		{"unknown section", "- {section: news_dynamic, window_days: 14}", "- {section: news_dynamc, window_days: 14}", "section: news_dynamc", `unknown section "news_dynamc"`},
		{"unknown category", "    category: 功能设计\n    params: {scope: home,", "    category: 功能\n    params: {scope: home,", "category: 功能\n", `unknown category "功能"`},
		{"bad regexp", "pattern: '〔[0-9]{4}〕[0-9]+号'", "pattern: '〔[0-9]{4}〕[0-9+号'", "pattern: '〔[0-9]{4}〕[0-9+号'", "field rules[14].params.pattern: bad regexp"},
		{"bad section regexp", "url_patterns: ['(?i)(zfwzzc", "url_patterns: ['(?i)((zfwzzc", "url_patterns: ['(?i)((zfwzzc", "synonyms.sections[10].url_patterns[0]: bad regexp"},
		{"empty form word", "form_words: [搜索, 检索,", "form_words: ['', 检索,", "form_words: ['', 检索,", "synonyms.sections[9].form_words[0]: empty word"},
		{"unknown guide element", "params: {elements: [申请条件, 办理材料, 办理机构]}", "params: {elements: [申请条件, 材料]}", "elements: [申请条件, 材料]", `unknown guide element "材料"`},
		{"bad status", "answered_statuses: [ok,", "answered_statuses: [okay,", "answered_statuses: [okay,", `unknown crawl status "okay"`},
		{"missing contract rule", "  - id: https\n", "  - id: https-x\n", "  - id: site-unreachable", `contract rule "https" is missing`},
		{"bad effect", "    effect: veto\n    params:\n      threshold: 5", "    effect: warn\n    params:\n      threshold: 5", "effect: warn", `field rules[2].effect: "warn" is not veto`},
		{"categories sum", "{name: 功能设计, points: 20, verification: R}", "{name: 功能设计, points: 25, verification: R}", "- {name: 发布解读", "category points add up to 105"},
		{"top-level typo", "understanding:\n", "understandin:\n", "understandin:", "field understandin: unknown field"},
		{"syntax", "version: \"2026.11-1\"", "version: [", "version: [", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := replaceOnce(t, tt.old, tt.new)
			_, err := Parse("x.yaml", data)
			if err == nil {
				t.Fatal("Parse succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want containing %q", err, tt.want)
			}
			pe, ok := err.(*ParseError)
			if !ok {
				t.Fatalf("error type %T, want *ParseError", err)
			}
			if tt.name != "syntax" {
				if want := lineOf(t, data, tt.line); pe.Line != want {
					t.Errorf("line = %d, want %d (%s)", pe.Line, want, err)
				}
			}
			if !strings.HasPrefix(err.Error(), "x.yaml:") {
				t.Errorf("error %q does not start with the file name", err)
			}
		})
	}
}

func TestLoadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(path, catalogYAML, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rules) != len(Default().Rules) {
		t.Errorf("rules = %d", len(c.Rules))
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "none.yaml")); err == nil {
		t.Error("missing file loaded")
	}
}

func TestDecoderBudget(t *testing.T) {
	// Aliases expand: 1000 aliased classes are 1000 mappings to walk. The
	// decoder's node budget bounds the walk whatever the aliases.
	data := "[&c {section: news_dynamic, window_days: 14}" + strings.Repeat(", *c", 999) + "]"
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(data), &n); err != nil {
		t.Fatal(err)
	}
	budget := 500
	d := strictDecoder{file: "x.yaml", budget: &budget}
	var out []ColumnClass
	err := d.decode(&n, reflect.ValueOf(&out).Elem(), "classes")
	if err == nil || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("error = %v, want a too-large error", err)
	}
	budget = maxNodes
	if err := d.decode(&n, reflect.ValueOf(&out).Elem(), "classes"); err != nil || len(out) != 1000 {
		t.Fatalf("full budget: %v, %d classes", err, len(out))
	}
}
