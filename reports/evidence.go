package reports

import "net/url"

// evidenceIndex finds what a site's crawl recorded about a URL: its page
// (by requested or final URL), its link and its host.
type evidenceIndex struct {
	d     *Data
	pages map[string]int // URL or final URL → index in Pages
	links map[string]int // URL → index in Links
	hosts map[string]int // host name → index in Hosts
}

func (d *Data) evidenceIndex(rows *siteRows) *evidenceIndex {
	ev := &evidenceIndex{d: d, pages: map[string]int{}, links: map[string]int{}, hosts: map[string]int{}}
	for _, i := range rows.pages {
		p := d.rel.Pages[i]
		ev.pages[p.URL] = i
		if _, ok := ev.pages[p.FinalURL]; !ok && p.FinalURL != "" {
			ev.pages[p.FinalURL] = i
		}
	}
	for _, i := range rows.links {
		ev.links[d.rel.Links[i].URL] = i
	}
	for _, i := range rows.hosts {
		ev.hosts[d.rel.Hosts[i].Host] = i
	}
	return ev
}

// of returns the evidence of a finding's URL, or nil for a site-level
// finding. A page that was fetched is preferred to a link that was
// checked (it has the redirect chain); a link's verdict is kept either way.
func (ev *evidenceIndex) of(u, shot string) *Evidence {
	if u == "" {
		return nil
	}
	e := &Evidence{URL: u, Screenshot: ev.d.screenshot(shot)}
	if i, ok := ev.pages[u]; ok {
		p := ev.d.rel.Pages[i]
		e.Source, e.Status, e.CrawlStatus, e.Error = "page", p.Status, p.CrawlStatus, p.Error
		e.FinalURL, e.Redirects, e.At = p.FinalURL, p.Redirects, p.FetchedAt
		if e.Screenshot == "" {
			e.Screenshot = ev.d.screenshot(p.Screenshot)
		}
	}
	if i, ok := ev.links[u]; ok {
		// The link check's verdict (dead, soft_404, ...) is the evidence
		// of a dead link even when the crawler fetched the URL as a page.
		l := ev.d.rel.Links[i]
		e.Verdict = l.Verdict
		if e.Source == "" {
			e.Source, e.Status, e.CrawlStatus, e.Error = "link", l.Status, l.CrawlStatus, l.Error
			e.FinalURL, e.At = l.FinalURL, l.CheckedAt
		}
	}
	if e.FinalURL == u {
		e.FinalURL = ""
	}
	if pu, err := url.Parse(u); err == nil {
		if i, ok := ev.hosts[pu.Hostname()]; ok {
			h := ev.d.rel.Hosts[i]
			e.Host = &h
		}
	}
	return e
}
