package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Request is one logical request.
type Request struct {
	// URL is the absolute http or https URL to fetch.
	URL string
	// Method is "GET" (the default when empty) or "HEAD".
	Method string
	// Family restricts the IP family connected over.
	Family Family
	// Raw keeps the body as received (after content decoding) instead of
	// decoding text to UTF-8: browser subresources, attachments.
	Raw bool
	// Header holds extra request headers (the browser forwards its own).
	// User-Agent and Accept-Encoding are always the Client's.
	Header http.Header
	// NoRetry disables retries for this request.
	NoRetry bool
	// MaxBody, when positive and below Config.MaxBody, caps this request's
	// body instead (link checks need only the first few hundred KiB).
	MaxBody int64
}

// Response is the outcome of a request that got an HTTP answer, whatever
// its status.
type Response struct {
	// URL is the URL requested.
	URL string
	// FinalURL is the URL of the last hop, after redirects.
	FinalURL string
	// Status is the HTTP status code of the last hop.
	Status int
	// Header is the last hop's header. When Body was transformed,
	// Content-Encoding and Content-Length are removed and, for text decoded
	// to UTF-8, the Content-Type charset is set to utf-8, so that Header
	// describes Body.
	Header http.Header
	// Redirects lists every hop URL after the first, in order.
	Redirects []string
	// Body is UTF-8 when the document is text (html, xml, plain) and the
	// request was not Raw; the bytes as received (after content decoding)
	// otherwise. It holds at most Config.MaxBody received bytes.
	Body []byte
	// Bytes counts the body bytes received after content decoding, capped
	// at Config.MaxBody.
	Bytes int64
	// Truncated is set when the body was longer than Config.MaxBody.
	Truncated bool
	// Charset is the lower-case name of the source charset: "utf-8", "gbk",
	// "gb18030", "big5", ... For Raw requests it is the Content-Type
	// charset, if any.
	Charset string
	// ContentType is the media type without parameters, sniffed from the
	// body when the header has none.
	ContentType string
	// Attempts is the number of attempts made (1 without retries).
	Attempts int
	// Duration is the wall time of Fetch, including politeness waits and
	// retries.
	Duration time.Duration
	// RemoteAddr is the ip:port connected to for the last hop.
	RemoteAddr string
	// RetryAfter is the wait a 429/503 answer asked for when it was over
	// Config.MaxRetryAfter: the answer was returned instead of waited for.
	RetryAfter time.Duration
	// TLS describes the last hop's TLS connection; nil over plain HTTP.
	TLS *TLSInfo
}

// Fetch performs one logical request with politeness, retries and
// redirects. HTTP error statuses are not Go errors: a 404 returns
// (*Response, nil). Transport failures return a nil Response and an error
// that Classify maps to a snapshot.Status. Timeout bounds each attempt.
func (c *Client) Fetch(ctx context.Context, r Request) (*Response, error) {
	start := time.Now()
	method, u, err := checkRequest(r)
	if err != nil {
		return nil, err
	}
	retries := c.cfg.Retries
	if r.NoRetry {
		retries = 0
	}
	for attempt := 1; ; attempt++ {
		resp, err := c.attempt(ctx, u, method, r)
		last := attempt > retries || ctx.Err() != nil
		var wait time.Duration
		switch {
		case err != nil && (last || !transient(err)):
			c.log.Debug("fetch failed", "url", r.URL, "attempts", attempt, "error", err)
			return nil, fmt.Errorf("fetch %s: %w", r.URL, err)
		case err != nil:
			wait = backoff(c.cfg.RetryBase, attempt)
			c.log.Debug("fetch retry", "url", r.URL, "attempt", attempt, "error", err, "wait", wait)
		case last || !retryStatus(resp.Status):
			return c.finish(resp, r, attempt, start), nil
		default:
			after, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now())
			if ok && after > c.cfg.MaxRetryAfter {
				c.log.Debug("retry-after too long", "url", r.URL, "status", resp.Status, "retry_after", after)
				resp.RetryAfter = after
				return c.finish(resp, r, attempt, start), nil
			}
			wait = after
			if !ok {
				wait = backoff(c.cfg.RetryBase, attempt)
			}
			c.log.Debug("fetch retry", "url", r.URL, "attempt", attempt, "status", resp.Status, "wait", wait)
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("fetch %s: %w", r.URL, err)
		}
	}
}

// finish completes a response for the caller.
func (c *Client) finish(resp *Response, r Request, attempts int, start time.Time) *Response {
	resp.URL = r.URL
	resp.Attempts = attempts
	resp.Duration = time.Since(start)
	c.log.Debug("fetched", "url", r.URL, "status", resp.Status, "final_url", resp.FinalURL,
		"bytes", resp.Bytes, "attempts", attempts, "duration", resp.Duration)
	return resp
}

// checkRequest validates r and returns its method and parsed URL.
func checkRequest(r Request) (string, *url.URL, error) {
	method := strings.ToUpper(r.Method)
	if method == "" {
		method = http.MethodGet
	}
	if method != http.MethodGet && method != http.MethodHead {
		return "", nil, fmt.Errorf("fetch %s: method %s not supported", r.URL, method)
	}
	if r.Family < Any || r.Family > IPv6 {
		return "", nil, fmt.Errorf("fetch %s: unknown family %d", r.URL, r.Family)
	}
	u, err := parseURL(r.URL)
	if err != nil {
		return "", nil, fmt.Errorf("fetch %s: %w", r.URL, err)
	}
	return method, u, nil
}

// parseURL accepts absolute http and https URLs and drops the fragment.
func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("unsupported scheme %q", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, errors.New("missing host")
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// attempt follows the redirect chain from u once. Config.Timeout bounds
// the network time of all hops together.
func (c *Client) attempt(ctx context.Context, u *url.URL, method string, r Request) (*Response, error) {
	st := &chain{budget: c.cfg.Timeout, header: r.Header}
	resp := &Response{}
	for {
		h, err := c.hop(ctx, st, u, method, r)
		if err != nil && len(resp.Redirects) > 0 {
			return nil, fmt.Errorf("after redirect to %s: %w", u, err)
		}
		if err != nil {
			return nil, err
		}
		if h.next == nil {
			h.resp.Redirects = resp.Redirects
			return h.resp, nil
		}
		if len(resp.Redirects) >= c.cfg.MaxRedirects {
			return nil, fmt.Errorf("%w (%d) at %s", ErrTooManyRedirects, len(resp.Redirects), h.next)
		}
		resp.Redirects = append(resp.Redirects, h.next.String())
		if h.status == http.StatusSeeOther && method != http.MethodHead {
			method = http.MethodGet
		}
		if !sameHost(u, h.next) {
			st.header = withoutCredentials(st.header)
		}
		u = h.next
	}
}

// sameHost reports whether a and b name the same host.
func sameHost(a, b *url.URL) bool {
	return strings.EqualFold(a.Hostname(), b.Hostname())
}

// withoutCredentials returns h without headers that must not follow a
// redirect to another host.
func withoutCredentials(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	h = h.Clone()
	for _, k := range []string{"Authorization", "Cookie", "Proxy-Authorization"} {
		h.Del(k)
	}
	return h
}
