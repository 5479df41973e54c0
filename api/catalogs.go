package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/api/catalog"
)

// catalogRoutes registers the catalogs for harvesters.
func (s *Server) catalogRoutes() {
	s.mux.HandleFunc("GET /catalog.jsonld", s.withRelease(s.catalogJSONLD))
	s.mux.HandleFunc("GET /catalog.ttl", s.withRelease(s.catalogTurtle))
	s.mux.HandleFunc("GET /catalog", s.withRelease(s.catalogNegotiated))
	s.mux.HandleFunc("GET /data.json", s.withRelease(s.dataJSON))
	for _, prefix := range []string{"/api/3/action/", "/api/action/"} {
		s.mux.HandleFunc("GET "+prefix+"{action}", s.withRelease(s.ckanAction))
		s.mux.HandleFunc("POST "+prefix+"{action}", s.withRelease(s.ckanAction))
	}
}

// baseURL is Options.BaseURL, or the URL the request was made to.
func (s *Server) baseURL(r *http.Request) string {
	if s.opts.BaseURL != "" {
		return strings.TrimSuffix(s.opts.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// catalogOf builds the catalog of the release for this request.
func (s *Server) catalogOf(r *http.Request, rel *Release) *catalog.Catalog {
	return catalog.Build(catalog.Input{BaseURL: s.baseURL(r), Package: rel.Package, Publisher: s.opts.Publisher})
}

// writeCatalog writes a catalog document with caching by release.
func writeCatalog(w http.ResponseWriter, r *http.Request, rel *Release, ctype string, body []byte) {
	h := w.Header()
	etag := `W/"` + rel.ID + `-` + strconv.Itoa(len(body)) + `"`
	h.Set("Cache-Control", "public, max-age=60")
	h.Set("ETag", etag)
	h.Set("Access-Control-Allow-Origin", "*")
	h.Add("Vary", "Accept")
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", ctype)
	_, _ = w.Write(body)
}

func (s *Server) catalogJSONLD(w http.ResponseWriter, r *http.Request, rel *Release) {
	b, err := s.catalogOf(r, rel).JSONLD()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal", "catalog cannot be built")
		return
	}
	writeCatalog(w, r, rel, "application/ld+json", b)
}

func (s *Server) catalogTurtle(w http.ResponseWriter, r *http.Request, rel *Release) {
	writeCatalog(w, r, rel, "text/turtle; charset=utf-8", s.catalogOf(r, rel).Turtle())
}

// catalogNegotiated serves /catalog as Turtle or JSON-LD by Accept.
func (s *Server) catalogNegotiated(w http.ResponseWriter, r *http.Request, rel *Release) {
	accept := r.Header.Get("Accept")
	if strings.Contains(accept, "text/turtle") || strings.Contains(accept, "text/n3") {
		s.catalogTurtle(w, r, rel)
		return
	}
	s.catalogJSONLD(w, r, rel)
}

func (s *Server) dataJSON(w http.ResponseWriter, r *http.Request, rel *Release) {
	b, err := json.MarshalIndent(s.catalogOf(r, rel).POD(), "", "  ")
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal", "catalog cannot be built")
		return
	}
	writeCatalog(w, r, rel, "application/json; charset=utf-8", b)
}

// ckanEnvelope is the CKAN Action API response.
type ckanEnvelope struct {
	Help    string     `json:"help"`
	Success bool       `json:"success"`
	Result  any        `json:"result,omitempty"`
	Error   *ckanError `json:"error,omitempty"`
}

type ckanError struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

// ckanAction answers the read-only subset of the CKAN Action API that the
// CKAN harvester and CKAN clients use. Parameters come from the query
// string, or from a JSON object body on POST (as ckanapi sends them).
func (s *Server) ckanAction(w http.ResponseWriter, r *http.Request, rel *Release) {
	action := r.PathValue("action")
	help := s.baseURL(r) + "/api/3/action/help_show?name=" + url.QueryEscape(action)
	params, err := ckanParams(r)
	if err != nil {
		writeCKAN(w, http.StatusBadRequest, ckanEnvelope{Help: help, Error: &ckanError{"Validation Error", err.Error()}})
		return
	}
	c := s.catalogOf(r, rel)
	result, status, cerr := runCKAN(c, action, params)
	if cerr != nil {
		writeCKAN(w, status, ckanEnvelope{Help: help, Error: cerr})
		return
	}
	writeCKAN(w, http.StatusOK, ckanEnvelope{Help: help, Success: true, Result: result})
}

// ckanParams reads an action's parameters.
func ckanParams(r *http.Request) (url.Values, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, err
	}
	if r.Method != http.MethodPost {
		return v, nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return v, nil
	}
	var obj map[string]any
	if err := json.Unmarshal(body, &obj); err != nil {
		return nil, err
	}
	for k, val := range obj {
		switch x := val.(type) {
		case string:
			v.Set(k, x)
		case float64:
			v.Set(k, strconv.FormatFloat(x, 'f', -1, 64))
		case bool:
			v.Set(k, strconv.FormatBool(x))
		}
	}
	return v, nil
}

func writeCKAN(w http.ResponseWriter, status int, e ckanEnvelope) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(e)
}

// CKAN's paging limits for package_search.
const (
	ckanDefaultRows = 10
	ckanMaxRows     = 1000
)

// runCKAN runs one action against the catalog.
func runCKAN(c *catalog.Catalog, action string, p url.Values) (any, int, *ckanError) {
	notFound := func(what string) (any, int, *ckanError) {
		return nil, http.StatusNotFound, &ckanError{"Not Found Error", what + " not found"}
	}
	switch action {
	case "status_show":
		return map[string]any{
			"site_title": c.Title, "site_description": c.Description, "site_url": c.BaseURL,
			"ckan_version": "2.10.4", "error_emails_to": nil, "locale_default": "zh_Hans_CN", "extensions": []string{"dcat"},
		}, 0, nil
	case "package_list":
		names := []string{}
		for _, p := range c.Packages() {
			names = append(names, p.Name)
		}
		return names, 0, nil
	case "package_show":
		id := p.Get("id")
		for _, pkg := range c.Packages() {
			if pkg.Name == id || pkg.ID == id {
				return pkg, 0, nil
			}
		}
		return notFound("Dataset")
	case "package_search":
		return ckanSearch(c, p)
	case "organization_list":
		org := c.Organization()
		if p.Get("all_fields") == "true" {
			return []catalog.Organization{org}, 0, nil
		}
		return []string{org.Name}, 0, nil
	case "organization_show":
		org := c.Organization()
		if id := p.Get("id"); id != org.Name && id != org.ID {
			return notFound("Organization")
		}
		return org, 0, nil
	case "group_list", "tag_list":
		return []string{}, 0, nil
	}
	return nil, http.StatusBadRequest, &ckanError{"Bad Request", "unknown or unsupported action " + action}
}

// ckanSearch runs package_search: q, fq, rows, start, sort.
func ckanSearch(c *catalog.Catalog, p url.Values) (any, int, *ckanError) {
	invalid := func(msg string) (any, int, *ckanError) {
		return nil, http.StatusConflict, &ckanError{"Validation Error", msg}
	}
	rows, start := ckanDefaultRows, 0
	if v := p.Get("rows"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return invalid("rows: must be a non-negative integer")
		}
		rows = min(n, ckanMaxRows)
	}
	if v := p.Get("start"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return invalid("start: must be a non-negative integer")
		}
		start = n
	}
	search := catalog.Search{Q: p.Get("q")}
	if err := catalog.ParseFilter(p.Get("fq"), &search); err != nil {
		return nil, http.StatusConflict, &ckanError{"Search Query Error", err.Error()}
	}
	var hits []catalog.Package
	for _, pkg := range c.Packages() {
		if search.Match(&pkg) {
			hits = append(hits, pkg)
		}
	}
	sort := cmpOr(p.Get("sort"), "score desc, metadata_modified desc")
	if err := catalog.SortPackages(hits, sort); err != nil {
		return nil, http.StatusConflict, &ckanError{"Search Query Error", err.Error()}
	}
	page := []catalog.Package{}
	if start < len(hits) {
		page = hits[start:min(len(hits), start+rows)]
	}
	return map[string]any{
		"count": len(hits), "sort": sort, "results": page,
		"facets": map[string]any{}, "search_facets": map[string]any{},
	}, 0, nil
}
