package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/piprate/json-gold/ld"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"gongkai/api/catalog"
	"gongkai/datasets"
)

// rdfTriple is one statement as the n3 parser reports it.
type rdfTriple struct {
	S, P, O, Lang, Datatype string
}

const (
	dcat = "http://www.w3.org/ns/dcat#"
	dct  = "http://purl.org/dc/terms/"
	spdx = "http://spdx.org/rdf/terms#"
	rdfT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
)

// graph indexes triples by subject.
type graph map[string][]rdfTriple

func (g graph) objects(s, p string) []rdfTriple {
	var out []rdfTriple
	for _, t := range g[s] {
		if t.P == p {
			out = append(out, t)
		}
	}
	return out
}

func (g graph) ofType(typ string) []string {
	var out []string
	for s, ts := range g {
		for _, t := range ts {
			if t.P == rdfT && t.O == typ {
				out = append(out, s)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestCatalogTurtle parses /catalog.ttl with a real RDF parser (n3) and
// checks DCAT-AP 3: a catalog with its mandatory properties, one dataset
// per table, one distribution per format with access and download URL,
// media type, licence, byte size and the SHA-256 of the file served; the
// JSON-LD states the same triples (json-gold's RDF conversion).
func TestCatalogTurtle(t *testing.T) {
	t.Parallel()
	needNode(t)
	dir := t.TempDir()
	id := publish(t, dir, 6, 1)
	srv := start(t, Options{Data: dir, Poll: time.Hour, Publisher: catalog.Publisher{Name: "示例数据开放办公室", Email: "data@example.gov.cn"}})
	resp, ttl := srv.get(t, "/catalog.ttl")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/turtle; charset=utf-8" {
		t.Fatalf("catalog.ttl: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var triples []rdfTriple
	runNode(t, ttl, &triples, "turtle.mjs")
	g := graph{}
	for _, tr := range triples {
		g[tr.S] = append(g[tr.S], tr)
	}
	cats := g.ofType(dcat + "Catalog")
	if len(cats) != 1 {
		t.Fatalf("%d catalogs", len(cats))
	}
	for _, p := range []string{dct + "title", dct + "description", dct + "publisher", dcat + "dataset"} {
		if len(g.objects(cats[0], p)) == 0 {
			t.Errorf("catalog lacks %s", p)
		}
	}
	dss := g.ofType(dcat + "Dataset")
	if len(dss) != len(datasets.TableNames()) {
		t.Errorf("%d datasets, want one per table (%d)", len(dss), len(datasets.TableNames()))
	}
	sums := readSums(t, filepath.Join(dir, "releases", id))
	for _, ds := range dss {
		langs := map[string]bool{}
		for _, title := range g.objects(ds, dct+"title") {
			langs[title.Lang] = true
		}
		if !langs["zh"] || !langs["en"] {
			t.Errorf("%s: titles in %v, want zh and en", ds, langs)
		}
		for _, p := range []string{dct + "description", dct + "modified", dct + "temporal", dct + "conformsTo", dct + "publisher", dcat + "contactPoint"} {
			if len(g.objects(ds, p)) == 0 {
				t.Errorf("%s lacks %s", ds, p)
			}
		}
		dists := g.objects(ds, dcat+"distribution")
		if len(dists) < 4 {
			t.Errorf("%s: %d distributions", ds, len(dists))
		}
		for _, d := range dists {
			for _, p := range []string{dcat + "accessURL", dcat + "downloadURL", dcat + "mediaType", dct + "license"} {
				if len(g.objects(d.O, p)) != 1 {
					t.Errorf("%s: %d × %s", d.O, len(g.objects(d.O, p)), p)
				}
			}
			dl := g.objects(d.O, dcat+"downloadURL")[0].O
			if !strings.HasSuffix(dl, ".arrows") {
				checkDistribution(t, g, d.O, dl, sums, srv)
			}
		}
	}

	// The JSON-LD states the same graph.
	resp, jsonld := srv.get(t, "/catalog.jsonld")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/ld+json" {
		t.Fatalf("catalog.jsonld: %d", resp.StatusCode)
	}
	var doc any
	json.Unmarshal(jsonld, &doc)
	opts := ld.NewJsonLdOptions("")
	opts.Format = "application/n-quads"
	opts.DocumentLoader = noLoader{}
	nq, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	var fromTurtle, fromJSONLD []string
	for _, tr := range triples {
		fromTurtle = append(fromTurtle, canonTriple(tr.S, tr.P, tr.O, tr.Lang, tr.Datatype))
	}
	for _, line := range strings.Split(strings.TrimSpace(nq.(string)), "\n") {
		fromJSONLD = append(fromJSONLD, nquadKey(line))
	}
	slices.Sort(fromTurtle)
	slices.Sort(fromJSONLD)
	if diff := cmp.Diff(fromTurtle, fromJSONLD); diff != "" {
		t.Errorf("Turtle and JSON-LD differ (-turtle +jsonld):\n%s", diff)
	}
	// Content negotiation.
	if resp, _ := srv.get(t, "/catalog", "Accept", "text/turtle"); resp.Header.Get("Content-Type") != "text/turtle; charset=utf-8" {
		t.Errorf("/catalog with Accept: text/turtle gave %s", resp.Header.Get("Content-Type"))
	}
}

// checkDistribution: a file distribution's size and checksum are the
// served file's.
func checkDistribution(t *testing.T, g graph, dist, dl string, sums map[string]string, srv *running) {
	t.Helper()
	u, err := url.Parse(dl)
	if err != nil {
		t.Fatal(err)
	}
	resp, body := srv.get(t, u.Path, "Accept-Encoding", "identity")
	if resp.StatusCode != 200 {
		t.Errorf("%s: downloadURL %s gives %d", dist, dl, resp.StatusCode)
		return
	}
	sum := sha256.Sum256(body)
	if sz := g.objects(dist, dcat+"byteSize"); len(sz) != 1 || sz[0].O != fmt.Sprint(len(body)) {
		t.Errorf("%s: byteSize %v, file has %d bytes", dist, sz, len(body))
	}
	cs := g.objects(dist, spdx+"checksum")
	if len(cs) != 1 {
		t.Errorf("%s: %d checksums", dist, len(cs))
		return
	}
	val := g.objects(cs[0].O, spdx+"checksumValue")
	if len(val) != 1 || val[0].O != hex.EncodeToString(sum[:]) || val[0].O != sums[filepath.Base(u.Path)] {
		t.Errorf("%s: checksum %v, file sha256 %x", dist, val, sum)
	}
}

func readSums(t *testing.T, rdir string) map[string]string {
	b, err := os.ReadFile(filepath.Join(rdir, datasets.SumsFile))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		sum, name, _ := strings.Cut(line, "  ")
		out[name] = sum
	}
	return out
}

// noLoader refuses every remote document: the JSON-LD must be
// self-contained.
type noLoader struct{}

func (noLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return nil, fmt.Errorf("remote context %s fetched", u)
}

// canonTriple is a comparable form of a triple, blank nodes anonymised.
func canonTriple(s, p, o, lang, dt string) string {
	if strings.HasPrefix(s, "_:") {
		s = "_"
	}
	if strings.HasPrefix(o, "_:") {
		o = "_"
	}
	if dt == "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString" || dt == "http://www.w3.org/2001/XMLSchema#string" {
		dt = ""
	}
	return strings.Join([]string{s, p, o, lang, dt}, " | ")
}

// nquadKey reads one N-Quads line of json-gold's output.
func nquadKey(line string) string {
	line = strings.TrimSuffix(strings.TrimSpace(line), " .")
	s, rest, _ := strings.Cut(line, " ")
	p, o, _ := strings.Cut(rest, " ")
	unIRI := func(x string) string { return strings.TrimSuffix(strings.TrimPrefix(x, "<"), ">") }
	s, p = unIRI(s), unIRI(p)
	lang, dt := "", ""
	switch {
	case strings.HasPrefix(o, `"`):
		end := strings.LastIndex(o, `"`)
		val, suffix := o[1:end], o[end+1:]
		var unq string
		json.Unmarshal([]byte(`"`+val+`"`), &unq)
		o = unq
		if l, ok := strings.CutPrefix(suffix, "@"); ok {
			lang = l
		} else if d, ok := strings.CutPrefix(suffix, "^^"); ok {
			dt = unIRI(d)
		}
	case strings.HasPrefix(o, "_:"):
	default:
		o = unIRI(o)
	}
	return canonTriple(s, p, o, lang, dt)
}

// TestDataJSON: /data.json has every field Project Open Data 1.1 requires.
func TestDataJSON(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	publish(t, dir, 3, 1)
	srv := start(t, Options{Data: dir, Poll: time.Hour})
	resp, body := srv.get(t, "/data.json")
	if resp.StatusCode != 200 {
		t.Fatalf("%d", resp.StatusCode)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("pod.json", mustJSON(t, podSchema)); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("pod.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err := sch.Validate(doc); err != nil {
		t.Errorf("data.json: %v", err)
	}
}

// podSchema holds the required fields of POD 1.1 (catalog and dataset).
const podSchema = `{
  "type": "object",
  "required": ["conformsTo", "dataset"],
  "properties": {
    "conformsTo": {"const": "https://project-open-data.cio.gov/v1.1/schema"},
    "dataset": {"type": "array", "minItems": 1, "items": {
      "type": "object",
      "required": ["title", "description", "keyword", "modified", "publisher", "contactPoint", "identifier", "accessLevel", "license", "distribution"],
      "properties": {
        "keyword": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
        "modified": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T"},
        "publisher": {"type": "object", "required": ["name"]},
        "contactPoint": {"type": "object", "required": ["fn", "hasEmail"], "properties": {"hasEmail": {"pattern": "^mailto:"}}},
        "accessLevel": {"enum": ["public", "restricted public", "non-public"]},
        "license": {"type": "string", "pattern": "^https?://"},
        "temporal": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}/\\d{4}-\\d{2}-\\d{2}$"},
        "distribution": {"type": "array", "minItems": 1, "items": {
          "type": "object", "required": ["downloadURL", "mediaType"],
          "properties": {"downloadURL": {"pattern": "^https?://"}, "mediaType": {"pattern": "^[a-z]+/[-a-z0-9.+]+$"}}
        }}
      }
    }}
  }
}`

func mustJSON(t *testing.T, s string) any {
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// ckanCall calls a CKAN action and decodes the envelope.
func ckanCall(t *testing.T, srv *running, query string, result any) (int, bool) {
	t.Helper()
	resp, body := srv.get(t, "/api/3/action/"+query)
	var env struct {
		Success bool            `json:"success"`
		Result  json.RawMessage `json:"result"`
		Error   *struct {
			Type string `json:"__type"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("%s: %v: %s", query, err, body)
	}
	if env.Success && result != nil {
		if err := json.Unmarshal(env.Result, result); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	if !env.Success && env.Error == nil {
		t.Errorf("%s: failure without error", query)
	}
	return resp.StatusCode, env.Success
}

// TestCKANHarvest runs the CKAN harvester's gather loop (a Go port of
// ckanext-harvest's CKANHarvester._search_for_datasets) against the
// server: full and incremental, then checks the package dicts it would
// import.
func TestCKANHarvest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	publish(t, dir, 4, 1)
	srv := start(t, Options{Data: dir, Poll: time.Hour})
	var status map[string]any
	if code, ok := ckanCall(t, srv, "status_show", &status); code != 200 || !ok || status["ckan_version"] == "" {
		t.Fatalf("status_show: %d %v", code, status)
	}
	harvest := func(fq string) []catalog.Package {
		var all []catalog.Package
		var prev string
		for start := 0; ; start += 100 {
			q := url.Values{"rows": {"100"}, "start": {fmt.Sprint(start)}, "sort": {"id asc"}}
			if fq != "" {
				q.Set("fq", fq)
			}
			var page struct {
				Count   int               `json:"count"`
				Results []catalog.Package `json:"results"`
			}
			if code, ok := ckanCall(t, srv, "package_search?"+q.Encode(), &page); code != 200 || !ok {
				t.Fatalf("package_search %s: %d", q.Encode(), code)
			}
			if len(page.Results) == 0 {
				return all
			}
			key, _ := json.Marshal(page.Results)
			if string(key) == prev {
				t.Fatal("two consecutive pages are identical: the harvester aborts (paging doesn't seem to work)")
			}
			prev = string(key)
			all = append(all, page.Results...)
			if start > 10000 {
				t.Fatal("paging never ends")
			}
		}
	}
	full := harvest("")
	if len(full) != len(datasets.TableNames()) {
		t.Fatalf("harvested %d packages, want %d", len(full), len(datasets.TableNames()))
	}
	if !slices.IsSortedFunc(full, func(a, b catalog.Package) int { return strings.Compare(a.ID, b.ID) }) {
		t.Error("sort=id asc not honoured")
	}
	past := time.Now().Add(-48 * time.Hour).UTC().Format("2006-01-02T15:04:05.000Z")
	future := time.Now().Add(48 * time.Hour).UTC().Format("2006-01-02T15:04:05.000Z")
	if got := harvest("metadata_modified:[" + past + " TO *]"); len(got) != len(full) {
		t.Errorf("incremental since %s: %d packages, want %d", past, len(got), len(full))
	}
	if got := harvest("metadata_modified:[" + future + " TO *]"); len(got) != 0 {
		t.Errorf("incremental since %s: %d packages, want 0", future, len(got))
	}
	for _, p := range full {
		if p.ID == "" || p.Name == "" || p.Title == "" || p.State != "active" || p.OwnerOrg == "" || len(p.Resources) < 4 {
			t.Errorf("package %s incomplete: %+v", p.Name, p)
		}
		if _, err := time.Parse("2006-01-02T15:04:05.000000", p.MetadataModified); err != nil {
			t.Errorf("%s: metadata_modified %q", p.Name, p.MetadataModified)
		}
		for _, r := range p.Resources {
			if r.URL == "" || r.Format == "" || r.PackageID != p.ID {
				t.Errorf("%s: resource %+v", p.Name, r)
			}
		}
		var shown catalog.Package
		if code, _ := ckanCall(t, srv, "package_show?id="+p.Name, &shown); code != 200 || shown.ID != p.ID {
			t.Errorf("package_show %s: %d", p.Name, code)
		}
		if code, _ := ckanCall(t, srv, "package_show?id="+p.ID, &shown); code != 200 || shown.Name != p.Name {
			t.Errorf("package_show by id %s: %d", p.ID, code)
		}
	}
	var names []string
	if code, _ := ckanCall(t, srv, "package_list", &names); code != 200 || len(names) != len(full) {
		t.Errorf("package_list: %d %v", code, names)
	}
	if code, _ := ckanCall(t, srv, "organization_list", &names); code != 200 || len(names) != 1 {
		t.Errorf("organization_list: %v", names)
	}
	var org catalog.Organization
	if code, _ := ckanCall(t, srv, "organization_show?id="+names[0], &org); code != 200 || org.ID != full[0].OwnerOrg {
		t.Errorf("organization_show: %d %+v", code, org)
	}
	for _, c := range []struct {
		query string
		code  int
	}{
		{"package_show?id=nosuch", 404},
		{"package_search?fq=" + url.QueryEscape("metadata_modified:[yesterday TO *]"), 409},
		{"package_search?fq=secret_field:1", 409},
		{"package_search?rows=-1", 409},
		{"package_search?sort=" + url.QueryEscape("password asc"), 409},
		{"package_create", 400},
		{"organization_show?id=nosuch", 404},
	} {
		if code, ok := ckanCall(t, srv, c.query, nil); code != c.code || ok {
			t.Errorf("%s: %d success=%v, want %d", c.query, code, ok, c.code)
		}
	}
	var search struct {
		Count int `json:"count"`
	}
	ckanCall(t, srv, "package_search?q=findings&fq="+url.QueryEscape("+dataset_type:dataset res_format:Parquet organization:gongkai"), &search)
	if search.Count != 1 {
		t.Errorf("q=findings: %d packages, want 1", search.Count)
	}
	// ckanapi posts its parameters as JSON.
	resp, body := do(t, http.MethodPost, srv.base+"/api/3/action/package_show", strings.NewReader(`{"id":"`+full[0].Name+`"}`))
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte(full[0].ID)) {
		t.Errorf("POST package_show: %d", resp.StatusCode)
	}
}
