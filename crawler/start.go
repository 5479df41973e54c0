package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"gongkai/crawler/fetch"
	"gongkai/crawler/snapshot"
)

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
