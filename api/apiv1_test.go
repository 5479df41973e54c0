package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"gongkai/api/internal/releasegen"
)

// openAPI validates responses against the served OpenAPI document.
type openAPI struct {
	doc      map[string]any
	compiler *jsonschema.Compiler
	mu       sync.Mutex
	schemas  map[string]*jsonschema.Schema
	used     map[string]bool // "METHOD path status" validated
}

const docURL = "https://gongkai.invalid/openapi.json"

func loadOpenAPI(t *testing.T, srv *running) *openAPI {
	t.Helper()
	resp, body := srv.get(t, "/api/v1/openapi.json")
	if resp.StatusCode != 200 {
		t.Fatalf("openapi.json: %d", resp.StatusCode)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	m := doc.(map[string]any)
	if m["openapi"] != "3.1.0" {
		t.Fatalf("openapi = %v", m["openapi"])
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(docURL, doc); err != nil {
		t.Fatal(err)
	}
	return &openAPI{doc: m, compiler: c, schemas: map[string]*jsonschema.Schema{}, used: map[string]bool{}}
}

// operation finds the documented path template matching path: the same
// segments, a {name} matching any one.
func (o *openAPI) operation(path string) (string, bool) {
	segs := strings.Split(path, "/")
	for tmpl := range o.doc["paths"].(map[string]any) {
		ts := strings.Split(tmpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		match := true
		for i := range ts {
			if ts[i] != segs[i] && !(strings.HasPrefix(ts[i], "{") && segs[i] != "") {
				match = false
				break
			}
		}
		if match {
			return tmpl, true
		}
	}
	return "", false
}

// validate checks one response against the document: the status must be
// documented for the operation and the body must match its schema.
func (o *openAPI) validate(t *testing.T, method, path string, status int, body []byte) {
	t.Helper()
	tmpl, ok := o.operation(path)
	if !ok {
		t.Errorf("%s is not in the OpenAPI document", path)
		return
	}
	ptr := fmt.Sprintf("#/paths/%s/%s/responses/%d", strings.ReplaceAll(strings.ReplaceAll(tmpl, "~", "~0"), "/", "~1"), strings.ToLower(method), status)
	op := o.doc["paths"].(map[string]any)[tmpl].(map[string]any)[strings.ToLower(method)].(map[string]any)
	resp, ok := op["responses"].(map[string]any)[fmt.Sprint(status)].(map[string]any)
	if !ok {
		t.Errorf("%s %s: status %d is not documented", method, path, status)
		return
	}
	o.mu.Lock()
	o.used[method+" "+tmpl+" "+fmt.Sprint(status)] = true
	o.mu.Unlock()
	if resp["content"] == nil {
		return
	}
	o.mu.Lock()
	sch, ok := o.schemas[ptr]
	if !ok {
		var err error
		sch, err = o.compiler.Compile(docURL + ptr + "/content/application~1json/schema")
		if err != nil {
			o.mu.Unlock()
			t.Fatalf("compile %s: %v", ptr, err)
		}
		o.schemas[ptr] = sch
	}
	o.mu.Unlock()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Errorf("%s %s: body is not JSON: %v", method, path, err)
		return
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("%s %s (%d) does not match the OpenAPI document: %v", method, path, status, err)
	}
}

// apiCall is one request of the API table test.
type apiCall struct {
	path   string
	status int
	check  func(t *testing.T, body []byte)
}

// TestAPI exercises every endpoint with good and bad input and validates
// every response (errors included) against the OpenAPI document.
func TestAPI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first := publish(t, dir, 30, 1)
	id := publish(t, dir, 120, 2)
	srv := start(t, Options{Data: dir, Poll: time.Hour})
	oa := loadOpenAPI(t, srv)
	cur := srv.Store().Current()
	var site string
	var failed []string
	for i := range 120 {
		if site, failed = releasegen.SiteID(i), cur.FailedRules(releasegen.SiteID(i)); len(failed) > 0 {
			break
		}
	}
	if len(failed) == 0 {
		t.Fatal("fixture: no site failed a rule")
	}
	var items struct {
		Total      int               `json:"total"`
		NextCursor string            `json:"next_cursor"`
		Items      []json.RawMessage `json:"items"`
	}
	decode := func(t *testing.T, body []byte) {
		items.Items = nil
		if err := json.Unmarshal(body, &items); err != nil {
			t.Fatal(err)
		}
	}
	calls := []apiCall{
		{"/api/v1/sites", 200, func(t *testing.T, b []byte) {
			decode(t, b)
			if items.Total != 120 || len(items.Items) != defaultLimit || items.NextCursor == "" {
				t.Errorf("total %d, %d items, cursor %q", items.Total, len(items.Items), items.NextCursor)
			}
			var first map[string]any
			json.Unmarshal(items.Items[0], &first)
			for _, col := range []string{"site_id", "name", "score", "veto", "grade", "ipv6_home", "crawl_status"} {
				if _, ok := first[col]; !ok {
					t.Errorf("item lacks column %s", col)
				}
			}
		}},
		{"/api/v1/sites?sort=score&limit=5&page=2", 200, nil},
		{"/api/v1/sites?level=county&kind=portal&veto=false&sort=-name", 200, nil},
		{"/api/v1/sites?rule=" + failed[0] + "&limit=1000", 200, func(t *testing.T, b []byte) {
			decode(t, b)
			want := 0
			for _, s := range cur.Sites {
				if slices.Contains(cur.FailedRules(s.SiteID), failed[0]) {
					want++
				}
			}
			if items.Total != want || len(items.Items) != want {
				t.Errorf("rule filter: %d sites, want %d", items.Total, want)
			}
		}},
		{"/api/v1/sites?q=" + "site-0000", 200, func(t *testing.T, b []byte) {
			if decode(t, b); items.Total != 10 {
				t.Errorf("q: %d sites, want 10", items.Total)
			}
		}},
		{"/api/v1/sites?region=%E6%B5%99%E6%B1%9F&grade=%E4%BC%98%E7%A7%80", 200, nil},
		{"/api/v1/sites?nosuch=1", 400, nil},
		{"/api/v1/sites?limit=0", 400, nil},
		{"/api/v1/sites?limit=100000", 400, nil},
		{"/api/v1/sites?page=-1", 400, nil},
		{"/api/v1/sites?veto=yes", 400, nil},
		{"/api/v1/sites?sort=password", 400, nil},
		{"/api/v1/sites?level=planet", 400, nil},
		{"/api/v1/sites?limit=1&limit=2", 400, nil},
		{"/api/v1/sites?cursor=!!!", 400, nil},
		{"/api/v1/sites?cursor=" + encodeCursor(first, 50), 400, nil},
		{"/api/v1/sites?cursor=" + encodeCursor(id, 100) + "&limit=50", 200, func(t *testing.T, b []byte) {
			if decode(t, b); len(items.Items) != 20 || items.NextCursor != "" {
				t.Errorf("last page: %d items, cursor %q", len(items.Items), items.NextCursor)
			}
		}},
		{"/api/v1/sites/" + site, 200, nil},
		{"/api/v1/sites/nosuch", 404, nil},
		{"/api/v1/sites/" + site + "?x=1", 400, nil},
		{"/api/v1/sites/" + site + "/findings", 200, func(t *testing.T, b []byte) {
			if decode(t, b); items.Total != 20 {
				t.Errorf("%d findings, want 20", items.Total)
			}
		}},
		{"/api/v1/sites/" + site + "/findings?outcome=fail&limit=2", 200, nil},
		{"/api/v1/sites/" + site + "/findings?outcome=maybe", 400, nil},
		{"/api/v1/sites/nosuch/findings", 404, nil},
		{"/api/v1/sites/" + site + "/history", 200, func(t *testing.T, b []byte) {
			if decode(t, b); items.Total != 2 {
				t.Errorf("history of %d releases, want 2", items.Total)
			}
		}},
		{"/api/v1/sites/site-00100/history", 200, func(t *testing.T, b []byte) {
			if decode(t, b); items.Total != 1 {
				t.Errorf("a site new in the latest release: %d points, want 1", items.Total)
			}
		}},
		{"/api/v1/sites/nosuch/history", 404, nil},
		{"/api/v1/rules", 200, func(t *testing.T, b []byte) {
			if decode(t, b); items.Total != len(cur.Rules) || items.Total < 18 {
				t.Errorf("%d rules", items.Total)
			}
		}},
		{"/api/v1/releases", 200, func(t *testing.T, b []byte) {
			if decode(t, b); items.Total != 2 {
				t.Errorf("%d releases", items.Total)
			}
		}},
		{"/api/v1/releases/" + id + "/changes", 200, func(t *testing.T, b []byte) {
			if decode(t, b); items.Total == 0 {
				t.Error("no changes between two different releases")
			}
		}},
		{"/api/v1/releases/latest/changes?change=site_added&limit=1000", 200, func(t *testing.T, b []byte) {
			if decode(t, b); items.Total != 90 {
				t.Errorf("%d sites added, want 90", items.Total)
			}
		}},
		{"/api/v1/releases/" + first + "/changes", 200, nil},
		{"/api/v1/releases/20000101T000000Z-001/changes", 404, nil},
		{"/api/v1/releases/..%2f..%2fetc/changes", 404, nil},
	}
	for _, c := range calls {
		t.Run(c.path, func(t *testing.T) {
			resp, body := srv.get(t, c.path)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			oa.validate(t, http.MethodGet, strings.SplitN(c.path, "?", 2)[0], resp.StatusCode, body)
			if c.check != nil {
				c.check(t, body)
			}
		})
	}
	// Conditional GET.
	resp, _ := srv.get(t, "/api/v1/sites?limit=3")
	if again, _ := srv.get(t, "/api/v1/sites?limit=3", "If-None-Match", resp.Header.Get("ETag")); again.StatusCode != 304 {
		t.Errorf("If-None-Match: %d", again.StatusCode)
	}
	// Every documented operation was exercised.
	for tmpl, item := range oa.doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			if !oa.used[strings.ToUpper(method)+" "+tmpl+" 200"] && method == "get" {
				t.Errorf("GET %s: never validated with a 200", tmpl)
			}
		}
	}
}

// TestAudits: POST /api/v1/audits needs the bearer token, compared in
// constant time; without a configured token it is off; a GET never starts
// anything.
func TestAudits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	publish(t, dir, 2, 1)
	var started int
	var mu sync.Mutex
	startAudit := func() (string, error) { mu.Lock(); defer mu.Unlock(); started++; return "audit-1", nil }
	srv := start(t, Options{Data: dir, Poll: time.Hour, Token: "s3cret-token", StartAudit: func(context.Context) (string, error) { return startAudit() }})
	off := start(t, Options{Data: dir, Poll: time.Hour})
	oa := loadOpenAPI(t, srv)
	cases := []struct {
		srv    *running
		header []string
		status int
	}{
		{srv, nil, 401},
		{srv, []string{"Authorization", "Bearer wrong"}, 401},
		{srv, []string{"Authorization", "Bearer s3cret-toke"}, 401},
		{srv, []string{"Authorization", "Bearer s3cret-token-and-more"}, 401},
		{srv, []string{"Authorization", "Basic s3cret-token"}, 401},
		{srv, []string{"Authorization", "Bearer s3cret-token"}, 202},
		{off, []string{"Authorization", "Bearer s3cret-token"}, 403},
		{off, []string{"Authorization", "Bearer "}, 403},
	}
	for i, c := range cases {
		resp, body := do(t, http.MethodPost, c.srv.base+"/api/v1/audits", strings.NewReader("{}"), c.header...)
		if resp.StatusCode != c.status {
			t.Errorf("case %d: %d, want %d: %s", i, resp.StatusCode, c.status, body)
		}
		oa.validate(t, http.MethodPost, "/api/v1/audits", resp.StatusCode, body)
	}
	if resp, _ := srv.get(t, "/api/v1/audits", "Authorization", "Bearer s3cret-token"); resp.StatusCode != 405 {
		t.Errorf("GET /api/v1/audits: %d, want 405", resp.StatusCode)
	}
	// A request too large is refused before the handler runs.
	big := strings.NewReader(strings.Repeat("x", maxBodyBytes+1))
	if resp, _ := do(t, http.MethodPost, srv.base+"/api/v1/audits", big, "Authorization", "Bearer s3cret-token"); resp.StatusCode != 413 {
		t.Errorf("large body: %d, want 413", resp.StatusCode)
	}
	if started != 1 {
		t.Errorf("%d audits started, want 1", started)
	}
}
