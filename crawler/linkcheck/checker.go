// Package linkcheck decides link verdicts: alive, dead, soft 404 or blocked
// by a WAF. One Checker serves a whole audit, so each distinct URL is
// requested at most once however many sites and pages reference it. Every
// request goes through gongkai/crawler/fetch; what counts as a missing page
// or a block page is data (phrases.yaml).
package linkcheck

import (
	"context"
	"fmt"
	"hash/maphash"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"gongkai/crawler/fetch"
	"gongkai/crawler/snapshot"
)

// Defaults of Config.
const (
	DefaultMaxBody    = 256 << 10
	DefaultRetryPause = time.Second
)

// Config configures a Checker. The zero value selects the defaults.
type Config struct {
	// Phrases is the verdict data (from ParsePhrases); nil selects the
	// embedded phrases.yaml.
	Phrases *Phrases
	// MaxBody is the number of body bytes judged; default 256 KiB.
	MaxBody int64
	// RetryPause is the wait before the one extra try of a link that failed
	// without an HTTP answer (timeout, refused, reset); default 1s,
	// negative disables the extra try.
	RetryPause time.Duration
	// MaxCached bounds the verdicts kept for URLs referenced again
	// (see verdictCache); default DefaultMaxCached.
	MaxCached int
	// Share, when set, shares verdicts with the Checkers of the audit's
	// other workers: a URL linked from sites crawled on many machines is
	// requested once (a worker checks one site per job; without it every
	// job would ask the common targets again, each waiting its turn).
	Share Share
}

// A Share shares the verdicts of Check among the Checkers of one audit's
// workers. It keeps its own failures to itself: a verdict it cannot give
// or take is checked or kept locally.
type Share interface {
	// Claim returns the verdict shared for url, waiting while another
	// Checker checks it, or mine=true when the caller is to check it and
	// then Put the verdict or Release the claim.
	Claim(ctx context.Context, url string) (r Result, mine bool)
	// Put shares the verdict on url.
	Put(ctx context.Context, url string, r Result)
	// Release gives up a claim without a verdict.
	Release(ctx context.Context, url string)
}

// Result is the verdict on one URL. At most one of Dead, Soft404 and
// Blocked is set; none means alive (or not checked, see Status).
type Result struct {
	HTTPStatus int             // final HTTP status, 0 without an answer
	Status     snapshot.Status // ok, http_error, blocked, robots_blocked or a transport status
	Error      string          // why, for anything but a plain alive link
	FinalURL   string          // after redirects
	Attempts   int             // requests made, retries included
	Dead       bool
	Soft404    bool
	Blocked    bool
	CheckedAt  time.Time
}

// Apply copies the verdict into l.
func (r Result) Apply(l *snapshot.Link) {
	l.HTTPStatus, l.Status, l.Error, l.FinalURL = r.HTTPStatus, r.Status, r.Error, r.FinalURL
	l.Attempts, l.Dead, l.Soft404, l.Blocked, l.CheckedAt = r.Attempts, r.Dead, r.Soft404, r.Blocked, r.CheckedAt
}

// Checker decides link verdicts for one audit. It is safe for concurrent
// use; results and per-host baselines are cached for its lifetime.
type Checker struct {
	client     *fetch.Client
	data       *Phrases
	maxBody    int64
	retryPause time.Duration
	log        *slog.Logger
	seed       maphash.Seed
	share      Share              // nil: verdicts are this Checker's alone
	calls      singleflight.Group // per URL
	baseCalls  singleflight.Group // per origin

	mu      sync.Mutex
	results *verdictCache
	bases   map[string]*baseline
}

// New returns a Checker making its requests through client. A nil logger
// discards.
func New(client *fetch.Client, cfg Config, logger *slog.Logger) *Checker {
	if cfg.Phrases == nil {
		cfg.Phrases = DefaultPhrases()
	}
	if cfg.Phrases.compare == nil || cfg.Phrases.match == nil { // built by hand, not by ParsePhrases
		p := *cfg.Phrases
		cmp, err := NewComparison(p.Soft404.Similarity, p.Soft404.Volatile)
		if err != nil {
			cmp = DefaultPhrases().compare
		}
		p.compare, cfg.Phrases = cmp, &p
		p.compile()
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.RetryPause == 0 {
		cfg.RetryPause = DefaultRetryPause
	}
	if cfg.MaxCached <= 0 {
		cfg.MaxCached = DefaultMaxCached
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Checker{
		client: client, data: cfg.Phrases, maxBody: cfg.MaxBody, retryPause: cfg.RetryPause,
		log: logger, seed: maphash.MakeSeed(), share: cfg.Share,
		results: newVerdictCache(cfg.MaxCached), bases: map[string]*baseline{},
	}
}

// Check returns the verdict on rawURL, requesting it only if no verdict is
// cached (here, or in Config.Share). Attachments, images, scripts and styles are asked with HEAD (GET
// when HEAD is refused or fails); pages with GET. A URL robots.txt
// disallows is not requested (Status robots_blocked). If ctx ends first the
// Status is not_checked and nothing is cached.
func (c *Checker) Check(ctx context.Context, rawURL string) Result {
	key := cacheKey(rawURL)
	if r, ok := c.cached(key); ok {
		return r
	}
	var r Result
	for range 2 { // a second round if the leader's context ended but ours did not
		v, _, _ := c.calls.Do(key, func() (any, error) {
			if r, ok := c.cached(key); ok {
				return r, nil
			}
			if c.share == nil {
				return c.checkAndStore(ctx, key), nil
			}
			if r, mine := c.share.Claim(ctx, key); !mine {
				c.store(key, r)
				return r, nil
			}
			r := c.checkAndStore(ctx, key)
			if r.Status == snapshot.StatusNotChecked {
				c.share.Release(ctx, key)
			} else {
				c.share.Put(ctx, key, r)
			}
			return r, nil
		})
		if r = v.(Result); r.Status != snapshot.StatusNotChecked || ctx.Err() != nil {
			return r
		}
	}
	return r
}

// checkAndStore checks key and caches the verdict, unless ctx ended.
func (c *Checker) checkAndStore(ctx context.Context, key string) Result {
	r := c.check(ctx, key)
	if ctx.Err() == nil {
		c.store(key, r)
	}
	return r
}

// Record judges a response the crawler already fetched for rawURL (resp
// and err as fetch.Client.Fetch returned them) and caches the verdict, so
// Check never requests the URL. A verdict already cached is kept.
func (c *Checker) Record(ctx context.Context, rawURL string, resp *fetch.Response, err error) Result {
	key := cacheKey(rawURL)
	if r, ok := c.cached(key); ok {
		return r
	}
	u, perr := url.Parse(key)
	if perr != nil {
		return notChecked("bad url: " + perr.Error())
	}
	r := c.judge(ctx, u, resp, err)
	r.CheckedAt = time.Now()
	if ctx.Err() != nil {
		return notChecked("context ended")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.results.get(key); ok {
		return old
	}
	c.results.put(key, r)
	return r
}

// check requests key and judges it, with one extra try after a pause for
// a transient transport failure.
func (c *Checker) check(ctx context.Context, key string) Result {
	u, err := url.Parse(key)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return notChecked("not an http(s) url")
	}
	if ok, err := c.client.Allowed(ctx, key); err == nil && !ok {
		return Result{Status: snapshot.StatusRobotsBlocked, Error: "disallowed by robots.txt", CheckedAt: time.Now()}
	}
	r := c.request(ctx, u)
	if r.Dead && r.HTTPStatus == 0 && c.retryPause > 0 && slices.Contains(c.data.Check.Retry, r.Status) {
		c.log.Debug("retrying link", slog.String("url", key), slog.String("status", string(r.Status)))
		select {
		case <-ctx.Done():
		case <-time.After(c.retryPause):
			again := c.request(ctx, u)
			again.Attempts += r.Attempts
			r = again
		}
	}
	if ctx.Err() != nil {
		return notChecked("context ended")
	}
	r.CheckedAt = time.Now()
	c.log.Debug("link checked", slog.String("url", key), slog.String("status", string(r.Status)),
		slog.Bool("dead", r.Dead), slog.Bool("soft_404", r.Soft404), slog.Bool("blocked", r.Blocked))
	return r
}

// request makes one HEAD-then-GET or GET round and judges its answer. The
// GET after a refused HEAD asks for the first MaxBody bytes only (Range), so
// a large attachment is not downloaded; 206 and 416 mean it exists.
func (c *Checker) request(ctx context.Context, u *url.URL) Result {
	attempts, head := 0, c.wantsHead(u)
	get := fetch.Request{URL: u.String(), Method: http.MethodGet, MaxBody: c.maxBody}
	if head {
		// No retries for HEAD: a server that never answers HEAD is asked
		// with GET at once instead of after three timeouts.
		resp, err := c.client.Fetch(ctx, fetch.Request{URL: u.String(), Method: http.MethodHead, NoRetry: true})
		attempts = countAttempts(resp, err)
		if err == nil && !slices.Contains(c.data.Check.HeadFallback, resp.Status) &&
			!(resp.Status == http.StatusOK && isHTML(resp.ContentType, nil)) {
			return c.judge(ctx, u, resp, nil)
		}
		get.Header = http.Header{"Range": {fmt.Sprintf("bytes=0-%d", c.maxBody-1)}}
	}
	resp, err := c.client.Fetch(ctx, get)
	r := c.judge(ctx, u, resp, err)
	if head && resp != nil && resp.Status == http.StatusRequestedRangeNotSatisfiable {
		r = Result{HTTPStatus: resp.Status, Status: snapshot.StatusOK, FinalURL: resp.FinalURL}
	}
	r.Attempts = attempts + countAttempts(resp, err)
	return r
}

// wantsHead reports whether u looks like an attachment, image, script or
// style by its path extension.
func (c *Checker) wantsHead(u *url.URL) bool {
	ext := strings.TrimPrefix(strings.ToLower(path.Ext(u.Path)), ".")
	return ext != "" && slices.Contains(c.data.Check.HeadExtensions, ext)
}

// countAttempts returns the requests one Fetch call made.
func countAttempts(resp *fetch.Response, err error) int {
	if resp != nil && resp.Attempts > 0 {
		return resp.Attempts
	}
	return 1
}

// cached returns the stored verdict for key.
func (c *Checker) cached(key string) (Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.results.get(key)
	return r, ok
}

// store caches r for key.
func (c *Checker) store(key string, r Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.results.put(key, r)
}

// notChecked is the verdict for a URL that was not requested.
func notChecked(why string) Result {
	return Result{Status: snapshot.StatusNotChecked, Error: why}
}

// cacheKey is rawURL without its fragment, which is never sent.
func cacheKey(rawURL string) string {
	if i := strings.IndexByte(rawURL, '#'); i >= 0 {
		return rawURL[:i]
	}
	return rawURL
}
