package checks

import (
	"fmt"

	"gongkai/crawler/snapshot"
)

// DeadLinksParams configures dead_links (链接不可用).
type DeadLinksParams struct {
	Scope        string `yaml:"scope" json:"scope"`                   // home: links on the homepage; other: links first seen elsewhere
	CountSoft404 bool   `yaml:"count_soft_404" json:"count_soft_404"` // a 200 page saying "not found" counts as dead
	InternalOnly bool   `yaml:"internal_only" json:"internal_only"`   // ignore links to other sites
}

func newDeadLinksParams() kindParams { return &DeadLinksParams{Scope: "home", CountSoft404: true} }

func (d *DeadLinksParams) validate(*Catalog) *paramError {
	if d.Scope != "home" && d.Scope != "other" {
		return perr("scope", "%q is not home or other", d.Scope)
	}
	return nil
}

// checkDeadLinks reports one failing instance per dead link in scope (dead,
// or soft 404 when counted). Links the crawler was refused (blocked: WAF,
// anti-bot) and links it did not check are never counted as dead.
func checkDeadLinks(p *pass) {
	dp := params[DeadLinksParams](p)
	where := "首页"
	if dp.Scope == "other" {
		where = "其他页面"
	}
	inScope, checked, blocked, dead := 0, 0, 0, 0
	funnels := p.site.funnels
	funnelSize := map[string]int{}
	for _, t := range funnels {
		funnelSize[t]++
	}
	for _, l := range p.site.snap.Links {
		if l.OnHomepage != (dp.Scope == "home") || (dp.InternalOnly && !l.Internal) {
			continue
		}
		inScope++
		switch {
		case l.Status == snapshot.StatusNotChecked:
			continue
		case l.Blocked:
			blocked++
			continue
		}
		checked++
		switch target, funnelled := funnels[l.URL]; {
		case l.Dead || (dp.CountSoft404 && l.Soft404):
			dead++
			p.fail(l.URL, "%s链接不可用：%s（%s；所在页面 %s）", where, linkLabel(l), linkStatus(l), l.FromURL)
		case dp.CountSoft404 && funnelled:
			dead++
			p.fail(l.URL, "%s链接不可用：%s（%s；所在页面 %s）", where, linkLabel(l), funnelNote(target, funnelSize[target]), l.FromURL)
		}
	}
	switch {
	case inScope == 0:
		p.ok("", "%s没有链接，未发现不可用链接", where)
		return
	case checked == 0:
		p.na("%s链接均未检查（%d个），无法判断", where, inScope)
		return
	}
	if dead == 0 {
		p.ok("", "检查%s链接%d个，未发现不可用链接%s", where, checked, blockedNote(blocked))
	}
}

func linkLabel(l snapshot.Link) string {
	if l.Text != "" {
		return "「" + l.Text + "」"
	}
	return "（" + l.Tag + "标签）"
}

func linkStatus(l snapshot.Link) string {
	switch {
	case l.Soft404 && !l.Dead:
		return fmt.Sprintf("HTTP %d，但页面内容为“页面不存在”（软404）", l.HTTPStatus)
	case l.HTTPStatus > 0:
		return fmt.Sprintf("HTTP %d", l.HTTPStatus)
	case l.Error != "":
		return string(l.Status) + "：" + l.Error
	}
	return string(l.Status)
}

func blockedNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("（另有%d个链接拒绝自动访问，未计入）", n)
}
