package fetch

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/net/publicsuffix"
)

// chain is the state shared by the hops of one attempt.
type chain struct {
	budget time.Duration  // network time left for the attempt
	header http.Header    // extra request headers, credentials dropped across hosts
	jar    http.CookieJar // cookies set by redirects (anti-bot cookie hops); nil until one is set
}

// hopResult is either a final response or the next URL of a redirect.
type hopResult struct {
	resp   *Response
	next   *url.URL
	status int
}

// hop performs one HTTP exchange holding a politeness slot of u's host.
func (c *Client) hop(ctx context.Context, st *chain, u *url.URL, method string, r Request) (*hopResult, error) {
	meter := meterOf(ctx)
	if meter.Spent() {
		return nil, meter.add(0)
	}
	ctx, addr := c.peerAddr(ctx, u.Hostname(), r.Family, st.budget)
	release, err := c.hosts.acquire(ctx, hostKey(u), addr)
	if err != nil {
		return nil, err
	}
	defer release()
	if st.budget <= 0 {
		return nil, fmt.Errorf("%s: %w", u, context.DeadlineExceeded)
	}
	began := time.Now()
	defer func() { st.budget -= time.Since(began) }()
	hctx, cancel := context.WithTimeout(ctx, st.budget)
	defer cancel()

	var remote string
	var tlsState atomic.Int32 // 1 handshake started, 2 done
	hctx = httptrace.WithClientTrace(hctx, &httptrace.ClientTrace{
		GotConn:           func(info httptrace.GotConnInfo) { remote = info.Conn.RemoteAddr().String() },
		TLSHandshakeStart: func() { tlsState.CompareAndSwap(0, 1) },
		TLSHandshakeDone:  func(tls.ConnectionState, error) { tlsState.Store(2) },
	})
	req, err := http.NewRequestWithContext(hctx, method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	c.setHeaders(req, st)
	res, err := c.transports[r.Family].RoundTrip(req)
	if remote != "" && c.hosts.ipEvery > 0 {
		c.peers.learn(u.Hostname(), r.Family, remote)
	}
	if err != nil {
		if tlsState.Load() == 1 {
			// The handshake began and never ended: a TLS failure (a server
			// that never answers it), not a slow page.
			return nil, &handshakeError{err: err}
		}
		return nil, err
	}
	defer res.Body.Close()
	if err := meter.add(headerBytes(res)); err != nil {
		return nil, err
	}
	if meter != nil {
		res.Body = &meteredBody{ReadCloser: res.Body, m: meter}
	}
	next, err := c.redirectTarget(u, res)
	if err != nil {
		return nil, err
	}
	if next != nil {
		st.keepCookies(u, res)
		_, _ = io.CopyN(io.Discard, res.Body, 64<<10) // lets the connection be reused
		return &hopResult{next: next, status: res.StatusCode}, nil
	}
	resp, err := c.readResponse(res, u, method, r)
	if err != nil {
		return nil, err
	}
	resp.RemoteAddr = remote
	return &hopResult{resp: resp}, nil
}

// setHeaders sets the request headers: the caller's, then the Client's.
func (c *Client) setHeaders(req *http.Request, st *chain) {
	for k, vs := range st.header {
		req.Header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept-Encoding", acceptEncoding)
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	}
	if req.Header.Get("Accept-Language") == "" {
		req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
	}
	if st.jar != nil {
		for _, ck := range st.jar.Cookies(req.URL) {
			req.AddCookie(ck)
		}
	}
}

// keepCookies stores the cookies a redirect sets, for the following hops.
func (st *chain) keepCookies(u *url.URL, res *http.Response) {
	cookies := res.Cookies()
	if len(cookies) == 0 {
		return
	}
	if st.jar == nil {
		jar, err := cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})
		if err != nil {
			return
		}
		st.jar = jar
	}
	st.jar.SetCookies(u, cookies)
}

// redirectTarget returns the URL a redirect response points to, or nil
// when res is final: not a redirect, or redirects disabled. A redirect
// whose Location is missing, malformed or not http(s) (file:, ftp:,
// javascript:) is an error wrapping ErrBadRedirect: no browser would get
// anywhere either.
func (c *Client) redirectTarget(u *url.URL, res *http.Response) (*url.URL, error) {
	switch res.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return nil, nil
	}
	if c.cfg.MaxRedirects < 0 {
		return nil, nil
	}
	loc := res.Header.Get("Location")
	if loc == "" {
		return nil, fmt.Errorf("%w: HTTP %d without Location", ErrBadRedirect, res.StatusCode)
	}
	next, err := u.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("%w: Location %.200q: %v", ErrBadRedirect, loc, err)
	}
	if (next.Scheme != "http" && next.Scheme != "https") || next.Hostname() == "" {
		return nil, fmt.Errorf("%w: Location %.200q is not an http(s) URL", ErrBadRedirect, loc)
	}
	next.Fragment, next.RawFragment = "", ""
	return next, nil
}

// readResponse reads and decodes the body of a final response.
func (c *Client) readResponse(res *http.Response, u *url.URL, method string, r Request) (*Response, error) {
	raw := r.Raw
	resp := &Response{FinalURL: u.String(), Status: res.StatusCode, Header: res.Header, TLS: tlsInfo(res.TLS)}
	contentType := res.Header.Get("Content-Type")
	resp.ContentType = mediaTypeOf(contentType)
	if method == http.MethodHead || res.StatusCode == http.StatusNoContent || res.StatusCode == http.StatusNotModified {
		return resp, nil
	}
	coding := res.Header.Get("Content-Encoding")
	body, err := decodeBody(res.Body, coding)
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	hint := res.ContentLength
	if coding != "" {
		hint = -1
	}
	limit := c.cfg.MaxBody
	if r.MaxBody > 0 && r.MaxBody < limit {
		limit = r.MaxBody
	}
	b, truncated, err := readCapped(body, limit, hint)
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	resp.Bytes, resp.Truncated = int64(len(b)), truncated
	if coding != "" || truncated {
		res.Header.Del("Content-Encoding")
		res.Header.Del("Content-Length")
	}
	if resp.ContentType == "" && len(b) > 0 {
		resp.ContentType = mediaTypeOf(http.DetectContentType(b))
	}
	kind := textKind(resp.ContentType)
	if raw || kind == notText {
		resp.Body = b
		_, resp.Charset = lookupCharset(declaredCharset(contentType), false)
		return resp, nil
	}
	resp.Body, resp.Charset = toUTF8(b, contentType, kind)
	res.Header.Set("Content-Type", resp.ContentType+"; charset=utf-8")
	res.Header.Del("Content-Length")
	return resp, nil
}

// mediaTypeOf returns the lower-case media type of a Content-Type value.
func mediaTypeOf(v string) string {
	if v == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(v)
	if err != nil {
		mt, _, _ = strings.Cut(v, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	return mt
}
