package render

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"gongkai/crawler/fetch"
	"gongkai/crawler/snapshot"
)

// bridge answers the requests of one page through the crawler's fetch
// path (Chromium's Fetch domain pauses every request; the bridge fetches it
// with fetch.Client and fulfils or fails it) and keeps the request log and
// the page's network activity.
type bridge struct {
	client *fetch.Client
	page   *rod.Page
	frame  proto.PageFrameID // main frame
	types  map[string]bool   // resource types fetched; others are blocked
	assets *assetCache       // the site's static assets; nil keeps none
	wg     sync.WaitGroup
	calls  atomic.Int64 // DevTools calls made answering requests

	mu       sync.Mutex
	inflight int                             // requests paused and not yet answered
	loading  map[proto.NetworkRequestID]bool // requests the page started and not yet finished
	last     time.Time
	reqs     []Request
	stash    map[string]*fetch.Response // redirect targets already fetched
	doc      int                        // index in reqs of the last main-frame document, -1 if none
	docErr   error                      // the fetch error of the last main-frame document
}

// newBridge returns a bridge for page fetching the given resource types,
// answering the cacheable ones from assets when it has them.
func newBridge(client *fetch.Client, page *rod.Page, types map[string]bool, assets *assetCache) *bridge {
	return &bridge{
		client:  client,
		page:    page,
		frame:   page.FrameID,
		types:   types,
		assets:  assets,
		last:    time.Now(),
		doc:     -1,
		loading: map[proto.NetworkRequestID]bool{},
		stash:   map[string]*fetch.Response{},
	}
}

// pause handles one Fetch.requestPaused event without blocking the event
// loop.
func (b *bridge) pause(ctx context.Context, e *proto.FetchRequestPaused) {
	b.mu.Lock()
	b.inflight++
	b.last = time.Now()
	b.mu.Unlock()
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		b.serve(ctx, e)
		b.mu.Lock()
		b.inflight--
		b.last = time.Now()
		b.mu.Unlock()
	}()
}

// started records that the page started request id (Network domain).
func (b *bridge) started(id proto.NetworkRequestID) {
	b.mu.Lock()
	b.loading[id] = true
	b.last = time.Now()
	b.mu.Unlock()
}

// ended records that request id finished or failed.
func (b *bridge) ended(id proto.NetworkRequestID) {
	b.mu.Lock()
	delete(b.loading, id)
	b.last = time.Now()
	b.mu.Unlock()
}

// touch marks network activity now.
func (b *bridge) touch() {
	b.mu.Lock()
	b.last = time.Now()
	b.mu.Unlock()
}

// quietFor returns how long no request has been in flight.
func (b *bridge) quietFor() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.inflight > 0 || len(b.loading) > 0 {
		return 0
	}
	return time.Since(b.last)
}

// serve fetches one paused request and answers the browser.
func (b *bridge) serve(ctx context.Context, e *proto.FetchRequestPaused) {
	rec := Request{URL: e.Request.URL, Method: e.Request.Method, Type: string(e.ResourceType)}
	main := e.ResourceType == proto.NetworkResourceTypeDocument && e.FrameID == b.frame
	if !b.fetches(e) {
		rec.Status = snapshot.StatusNotChecked
		b.record(rec, main, nil)
		b.fail(ctx, e.RequestID, proto.NetworkErrorReasonBlockedByClient)
		return
	}
	cached := b.cacheable(e)
	if resp := b.cached(cached, e.Request.URL); resp != nil {
		rec = describe(rec, resp)
		rec.Cached = true
		b.record(rec, main, nil)
		b.fulfil(ctx, e.RequestID, resp.Status, responseHeaders(resp.Header), resp.Body)
		return
	}
	resp, stashed := b.takeStash(e.Request.URL)
	if !stashed {
		var err error
		resp, err = b.client.Fetch(ctx, fetch.Request{
			URL:    e.Request.URL,
			Method: e.Request.Method,
			Raw:    true,
			Header: forwardHeaders(e.Request.Headers),
		})
		if err != nil {
			rec.Status, rec.Error = fetch.Classify(err), err.Error()
			b.record(rec, main, err)
			b.fail(ctx, e.RequestID, failReason(err))
			return
		}
	}
	if target := resp.FinalURL; target != "" && canon(target) != canon(e.Request.URL) {
		// The fetch path followed redirects. Show the browser one hop to
		// the final URL so the document gets its real URL (and base for
		// relative links); the follow-up request is served from the stash.
		b.putStash(target, resp)
		b.record(describe(rec, resp), main, nil)
		b.fulfil(ctx, e.RequestID, http.StatusFound, http.Header{"Location": {target}}, nil)
		return
	}
	if !stashed {
		b.record(describe(rec, resp), main, nil)
	}
	if cached {
		b.assets.put(e.Request.URL, resp)
	}
	b.fulfil(ctx, e.RequestID, resp.Status, responseHeaders(resp.Header), resp.Body)
}

// fetches reports whether the request is fetched at all: GET or HEAD of a
// resource type in the configured set, to a host not on the blocked list.
func (b *bridge) fetches(e *proto.FetchRequestPaused) bool {
	m := e.Request.Method
	return (m == http.MethodGet || m == http.MethodHead) && b.types[string(e.ResourceType)] &&
		!rules().blocked(e.Request.URL)
}

// cacheable reports whether the request's answer may come from, and go
// to, the site's asset cache: a GET of a cached type without a Range.
func (b *bridge) cacheable(e *proto.FetchRequestPaused) bool {
	if b.assets == nil || e.Request.Method != http.MethodGet || !rules().CachedTypes[string(e.ResourceType)] {
		return false
	}
	for k := range e.Request.Headers {
		if strings.EqualFold(k, "Range") {
			return false
		}
	}
	return true
}

// cached returns the site's kept response for url when ok, or nil.
func (b *bridge) cached(ok bool, url string) *fetch.Response {
	if !ok {
		return nil
	}
	return b.assets.get(url)
}

// describe fills rec from a fetch response.
func describe(rec Request, resp *fetch.Response) Request {
	rec.HTTPStatus = resp.Status
	rec.Status = snapshot.StatusOK
	if resp.Truncated {
		rec.Status = snapshot.StatusTooLarge
	}
	rec.FinalURL = resp.FinalURL
	rec.Redirects = resp.Redirects
	rec.Bytes = resp.Bytes
	return rec
}

// record appends rec to the log; main-frame documents are also kept apart.
func (b *bridge) record(rec Request, main bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reqs = append(b.reqs, rec)
	if main {
		b.doc = len(b.reqs) - 1
		b.docErr = err
	}
}

// requests returns a copy of the request log.
func (b *bridge) requests() []Request {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Request(nil), b.reqs...)
}

// document returns the last main-frame document's record and fetch error.
func (b *bridge) document() (Request, error, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.doc < 0 {
		return Request{}, nil, false
	}
	return b.reqs[b.doc], b.docErr, true
}

// putStash keeps resp for the browser's follow-up request to url.
func (b *bridge) putStash(url string, resp *fetch.Response) {
	b.mu.Lock()
	b.stash[canon(url)] = resp
	b.mu.Unlock()
}

// takeStash removes and returns the response kept for url, if any.
func (b *bridge) takeStash(url string) (*fetch.Response, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	key := canon(url)
	resp, ok := b.stash[key]
	delete(b.stash, key)
	return resp, ok
}

// fulfil answers a paused request.
func (b *bridge) fulfil(ctx context.Context, id proto.FetchRequestID, status int, h http.Header, body []byte) {
	if body == nil {
		body = []byte{} // the protocol wants a string, not null
	}
	entries := make([]*proto.FetchHeaderEntry, 0, len(h))
	for k, vs := range h {
		for _, v := range vs {
			entries = append(entries, &proto.FetchHeaderEntry{Name: k, Value: v})
		}
	}
	b.calls.Add(1)
	_ = proto.FetchFulfillRequest{
		RequestID:       id,
		ResponseCode:    status,
		ResponseHeaders: entries,
		Body:            body,
	}.Call(b.page.Context(ctx))
}

// fail answers a paused request with a network error.
func (b *bridge) fail(ctx context.Context, id proto.FetchRequestID, reason proto.NetworkErrorReason) {
	b.calls.Add(1)
	_ = proto.FetchFailRequest{RequestID: id, ErrorReason: reason}.Call(b.page.Context(ctx))
}

// dropRequestHeaders are not forwarded to the fetch path: it sets its own
// User-Agent and Accept-Encoding, and computes the framing headers.
var dropRequestHeaders = map[string]bool{
	"User-Agent": true, "Accept-Encoding": true, "Host": true, "Connection": true,
	"Content-Length": true, "Transfer-Encoding": true, "Upgrade": true, "Keep-Alive": true,
}

// forwardHeaders converts the browser's request headers for fetch.
func forwardHeaders(in proto.NetworkHeaders) http.Header {
	h := http.Header{}
	for k, v := range in {
		ck := http.CanonicalHeaderKey(k)
		if dropRequestHeaders[ck] {
			continue
		}
		h.Set(ck, v.Str())
	}
	return h
}

// dropResponseHeaders describe the wire form of the body; the fetch path
// already decoded it, so they would lie.
var dropResponseHeaders = map[string]bool{
	"Content-Encoding": true, "Content-Length": true, "Transfer-Encoding": true,
	"Connection": true, "Keep-Alive": true,
}

// responseHeaders converts fetch's response headers for the browser.
func responseHeaders(in http.Header) http.Header {
	h := http.Header{}
	for k, vs := range in {
		if dropResponseHeaders[http.CanonicalHeaderKey(k)] {
			continue
		}
		h[k] = vs
	}
	return h
}

// failReason maps a fetch error to the network error the browser shows.
func failReason(err error) proto.NetworkErrorReason {
	if errors.Is(err, context.Canceled) {
		return proto.NetworkErrorReasonAborted
	}
	switch fetch.Classify(err) {
	case snapshot.StatusDNSError:
		return proto.NetworkErrorReasonNameNotResolved
	case snapshot.StatusRefused:
		return proto.NetworkErrorReasonConnectionRefused
	case snapshot.StatusTimeout:
		return proto.NetworkErrorReasonTimedOut
	case snapshot.StatusPrivate:
		return proto.NetworkErrorReasonAccessDenied
	default:
		return proto.NetworkErrorReasonFailed
	}
}

// canon returns u in a form that compares equal for the spellings the
// browser and the fetch path may give one URL: no #fragment (the browser
// never sends it), lower-case scheme and host, "/" for an empty path, and
// Go's escaping.
func canon(u string) string {
	u, _, _ = strings.Cut(u, "#")
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.Scheme = strings.ToLower(p.Scheme)
	p.Host = strings.ToLower(p.Host)
	if p.Path == "" {
		p.Path = "/"
	}
	return p.String()
}
