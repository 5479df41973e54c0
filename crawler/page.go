package crawler

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/snapshot"
	"gongkai/crawler/urls"
)

// pageResult is one processed frontier URL, fetched now or read back from
// the journal.
type pageResult struct {
	page     *snapshot.Page
	verdicts []snapshot.Link    // link verdicts judged from this fetch
	home     *snapshot.SiteHome // for the homepage
	offset   int64              // where the page record is in the journal
	replayed bool               // read from the journal
	aborted  bool               // the context ended: nothing recorded
	err      error              // the journal could not be written
}

func timeNow() time.Time { return time.Now().UTC() }

// fetchPage fetches one page and reduces it to its facts.
func (c *siteCrawl) fetchPage(ctx context.Context, u string, depth int) *pageResult {
	resp, err := c.env.client.Fetch(ctx, fetch.Request{URL: u})
	return c.pageOf(ctx, u, depth, resp, err)
}

// pageOf reduces the outcome of fetching u (resp and err as Fetch
// returned them) to the page's facts and journals them.
func (c *siteCrawl) pageOf(ctx context.Context, u string, depth int, resp *fetch.Response, err error) *pageResult {
	if ctx.Err() != nil {
		return &pageResult{aborted: true}
	}
	if resp != nil && resp.FinalURL == u {
		resp.FinalURL = u // share the level's memory: the link checker keeps it
	}
	p := &snapshot.Page{URL: u, FinalURL: u, Depth: depth, FetchedAt: timeNow(), OffSite: c.onGuideHost(u)}
	r := &pageResult{page: p}
	v := verdictOf(u, c.env.checker.Record(ctx, u, resp, err))
	r.verdicts = append(r.verdicts, v)
	if err != nil {
		p.Status, p.Error = fetch.Classify(err), err.Error()
		c.log.Debug("page failed", slog.String("url", u), slog.String("status", string(p.Status)), slog.Any("error", err))
	} else {
		fillFetch(p, resp)
		p.OffSite = c.onGuideHost(p.FinalURL)
		p.Status = pageStatus(resp, v)
		if p.Status != snapshot.StatusOK {
			p.Error = v.Error
		}
		if resp.Truncated {
			p.Error = fmt.Sprintf("body over the %s cap: its start was read", sizeText(resp.Bytes))
		}
		c.noteRetryAfter(p, resp)
		if resp.FinalURL != u && c.scope.crawlable(resp.FinalURL) {
			// The last hop answered for FinalURL too: judge it from this
			// fetch so that a link to it is not requested again.
			hop := *resp
			hop.URL, hop.Redirects = resp.FinalURL, nil
			r.verdicts = append(r.verdicts, verdictOf(resp.FinalURL, c.env.checker.Record(ctx, resp.FinalURL, &hop, nil)))
		}
	}
	if depth == 0 {
		r.home = c.homeRecord(p, resp)
	}
	if err == nil && isHTML(resp.ContentType) {
		c.facts(ctx, p, resp.FinalURL, resp.Body)
	}
	if ctx.Err() != nil {
		return &pageResult{aborted: true}
	}
	r.offset, r.err = c.journal.Append(r.entries()...)
	return r
}

// noteRetryAfter records a Retry-After the fetch did not wait for.
func (c *siteCrawl) noteRetryAfter(p *snapshot.Page, resp *fetch.Response) {
	if resp.RetryAfter <= 0 {
		return
	}
	note := fmt.Sprintf("HTTP %d asked to retry after %v, over the cap: not waited for", resp.Status, resp.RetryAfter)
	p.Error = cmp.Or(p.Error+"; ", "") + note
	c.caps.add(snapshot.CapRetryAfter, p.URL+": "+note)
}

// entries are the journal records of a fetched page.
func (r *pageResult) entries() []snapshot.Entry {
	out := make([]snapshot.Entry, 0, 2+len(r.verdicts))
	out = append(out, snapshot.Entry{Page: r.page})
	for i := range r.verdicts {
		out = append(out, snapshot.Entry{Verdict: &r.verdicts[i]})
	}
	if r.home != nil {
		out = append(out, snapshot.Entry{Home: r.home})
	}
	return out
}

// fillFetch copies the fetch outcome into p.
func fillFetch(p *snapshot.Page, resp *fetch.Response) {
	p.FinalURL = resp.FinalURL
	p.HTTPStatus = resp.Status
	p.Redirects = resp.Redirects
	p.ContentType = resp.ContentType
	p.Charset = resp.Charset
	p.Bytes = resp.Bytes
	p.LastModified = resp.Header.Get("Last-Modified")
}

// pageStatus classifies a fetched page by its answer and its verdict.
func pageStatus(resp *fetch.Response, v snapshot.Link) snapshot.Status {
	switch {
	case v.Blocked:
		return snapshot.StatusBlocked
	case resp.Status >= http.StatusBadRequest:
		return snapshot.StatusHTTPError
	case resp.Truncated:
		return snapshot.StatusTooLarge
	}
	return snapshot.StatusOK
}

// homeRecord derives the homepage probe and the site status from the
// homepage fetch (before rendering: a page the browser could not render
// was still served).
func (c *siteCrawl) homeRecord(p *snapshot.Page, resp *fetch.Response) *snapshot.SiteHome {
	probe := snapshot.HomeProbe{URL: p.URL, FinalURL: p.FinalURL, Status: p.Status,
		HTTPStatus: p.HTTPStatus, Error: p.Error, TLSError: c.tlsErr}
	if resp != nil {
		probe.Duration = resp.Duration
		probe.HTTPS = strings.HasPrefix(resp.FinalURL, "https://")
	}
	return &snapshot.SiteHome{Probe: probe, Status: p.Status, Error: p.Error}
}

// isHTML reports whether a media type is an HTML document.
func isHTML(contentType string) bool {
	ct := strings.ToLower(contentType)
	return ct == "text/html" || ct == "application/xhtml+xml"
}

// facts extracts the page facts from body (UTF-8), rendering the page
// first when the configuration asks for it. A document over one of
// htmlfacts' bounds is too_large (its facts are those of the part within
// them) and is not rendered.
func (c *siteCrawl) facts(ctx context.Context, p *snapshot.Page, base string, body []byte) {
	f, err := htmlfacts.Extract(base, body)
	if err != nil {
		c.log.Warn("page facts", slog.String("url", p.URL), slog.Any("error", err))
		p.Error = "extract: " + err.Error()
		return
	}
	f.Apply(p)
	if len(f.Limits) > 0 && (p.Status == snapshot.StatusOK || p.Status == snapshot.StatusTooLarge) {
		p.Status = snapshot.StatusTooLarge
		p.Error = cmp.Or(p.Error+"; ", "") + "document over the parser's bounds: " + strings.Join(f.Limits, "; ")
	}
	c.render(ctx, p, f.Hints)
}

// emit processes one journaled page in crawl order: record its place and
// verdicts, turn its anchors into links and next-level candidates.
func (c *siteCrawl) emit(r *pageResult) {
	p := r.page
	c.order = append(c.order, r.offset)
	if r.home != nil {
		c.homeRec = r.home
	}
	for _, v := range r.verdicts {
		c.links.judge(v.URL, v)
	}
	if p.FinalURL != p.URL && p.FinalURL != "" {
		c.links.markSeen(p.FinalURL)
		if p.Depth == 0 {
			c.scope.add(p.FinalURL) // a homepage moved to another domain takes its scope along
		}
	}
	c.stats.PagesFetched++
	failed := p.Status != snapshot.StatusOK && p.Status != snapshot.StatusTooLarge
	if failed {
		c.stats.PagesFailed++
	}
	if p.Rendered {
		c.stats.Rendered++
	}
	c.env.progress.page(failed)
	if !r.replayed {
		c.env.observe.PageFetched(p)
	}
	answered := p.HTTPStatus >= 200 && p.HTTPStatus < 400
	if c.onGuideHost(p.FinalURL) {
		for _, a := range p.Anchors {
			c.guideAnchor(p, a, answered)
		}
		return
	}
	follow := answered && c.scope.inScope(p.FinalURL)
	for _, a := range p.Anchors {
		c.anchor(p, a, follow)
	}
}

// anchor records one reference of page p.
func (c *siteCrawl) anchor(p *snapshot.Page, a snapshot.Anchor, follow bool) {
	if a.Tag == "form" {
		// A form action is a search entry the checks read from the page,
		// not a link: requesting it without its query would report a
		// working search as dead, and its entry would shadow the a-link
		// to the same URL in the link table.
		return
	}
	in, internal := c.scope.classify(a.URL)
	r := c.links.reference(a.URL)
	if r.index < 0 {
		c.caps.add(snapshot.CapLinks, fmt.Sprintf("more than %d distinct links: the others are not recorded", maxSiteLinks))
		return
	}
	crawlable := (in || c.frontier.guideBudget() && c.guides.match(a.URL)) && !urls.IsAttachment(a.URL)
	if r.first {
		link := snapshot.Link{URL: a.URL, FromURL: p.URL, Text: a.Text, Tag: a.Tag,
			Internal: internal, OnHomepage: p.Depth == 0, Level: p.Depth + 2}
		if err := c.links.add(&link); err != nil {
			c.fail(err)
		}
		if !crawlable {
			c.links.queueCheck(r.index, strings.Clone(a.URL))
			return
		}
	}
	if !crawlable || !follow || !followTag(a.Tag) || r.seen {
		return
	}
	if !c.links.markSeen(a.URL) {
		return
	}
	switch c.frontier.offer(a.URL, p.Depth) {
	case refusedDepth:
		c.stats.PagesSkipped++
	case refusedCandidates:
		c.skipCandidate()
	}
}

// skipCandidate records a new link the frontier refused as over the bound
// of one level's candidates.
func (c *siteCrawl) skipCandidate() {
	c.stats.PagesSkipped++
	c.caps.add(snapshot.CapLinks, fmt.Sprintf("more than %d MiB of new links on one level: the others are not crawled", maxCandidateBytes>>20))
}

// sizeText writes a byte count for people: 256 KiB, 8 MiB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
