package api

import (
	"encoding"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"time"

	"gongkai/datasets"
)

// The OpenAPI document is built from the Go types the handlers encode, so
// it cannot drift from them: a new column of a row type appears in the
// schema, and the test that validates every response against the
// document fails on any field the document does not declare.

// schemaTypes are the named schemas of the document.
var schemaTypes = map[string]reflect.Type{
	"SiteRow":        reflect.TypeFor[datasets.SiteRow](),
	"ScoreRow":       reflect.TypeFor[datasets.ScoreRow](),
	"FindingRow":     reflect.TypeFor[datasets.FindingRow](),
	"RuleRow":        reflect.TypeFor[datasets.RuleRow](),
	"ChangeRow":      reflect.TypeFor[datasets.ChangeRow](),
	"ReleaseSummary": reflect.TypeFor[datasets.ReleaseSummary](),
	"SiteDetail":     reflect.TypeFor[SiteDetail](),
	"HistoryPoint":   reflect.TypeFor[HistoryPoint](),
	"AuditStarted":   reflect.TypeFor[AuditStarted](),
	"Error":          reflect.TypeFor[apiError](),
	"SiteList":       reflect.TypeFor[List[datasets.SiteRow]](),
	"FindingList":    reflect.TypeFor[List[datasets.FindingRow]](),
	"RuleList":       reflect.TypeFor[List[datasets.RuleRow]](),
	"ReleaseList":    reflect.TypeFor[List[datasets.ReleaseSummary]](),
	"ChangeList":     reflect.TypeFor[List[datasets.ChangeRow]](),
	"HistoryList":    reflect.TypeFor[List[HistoryPoint]](),
}

// schemaName returns the name of a type's schema, or "".
func schemaName(t reflect.Type) string {
	for name, st := range schemaTypes {
		if st == t {
			return name
		}
	}
	return ""
}

var (
	timeType      = reflect.TypeFor[time.Time]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// schemaOf returns the JSON Schema of values of t as encoding/json writes
// them: pointers and slices may be null, structs are closed objects.
func schemaOf(t reflect.Type, top bool) map[string]any {
	if name := schemaName(t); name != "" && !top {
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() != reflect.Pointer && t.Implements(textMarshaler):
		return map[string]any{"type": "string", "format": "date"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(schemaOf(t.Elem(), false))
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		arr := map[string]any{"type": "array", "items": schemaOf(t.Elem(), false)}
		if t.Elem().Kind() == reflect.Struct {
			return arr // lists of items are never null
		}
		return nullable(arr)
	case reflect.Struct:
		return objectSchema(t)
	}
	return map[string]any{}
}

// objectSchema describes a struct by its json tags.
func objectSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, false)
		if !strings.Contains(opts, "omitempty") {
			required = append(required, name)
		}
	}
	return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
}

func nullable(s map[string]any) map[string]any {
	if typ, ok := s["type"].(string); ok {
		out := map[string]any{}
		for k, v := range s {
			out[k] = v
		}
		out["type"] = []string{typ, "null"}
		return out
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

// openAPIOnce builds the document once per process.
var openAPIOnce = sync.OnceValue(func() []byte {
	b, err := json.MarshalIndent(openAPIDocument(), "", "  ")
	if err != nil {
		panic(err)
	}
	return b
})

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, _ = w.Write(openAPIOnce())
}

// param is one query or path parameter of an operation.
type param struct {
	name, in, desc string
	schema         map[string]any
}

func q(name, desc string, schema map[string]any) param { return param{name, "query", desc, schema} }

var (
	str      = map[string]any{"type": "string"}
	boolStr  = map[string]any{"type": "string", "enum": []string{"true", "false"}}
	pageNum  = map[string]any{"type": "integer", "minimum": 1, "maximum": maxPage}
	limitNum = map[string]any{"type": "integer", "minimum": 1, "maximum": maxLimit}
)

func enum(vals ...string) map[string]any { return map[string]any{"type": "string", "enum": vals} }

var paging = []param{
	q("page", "page number, from 1", pageNum),
	q("limit", "items per page", limitNum),
	q("cursor", "opaque cursor of a previous page (next_cursor); refused after a release switch", str),
}

// openAPIDocument returns the OpenAPI 3.1 document of the JSON API.
func openAPIDocument() map[string]any {
	schemas := map[string]any{}
	for name, t := range schemaTypes {
		schemas[name] = schemaOf(t, true)
	}
	sitePath := param{"site_id", "path", "site id", str}
	paths := map[string]any{
		"/api/v1/sites": op("listSites", "Sites of the current release, filtered, sorted and paginated (fields are the sites table's columns)", "SiteList",
			append([]param{
				q("level", "administrative level", enum(levelOrder...)),
				q("kind", "portal or department", enum("portal", "department")),
				q("region", "substring of the region", str),
				q("grade", "grade (优秀, 良好, 合格, 不合格, 无法评定)", str),
				q("veto", "a veto rule failed", boolStr),
				q("rule", "sites where this rule failed", str),
				q("q", "substring of the name or site id", str),
				q("sort", "sort key, '-' for descending (default -score)", enum(sortNames()...)),
			}, paging...)),
		"/api/v1/sites/{site_id}":          op("getSite", "A site's rows of the sites and scores tables", "SiteDetail", []param{sitePath}),
		"/api/v1/sites/{site_id}/findings": op("listFindings", "A site's findings (rows of the findings table)", "FindingList", append([]param{sitePath, q("outcome", "outcome", enum("pass", "fail", "not_applicable", "error")), q("effect", "effect", enum("veto", "deduct", "bonus", "info")), q("rule", "rule id", str)}, paging...)),
		"/api/v1/sites/{site_id}/history":  op("siteHistory", "A site's score and grade in every release, oldest first", "HistoryList", []param{sitePath}),
		"/api/v1/rules":                    op("listRules", "The rule catalog of the current release (rows of the rules table)", "RuleList", nil),
		"/api/v1/releases":                 op("listReleases", "Every published release, newest first", "ReleaseList", nil),
		"/api/v1/releases/{release_id}/changes": op("listChanges", "Changes of a release against the one before it (rows of the changes table)", "ChangeList",
			append([]param{{"release_id", "path", "release id, or latest", str}, q("site_id", "site id", str), q("change", "kind of change", str)}, paging...)),
		"/api/v1/audits": map[string]any{"post": map[string]any{
			"operationId": "startAudit", "summary": "Start an audit of the configured sites file (bearer token)",
			"security": []any{map[string]any{"bearer": []string{}}},
			"responses": map[string]any{
				"202": jsonResponse("started", "AuditStarted"),
				"401": jsonResponse("no or wrong token", "Error"),
				"403": jsonResponse("the server has no token: disabled", "Error"),
				"409": jsonResponse("not started (one is running)", "Error"),
				"503": jsonResponse("no sites file configured", "Error"),
			},
		}},
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "gongkai open-data API",
			"version":     "1",
			"description": "Government website disclosure-compliance audits (政务公开) as open data. Field names are the column names of the release tables (see datapackage.json of each release).",
			"license":     map[string]any{"name": "CC BY 4.0 (data)", "identifier": datasets.LicenseName},
		},
		"paths": paths,
		"components": map[string]any{
			"schemas":         schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
		},
	}
}

// op describes a GET operation answering the schema named ok.
func op(id, summary, ok string, params []param) map[string]any {
	var ps []any
	for _, p := range params {
		ps = append(ps, map[string]any{"name": p.name, "in": p.in, "description": p.desc, "required": p.in == "path", "schema": p.schema})
	}
	get := map[string]any{
		"operationId": id,
		"summary":     summary,
		"responses": map[string]any{
			"200": jsonResponse("OK", ok),
			"304": map[string]any{"description": "not modified (If-None-Match)"},
			"400": jsonResponse("bad or unknown parameter", "Error"),
			"404": jsonResponse("unknown id", "Error"),
			"429": jsonResponse("rate limited", "Error"),
			"503": jsonResponse("no release published yet", "Error"),
		},
	}
	if ps != nil {
		get["parameters"] = ps
	}
	return map[string]any{"get": get}
}

func jsonResponse(desc, schema string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{
		"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/" + schema}},
	}}
}
