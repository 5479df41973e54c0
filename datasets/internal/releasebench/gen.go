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

// generator yields realistic links rows in (site_id, url) order, the same
// for every variant: 1,000 links per site, mostly internal pages, some
// images and attachments, a few dead, blocked or unchecked. It makes one
// site at a time and sorts it by URL, as the release writer requires.
type generator struct {
	next, total int64
	rng         *rand.Rand
	site        []datasets.LinkRow // the current site's rows, sorted
}

func newGenerator(total int64) *generator {
	return &generator{total: total, rng: rand.New(rand.NewPCG(1, 2))}
}

// fill writes the next rows into buf and returns how many.
func (g *generator) fill(buf []datasets.LinkRow) int {
	n := 0
	for n < len(buf) && g.next < g.total {
		if len(g.site) == 0 {
			g.makeSite(g.next / linksPerSite)
		}
		k := copy(buf[n:], g.site[:min(len(g.site), int(g.total-g.next))])
		g.site = g.site[k:]
		g.next += int64(k)
		n += k
	}
	return n
}

func (g *generator) makeSite(s int64) {
	g.site = g.site[:0]
	site := "gov-" + pad(s, 5)
	host := "www." + site + ".gov.cn"
	for j := range int64(linksPerSite) {
		g.site = append(g.site, g.row(s, j, site, host))
	}
	slices.SortFunc(g.site, func(a, b datasets.LinkRow) int { return strings.Compare(a.URL, b.URL) })
}

func (g *generator) row(s, j int64, site, host string) datasets.LinkRow {
	i := s*linksPerSite + j
	home := "https://" + host + "/"
	r := g.rng.IntN(1000)
	l := datasets.LinkRow{
		SiteID: site, FromURL: home + pages[g.rng.IntN(len(pages))], Text: texts[g.rng.IntN(len(texts))],
		Tag: "a", Host: host, Internal: r < 900, OnHomepage: j < 120, Level: 2 + min(j/120, 1),
		CrawlStatus: "ok", Verdict: datasets.VerdictOK, Attempts: 1,
	}
	switch {
	case r < 80:
		l.URL = home + "images/" + pad(j, 6) + "_" + pad(int64(r), 3) + ".jpg"
		l.Tag = "img"
	case r < 120:
		l.URL = home + "files/" + pad(j, 6) + "/P0202611" + pad(int64(r), 6) + ".pdf"
	default:
		l.URL = home + "art/2026/11/t20261120_" + pad(j, 6) + "_" + pad(int64(r), 3) + ".html"
	}
	checked := genStart.Add(time.Duration(i) * 37 * time.Millisecond)
	status := int64(200)
	switch {
	case r%97 == 0:
		status, l.Dead, l.Verdict, l.Error, l.Attempts = 404, true, datasets.VerdictDead, "http 404", 2
	case r%211 == 0:
		status, l.Blocked, l.Verdict, l.CrawlStatus = 403, true, datasets.VerdictBlocked, "blocked"
	case r%331 == 0:
		l.CrawlStatus, l.Verdict = "not_checked", datasets.VerdictNotChecked
	}
	if l.CrawlStatus != "not_checked" {
		l.Status, l.CheckedAt = &status, &checked
		if r%5 == 0 {
			l.FinalURL = l.URL + "?from=" + site
		}
	}
	return l
}

// pad formats n with at least width digits.
func pad(n int64, width int) string {
	s := strconv.FormatInt(n, 10)
	if len(s) >= width {
		return s
	}
	return strings.Repeat("0", width-len(s)) + s
}
