package dashboards

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite api/metrics/grafana/dashboards/*.json from the definitions")

// dir is where Grafana's file provisioning reads the dashboards.
const dir = "../../grafana/dashboards"

// TestDashboardsUpToDate: the provisioned JSON files are exactly what the
// definitions build (rewrite them with -update), and no other file is
// there.
func TestDashboardsUpToDate(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for name, d := range all {
		got, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		path := filepath.Join(dir, name)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./api/metrics/internal/dashboards -update)", err)
		}
		if !bytes.Equal(want, got) {
			t.Errorf("%s is not what the definitions build: run go test ./api/metrics/internal/dashboards -update", path)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != len(all) {
		t.Errorf("%d dashboard files, %d defined: %v", len(files), len(all), files)
	}
}

// TestDashboardsShape: every dashboard has the datasource variable, and
// every panel and variable query uses it.
func TestDashboardsShape(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, f := range files {
		var d struct {
			UID        string `json:"uid"`
			Title      string `json:"title"`
			Templating struct {
				List []struct {
					Name       string                `json:"name"`
					Type       string                `json:"type"`
					Query      json.RawMessage       `json:"query"`
					Datasource *struct{ UID string } `json:"datasource"`
				} `json:"list"`
			} `json:"templating"`
			Panels []struct {
				Type       string `json:"type"`
				Title      string `json:"title"`
				Datasource *struct {
					Type, UID string
				} `json:"datasource"`
				Targets []struct {
					Expr       string                `json:"expr"`
					Datasource *struct{ UID string } `json:"datasource"`
				} `json:"targets"`
			} `json:"panels"`
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if d.UID == "" || !strings.HasPrefix(d.Title, "gongkai") {
			t.Errorf("%s: uid %q title %q", f, d.UID, d.Title)
		}
		if len(d.Templating.List) == 0 || d.Templating.List[0].Name != "datasource" || d.Templating.List[0].Type != "datasource" {
			t.Errorf("%s: the first variable must be the datasource variable", f)
		}
		for _, v := range d.Templating.List[1:] {
			if v.Type == "query" && (v.Datasource == nil || v.Datasource.UID != "${datasource}") {
				t.Errorf("%s: variable %s does not query ${datasource}", f, v.Name)
			}
		}
		queries := 0
		for _, p := range d.Panels {
			if p.Type == "row" {
				continue
			}
			if p.Datasource == nil || p.Datasource.UID != "${datasource}" || p.Datasource.Type != "prometheus" {
				t.Errorf("%s: panel %q does not use ${datasource}", f, p.Title)
			}
			if len(p.Targets) == 0 {
				t.Errorf("%s: panel %q has no query", f, p.Title)
			}
			for _, tg := range p.Targets {
				queries++
				if tg.Expr == "" || tg.Datasource == nil || tg.Datasource.UID != "${datasource}" {
					t.Errorf("%s: panel %q has a target without expr or datasource", f, p.Title)
				}
			}
		}
		if queries < 5 {
			t.Errorf("%s: %d queries", f, queries)
		}
	}
}
