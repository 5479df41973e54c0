package sampleweb

import (
	"fmt"
	"html/template"
	"time"
)

// Template data. Field names are what templates/*.html use.

type layoutData struct {
	Site       *siteView
	Title      string
	Col        *colMeta
	Art        *artMeta
	Crumbs     []linkView
	Nav        []linkView
	NavJS      template.JS // set: navigation is built by script from this array
	Main       template.HTML
	HomeURL    string
	SearchURL  string
	Maketime   string
	TemplateID string
	// MetaCharset is the charset the page declares in <meta http-equiv>
	// ("" = none; only the hanweb layout makes it optional).
	MetaCharset string
}

type siteView struct {
	Name, Domain, SiteCode string
	GovURL                 string
	Footer                 footerView
}

type footerView struct {
	Sponsor, Organizer, Address, Zip, Phone, Email string
	SiteCode, ICP, Police                          string
	ContactURL, SitemapURL, ZhaocuoURL             string
	ConacURL, ConacImg, ICPURL, PoliceURL          string
}

type colMeta struct{ Name, Type, Desc, Keywords string }

type artMeta struct{ Title, PubDate, Source, Keywords, Desc, URL string }

type linkView struct {
	Text, URL, Date string
	Extra           string // 文号 in document lists
}

type boxView struct {
	Title, More string
	Items       []linkView
}

type picView struct{ Src, Alt, URL string }

type homeData struct {
	Boxes    []boxView
	Platform []linkView
	Pics     []picView
	JS       template.JS
}

type listData struct {
	Name, Parent string
	Items        []linkView
	Total        int
	Side         []linkView
	Docs         bool
	UnitID       string
	Static       bool // hanweb: plain HTML list, no datastore
}

type articleData struct {
	Title, Date, Source string
	Views               int
	Image               string
	Paras               []string
	Attach              []linkView
	Label               string
	Links               []linkView
}

type docData struct {
	Header                   template.HTML
	Title, DocNo, Salutation string
	Issuer, Written, Label   string
	Paras                    []string
	Attach, Links            []linkView
}

type kv struct{ Label, Value string }

type guideRow struct {
	Label  string
	Values []string
}

type guideData struct {
	Title, Updated, Source string
	Table                  bool
	Rows                   []guideRow
}

type cell struct {
	Text     string
	Col, Row int
	Num      bool
}

type reportData struct {
	Title, Date, Source, Org              string
	Year                                  int
	Gov                                   bool
	Published, Policies, NewApps, Carried int
	CarryOver, Reviews, Suits             int
	T2, T3, T4                            [][]cell
}

type hubData struct {
	Parts []linkView
	Boxes []boxView
}

type textData struct {
	Title, Date, Source string
	Paras               []string
	Links               []linkView
}

// dateFormats are the ways the styles print dates: on the homepage, in
// lists, and as the article's 发布时间.
var dateFormats = map[string][3]string{
	"trs":       {"2006-01-02", "2006-01-02", "2006-01-02 15:04"},
	"hanweb":    {"[01-02]", "2006-01-02", "2006-01-02 15:04"},
	"kaipuyun":  {"2006-01-02", "2006年01月02日", "2006-01-02 15:04:05"},
	"table2016": {"(2006/01/02)", "(2006/01/02)", "2006-01-02 15:04"},
}

func (s *site) homeDate(t time.Time) string { return t.Format(dateFormats[s.def.Style][0]) }
func (s *site) listDate(t time.Time) string { return t.Format(dateFormats[s.def.Style][1]) }
func (s *site) pubDate(t time.Time) string  { return t.Format(dateFormats[s.def.Style][2]) }

// siteView is the site-wide part of every page served on host.
func (s *site) siteView(host string) *siteView {
	d := s.def
	f := d.Footer
	national := func(host, path string) string {
		return fmt.Sprintf("http://%s:%d%s", host, s.ports.HTTP, path)
	}
	v := &siteView{Name: d.Name, Domain: d.Host, SiteCode: f.SiteCode, GovURL: national("www.gov.cn", "/")}
	v.Footer = footerView{
		Sponsor: f.Sponsor, Organizer: f.Organizer, Address: f.Address, Zip: f.Zip, Phone: f.Phone, Email: f.Email,
		SiteCode: f.SiteCode, ICP: f.ICP, Police: f.Police,
		ContactURL: s.href(host, d.Host, s.misc("lxwm").path),
		ZhaocuoURL: national("zfwzzc.www.gov.cn", "/check_web/errorInfo_querySiteInfo.action?siteCode="+orDefault(f.SiteCode, "0000000000")),
		ConacURL:   national("bszs.conac.cn", fmt.Sprintf("/sitename?method=show&id=%s", s.hexID(0)[:32])),
		ConacImg:   national("bszs.conac.cn", "/image/red.png"),
		ICPURL:     national("beian.miit.gov.cn", "/"),
		PoliceURL:  national("www.beian.gov.cn", "/portal/registerSystemInfo?recordcode="+digits(f.Police)),
	}
	if !d.JSNav {
		v.Footer.SitemapURL = s.href(host, d.Host, s.misc("wzdt").path)
	}
	return v
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func digits(s string) string {
	var b []rune
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b = append(b, r)
		}
	}
	return string(b)
}
