package datasets

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileFrictionless(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "frictionless", "tabular-data-package.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const loc = "tabular-data-package.schema.json"
	if err := c.AddResource(loc, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(loc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// packageOnce publishes one release for the datapackage tests.
var packageOnce struct {
	sync.Once
	rdir string
	raw  []byte
	err  error
}

func publishedPackage(t *testing.T) (rdir string, raw []byte) {
	t.Helper()
	p := &packageOnce
	p.Do(func() {
		dir, err := os.MkdirTemp("", "datasets-package-")
		if err != nil {
			p.err = err
			return
		}
		id, err := Publish(context.Background(), dir, fixture(3, 70),
			PublishOptions{SoftwareVersion: "v1.2.3", Created: testCreated, Parquet: ParquetOptions{PartRows: 100}})
		if err != nil {
			p.err = err
			return
		}
		p.rdir = filepath.Join(dir, "releases", id)
		p.raw, p.err = os.ReadFile(filepath.Join(p.rdir, PackageFile))
	})
	if p.err != nil {
		t.Fatal(p.err)
	}
	return p.rdir, p.raw
}

// TestDataPackageValidates checks datapackage.json against the Frictionless
// v1 profiles (testdata/frictionless) and the invariants JSON Schema cannot
// state: keys name fields, foreign keys name resources, and sizes and
// hashes describe the files.
func TestDataPackageValidates(t *testing.T) {
	t.Parallel()
	schema := compileFrictionless(t)
	rdir, raw := publishedPackage(t)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("datapackage.json is not a valid tabular data package:\n%v", err)
	}
	var pkg DataPackage
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.SoftwareVersion != "v1.2.3" || pkg.AuditID == "" || pkg.ReleaseID != pkg.Version || pkg.Licenses[0].Name != LicenseName {
		t.Errorf("package properties: %+v", pkg)
	}
	names := map[string]bool{}
	for _, r := range pkg.Resources {
		if names[r.Name] {
			t.Errorf("duplicate resource %s", r.Name)
		}
		names[r.Name] = true
	}
	if len(pkg.Resources) != 4*len(TableNames()) {
		t.Errorf("%d resources", len(pkg.Resources))
	}
	for _, r := range pkg.Resources {
		checkResource(t, rdir, r, names)
	}
	if len(pkg.resource("links-parquet").Path) < 3 {
		t.Error("links should be in parts here")
	}
}

func checkResource(t *testing.T, rdir string, r Resource, names map[string]bool) {
	t.Helper()
	fields := map[string]bool{}
	for _, f := range r.Schema.Fields {
		fields[f.Name] = true
		if f.Description == "" || f.DescriptionZh == "" || f.TitleZh == "" {
			t.Errorf("%s.%s: description missing", r.Name, f.Name)
		}
	}
	for _, k := range r.Schema.PrimaryKey {
		if !fields[k] {
			t.Errorf("%s: primary key %s is not a field", r.Name, k)
		}
	}
	for _, fk := range r.Schema.ForeignKeys {
		if !names[fk.Reference.Resource] || strings.TrimPrefix(fk.Reference.Resource, "sites") == fk.Reference.Resource &&
			strings.TrimPrefix(fk.Reference.Resource, "rules") == fk.Reference.Resource {
			t.Errorf("%s: foreign key to %q", r.Name, fk.Reference.Resource)
		}
	}
	var bytesTotal, rows int64
	for i, p := range r.Path {
		sum, err := hashFile(filepath.Join(rdir, p))
		if err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(filepath.Join(rdir, p))
		bytesTotal += st.Size()
		if len(r.Path) == 1 && r.Hash != "sha256:"+sum {
			t.Errorf("%s: hash %s, file %s", r.Name, r.Hash, sum)
		}
		if len(r.Path) > 1 {
			if r.Parts[i].Path != p || r.Parts[i].Hash != "sha256:"+sum || r.Parts[i].Bytes != st.Size() {
				t.Errorf("%s: part %d = %+v", r.Name, i, r.Parts[i])
			}
			rows += r.Parts[i].Rows
		}
	}
	if bytesTotal != r.Bytes {
		t.Errorf("%s: bytes %d, files %d", r.Name, r.Bytes, bytesTotal)
	}
	if len(r.Path) > 1 && rows != r.Rows {
		t.Errorf("%s: rows %d, parts %d", r.Name, r.Rows, rows)
	}
}

// TestFrictionlessSchemaRejects shows the schema check can fail.
func TestFrictionlessSchemaRejects(t *testing.T) {
	t.Parallel()
	schema := compileFrictionless(t)
	_, raw := publishedPackage(t)
	tests := []struct {
		name   string
		mutate func(m map[string]any)
	}{
		{"upper-case resource name", func(m map[string]any) { res(m, 0)["name"] = "Sites" }},
		{"bad hash", func(m map[string]any) { res(m, 0)["hash"] = "sha256:xyz" }},
		{"unknown field type", func(m map[string]any) { field(m, 0, 0)["type"] = "text" }},
		{"string format", func(m map[string]any) { field(m, 0, 0)["format"] = "fancy" }},
		{"no schema", func(m map[string]any) { delete(res(m, 0), "schema") }},
		{"no resources", func(m map[string]any) { m["resources"] = []any{} }},
		{"path escapes", func(m map[string]any) { res(m, 0)["path"] = "../sites.csv" }},
		{"licence name", func(m map[string]any) { m["licenses"] = []any{map[string]any{"name": "CC BY 4.0"}} }},
		{"created", func(m map[string]any) { m["created"] = "yesterday" }},
		{"profile", func(m map[string]any) { m["profile"] = "data-package" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
			tt.mutate(doc.(map[string]any))
			if err := schema.Validate(doc); err == nil {
				t.Error("accepted")
			}
		})
	}
}

func res(m map[string]any, i int) map[string]any {
	return m["resources"].([]any)[i].(map[string]any)
}

func field(m map[string]any, r, f int) map[string]any {
	return res(m, r)["schema"].(map[string]any)["fields"].([]any)[f].(map[string]any)
}
