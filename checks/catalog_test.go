package checks

import (
	"bytes"
	"flag"
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
		if js, err := r.ParamsJSON(); err != nil || !strings.HasPrefix(js, "{") {
			t.Errorf("%s: params json %q, %v", r.ID, js, err)
		}
	}
}

func TestParamsJSONStable(t *testing.T) {
	a, b := Default(), Default()
	for i := range a.Rules {
		ja, _ := a.Rules[i].ParamsJSON()
		jb, _ := b.Rules[i].ParamsJSON()
		if ja != jb {
			t.Errorf("%s: params json differs between parses", a.Rules[i].ID)
		}
	}
	r, _ := a.Rule("columns-stale")
	want := `{"classes":[{"section":"news_dynamic","window_days":14},{"section":"notice","window_months":6,"max_level":1},{"section":"policy","window_months":6,"max_level":1}],"threshold":5}`
	if got, _ := r.ParamsJSON(); got != want {
		t.Errorf("columns-stale params = %s\nwant %s", got, want)
	}
}

var update = flag.Bool("update", false, "rewrite the expected errors of testdata/catalog/invalid-*.yaml")

// TestParseErrors parses each testdata/catalog/invalid-*.yaml, a small
// catalog with one mistake, and wants exactly the error its "# error:"
// line gives (file, line, field and message; a line ending in "…" gives
// the start of the message). A new case is a new file; -update rewrites
// the error lines after an intended change of wording.
func TestParseErrors(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "catalog", "invalid-*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no invalid catalogs: %v", err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(strings.TrimPrefix(name, "invalid-"), ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := errorLine(data)
			if !ok {
				t.Fatalf("%s has no \"# error: \" line", name)
			}
			_, err = Parse(name, data)
			if err == nil {
				t.Fatal("Parse succeeded")
			}
			if _, ok := err.(*ParseError); !ok {
				t.Errorf("error type %T, want *ParseError", err)
			}
			if prefix, ok := strings.CutSuffix(want, "…"); ok && strings.HasPrefix(err.Error(), prefix) {
				return
			}
			if *update && err.Error() != want {
				data = bytes.Replace(data, []byte("# error: "+want+"\n"), []byte("# error: "+err.Error()+"\n"), 1)
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if err.Error() != want {
				t.Errorf("error\n got: %s\nwant: %s", err, want)
			}
		})
	}
}

// errorLine returns the text after "# error: " in a catalog's comments.
func errorLine(data []byte) (string, bool) {
	for line := range strings.Lines(string(data)) {
		if msg, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), "# error: "); ok {
			return msg, true
		}
	}
	return "", false
}

// TestParseValid: each testdata/catalog/valid-*.yaml parses; the smallest
// one shows what every catalog must hold, and the invalid cases start
// from it.
func TestParseValid(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "catalog", "valid-*.yaml"))
	if len(files) == 0 {
		t.Fatal("no valid catalogs")
	}
	for _, path := range files {
		if _, err := LoadFile(path); err != nil {
			t.Errorf("%s: %v", path, err)
		}
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
