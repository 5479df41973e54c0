package sampleweb

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ports are the listening ports every absolute URL carries.
type ports struct{ HTTP, HTTPS int }

// site is one sample site, built from its definition for one as-of date.
type site struct {
	def    *siteDef
	cat    *catalog
	asOf   time.Time // midnight of the as-of day
	ports  ports
	cols   []*column // content columns, in definition order
	byCode map[string]*column
	plat   platform
	miscs  map[string]*column // single pages outside the columns: lxwm (联系我们), wzdt (网站地图)
	nextID int
}

// column is a list page (or a single page of the disclosure platform).
type column struct {
	def   columnDef
	idx   int
	name  string
	host  string
	path  string
	kind  string // list, hub, zn (single guide page), statutory, apply
	items []*item
}

// item is one entry of a column: an article, a policy document, a service
// guide, an annual report, or an external link.
type item struct {
	id     int
	col    *column
	title  string
	date   time.Time
	host   string
	path   string // empty when href points elsewhere
	href   string // explicit target (planted items)
	kind   string // article, doc, guide, report
	n      int    // position in its pool (the year, for reports)
	seq    int    // position in its column, in generation order
	policy *policyDef
	guide  map[string]interface{}
	label  string // label of the planted links
	links  []linkDef
}

// platform holds the parts of the 政府信息公开 platform.
type platform struct {
	hub, zn, zd, statutory, report, apply *column
}

func newSite(def *siteDef, cat *catalog, asOf time.Time, p ports) (*site, error) {
	s := &site{def: def, cat: cat, asOf: asOf, ports: p, byCode: map[string]*column{}, nextID: 1000 + def.Seed*97}
	for i, cd := range append(append([]columnDef(nil), def.Columns...), def.ExtraColumns...) {
		c := &column{def: cd, idx: i + 1, name: s.expand(cd.Name, nil), host: def.Host, kind: "list"}
		if cd.Statutory && def.Platform.Host != "" {
			c.host = def.Platform.Host
		}
		c.path = s.listPath(c)
		s.cols = append(s.cols, c)
		s.byCode[cd.Code] = c
		if err := s.fillColumn(c); err != nil {
			return nil, err
		}
	}
	s.buildPlatform()
	s.miscs = map[string]*column{}
	for i, m := range []struct{ code, name string }{{"lxwm", "联系我们"}, {"wzdt", "网站地图"}, {"search", "站内搜索"}} {
		c := &column{def: columnDef{Code: m.code, Name: m.name}, idx: 80 + i, name: m.name, host: def.Host, kind: "text"}
		c.path = s.listPath(c)
		if m.code == "search" {
			c.path, _, _ = strings.Cut(searchLinks[def.Style], "?")
		}
		s.miscs[m.code] = c
	}
	if err := s.addReports(); err != nil {
		return nil, err
	}
	if err := s.addPlanted(); err != nil {
		return nil, err
	}
	for _, c := range s.allColumns() {
		sort.SliceStable(c.items, func(i, j int) bool { return c.items[i].date.After(c.items[j].date) })
	}
	return s, nil
}

// searchLinks are the site-search entries of the styles (TRS WAS5, Hanweb
// jrobot, Kaipuyun search4, an ASP search page).
var searchLinks = map[string]string{"trs": "/was5/web/search?channelid=200001", "hanweb": "/jrobot/search.do?webid=3",
	"kaipuyun": "/search4/index.shtml", "table2016": "/search.asp"}

// misc returns the single page with the given code (lxwm, wzdt).
func (s *site) misc(code string) *column { return s.miscs[code] }

// allColumns returns content and platform columns.
func (s *site) allColumns() []*column {
	out := append([]*column(nil), s.cols...)
	for _, c := range []*column{s.plat.hub, s.plat.zn, s.plat.zd, s.plat.statutory, s.plat.report, s.plat.apply} {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}

func (s *site) fillColumn(c *column) error {
	cd := c.def
	switch cd.Page {
	case "guide":
		return s.fillGuides(c)
	case "doc":
		pool := s.cat.Content.Policies[cd.Policy]
		if len(pool) == 0 {
			return fmt.Errorf("site %s column %s: unknown policy pool %q", s.def.ID, cd.Code, cd.Policy)
		}
		for i := 0; i < cd.Count; i++ {
			n := (i + s.def.Seed) % len(pool)
			it := s.newItem(c, "doc", cd.Newest+i*cd.Step, n)
			it.policy = &pool[n]
			it.title = s.expand(pool[n].Title, it)
		}
		return nil
	}
	pool := s.cat.Content.Pools[cd.Pool]
	if cd.Count > 0 && len(pool) == 0 {
		return fmt.Errorf("site %s column %s: unknown pool %q", s.def.ID, cd.Code, cd.Pool)
	}
	for i := 0; i < cd.Count; i++ {
		n := (i + s.def.Seed + c.idx) % len(pool)
		it := s.newItem(c, "article", cd.Newest+i*cd.Step, n)
		it.title = s.expand(pool[n], it)
	}
	return nil
}

// fillGuides adds the site's service guides to c.
func (s *site) fillGuides(c *column) error {
	set, ok := s.cat.Guides.Sets[s.def.Guides]
	if !ok || len(set.Updated) < len(set.Guides) {
		return fmt.Errorf("site %s: guide set %q missing or without update ages", s.def.ID, s.def.Guides)
	}
	for i, g := range set.Guides {
		it := s.newItem(c, "guide", set.Updated[i], i)
		it.guide = g
		it.title = s.expand(fmt.Sprint(g["事项名称"]), it)
	}
	return nil
}

// newItem appends an item dated `days` before as-of to c.
func (s *site) newItem(c *column, kind string, days, n int) *item {
	s.nextID++
	it := &item{id: s.nextID, col: c, kind: kind, host: c.host, n: n, seq: len(c.items)}
	it.date = s.asOf.AddDate(0, 0, -days).Add(time.Duration(8+it.id%9)*time.Hour + time.Duration(it.id*7%60)*time.Minute)
	c.items = append(c.items, it)
	it.path = s.itemPath(c, it)
	return it
}

func (s *site) buildPlatform() {
	base := "zwgk/"
	host := s.def.Host
	if s.def.Platform.Host != "" {
		base, host = "", s.def.Platform.Host
	}
	next := 90
	mk := func(code, name, kind string) *column {
		next++
		c := &column{def: columnDef{Code: strings.TrimSuffix(base+code, "/"), Name: name}, idx: next, name: name, host: host, kind: kind}
		c.path = s.listPath(c)
		return c
	}
	p := &s.plat
	p.hub = mk("", "政府信息公开", "hub")
	p.hub.def.Type = "信息公开目录"
	has := map[string]bool{}
	for _, part := range s.def.Platform.Parts {
		has[part] = true
	}
	if has["guide"] {
		p.zn = mk("zfxxgkzn", "政府信息公开指南", "zn")
		p.zn.def.Type = "信息公开指南"
	}
	if has["system"] {
		p.zd = mk("zfxxgkzd", "政府信息公开制度", "list")
		p.zd.def.Type = "信息公开目录"
		for i, days := range []int{210, 530, 860} {
			pool := s.cat.Content.Pools["system"]
			it := s.newItem(p.zd, "article", days, i%len(pool))
			it.title = s.expand(pool[i%len(pool)], it)
		}
	}
	if has["statutory"] {
		p.statutory = mk("fdzdgknr", "法定主动公开内容", "statutory")
		p.statutory.def.Type = "信息公开目录"
	}
	if has["report"] {
		p.report = mk("zfxxgknb", "政府信息公开年报", "list")
		p.report.def.Type = "信息公开年报"
	}
	p.apply = mk("ysqgk", "依申请公开", "apply")
	p.apply.def.Type = "依申请公开"
}

// addReports dates each annual report before its legal deadline (31 Jan for
// departments, 31 Mar for governments) and never after as-of.
func (s *site) addReports() error {
	target := s.plat.report
	if s.def.ReportsColumn != "" {
		target = s.byCode[s.def.ReportsColumn]
	}
	if len(s.def.Reports) == 0 {
		return nil
	}
	if target == nil {
		return fmt.Errorf("site %s: annual reports have no column", s.def.ID)
	}
	month := time.March
	if s.def.Kind == "department" {
		month = time.January
	}
	for _, back := range s.def.Reports {
		year := s.asOf.Year() - back
		pub := time.Date(year+1, month, 20, 0, 0, 0, 0, s.asOf.Location())
		if latest := s.asOf.AddDate(0, 0, -1); pub.After(latest) {
			pub = latest
		}
		days := int(s.asOf.Sub(pub).Hours() / 24)
		it := s.newItem(target, "report", days, year)
		it.title = s.def.Name + strconv.Itoa(year) + "年政府信息公开工作年度报告"
	}
	return nil
}

// addPlanted adds the planted links and list items of the site definition.
func (s *site) addPlanted() error {
	for _, p := range s.def.Planted {
		c := s.byCode[p.Column]
		if c == nil || p.Item >= len(c.items) {
			return fmt.Errorf("site %s: planted link target %s/%d does not exist", s.def.ID, p.Column, p.Item)
		}
		it := c.items[p.Item]
		it.label, it.links = p.Label, p.Links
	}
	for _, e := range s.def.ExtraItems {
		c := s.byCode[e.Column]
		if c == nil {
			return fmt.Errorf("site %s: extra item column %s does not exist", s.def.ID, e.Column)
		}
		it := s.newItem(c, "article", e.Days, 0)
		it.title, it.href, it.path = e.Title, e.Href, ""
	}
	return nil
}
