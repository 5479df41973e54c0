package sampleweb

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"sync"
	"time"
)

// page is one prepared HTTP answer. Site pages render on first use (lazy),
// then keep their bytes: Start stays fast and output stays deterministic.
type page struct {
	status int
	ctype  string
	body   []byte
	lazy   func() ([]byte, error)
	once   sync.Once
	err    error
}

// content returns the page's bytes, rendering them the first time.
func (p *page) content() ([]byte, error) {
	p.once.Do(func() {
		if p.lazy != nil {
			p.body, p.err = p.lazy()
			p.lazy = nil
		}
	})
	return p.body, p.err
}

// pageSet holds a site's pages: host -> path -> page.
type pageSet map[string]map[string]*page

func (ps pageSet) add(host, path string, p *page) {
	if ps[host] == nil {
		ps[host] = map[string]*page{}
	}
	ps[host][path] = p
}

// builder renders the pages of one site.
type builder struct {
	s      *site
	r      *renderer
	assets *assetSet
	pages  pageSet
	frames map[string]frame // per host: the parts every page shares
	mu     sync.Mutex       // guards frames (trap pages are built concurrently)
}

// frame is the site-wide part of the pages of one host.
type frame struct {
	site *siteView
	nav  []linkView
}

// buildPages renders every page of s.
func buildPages(s *site, r *renderer, a *assetSet) (pageSet, error) {
	b := &builder{s: s, r: r, assets: a, pages: pageSet{}}
	steps := []func() error{b.home, b.lists, b.items, b.platformPages, b.miscPages}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("site %s: %w", s.def.ID, err)
		}
	}
	for host := range b.pages {
		a.addTo(b.pages, host, s.def.Style)
	}
	return b.pages, nil
}

// layout returns the frame of a page on host.
func (b *builder) layout(host, title string) *layoutData {
	s := b.s
	b.mu.Lock()
	f, ok := b.frames[host]
	if !ok {
		f = frame{site: s.siteView(host), nav: s.nav(host)}
		if b.frames == nil {
			b.frames = map[string]frame{}
		}
		b.frames[host] = f
	}
	b.mu.Unlock()
	l := &layoutData{Site: f.site, Title: title, Nav: f.nav, HomeURL: s.href(host, s.def.Host, "/"),
		SearchURL: s.href(host, s.def.Host, searchLinks[s.def.Style]),
		Maketime:  s.asOf.AddDate(0, 0, -1).Format("2006-01-02 15:04:05"), TemplateID: s.hexID(-1)}
	if s.def.JSNav {
		l.NavJS = s.navJS()
	}
	if s.def.Style == "hanweb" {
		l.MetaCharset = "UTF-8"
	}
	return l
}

// emit stores one page, rendered on first use. gbkMeta is the charset a
// GBK page declares in its <meta> ("" = none).
func (b *builder) emit(host, path, kind string, body any, l *layoutData, gbkMeta string) error {
	b.pages.add(host, path, &page{status: 200, ctype: b.ctype(), lazy: func() ([]byte, error) {
		return b.renderBody(kind, body, l, gbkMeta)
	}})
	return nil
}

// render renders one page now.
func (b *builder) render(kind string, body any, l *layoutData, gbkMeta string) (*page, error) {
	out, err := b.renderBody(kind, body, l, gbkMeta)
	if err != nil {
		return nil, err
	}
	return &page{status: 200, ctype: b.ctype(), body: out}, nil
}

// ctype is the Content-Type of the site's HTML pages. GBK pages declare no
// charset in the header: only their <meta>, or nothing, says GBK.
func (b *builder) ctype() string {
	if b.s.def.Charset == "gbk" {
		return "text/html"
	}
	return map[string]string{"trs": "text/html; charset=utf-8", "hanweb": "text/html; charset=UTF-8",
		"kaipuyun": "text/html;charset=UTF-8", "table2016": "text/html"}[b.s.def.Style]
}

// renderBody renders one page in the site's style and charset.
func (b *builder) renderBody(kind string, body any, l *layoutData, gbkMeta string) ([]byte, error) {
	if b.s.def.Charset == "gbk" {
		l.MetaCharset = gbkMeta
	}
	out, err := b.r.document(b.s.def.Style, kind, body, l)
	if err != nil || b.s.def.Charset != "gbk" {
		return out, err
	}
	return encodeGBK(out)
}

func (b *builder) title(main string) string {
	if main == "" {
		return b.s.def.Name
	}
	switch b.s.def.Style {
	case "kaipuyun":
		return main + " | " + b.s.def.Name
	case "trs":
		return main + "_" + b.s.def.Name
	}
	return main
}

// nav is the main navigation as seen from a page on host.
func (s *site) nav(host string) []linkView {
	out := []linkView{{Text: "首页", URL: s.href(host, s.def.Host, "/")}}
	hub := s.plat.hub
	out = append(out, linkView{Text: hub.name, URL: s.href(host, hub.host, hub.path)})
	for _, c := range s.cols {
		if c.def.Nav {
			out = append(out, linkView{Text: c.name, URL: s.href(host, c.host, c.path)})
		}
	}
	return out
}

// navJS is the navigation array of the script-built menu: names and codes
// only, so no URL of a column appears in the static HTML.
func (s *site) navJS() template.JS {
	type entry struct {
		N string `json:"n"`
		C string `json:"c"`
	}
	out := []entry{{N: "首页"}, {N: s.plat.hub.name, C: s.plat.hub.def.Code}}
	for _, c := range s.cols {
		if c.def.Nav {
			out = append(out, entry{N: c.name, C: c.def.Code})
		}
	}
	return jsJSON(out)
}

func jsJSON(v any) template.JS {
	b, _ := json.Marshal(v) // plain structs of strings: cannot fail
	return template.JS(b)
}

func (b *builder) home() error {
	s := b.s
	host := s.def.Host
	h := homeData{}
	for _, c := range s.cols {
		if c.def.Home {
			h.Boxes = append(h.Boxes, boxView{Title: c.name, More: s.href(host, c.host, c.path), Items: b.itemLinks(host, c, 7, s.homeDate)})
		}
	}
	h.Platform = s.platformLinks(host)
	if hb := s.def.HomeBox; hb != nil {
		box := boxView{Title: hb.Title}
		for _, l := range hb.Links {
			box.Items = append(box.Items, linkView{Text: l.Text, URL: s.fill(l.Href)})
		}
		h.Boxes = append(h.Boxes, box)
		for _, im := range hb.Images {
			h.Pics = append(h.Pics, picView{Src: s.fill(im.Src), Alt: im.Alt, URL: "/"})
		}
	}
	if s.def.JSNav {
		h.JS = s.homeJS(h)
		h.Boxes, h.Platform = nil, nil
	}
	l := b.layout(host, b.title(""))
	l.Col = &colMeta{Name: "首页", Type: "首页", Desc: s.def.Name + "门户网站首页", Keywords: s.def.Place + "，政府，首页"}
	return b.emit(host, "/", "home", h, l, "gb2312")
}

// homeJS is the data of the script-built homepage boxes (shifan-js).
func (s *site) homeJS(h homeData) template.JS {
	type it struct {
		T string `json:"t"`
		F string `json:"f,omitempty"`
		U string `json:"u,omitempty"`
		D string `json:"d,omitempty"`
	}
	type box struct {
		T string `json:"t"`
		C string `json:"c"`
		I []it   `json:"i"`
	}
	var out []box
	for _, c := range s.cols {
		if !c.def.Home {
			continue
		}
		bx := box{T: c.name, C: c.def.Code}
		for i, x := range c.items {
			if i == 7 {
				break
			}
			f := strings.TrimSuffix(strings.TrimPrefix(x.path, "/"+c.def.Code+"/"), ".html")
			bx.I = append(bx.I, it{T: x.title, F: f, D: s.homeDate(x.date)})
		}
		out = append(out, bx)
	}
	pb := box{T: "政府信息公开", C: s.plat.hub.def.Code}
	for _, c := range s.platformCols() {
		pb.I = append(pb.I, it{T: c.name, U: c.def.Code})
	}
	return jsJSON(append(out, pb))
}

// platformCols are the platform's pages in their canonical order.
func (s *site) platformCols() []*column {
	var out []*column
	for _, c := range []*column{s.plat.zn, s.plat.zd, s.plat.statutory, s.plat.report, s.plat.apply} {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}

func (s *site) platformLinks(host string) []linkView {
	var out []linkView
	for _, c := range s.platformCols() {
		out = append(out, linkView{Text: c.name, URL: s.href(host, c.host, c.path)})
	}
	return out
}

// itemLinks lists up to n items of c as seen from host, dated with format.
func (b *builder) itemLinks(host string, c *column, n int, format func(t time.Time) string) []linkView {
	var out []linkView
	for i, it := range c.items {
		if n > 0 && i == n {
			break
		}
		out = append(out, linkView{Text: it.title, URL: b.s.itemHref(host, it), Date: format(it.date)})
	}
	return out
}
