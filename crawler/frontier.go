package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"gongkai/crawler/fetch"

	"gongkai/crawler/snapshot"
	"gongkai/crawler/urls"
)

// crawl runs the level-synchronous breadth-first crawl: every page of
// depth d is fetched (Workers at a time) and processed in sorted URL order;
// the next level is the sorted set of new in-scope links, cut by the trap
// guard, the pattern cap, MaxPages and robots.txt in that order. Neither
// the pages crawled nor their order depend on timing.
func (c *siteCrawl) crawl(ctx context.Context) error {
	if c.homeRec != nil && c.homeRec.Status == snapshot.StatusRobotsBlocked {
		return nil // journaled by an earlier run
	}
	proceed, err := c.start(ctx)
	if err != nil || !proceed {
		return err
	}
	c.links.markSeen(c.home)
	c.patterns[urls.PatternKey(c.home)]++
	c.planned = 1
	var home levelBuilder
	home.add(c.home)
	lv := home.level()
	for depth := 0; lv.len() > 0; depth++ {
		c.next.reset()
		if err := c.runLevel(ctx, depth, lv); err != nil {
			return err
		}
		if lv, err = c.admit(ctx, &c.next); err != nil {
			return err
		}
	}
	c.next = urlList{}
	return nil
}

// start reads the homepage's robots.txt and reports whether the site is
// crawled (RFC 9309):
//   - a robots.txt that disallows the homepage ends the site as
//     robots_blocked;
//   - one that answers a server error or cannot be reached means complete
//     disallow, but the homepage is requested once as the availability
//     probe: when it fails it is recorded as the site's failed homepage,
//     when it answers the site is robots_blocked;
//   - an https homepage whose TLS fails is tried at http://, as its users
//     would; when that answers, the site is crawled over http and the TLS
//     error kept in the home probe.
func (c *siteCrawl) start(ctx context.Context) (bool, error) {
	for {
		rb, err := c.env.client.RobotsOf(ctx, c.home)
		if err != nil {
			if ctx.Err() != nil {
				return false, ctx.Err()
			}
			return true, nil // a home URL robots.txt cannot be asked for: its fetch will say why
		}
		if !rb.DisallowAll {
			if allowed, err := c.env.client.Allowed(ctx, c.home); err == nil && !allowed {
				return false, c.robotsBlocked("robots.txt disallows the homepage for user agent gongkai", nil)
			}
		}
		c.noteRobots(rb)
		if !rb.Unreachable && !rb.DisallowAll {
			return true, nil
		}
		// Complete disallow (RFC 9309): robots.txt answered a server error
		// or could not be reached. The homepage is still asked once, as the
		// availability probe: a site that answers it is robots_blocked, a
		// site that fails it (a gateway answering 502 for every path) is
		// recorded as failing. A host that did not answer robots.txt for
		// want of a name, a connection or a TLS handshake does not answer
		// its homepage either: no second request (and timeout) for that.
		var resp *fetch.Response
		err = rb.Err
		if rb.DisallowAll || !hostFailure(rb.Status) {
			resp, err = c.env.client.Fetch(ctx, fetch.Request{URL: c.home})
		}
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		if err == nil && resp.Status < http.StatusBadRequest {
			why := rb.Error
			if rb.Unreachable {
				why = fmt.Sprintf("robots.txt unreachable (%s: %s): complete disallow assumed (RFC 9309 2.3.1.4)", rb.Status, rb.Error)
			}
			return false, c.robotsBlocked(why, resp)
		}
		if fetch.Classify(err) == snapshot.StatusTLSError && c.tlsErr == "" && c.tryHTTP(ctx, err) {
			continue
		}
		r := c.pageOf(ctx, c.home, 0, resp, err)
		switch {
		case r.aborted:
			return false, ctx.Err()
		case r.err != nil:
			return false, r.err
		}
		c.links.markSeen(c.home)
		c.planned = 1
		c.emit(r)
		return false, nil
	}
}

// hostFailure reports a status of a failure of the host itself (its name,
// its address, its TLS), not of one of its paths.
func hostFailure(st snapshot.Status) bool {
	switch st {
	case snapshot.StatusDNSError, snapshot.StatusRefused, snapshot.StatusTLSError, snapshot.StatusPrivate:
		return true
	}
	return false
}

// tryHTTP tries the http:// version of an https homepage that failed
// TLS with tlsErr, and switches the crawl to it when it answers over
// plain http. Only a homepage on the default port has an http version.
func (c *siteCrawl) tryHTTP(ctx context.Context, tlsErr error) bool {
	u, err := url.Parse(c.home)
	if err != nil || u.Scheme != "https" || (u.Port() != "" && u.Port() != "443") {
		return false
	}
	u.Scheme, u.Host = "http", u.Hostname()
	if strings.Contains(u.Host, ":") {
		u.Host = "[" + u.Host + "]"
	}
	plain := u.String()
	resp, err := c.env.client.Fetch(ctx, fetch.Request{URL: plain, NoRetry: true})
	if err != nil || !strings.HasPrefix(resp.FinalURL, "http://") {
		c.log.Info("https homepage failed TLS and has no http version", slog.String("url", plain), slog.Any("error", err))
		return false
	}
	c.log.Warn("https homepage failed TLS; crawling its http version", slog.String("url", plain), slog.Any("tls_error", tlsErr))
	c.tlsErr = tlsErr.Error()
	c.home = plain
	return true
}

// noteRobots records the robots.txt caps that applied.
func (c *siteCrawl) noteRobots(rb fetch.Robots) {
	if rb.Truncated {
		c.caps.add(snapshot.CapRobotsSize, fmt.Sprintf("%s is over %d KiB: its start was parsed", rb.URL, rb.Bytes>>10))
	}
	if rb.CrawlDelayUsed < rb.CrawlDelay {
		c.caps.add(snapshot.CapCrawlDelay, fmt.Sprintf("%s asks a Crawl-delay of %v: %v was used", rb.URL, rb.CrawlDelay, rb.CrawlDelayUsed))
	}
}

// robotsBlocked records a site robots.txt closes to gongkai: it is not
// crawled at all. resp is the homepage probe's answer, when one was made.
func (c *siteCrawl) robotsBlocked(why string, resp *fetch.Response) error {
	c.log.Warn("site closed by robots.txt", slog.String("url", c.home), slog.String("why", why))
	probe := snapshot.HomeProbe{URL: c.home, Status: snapshot.StatusRobotsBlocked, Error: why, TLSError: c.tlsErr}
	if resp != nil {
		probe.FinalURL, probe.HTTPStatus, probe.Duration = resp.FinalURL, resp.Status, resp.Duration
		probe.HTTPS = strings.HasPrefix(resp.FinalURL, "https://")
	}
	c.homeRec = &snapshot.SiteHome{Probe: probe, Status: snapshot.StatusRobotsBlocked, Error: why}
	c.stats.RobotsDisallowed++
	c.stats.PagesSkipped++
	_, err := c.journal.Append(snapshot.Entry{Home: c.homeRec})
	return err
}

// The reorder window, how many pages may be fetched ahead of the one
// processed next: 8 per worker, at most 64 (each holds a page's facts).
const (
	windowPerWorker = 8
	windowMax       = 64
)

// runLevel fetches the pages of one level, Workers at a time, and
// processes them in order. Each page is journaled as soon as it is
// fetched, so a killed crawl fetches again only the pages in flight; a
// slow page delays processing, but fetching runs on up to a window of
// window pages ahead.
func (c *siteCrawl) runLevel(ctx context.Context, depth int, lv level) error {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup // the producer and the fetches: none outlives the level
	defer func() { cancel(); wg.Wait() }()
	window := max(min(c.cfg.Workers*windowPerWorker, windowMax), c.cfg.Workers)
	queue := make(chan chan *pageResult, window-1)
	slots := make(chan struct{}, c.cfg.Workers)
	wg.Go(func() {
		defer close(queue)
		for i := range lv.len() {
			u := lv.url(i)
			ch := make(chan *pageResult, 1)
			r := c.replay.take(depth, u)
			if r != nil {
				ch <- r
			}
			select {
			case queue <- ch:
			case <-ctx.Done():
				return
			}
			if r != nil {
				continue
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			wg.Go(func() {
				defer func() { <-slots }()
				ch <- c.fetchPage(ctx, u, depth)
			})
		}
	})
	for ch := range queue {
		var r *pageResult
		select {
		case r = <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
		switch {
		case r.err != nil:
			return r.err
		case r.aborted:
			return ctx.Err()
		}
		c.emit(r)
	}
	return ctx.Err()
}

// admit turns the candidate links found on one level into the next level.
func (c *siteCrawl) admit(ctx context.Context, cands *urlList) (level, error) {
	sorted := cands.sorted()
	cands.reset()
	var next levelBuilder
	for i := range sorted.len() {
		u := sorted.url(i)
		if why := urls.TrapReason(u, c.env.asOf); why != "" {
			c.skipTrap(u, why)
			continue
		}
		key := urls.PatternKey(u)
		if c.cfg.PatternCap > 0 && c.patterns[key] >= c.cfg.PatternCap {
			c.skipTrap(u, "pattern cap: "+key)
			continue
		}
		if c.planned >= c.cfg.MaxPages {
			c.stats.BudgetExhausted = true
			c.stats.PagesSkipped++
			continue
		}
		guide := c.onGuideHost(u)
		if guide && !c.guideBudget() {
			c.stats.PagesSkipped++ // beyond the guide-host budget: checked as a link
			continue
		}
		ok, err := c.env.client.Allowed(ctx, u)
		if err != nil && ctx.Err() != nil {
			return level{}, ctx.Err()
		}
		if err == nil && !ok {
			if err := c.skipRobots(u); err != nil {
				return level{}, err
			}
			continue
		}
		c.patterns[key]++
		c.planned++
		if guide {
			c.guidePlanned++
		}
		next.add(u)
	}
	return next.level(), nil
}

func (c *siteCrawl) skipTrap(u, why string) {
	c.stats.TrapsSkipped++
	c.stats.PagesSkipped++
	c.log.Debug("trap skipped", slog.String("url", u), slog.String("reason", why))
}

// skipRobots records a link robots.txt disallows: it is neither crawled
// nor requested as a link.
func (c *siteCrawl) skipRobots(u string) error {
	c.stats.RobotsDisallowed++
	c.stats.PagesSkipped++
	v := snapshot.Link{URL: u, Status: snapshot.StatusRobotsBlocked, Error: "disallowed by robots.txt", CheckedAt: timeNow()}
	if c.links.judge(u, v) {
		_, err := c.journal.Append(snapshot.Entry{Verdict: &v})
		return err
	}
	return nil
}
