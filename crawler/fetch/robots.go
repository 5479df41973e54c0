package fetch

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"

	"gongkai/crawler/snapshot"
)

// maxRobotsBytes is the part of a robots.txt that is parsed (Google reads
// 500 KiB).
const maxRobotsBytes = 500 << 10

// robotsCache holds one robots.txt per scheme and host.
type robotsCache struct {
	share RobotsShare // nil: read by this Client alone

	mu sync.Mutex
	m  map[string]*robotsEntry
}

// robotsEntry is filled once; done is closed when it is ready.
type robotsEntry struct {
	done      chan struct{}
	info      Robots
	data      *robotstxt.RobotsData // nil: no rules
	abandoned bool                  // the loader's context ended; load again
}

func newRobotsCache(share RobotsShare) *robotsCache {
	return &robotsCache{share: share, m: make(map[string]*robotsEntry)}
}

// Robots describes the robots.txt of one scheme and host as the Client
// read it (RFC 9309).
type Robots struct {
	URL        string
	Status     snapshot.Status // ok, http_error, or how the request failed
	HTTPStatus int
	Error      string
	Err        error // the error of the request, when it failed
	// DisallowAll is set when the answer means complete disallow: a server
	// error (5xx, or 429) after retries (RFC 9309 §2.3.1.4).
	DisallowAll bool
	// Unreachable is set when no HTTP answer came (DNS, connect, TLS,
	// timeout, the guard). RFC 9309 then assumes complete disallow; Allowed
	// leaves that to its caller and reports true, because the host's pages
	// fail the same way and a link check must say so (the crawler probes
	// the homepage and treats the site as disallowed if it answers).
	Unreachable bool
	// Bytes is the body size received, at most 500 KiB; Truncated is set
	// when there was more (the prefix is parsed, as Google does).
	Bytes     int64
	Truncated bool
	// CrawlDelay is the Crawl-delay asked of gongkai (or *); CrawlDelayUsed
	// the one applied, capped at Config.MaxCrawlDelay.
	CrawlDelay     time.Duration
	CrawlDelayUsed time.Duration
}

// Allowed reports whether robots.txt of the URL's host allows user agent
// "gongkai" to fetch it. robots.txt is fetched once per scheme and host
// through Fetch (so the resolver, the guard and politeness apply), at most
// 500 KiB of it, and cached. Following RFC 9309: a 4xx answer, a redirect
// loop or a bad redirect (robots.txt unavailable) allow everything; a 5xx
// or 429 answer disallows everything; an unreachable robots.txt is
// reported as allowed (see Robots.Unreachable). A Crawl-delay for gongkai
// (or *) lowers the host's request rate, capped at Config.MaxCrawlDelay.
// With Config.IgnoreRobots it reports true without fetching. The error is
// non-nil only for a bad URL or an ended context.
func (c *Client) Allowed(ctx context.Context, rawURL string) (bool, error) {
	if c.cfg.IgnoreRobots {
		return true, nil
	}
	u, e, err := c.robotsFor(ctx, rawURL)
	if err != nil {
		return false, err
	}
	switch {
	case e.info.DisallowAll:
		return false, nil
	case e.data == nil:
		return true, nil
	}
	return e.data.TestAgent(u.RequestURI(), RobotsAgent), nil
}

// RobotsOf returns what the Client read of the robots.txt that governs
// rawURL, fetching it if needed. With Config.IgnoreRobots it returns a
// zero Robots.
func (c *Client) RobotsOf(ctx context.Context, rawURL string) (Robots, error) {
	if c.cfg.IgnoreRobots {
		return Robots{}, nil
	}
	_, e, err := c.robotsFor(ctx, rawURL)
	if err != nil {
		return Robots{}, err
	}
	return e.info, nil
}

// robotsFor returns the parsed URL and the loaded robots.txt entry of its
// scheme and host.
func (c *Client) robotsFor(ctx context.Context, rawURL string) (*url.URL, *robotsEntry, error) {
	u, err := parseURL(rawURL)
	if err != nil {
		return nil, nil, fmt.Errorf("robots %s: %w", rawURL, err)
	}
	key := strings.ToLower(u.Scheme + "://" + u.Host)
	for {
		c.robots.mu.Lock()
		e, ok := c.robots.m[key]
		if !ok {
			e = &robotsEntry{done: make(chan struct{})}
			c.robots.m[key] = e
		}
		c.robots.mu.Unlock()
		if !ok {
			c.loadRobots(ctx, key, e)
		}
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, nil, fmt.Errorf("robots %s: %w", rawURL, ctx.Err())
		}
		if !e.abandoned {
			return u, e, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, nil, fmt.Errorf("robots %s: %w", rawURL, err)
		}
	}
}

// loadRobots reads key's robots.txt into e and applies its Crawl-delay.
func (c *Client) loadRobots(ctx context.Context, key string, e *robotsEntry) {
	defer close(e.done)
	e.info.URL = key + "/robots.txt"
	ans, err := c.robotsAnswer(ctx, key)
	if err != nil && ctx.Err() != nil {
		c.robots.mu.Lock()
		delete(c.robots.m, key)
		c.robots.mu.Unlock()
		e.abandoned = true
		return
	}
	c.applyRobots(e, ans, err)
}

// applyRobots reads ans, and the error of its request when it failed,
// into e.
func (c *Client) applyRobots(e *robotsEntry, ans RobotsAnswer, err error) {
	robotsURL := e.info.URL
	switch {
	case ans.Status == snapshot.StatusTooManyRedirs || ans.Status == snapshot.StatusBadRedirect:
		// RFC 9309 §2.3.1.2: after five redirects robots.txt may be taken
		// as unavailable, which allows everything.
		e.info.Status, e.info.Error, e.info.Err = ans.Status, ans.Error, err
		c.log.Warn("robots.txt redirects without end, allowing all", "url", robotsURL, "error", ans.Error)
		return
	case err != nil:
		e.info.Status, e.info.Error, e.info.Err = Classify(err), err.Error(), err
		e.info.Unreachable = true
		c.log.Warn("robots.txt unreachable", "url", robotsURL, "status", e.info.Status, "error", err)
		return
	}
	e.info.HTTPStatus, e.info.Bytes, e.info.Truncated = ans.HTTPStatus, ans.Bytes, ans.Truncated
	e.info.Status = snapshot.StatusOK
	switch {
	case ans.HTTPStatus >= 500 || ans.HTTPStatus == http.StatusTooManyRequests:
		// RFC 9309 §2.3.1.4 (Google treats 429 alike): complete disallow.
		e.info.Status, e.info.DisallowAll = snapshot.StatusHTTPError, true
		e.info.Error = fmt.Sprintf("robots.txt answered HTTP %d: complete disallow assumed (RFC 9309 2.3.1.4)", ans.HTTPStatus)
		c.log.Warn("robots.txt server error, disallowing all", "url", robotsURL, "http_status", ans.HTTPStatus)
		return
	case ans.HTTPStatus >= 400:
		e.info.Status = snapshot.StatusHTTPError
		return // unavailable: no rules (RFC 9309 §2.3.1.3)
	case ans.HTTPStatus >= 300:
		return // an unfollowed redirect: no rules
	}
	data, err := robotstxt.FromBytes(ans.Body)
	if err != nil {
		c.log.Warn("robots.txt unparsable, allowing all", "url", robotsURL, "error", err)
		return
	}
	e.data = data
	if g := data.FindGroup(RobotsAgent); g != nil && g.CrawlDelay > 0 {
		e.info.CrawlDelay = g.CrawlDelay
		e.info.CrawlDelayUsed = min(g.CrawlDelay, c.cfg.MaxCrawlDelay)
		u, _ := parseURL(robotsURL)
		c.hosts.crawlDelay(hostKey(u), e.info.CrawlDelayUsed)
	}
}
