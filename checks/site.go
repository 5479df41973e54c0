package checks

import (
	"cmp"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/crawler/snapshot"
)

// siteView is a snapshot understood once for all rules: typed pages,
// columns, documents, guides and annual-report references.
type siteView struct {
	cat       *Catalog
	snap      *snapshot.Snapshot
	asOf      Date
	siteKind  string // portal or department
	status    snapshot.Status
	crawled   bool // pages were fetched: content rules can judge
	answered  bool // the homepage answered (perhaps refusing robots)
	noService bool // a department without public services (2019 ×4/3 rule)

	home    *pageView
	pages   []*pageView
	offSite []*pageView // pages on service platforms beyond the site (only their guides count)
	byURL   map[string]*pageView
	columns []*column
	docs    []*pageView
	guides  []*pageView
	reports []reportRef
	funnels map[string]string // links funnelled into one page by redirects (soft 404s), with the target
}

// pageView is one fetched page with what the checks understood of it.
type pageView struct {
	p         *snapshot.Page
	typ       string
	why       string // the reason for typ
	name      string
	level     int
	published Date
	doc       Document
	guide     Guide
}

// understandSafe builds the site view; a panic becomes an error, so content
// rules report error findings instead of crashing the audit.
func (c *Catalog) understandSafe(s *snapshot.Snapshot, asOf Date) (v *siteView, err error) {
	v = c.baseView(s, asOf)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
			v.pages, v.offSite, v.columns, v.docs, v.guides, v.reports, v.home = nil, nil, nil, nil, nil, nil, nil
		}
	}()
	if v.crawled {
		c.understandPages(v)
	}
	v.funnels = c.redirectFunnels(s.Links)
	return v, nil
}

func (c *Catalog) baseView(s *snapshot.Snapshot, asOf Date) *siteView {
	v := &siteView{cat: c, snap: s, asOf: asOf, siteKind: s.Site.Kind, status: s.Status, byURL: map[string]*pageView{}}
	if v.siteKind == "" {
		v.siteKind = "portal"
	}
	if v.status == "" {
		v.status = s.Home.Status
	}
	fetched := slices.ContainsFunc(s.Pages, func(p snapshot.Page) bool { return p.Status.BodyRead() })
	v.crawled = (v.status == snapshot.StatusOK || v.status == snapshot.StatusTooLarge) && fetched
	switch v.status {
	case snapshot.StatusOK, snapshot.StatusTooLarge, snapshot.StatusRobotsBlocked, snapshot.StatusBlocked, snapshot.StatusRenderError:
		v.answered = true
	}
	return v
}

func (c *Catalog) understandPages(v *siteView) {
	s := v.snap
	home := s.HomePage()
	for i := range s.Pages {
		p := &s.Pages[i]
		if !p.Status.BodyRead() {
			continue
		}
		if p.OffSite {
			c.offSitePage(v, p)
			continue
		}
		pv := &pageView{p: p, level: c.pageLevel(p, s.Site.Name)}
		pv.typ, pv.why = c.Classify(p)
		pv.doc = c.Metadata(p, v.asOf)
		pv.published = pv.doc.PublishedDate
		if pv.published.IsZero() {
			pv.published, _ = ParseDate(p.Meta["pubdate"], v.asOf)
		}
		if pv.published.IsZero() {
			pv.published, _ = c.headerDate(p)
		}
		v.pages = append(v.pages, pv)
		for _, u := range []string{p.URL, p.FinalURL} {
			if _, dup := v.byURL[u]; u != "" && !dup {
				v.byURL[u] = pv
			}
		}
		if p == home {
			v.home = pv
		}
	}
	linkText := c.linkTexts(v.pages)
	for _, pv := range v.pages {
		pv.name = c.ownName(pv.p)
		if pv.name == "" {
			pv.name = cmp.Or(linkText[pv.p.URL], linkText[pv.p.FinalURL], c.listHeading(pv), strings.TrimSpace(pv.p.Title))
		}
	}
	v.columns = c.buildColumns(v)
	listed := listDates(v)
	for _, pv := range v.pages {
		if pv.published.IsZero() {
			pv.published = listed[pv.p.URL]
		}
	}
	policyLinked := c.policyLinked(v)
	for _, pv := range v.pages {
		switch {
		case pv.typ == TypeDocument, pv.typ == TypeArticle && policyLinked[pv.p.URL]:
			v.docs = append(v.docs, pv)
		case pv.typ == TypeGuide:
			pv.guide = c.GuideInfo(pv.p, v.asOf)
			if pv.guide.UpdatedAt.IsZero() {
				c.datedByList(&pv.guide, listed[pv.p.URL], v.asOf)
			}
			v.guides = append(v.guides, pv)
		}
	}
	v.reports = c.findReports(v)
	v.noService = slices.Contains(c.Scoring.NoService.SiteKinds, v.siteKind) && !c.hasService(v)
}

// listDates maps each URL listed by a page of the site to the newest date
// a list shows beside it: the publication date of a page that shows none.
func listDates(v *siteView) map[string]Date {
	out := map[string]Date{}
	for _, pv := range v.pages {
		for _, it := range dated(pv.p.Items, v.asOf) {
			if it.URL != "" && it.Date.After(out[it.URL]) {
				out[it.URL] = it.Date
			}
		}
	}
	return out
}

// datedByList dates an undated guide by the date its list shows.
func (c *Catalog) datedByList(g *Guide, d Date, asOf Date) {
	if d.IsZero() {
		return
	}
	g.UpdatedAt = d
	g.Stale = asOf.Sub(d) > time.Duration(c.guideMaxAge())*24*time.Hour
}

// offSitePage understands a page fetched on a service platform beyond the
// site (crawler Config.GuideHosts): a guide there is one of the site's
// guides; anything else there is not the site's.
func (c *Catalog) offSitePage(v *siteView, p *snapshot.Page) {
	pv := &pageView{p: p}
	pv.typ, pv.why = c.Classify(p)
	if pv.typ != TypeGuide {
		pv.typ, pv.why = TypeOther, "站外服务平台页面（仅其办事指南计入本站）"
	} else {
		pv.guide = c.GuideInfo(p, v.asOf)
		v.guides = append(v.guides, pv)
	}
	pv.published, _ = ParseDate(p.Meta["pubdate"], v.asOf)
	v.offSite = append(v.offSite, pv)
}

// listHeading is the heading of a column page's main list (the box title
// above it), when the page names itself no other way.
func (c *Catalog) listHeading(pv *pageView) string {
	if pv.typ != TypeColumn {
		return ""
	}
	items := c.ListItems(pv.p, pv.p.FetchedAt)
	if len(items) == 0 || utf8.RuneCountInString(items[0].Section) > c.Understanding.MaxLabelLen {
		return ""
	}
	return items[0].Section
}

// ownName is the name a page gives itself: last breadcrumb element or meta
// ColumnName ("" when it gives none).
func (c *Catalog) ownName(p *snapshot.Page) string {
	if n := len(p.Breadcrumb); n > 0 {
		last := strings.TrimSpace(p.Breadcrumb[n-1])
		if last != "" && !c.isHomeLabel(last) && last != pageTitle(p) {
			return last
		}
	}
	return strings.TrimSpace(p.Meta["columnname"])
}

// isMoreLabel reports a link text that names no column: 更多, more, >>.
func (c *Catalog) isMoreLabel(text string) bool {
	n := strings.ToLower(strings.Trim(normLabel(text), ">»+>＞.。…"))
	return n == "" || slices.Contains(c.Synonyms.MoreLabels, n)
}

// linkTexts maps a URL to the first short anchor text (or list entry title)
// linking to it that names something (not 更多>>), pages taken in crawl
// order.
func (c *Catalog) linkTexts(pages []*pageView) map[string]string {
	out := map[string]string{}
	put := func(u, text string) {
		text = collapseSpace(text)
		if _, ok := out[u]; !ok && u != "" && text != "" && utf8.RuneCountInString(text) <= c.Understanding.MaxLabelLen && !c.isMoreLabel(text) {
			out[u] = text
		}
	}
	for _, pv := range pages {
		for _, a := range pv.p.Anchors {
			if a.Tag == "a" || a.Tag == "" {
				put(a.URL, a.Text)
			}
		}
		for _, it := range pv.p.Items {
			put(it.URL, it.Title)
		}
	}
	return out
}

// policyLinked is the set of URLs listed by columns of the policy sections.
func (c *Catalog) policyLinked(v *siteView) map[string]bool {
	out := map[string]bool{}
	for _, col := range v.columns {
		if c.nameInSections(col.name, c.Understanding.PolicySections) {
			for _, it := range col.items {
				out[it.URL] = true
			}
		}
	}
	return out
}

func (c *Catalog) nameInSections(name string, sections []string) bool {
	for _, s := range sections {
		if _, ok := c.Synonyms.section(s).matchName(name); ok {
			return true
		}
	}
	return false
}

// hasService reports any sign of public services: a guide, or a column or
// homepage entry named by the no_service service sections.
func (c *Catalog) hasService(v *siteView) bool {
	if len(v.guides) > 0 {
		return true
	}
	for _, pv := range v.pages {
		if c.nameInSections(pv.name, c.Scoring.NoService.ServiceSections) {
			return true
		}
	}
	if v.home != nil {
		for _, s := range c.Scoring.NoService.ServiceSections {
			if c.linksToSection(v.home.p, c.Synonyms.section(s)) {
				return true
			}
		}
	}
	return false
}

var pageSuffixRE = regexp.MustCompile(`(?i)/((index|list|default)(_[0-9]+)?\.(s?html?|jsp|php|aspx?))?$|_[0-9]+(\.s?html?)$`)

// pageParams are query parameters that page through one list.
var pageParams = []string{"page", "pagenum", "pageno", "pageindex", "curpage", "p", "pn", "start"}

// columnKey identifies a column across its pages: …/tzgg/, …/tzgg/index.html
// and …/tzgg/index_1.html, or list.jsp?cid=5&page=2, give one key.
func columnKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Fragment = ""
	q := u.Query()
	for k := range q {
		if slices.Contains(pageParams, strings.ToLower(k)) {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	u.Path = pageSuffixRE.ReplaceAllString(u.Path, "$5")
	return u.String()
}

func (v *siteView) statusText() string {
	msg := "状态：" + string(v.status)
	if v.snap.Error != "" {
		msg += "，" + v.snap.Error
	}
	return msg
}

// outputs returns the documents, guides, page infos and columns, sorted by URL.
func (v *siteView) outputs() ([]Document, []Guide, []PageInfo, []Column) {
	var docs []Document
	for _, pv := range v.docs {
		d := pv.doc
		d.SiteID = v.snap.Site.ID
		docs = append(docs, d)
	}
	var guides []Guide
	for _, pv := range v.guides {
		g := pv.guide
		g.SiteID = v.snap.Site.ID
		guides = append(guides, g)
	}
	var pages []PageInfo
	for _, pv := range slices.Concat(v.pages, v.offSite) {
		pages = append(pages, PageInfo{URL: pv.p.URL, Type: pv.typ, TypeReason: pv.why, PublishedAt: pv.published})
	}
	slices.SortStableFunc(docs, func(a, b Document) int { return cmp.Compare(a.URL, b.URL) })
	slices.SortStableFunc(guides, func(a, b Guide) int { return cmp.Compare(a.URL, b.URL) })
	slices.SortStableFunc(pages, func(a, b PageInfo) int { return cmp.Compare(a.URL, b.URL) })
	cols := v.cat.columnRows(v)
	slices.SortStableFunc(cols, func(a, b Column) int { return cmp.Compare(a.URL, b.URL) })
	return docs, guides, pages, cols
}
