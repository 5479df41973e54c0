package linkcheck

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"gongkai/crawler/fetch"
)

// baseKind is what a host answers for a path that does not exist.
type baseKind int

const (
	baseNone baseKind = iota // an honest error (or no usable answer): no soft 404 by baseline
	baseHome                 // a redirect to the homepage
	basePage                 // a 200 page, compared with candidates
)

// baseline is a host's answer for a random missing path.
type baseline struct {
	kind   baseKind
	title  string     // stripped of volatile content
	text   shingleSet // of the stripped visible text
	main   shingleSet // of the stripped main text (the body without navigation and footer)
	target string     // where the missing path redirected to, when not the homepage
}

// origin returns scheme://host[:port] of u, lower-cased.
func origin(u *url.URL) string {
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// probeURL returns the random-looking missing path for the origin of u; the
// hex part is derived from the host so every run asks for the same URL.
func (c *Checker) probeURL(u *url.URL) string {
	sum := sha256.Sum256([]byte(strings.ToLower(u.Host)))
	return origin(u) + fmt.Sprintf(c.data.Soft404.ProbePath, hex.EncodeToString(sum[:8]))
}

// baseline returns the missing-page answer of u's origin, fetching it once
// per audit. It returns nil when the context ended before it was known.
func (c *Checker) baseline(ctx context.Context, u *url.URL) *baseline {
	key := origin(u)
	c.mu.Lock()
	b, ok := c.bases[key]
	c.mu.Unlock()
	if ok {
		return b
	}
	for range 2 { // a second round if the leader's context ended but ours did not
		v, _, _ := c.baseCalls.Do(key, func() (any, error) {
			c.mu.Lock()
			b, ok := c.bases[key]
			c.mu.Unlock()
			if ok {
				return b, nil
			}
			b = c.fetchBaseline(ctx, u)
			if ctx.Err() != nil {
				return (*baseline)(nil), nil
			}
			c.mu.Lock()
			c.bases[key] = b
			c.mu.Unlock()
			return b, nil
		})
		if b := v.(*baseline); b != nil || ctx.Err() != nil {
			return b
		}
	}
	return nil
}

// fetchBaseline requests the probe URL and reduces the answer to a baseline.
func (c *Checker) fetchBaseline(ctx context.Context, u *url.URL) *baseline {
	probe := c.probeURL(u)
	log := c.log.With(slog.String("url", probe))
	if ok, err := c.client.Allowed(ctx, probe); err == nil && !ok {
		log.Debug("soft-404 probe disallowed by robots.txt")
		return &baseline{}
	}
	resp, err := c.client.Fetch(ctx, fetch.Request{URL: probe, Method: http.MethodGet})
	if err != nil || resp.Status != http.StatusOK {
		log.Debug("host answers missing pages honestly", slog.Any("error", err))
		return &baseline{}
	}
	final, perr := url.Parse(resp.FinalURL)
	if perr == nil && len(resp.Redirects) > 0 && c.isHome(final.Path) {
		log.Debug("host redirects missing pages to the homepage")
		return &baseline{kind: baseHome}
	}
	if !isHTML(resp.ContentType, resp.Body) {
		return &baseline{}
	}
	body := resp.Body
	if c.maxBody > 0 && int64(len(body)) > c.maxBody {
		body = body[:c.maxBody]
	}
	title, text := PageText(body)
	log.Debug("host answers missing pages with 200", slog.String("title", title))
	cmp := c.data.compare
	b := &baseline{kind: basePage, title: cmp.Strip(title), text: shingles(c.seed, cmp.Strip(text))}
	if main := mainText(resp.FinalURL, body); main != "" {
		b.main = shingles(c.seed, cmp.Strip(main))
	}
	if perr == nil && len(resp.Redirects) > 0 {
		b.target = resp.FinalURL
	}
	return b
}
