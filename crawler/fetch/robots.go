package fetch

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/temoto/robotstxt"
)

// maxRobotsBytes is the part of a robots.txt that is parsed (Google reads
// 500 KiB).
const maxRobotsBytes = 500 << 10

// robotsCache holds one robots.txt per scheme and host.
type robotsCache struct {
	mu sync.Mutex
	m  map[string]*robotsEntry
}

// robotsEntry is filled once; done is closed when it is ready.
type robotsEntry struct {
	done      chan struct{}
	data      *robotstxt.RobotsData // nil: everything allowed
	abandoned bool                  // the loader's context ended; load again
}

func newRobotsCache() *robotsCache {
	return &robotsCache{m: make(map[string]*robotsEntry)}
}

// Allowed reports whether robots.txt of the URL's host allows user agent
// "gongkai" to fetch it. robots.txt is fetched once per scheme and host
// through Fetch (so the resolver, the guard and politeness apply) and
// cached. A 4xx answer allows everything; a 5xx answer, an unreachable
// host or an unparsable file allow everything and are logged. A
// Crawl-delay for gongkai (or *) lowers the host's request rate. With
// Config.IgnoreRobots it reports true without fetching. The error is
// non-nil only for a bad URL or an ended context.
func (c *Client) Allowed(ctx context.Context, rawURL string) (bool, error) {
	if c.cfg.IgnoreRobots {
		return true, nil
	}
	u, err := parseURL(rawURL)
	if err != nil {
		return false, fmt.Errorf("robots %s: %w", rawURL, err)
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
			return false, fmt.Errorf("robots %s: %w", rawURL, ctx.Err())
		}
		if e.abandoned {
			if err := ctx.Err(); err != nil {
				return false, fmt.Errorf("robots %s: %w", rawURL, err)
			}
			continue
		}
		if e.data == nil {
			return true, nil
		}
		return e.data.TestAgent(u.RequestURI(), RobotsAgent), nil
	}
}

// loadRobots fetches and parses key's robots.txt into e and applies its
// Crawl-delay.
func (c *Client) loadRobots(ctx context.Context, key string, e *robotsEntry) {
	defer close(e.done)
	robotsURL := key + "/robots.txt"
	resp, err := c.Fetch(ctx, Request{URL: robotsURL, Raw: true})
	switch {
	case err != nil && ctx.Err() != nil:
		c.robots.mu.Lock()
		delete(c.robots.m, key)
		c.robots.mu.Unlock()
		e.abandoned = true
		return
	case err != nil:
		c.log.Warn("robots.txt unreachable, allowing all", "url", robotsURL, "status", Classify(err), "error", err)
		return
	case resp.Status >= 500:
		c.log.Warn("robots.txt server error, allowing all", "url", robotsURL, "http_status", resp.Status)
		return
	case resp.Status >= 300:
		return // 4xx (and unfollowed 3xx): no rules
	}
	body := resp.Body[:min(len(resp.Body), maxRobotsBytes)]
	data, err := robotstxt.FromBytes(body)
	if err != nil {
		c.log.Warn("robots.txt unparsable, allowing all", "url", robotsURL, "error", err)
		return
	}
	e.data = data
	u, _ := parseURL(robotsURL)
	if g := data.FindGroup(RobotsAgent); g != nil && g.CrawlDelay > 0 {
		c.hosts.crawlDelay(hostKey(u), g.CrawlDelay)
	}
}
