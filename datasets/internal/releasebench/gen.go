package main

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/datasets"
)

// linksPerSite is the typical number of distinct links of one site.
const linksPerSite = 1000

var (
	genStart = time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)
	texts    = []string{"通知公告", "政策文件", "政策解读", "工作动态", "办事服务", "政府信息公开指南", "网站地图",
		"关于印发《某某市优化营商环境若干措施》的通知", "2025年政府信息公开工作年度报告", "附件下载", "下一页"}
	pages = []string{"", "zwgk/", "zwgk/zcwj/", "zwgk/tzgg/", "bsfw/", "hdjl/", "xxgk/fdzdgknr/"}
)

// templates is the number of site shapes the generator rotates through.
const templates = 8

// generator yields realistic links rows in (site_id, url) order, the same
// for every variant: 1,000 links per site, mostly internal pages, some
// images and attachments, a few dead, blocked or unchecked. The paths of a
// site come from one of a few templates made (and sorted) once, so that
// making a row costs little next to writing it: per row, two string
// concatenations.
type generator struct {
	next, total int64
	shapes      [templates][]linkShape
}

// linkShape is the site-independent part of a link.
type linkShape struct {
	path, from string
	row        datasets.LinkRow // the fields that do not depend on the site
	status     int64
	finalURL   bool
}

func newGenerator(total int64) *generator {
	g := &generator{total: total}
	rng := rand.New(rand.NewPCG(1, 2))
	for t := range g.shapes {
		for j := range int64(linksPerSite) {
			g.shapes[t] = append(g.shapes[t], shape(rng, j))
		}
		slices.SortFunc(g.shapes[t], func(a, b linkShape) int { return strings.Compare(a.path, b.path) })
	}
	return g
}

func shape(rng *rand.Rand, j int64) linkShape {
	r := rng.IntN(1000)
	s := linkShape{from: pages[rng.IntN(len(pages))], status: 200, finalURL: r%5 == 0,
		row: datasets.LinkRow{Text: texts[rng.IntN(len(texts))], Tag: "a", Internal: r < 900, OnHomepage: j < 120,
			Level: 2 + min(j/120, 1), CrawlStatus: "ok", Verdict: datasets.VerdictOK, Attempts: 1}}
	switch {
	case r < 80:
		s.path = "images/" + pad(j, 6) + "_" + pad(int64(r), 3) + ".jpg"
		s.row.Tag = "img"
	case r < 120:
		s.path = "files/" + pad(j, 6) + "/P0202611" + pad(int64(r), 6) + ".pdf"
	default:
		s.path = "art/2026/11/t20261120_" + pad(j, 6) + "_" + pad(int64(r), 3) + ".html"
	}
	switch {
	case r%97 == 0:
		s.status, s.row.Dead, s.row.Verdict, s.row.Error, s.row.Attempts = 404, true, datasets.VerdictDead, "http 404", 2
	case r%211 == 0:
		s.status, s.row.Blocked, s.row.Verdict, s.row.CrawlStatus = 403, true, datasets.VerdictBlocked, "blocked"
	case r%331 == 0:
		s.status, s.row.CrawlStatus, s.row.Verdict = 0, "not_checked", datasets.VerdictNotChecked
	}
	return s
}

// fill writes the next rows into buf and returns how many.
func (g *generator) fill(buf []datasets.LinkRow) int {
	n := 0
	var site, host, home string
	for n < len(buf) && g.next < g.total {
		s, j := g.next/linksPerSite, g.next%linksPerSite
		if n == 0 || j == 0 {
			site = "gov-" + pad(s, 5)
			host = "www." + site + ".gov.cn"
			home = "https://" + host + "/"
		}
		sh := &g.shapes[s%templates][j]
		l := sh.row
		l.SiteID, l.Host, l.URL, l.FromURL = site, host, home+sh.path, home+sh.from
		if sh.status != 0 {
			status, checked := sh.status, genStart.Add(time.Duration(g.next)*37*time.Millisecond)
			l.Status, l.CheckedAt = &status, &checked
		}
		if sh.finalURL {
			l.FinalURL = l.URL + "?from=" + site
		}
		buf[n] = l
		g.next++
		n++
	}
	return n
}

// pad formats n with at least width digits.
func pad(n int64, width int) string {
	s := strconv.FormatInt(n, 10)
	if len(s) >= width {
		return s
	}
	return strings.Repeat("0", width-len(s)) + s
}
