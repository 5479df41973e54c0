package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"gongkai/datasets"
)

// List is the envelope of every list of the JSON API.
type List[T any] struct {
	// ReleaseID is the release the items come from.
	ReleaseID string `json:"release_id"`
	// Total counts the items that match, over all pages.
	Total int `json:"total"`
	// Offset and Limit give the window of Items.
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
	// NextCursor fetches the next page (cursor=...), "" on the last.
	NextCursor string `json:"next_cursor"`
	Items      []T    `json:"items"`
}

// SiteDetail is /api/v1/sites/{site_id}: the site's rows of the sites and
// scores tables and the rules it failed.
type SiteDetail struct {
	ReleaseID   string             `json:"release_id"`
	Site        datasets.SiteRow   `json:"site"`
	Score       *datasets.ScoreRow `json:"score"`
	FailedRules []string           `json:"failed_rules"`
}

// HistoryPoint is a site in one release (/api/v1/sites/{site_id}/history).
type HistoryPoint struct {
	ReleaseID string   `json:"release_id"`
	AsOf      string   `json:"as_of"`
	Score     *float64 `json:"score"`
	Grade     string   `json:"grade"`
	Veto      *bool    `json:"veto"`
}

// AuditStarted answers POST /api/v1/audits.
type AuditStarted struct {
	AuditID string `json:"audit_id"`
	Status  string `json:"status"`
}

// apiRoutes registers the JSON API.
func (s *Server) apiRoutes() {
	s.mux.HandleFunc("GET /api/v1/sites", s.withRelease(s.apiSites))
	s.mux.HandleFunc("GET /api/v1/sites/{site_id}", s.withRelease(s.apiSite))
	s.mux.HandleFunc("GET /api/v1/sites/{site_id}/findings", s.withRelease(s.apiFindings))
	s.mux.HandleFunc("GET /api/v1/sites/{site_id}/history", s.withRelease(s.apiHistory))
	s.mux.HandleFunc("GET /api/v1/rules", s.withRelease(s.apiRules))
	s.mux.HandleFunc("GET /api/v1/releases", s.apiReleases)
	s.mux.HandleFunc("GET /api/v1/releases/{release_id}/changes", s.withRelease(s.apiChanges))
	s.mux.HandleFunc("GET /api/v1/openapi.json", s.apiOpenAPI)
	s.mux.Handle("POST /api/v1/audits", http.NewCrossOriginProtection().Handler(s.RequireToken(http.HandlerFunc(s.apiAudits))))
	s.mux.HandleFunc("GET /api/v1/audits", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "audits are started with POST")
	})
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such API endpoint (see /api/v1/openapi.json)")
	})
}

// withRelease passes the current release to h, or answers 503 without one.
func (s *Server) withRelease(h func(http.ResponseWriter, *http.Request, *Release)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rel := s.store.Current()
		if rel == nil {
			writeError(w, http.StatusServiceUnavailable, "no_release", "no release is published yet")
			return
		}
		h(w, r, rel)
	}
}

// writeJSON writes v with an ETag made of the release and the request,
// and answers 304 to a matching If-None-Match.
func writeJSON(w http.ResponseWriter, r *http.Request, releaseID string, v any) {
	sum := sha256.Sum256([]byte(releaseID + "\x00" + r.URL.RequestURI()))
	etag := `W/"` + hex.EncodeToString(sum[:12]) + `"`
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=0, must-revalidate")
	h.Set("ETag", etag)
	h.Set("Access-Control-Allow-Origin", "*")
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// badRequest answers a bad parameter.
func badRequest(w http.ResponseWriter, err error) {
	writeError(w, http.StatusBadRequest, "bad_parameter", err.Error())
}

// window cuts a list to a page and fills the envelope.
func window[T any](releaseID string, all []T, pg page) List[T] {
	l := List[T]{ReleaseID: releaseID, Total: len(all), Offset: pg.offset, Limit: pg.limit, Items: []T{}}
	if pg.offset < len(all) {
		l.Items = all[pg.offset:min(len(all), pg.offset+pg.limit)]
	}
	if pg.offset+pg.limit < len(all) {
		l.NextCursor = encodeCursor(releaseID, pg.offset+pg.limit)
	}
	return l
}

func (s *Server) apiSites(w http.ResponseWriter, r *http.Request, rel *Release) {
	p := parseParams(r.URL.RawQuery, "level", "kind", "region", "grade", "veto", "rule", "q", "sort", "page", "limit", "cursor")
	f := siteFilter{
		Level: p.oneOf("level", levelOrder...), Kind: p.oneOf("kind", "portal", "department"),
		Region: p.str("region"), Grade: p.str("grade"), Veto: p.boolean("veto"), Rule: p.str("rule"), Q: p.str("q"),
	}
	sortKey := cmpOr(p.oneOf("sort", sortNames()...), "-score")
	pg := p.window(rel.ID)
	if p.err != nil {
		badRequest(w, p.err)
		return
	}
	items, total := rel.listSites(f, sortKey, pg)
	l := List[datasets.SiteRow]{ReleaseID: rel.ID, Total: total, Offset: pg.offset, Limit: pg.limit, Items: items}
	if pg.offset+pg.limit < total {
		l.NextCursor = encodeCursor(rel.ID, pg.offset+pg.limit)
	}
	writeJSON(w, r, rel.ID, l)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// siteOr404 returns the site of the path, or answers 404.
func siteOr404(w http.ResponseWriter, r *http.Request, rel *Release) *datasets.SiteRow {
	site := rel.Site(r.PathValue("site_id"))
	if site == nil {
		writeError(w, http.StatusNotFound, "not_found", "no site "+r.PathValue("site_id")+" in release "+rel.ID)
	}
	return site
}

func (s *Server) apiSite(w http.ResponseWriter, r *http.Request, rel *Release) {
	if p := parseParams(r.URL.RawQuery); p.err != nil {
		badRequest(w, p.err)
		return
	}
	site := siteOr404(w, r, rel)
	if site == nil {
		return
	}
	writeJSON(w, r, rel.ID, SiteDetail{ReleaseID: rel.ID, Site: *site, Score: rel.Score(site.SiteID),
		FailedRules: append([]string{}, rel.FailedRules(site.SiteID)...)})
}

func (s *Server) apiFindings(w http.ResponseWriter, r *http.Request, rel *Release) {
	p := parseParams(r.URL.RawQuery, "outcome", "effect", "rule", "page", "limit", "cursor")
	outcome := p.oneOf("outcome", "pass", "fail", "not_applicable", "error")
	effect := p.oneOf("effect", "veto", "deduct", "bonus", "info")
	rule := p.str("rule")
	pg := p.window(rel.ID)
	if p.err != nil {
		badRequest(w, p.err)
		return
	}
	site := siteOr404(w, r, rel)
	if site == nil {
		return
	}
	rows, err := rel.SiteFindings(site.SiteID)
	if err != nil {
		s.log.Error("read findings", "site", site.SiteID, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "findings cannot be read")
		return
	}
	rows = slices.DeleteFunc(rows, func(f datasets.FindingRow) bool {
		return (outcome != "" && f.Outcome != outcome) || (effect != "" && f.Effect != effect) || (rule != "" && f.RuleID != rule)
	})
	writeJSON(w, r, rel.ID, window(rel.ID, rows, pg))
}

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request, rel *Release) {
	if p := parseParams(r.URL.RawQuery); p.err != nil {
		badRequest(w, p.err)
		return
	}
	site := siteOr404(w, r, rel)
	if site == nil {
		return
	}
	points, err := s.history(site.SiteID)
	if err != nil {
		s.log.Error("history", "site", site.SiteID, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "history cannot be read")
		return
	}
	writeJSON(w, r, rel.ID, List[HistoryPoint]{ReleaseID: rel.ID, Total: len(points), Limit: len(points), Items: points})
}

func (s *Server) apiRules(w http.ResponseWriter, r *http.Request, rel *Release) {
	if p := parseParams(r.URL.RawQuery); p.err != nil {
		badRequest(w, p.err)
		return
	}
	writeJSON(w, r, rel.ID, List[datasets.RuleRow]{ReleaseID: rel.ID, Total: len(rel.Rules), Limit: len(rel.Rules), Items: rel.Rules})
}

func (s *Server) apiReleases(w http.ResponseWriter, r *http.Request) {
	if p := parseParams(r.URL.RawQuery); p.err != nil {
		badRequest(w, p.err)
		return
	}
	list, err := s.archive.list()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal", "releases cannot be listed")
		return
	}
	list = slices.Clone(list)
	slices.Reverse(list) // newest first
	if list == nil {
		list = []datasets.ReleaseSummary{}
	}
	cur := s.store.Current().idOrNone()
	writeJSON(w, r, cur, List[datasets.ReleaseSummary]{ReleaseID: cur, Total: len(list), Limit: len(list), Items: list})
}

func (s *Server) apiChanges(w http.ResponseWriter, r *http.Request, rel *Release) {
	p := parseParams(r.URL.RawQuery, "site_id", "change", "page", "limit", "cursor")
	siteID, change := p.str("site_id"), p.str("change")
	id := r.PathValue("release_id")
	if id == "latest" {
		id = rel.ID
	}
	pg := p.window(id)
	if p.err != nil {
		badRequest(w, p.err)
		return
	}
	a, err := s.archive.get(id)
	if errors.Is(err, errNoFile) {
		writeError(w, http.StatusNotFound, "not_found", "no release "+id)
		return
	}
	if err != nil {
		s.log.Error("changes", "release", id, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "the release cannot be read")
		return
	}
	rows := slices.DeleteFunc(slices.Clone(a.changes), func(c datasets.ChangeRow) bool {
		return (siteID != "" && c.SiteID != siteID) || (change != "" && c.Change != change)
	})
	writeJSON(w, r, rel.ID, window(id, rows, pg))
}

func (s *Server) apiAudits(w http.ResponseWriter, r *http.Request) {
	if s.opts.StartAudit == nil {
		writeError(w, http.StatusServiceUnavailable, "not_configured", "this server has no sites file to audit (gongkai serve --sites FILE)")
		return
	}
	id, err := s.opts.StartAudit(r.Context())
	if err != nil {
		writeError(w, http.StatusConflict, "not_started", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusAccepted)
	_ = json.NewEncoder(w).Encode(AuditStarted{AuditID: id, Status: "started"})
}
