package sampleweb

import (
	"fmt"
	"strconv"
)

// soft404Key is where a site's soft-404 page is kept in its page set.
const soft404Key = "\x00soft404"

func (b *builder) lists() error {
	s := b.s
	for _, c := range s.allColumns() {
		if c.kind != "list" {
			continue
		}
		d := listData{Name: c.name, Total: len(c.items), Docs: c.def.Page == "doc", Static: s.def.StaticLists}
		d.Parent, d.Side = s.sideNav(c)
		for _, it := range c.items {
			lv := linkView{Text: it.title, URL: s.itemHref(c.host, it), Date: s.listDate(it.date)}
			if it.policy != nil {
				lv.Extra = s.docNumber(it)
			}
			d.Items = append(d.Items, lv)
		}
		d.UnitID = strconv.Itoa(8000000 + s.colID(c)%100000)
		l := b.layout(c.host, b.title(c.name))
		l.Col = s.colMeta(c)
		l.Crumbs = s.crumbs(c)
		if err := b.emit(c.host, c.path, "list", d, l, "gbk"); err != nil {
			return err
		}
	}
	return nil
}

// sideNav is the column menu of a list page: its siblings. Sites whose menus
// are built by script have none in the static HTML.
func (s *site) sideNav(c *column) (string, []linkView) {
	if s.def.JSNav {
		return c.name, nil
	}
	var sibs []*column
	parent := "栏目导航"
	switch {
	case c.def.Statutory:
		parent = "法定主动公开内容"
		for _, x := range s.cols {
			if x.def.Statutory {
				sibs = append(sibs, x)
			}
		}
	case c == s.plat.zd || c == s.plat.report:
		parent, sibs = "政府信息公开", s.platformCols()
	default:
		for _, x := range s.cols {
			if x.def.Nav {
				sibs = append(sibs, x)
			}
		}
	}
	var out []linkView
	for _, x := range sibs {
		out = append(out, linkView{Text: x.name, URL: s.href(c.host, x.host, x.path)})
	}
	return parent, out
}

// crumbs is the location trail of a column's pages.
func (s *site) crumbs(c *column) []linkView {
	out := []linkView{{Text: "首页", URL: s.href(c.host, s.def.Host, "/")}}
	hub, st := s.plat.hub, s.plat.statutory
	if c != hub && (c.def.Statutory || s.isPlatform(c)) {
		out = append(out, linkView{Text: hub.name, URL: s.href(c.host, hub.host, hub.path)})
	}
	if c.def.Statutory && st != nil {
		out = append(out, linkView{Text: st.name, URL: s.href(c.host, st.host, st.path)})
	}
	return append(out, linkView{Text: c.name, URL: c.path})
}

// isPlatform tells whether c is one of the parts of the disclosure platform.
func (s *site) isPlatform(c *column) bool {
	for _, p := range s.platformCols() {
		if p == c {
			return true
		}
	}
	return false
}

func (s *site) colMeta(c *column) *colMeta {
	return &colMeta{Name: c.name, Type: orDefault(c.def.Type, c.name), Desc: s.def.Name + c.name + "栏目",
		Keywords: s.def.Place + "，" + c.name}
}

func (b *builder) platformPages() error {
	s := b.s
	p := s.plat
	var stat []boxView
	for _, c := range s.cols {
		if c.def.Statutory {
			stat = append(stat, boxView{Title: c.name, More: s.href(p.hub.host, c.host, c.path), Items: b.itemLinks(p.hub.host, c, 5, s.listDate)})
		}
	}
	l := b.layout(p.hub.host, b.title(p.hub.name))
	l.Col, l.Crumbs = s.colMeta(p.hub), s.crumbs(p.hub)
	if err := b.emit(p.hub.host, p.hub.path, "hub", hubData{Parts: s.platformLinks(p.hub.host), Boxes: stat}, l, "gbk"); err != nil {
		return err
	}
	if p.statutory != nil {
		l := b.layout(p.statutory.host, b.title(p.statutory.name))
		l.Col, l.Crumbs = s.colMeta(p.statutory), s.crumbs(p.statutory)
		if err := b.emit(p.statutory.host, p.statutory.path, "statutory", hubData{Boxes: stat}, l, "gbk"); err != nil {
			return err
		}
	}
	if p.zn != nil {
		t := textData{Title: s.def.Name + "政府信息公开指南", Date: s.pubDate(s.asOf.AddDate(0, 0, -120).Add(9 * 3600e9)), Source: s.def.Footer.Sponsor}
		for _, para := range s.cat.Content.DisclosureGuide {
			t.Paras = append(t.Paras, s.expand(para, nil))
		}
		if err := b.textPage(p.zn, t); err != nil {
			return err
		}
	}
	t := textData{Title: "依申请公开", Date: s.pubDate(s.asOf.AddDate(0, 0, -150).Add(10 * 3600e9)), Source: s.def.Footer.Sponsor, Paras: []string{
		"公民、法人或者其他组织可以通过互联网、信函、当面等方式向" + s.def.Name + "申请获取政府信息。",
		"受理机构：" + s.def.Footer.Sponsor + "。地址：" + s.def.Footer.Address + "。电话：" + s.def.Footer.Phone + "。",
	}}
	if p.zn != nil {
		t.Links = []linkView{{Text: "查看政府信息公开指南", URL: s.href(p.apply.host, p.zn.host, p.zn.path)}}
	}
	return b.textPage(p.apply, t)
}

// textPage renders a single page (指南, 依申请公开, 联系我们 …). Only the
// platform's parts carry column metadata: the other single pages are not
// columns, so they cannot look like blank ones.
func (b *builder) textPage(c *column, t textData) error {
	l := b.layout(c.host, b.title(t.Title))
	l.Crumbs = b.s.crumbs(c)
	if b.s.isPlatform(c) {
		l.Col = b.s.colMeta(c)
	}
	if t.Date != "" {
		l.Art = &artMeta{Title: t.Title, PubDate: t.Date, Source: t.Source, Keywords: c.name, URL: b.s.url(c.host, c.path)}
	}
	return b.emit(c.host, c.path, "textpage", t, l, "")
}

func (b *builder) miscPages() error {
	s := b.s
	f := s.def.Footer
	updated := s.pubDate(s.asOf.AddDate(0, 0, -200).Add(9 * 3600e9))
	contact := textData{Title: "联系我们", Date: updated, Source: f.Sponsor, Paras: []string{
		"主办单位：" + f.Sponsor, "通讯地址：" + f.Address + "（邮编：" + f.Zip + "）",
		"联系电话：" + f.Phone + "　传真：" + f.Fax, "电子邮箱：" + f.Email,
	}, Links: []linkView{{Text: "发送电子邮件", URL: "mailto:" + f.Email}}}
	if err := b.textPage(s.misc("lxwm"), contact); err != nil {
		return err
	}
	if !s.def.JSNav {
		m := textData{Title: "网站地图", Date: updated, Source: f.Sponsor}
		m.Links = append(m.Links, s.nav(s.def.Host)...)
		for _, c := range append(s.cols, s.platformCols()...) {
			if !c.def.Nav {
				m.Links = append(m.Links, linkView{Text: c.name, URL: s.href(s.def.Host, c.host, c.path)})
			}
		}
		if err := b.textPage(s.misc("wzdt"), m); err != nil {
			return err
		}
	}
	search := textData{Title: "站内搜索", Paras: []string{"请输入关键字检索本站信息。支持按标题、全文、发文字号检索。"},
		Links: []linkView{{Text: "返回首页", URL: "/"}}}
	if err := b.textPage(s.misc("search"), search); err != nil {
		return err
	}
	for _, r := range s.def.Responses {
		if r.Title == "" {
			continue
		}
		c := &column{def: columnDef{Code: "bmfw", Name: "便民服务"}, name: "便民服务", host: s.def.Host, path: r.Path}
		t := textData{Title: r.Title, Paras: []string{fmt.Sprintf("%s服务已接入%s政务服务平台，请持本人身份证件登录后查询。", r.Title, s.def.Short)}}
		if err := b.textPage(c, t); err != nil {
			return err
		}
	}
	if s.def.NotFound == "soft" {
		l := b.layout(s.def.Host, "页面不存在")
		if err := b.emit(s.def.Host, soft404Key, "softnotfound", nil, l, ""); err != nil {
			return err
		}
	}
	return nil
}
