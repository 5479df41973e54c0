package render

import (
	"bytes"
	"net/http"
	"strings"
	"sync"

	"gongkai/crawler/fetch"
)

// Bounds of a site's asset cache: the site-wide scripts, style sheets,
// icons and fonts of a government site fit many times over; a site that
// fills it gets the rest fetched as before.
const (
	maxAssetBytes = 8 << 20 // per site
	maxAsset      = 1 << 20 // largest response kept
)

// assetCache keeps the static assets (the resource types of
// render.yaml's cached_types) that a site's pages fetched through the
// crawler's fetch path, so that the next page asking for one is answered
// without a new fetch: the same jquery.js, site.css and logo are on every
// page of a site, and each fetch waits for the site's politeness delay.
// It lives as long as the site's browser context (CloseSite ends both).
type assetCache struct {
	mu    sync.Mutex
	bytes int
	m     map[string]*fetch.Response // by canon URL
}

// newAssetCache returns an empty cache.
func newAssetCache() *assetCache { return &assetCache{m: map[string]*fetch.Response{}} }

// get returns the response kept for url, or nil.
func (c *assetCache) get(url string) *fetch.Response {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[canon(url)]
}

// put keeps resp for url when it is a whole, successful, storable response
// of the URL itself (not a redirect's) and there is room.
func (c *assetCache) put(url string, resp *fetch.Response) {
	if c == nil || !storable(url, resp) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	key := canon(url)
	if _, ok := c.m[key]; ok || c.bytes+len(resp.Body) > maxAssetBytes {
		return
	}
	// A copy: the fetch path may reuse its buffers, and the copy holds
	// no spare capacity.
	c.m[key] = &fetch.Response{
		URL: resp.URL, FinalURL: resp.FinalURL, Status: resp.Status, Header: resp.Header.Clone(),
		Body: bytes.Clone(resp.Body), Bytes: resp.Bytes,
	}
	c.bytes += len(resp.Body)
}

// storable reports whether resp may be kept: 200, not cut at the size
// cap, no redirect, small enough, and not marked no-store by the server.
func storable(url string, resp *fetch.Response) bool {
	if resp.Status != http.StatusOK || resp.Truncated || len(resp.Body) > maxAsset || len(resp.Redirects) > 0 {
		return false
	}
	if resp.FinalURL != "" && canon(resp.FinalURL) != canon(url) {
		return false
	}
	return !strings.Contains(strings.ToLower(resp.Header.Get("Cache-Control")), "no-store")
}
