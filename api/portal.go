package api

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"gongkai/api/catalog"
	"gongkai/datasets"
	"gongkai/reports"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// portalPageSize is the number of sites per ranking page.
const portalPageSize = 50

// portalPage is what every portal template gets.
type portalPage struct {
	Lang    reports.Lang
	Title   string
	Path    string // the request path, for the language switch and nav
	Query   url.Values
	Release *Release
	Base    string // the server's base URL, for snippets
	Body    any
}

// portalRoutes registers the portal's pages and assets.
func (s *Server) portalRoutes() {
	s.tmpl = template.Must(template.New("portal").Funcs(portalFuncs()).ParseFS(templateFS, "templates/*.html"))
	static, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(static)
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})))
	s.mux.HandleFunc("GET /{$}", s.withPage(s.portalIndex))
	s.mux.HandleFunc("GET /sites/{site_id}", s.withPage(s.portalSite))
	s.mux.HandleFunc("GET /sites/{site_id}/screenshot", s.withPage(s.portalScreenshot))
	s.mux.HandleFunc("GET /rules", s.withPage(s.portalRules))
	s.mux.HandleFunc("GET /datasets", s.withPage(s.portalDatasets))
	s.mux.HandleFunc("GET /releases", s.withPage(s.portalReleases))
	s.mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})
}

// withPage prepares the page of a portal request: language, release (503
// page without one).
func (s *Server) withPage(h func(http.ResponseWriter, *http.Request, *portalPage)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		p := &portalPage{Lang: reports.Chinese, Path: r.URL.Path, Query: q, Base: s.baseURL(r)}
		if q.Get("lang") == "en" {
			p.Lang = reports.English
		}
		p.Release = s.store.Current()
		if p.Release == nil {
			s.portalError(w, p, http.StatusServiceUnavailable, label(p.Lang, "err.norelease"))
			return
		}
		h(w, r, p)
	}
}

// render executes a template into a buffer first, so that a failure is a
// clean 500 and not half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, p *portalPage) {
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, name, p); err != nil {
		s.log.Error("render page", "template", name, "path", p.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Language", map[reports.Lang]string{reports.Chinese: "zh-CN", reports.English: "en"}[p.Lang])
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) portalError(w http.ResponseWriter, p *portalPage, status int, msg string) {
	p.Title = http.StatusText(status)
	p.Body = msg
	s.render(w, status, "error.html", p)
}

// rankingView is the body of the front page.
type rankingView struct {
	Summary *reports.Summary
	Items   []rankedSite
	Total   int
	Page    int
	Pages   int
	Filter  siteFilter
	Sort    string
	Levels  []string
	Grades  []string
	Rules   []datasets.RuleRow
	Sorts   []string
}

// rankedSite is one row of the ranking table.
type rankedSite struct {
	datasets.SiteRow
	Rank   int
	Failed []string
}

func (s *Server) portalIndex(w http.ResponseWriter, r *http.Request, p *portalPage) {
	rel := p.Release
	pr := parseParams(r.URL.RawQuery, "lang", "level", "kind", "region", "grade", "veto", "rule", "q", "sort", "page")
	pr.oneOf("lang", "zh", "en")
	f := siteFilter{
		Level: pr.oneOf("level", levelOrder...), Kind: pr.oneOf("kind", "portal", "department"),
		Region: pr.str("region"), Grade: pr.str("grade"), Veto: pr.boolean("veto"), Rule: pr.str("rule"), Q: pr.str("q"),
	}
	sortKey := cmpOr(pr.oneOf("sort", sortNames()...), "-score")
	n := pr.intIn("page", 1, 1, maxPage)
	if pr.err != nil {
		s.portalError(w, p, http.StatusBadRequest, pr.err.Error())
		return
	}
	items, total := rel.listSites(f, sortKey, page{offset: (n - 1) * portalPageSize, limit: portalPageSize})
	v := &rankingView{Summary: rel.Summary(), Total: total, Page: n, Pages: max(1, (total+portalPageSize-1)/portalPageSize),
		Filter: f, Sort: sortKey, Levels: levelOrder, Rules: rel.Rules, Sorts: []string{"-score", "score", "name", "site_id", "region", "level", "-links_dead"}}
	for _, g := range v.Summary.Grades {
		v.Grades = append(v.Grades, g.Grade)
	}
	for _, it := range items {
		v.Items = append(v.Items, rankedSite{SiteRow: it, Rank: rel.Rank(it.SiteID), Failed: rel.FailedRules(it.SiteID)})
	}
	p.Title = label(p.Lang, "nav.ranking")
	p.Body = v
	s.render(w, http.StatusOK, "index.html", p)
}

// siteView is the body of a scorecard page.
type siteView struct {
	Card    *reports.Scorecard
	History []HistoryPoint
	Failed  int
}

func (s *Server) portalSite(w http.ResponseWriter, r *http.Request, p *portalPage) {
	rel := p.Release
	id := r.PathValue("site_id")
	if rel.Site(id) == nil {
		s.portalError(w, p, http.StatusNotFound, label(p.Lang, "err.nosite")+" "+id)
		return
	}
	card, _, err := rel.Scorecard(s.opts.Data, id)
	if err != nil {
		s.log.Error("scorecard", "site", id, "err", err)
		s.portalError(w, p, http.StatusInternalServerError, err.Error())
		return
	}
	hist, err := s.history(id)
	if err != nil {
		s.log.Warn("history", "site", id, "err", err)
	}
	p.Title = card.Site.Name
	p.Body = &siteView{Card: card, History: hist, Failed: len(rel.FailedRules(id))}
	s.render(w, http.StatusOK, "site.html", p)
}

// portalScreenshot serves a screenshot a site's scorecard refers to.
func (s *Server) portalScreenshot(w http.ResponseWriter, r *http.Request, p *portalPage) {
	id, rel := r.PathValue("site_id"), r.URL.Query().Get("path")
	if p.Release.Site(id) == nil {
		http.NotFound(w, r)
		return
	}
	card, data, err := p.Release.Scorecard(s.opts.Data, id)
	if err != nil || !referencesShot(card, rel) {
		http.NotFound(w, r)
		return
	}
	b, err := data.ReadScreenshot(rel)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(b)
}

// referencesShot reports whether a scorecard shows the screenshot rel.
func referencesShot(c *reports.Scorecard, rel string) bool {
	if rel == "" {
		return false
	}
	if c.Screenshot == rel {
		return true
	}
	for _, items := range [][]reports.Item{c.Items, c.Notes} {
		for _, it := range items {
			for _, f := range it.Findings {
				if f.Evidence != nil && f.Evidence.Screenshot == rel {
					return true
				}
			}
		}
	}
	return false
}

func (s *Server) portalRules(w http.ResponseWriter, r *http.Request, p *portalPage) {
	p.Title = label(p.Lang, "nav.rules")
	p.Body = p.Release.Rules
	s.render(w, http.StatusOK, "rules.html", p)
}

// tableView is one table on the datasets page: its files and dictionary,
// all taken from datapackage.json (a new table shows without code).
type tableView struct {
	Dataset catalog.Dataset
	Fields  []datasets.Field
	Parts   int
}

func (s *Server) portalDatasets(w http.ResponseWriter, r *http.Request, p *portalPage) {
	c := s.catalogOf(r, p.Release)
	var tables []tableView
	for _, d := range c.Datasets {
		tv := tableView{Dataset: d}
		if res := resource(p.Release.Package, d.Table+"-parquet"); res != nil {
			tv.Parts = len(res.Path)
			if res.Schema != nil {
				tv.Fields = res.Schema.Fields
			}
		}
		tables = append(tables, tv)
	}
	p.Title = label(p.Lang, "nav.datasets")
	p.Body = tables
	s.render(w, http.StatusOK, "datasets.html", p)
}

// releaseView is one release on the releases page.
type releaseView struct {
	datasets.ReleaseSummary
	Current bool
	Changes map[string]int
	Err     string
}

func (s *Server) portalReleases(w http.ResponseWriter, r *http.Request, p *portalPage) {
	list, err := s.archive.list()
	if err != nil {
		s.portalError(w, p, http.StatusInternalServerError, err.Error())
		return
	}
	list = slices.Clone(list)
	slices.Reverse(list)
	var out []releaseView
	for _, info := range list {
		v := releaseView{ReleaseSummary: info, Current: info.ID == p.Release.ID, Changes: map[string]int{}}
		a, err := s.archive.get(info.ID)
		if err != nil {
			v.Err = strings.TrimPrefix(err.Error(), "archive: ")
		} else {
			for _, c := range a.changes {
				v.Changes[c.Change]++
			}
		}
		out = append(out, v)
	}
	p.Title = label(p.Lang, "nav.releases")
	p.Body = out
	s.render(w, http.StatusOK, "releases.html", p)
}
