// Package probe checks the homepages of configured sites live: once, on
// demand (the blackbox-style /probe of gongkai serve), and on a schedule
// (continuous monitoring, whose samples become the probes table and the
// history site-unreachable is judged on). A probe requests the homepage
// once over each IP family of its module, without retries, through the
// audit's own network path (gongkai/crawler/fetch: resolver, SSRF guard,
// politeness, robots.txt); a failure is a result, never an error.
package probe

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/htmlfacts"
	"gongkai/crawler/linkcheck"
	"gongkai/crawler/snapshot"
)

// Module is a named, parameterised way of probing a site (blackbox
// exporter's modules).
type Module struct {
	// Families are the IP families the homepage is requested over, one
	// request each.
	Families []fetch.Family
	// Timeout bounds the whole probe (every family); a caller's shorter
	// deadline wins.
	Timeout time.Duration
	// Facts extracts the homepage's facts (title, footer identifiers,
	// dated items) from the first family that answered with HTML.
	Facts bool
}

// Modules are the probe modules by name: the one place a module is
// defined. "home" is the live check of /probe, "reach" the scheduled one.
var Modules = map[string]Module{
	"home":  {Families: []fetch.Family{fetch.IPv4, fetch.IPv6}, Timeout: 40 * time.Second, Facts: true},
	"reach": {Families: []fetch.Family{fetch.IPv4, fetch.IPv6}, Timeout: 40 * time.Second},
	"ipv4":  {Families: []fetch.Family{fetch.IPv4}, Timeout: 20 * time.Second, Facts: true},
	"ipv6":  {Families: []fetch.Family{fetch.IPv6}, Timeout: 20 * time.Second, Facts: true},
}

// Result is what one probe of one site found.
type Result struct {
	Site     snapshot.Site
	Start    time.Time
	Duration time.Duration
	// Families holds one outcome per family of the module, in its order.
	Families []Family
	// Home is the homepage's facts when the module asks for them and some
	// family answered with HTML; nil otherwise.
	Home *snapshot.Page
}

// Family is the outcome of requesting the homepage over one IP family.
type Family struct {
	snapshot.ProbeSample
	// FinalURL is the URL after redirects; RemoteAddr the ip:port answered.
	FinalURL, RemoteAddr string
	// TLS describes the final hop's TLS connection, nil over plain HTTP.
	TLS *fetch.TLSInfo
	// Bytes is the body length read.
	Bytes int64
}

// Up reports whether the homepage answered over the family: any status
// that is not a failure to open it (robots.txt and WAF refusals answer).
func (f Family) Up() bool {
	switch f.Status {
	case snapshot.StatusOK, snapshot.StatusTooLarge, snapshot.StatusBlocked, snapshot.StatusRobotsBlocked:
		return true
	}
	return false
}

// Success reports whether every family of the probe answered.
func (r Result) Success() bool {
	for _, f := range r.Families {
		if !f.Up() {
			return false
		}
	}
	return len(r.Families) > 0
}

// Prober probes homepages through one fetch client. It is safe for
// concurrent use.
type Prober struct {
	client  *fetch.Client
	phrases *linkcheck.Phrases
	log     *slog.Logger
}

// New returns a Prober making its requests through client. A nil logger
// discards.
func New(client *fetch.Client, logger *slog.Logger) *Prober {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Prober{client: client, phrases: linkcheck.DefaultPhrases(), log: logger}
}

// Probe requests site's homepage over each family of m, one after the
// other (the families never compete for the host's politeness slot), and
// returns what happened. A homepage robots.txt disallows is not requested:
// every family is robots_blocked.
func (p *Prober) Probe(ctx context.Context, site snapshot.Site, m Module) Result {
	if m.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, m.Timeout)
		defer cancel()
	}
	r := Result{Site: site, Start: time.Now().UTC()}
	allowed, err := p.client.Allowed(ctx, site.URL)
	for _, fam := range m.Families {
		var f Family
		var body []byte
		if err == nil && !allowed {
			f = p.sample(site, fam, r.Start)
			f.Status, f.Error = snapshot.StatusRobotsBlocked, "robots.txt disallows the homepage for user agent gongkai"
		} else {
			f, body = p.request(ctx, site, fam, m.Facts && r.Home == nil)
		}
		r.Families = append(r.Families, f)
		if body != nil {
			r.Home = homeFacts(site.URL, f, body)
		}
	}
	r.Duration = time.Since(r.Start)
	p.log.Debug("probed", slog.String("site", site.ID), slog.Bool("success", r.Success()), slog.Duration("duration", r.Duration))
	return r
}

func (p *Prober) sample(site snapshot.Site, fam fetch.Family, at time.Time) Family {
	return Family{ProbeSample: snapshot.ProbeSample{SiteID: site.ID, At: at, Family: fam.String()}}
}

// request fetches the homepage once over fam. It returns the body (UTF-8)
// when wantBody and the answer is HTML.
func (p *Prober) request(ctx context.Context, site snapshot.Site, fam fetch.Family, wantBody bool) (Family, []byte) {
	f := p.sample(site, fam, time.Now().UTC())
	resp, err := p.client.Fetch(ctx, fetch.Request{URL: site.URL, Family: fam, NoRetry: true})
	f.Duration = time.Since(f.At)
	if err != nil {
		f.Status, f.Error = fetch.Classify(err), err.Error()
		return f, nil
	}
	f.HTTPStatus, f.FinalURL, f.RemoteAddr, f.TLS, f.Bytes = resp.Status, resp.FinalURL, resp.RemoteAddr, resp.TLS, resp.Bytes
	switch {
	case resp.Status >= http.StatusBadRequest:
		// The link checker's verdict tells a WAF challenge (the site
		// answered) from a failing page, as the crawl does.
		v := linkcheck.New(p.client, linkcheck.Config{Phrases: p.phrases}, p.log).Record(ctx, site.URL, resp, nil)
		f.Status, f.Error = snapshot.StatusHTTPError, v.Error
		if v.Blocked {
			f.Status = snapshot.StatusBlocked
		}
		return f, nil
	case resp.Truncated:
		f.Status = snapshot.StatusTooLarge
	default:
		f.Status = snapshot.StatusOK
	}
	ct := strings.ToLower(resp.ContentType)
	if !wantBody || (ct != "text/html" && ct != "application/xhtml+xml") {
		return f, nil
	}
	return f, resp.Body
}

// homeFacts reduces the homepage body to its facts, as the crawl records
// them for a depth-0 page.
func homeFacts(homeURL string, f Family, body []byte) *snapshot.Page {
	pg := &snapshot.Page{URL: homeURL, FinalURL: f.FinalURL, HTTPStatus: f.HTTPStatus, Status: f.Status,
		ContentType: "text/html", Bytes: f.Bytes, FetchedAt: f.At}
	facts, err := htmlfacts.Extract(f.FinalURL, body)
	if err != nil {
		pg.Error = "extract: " + err.Error()
		return pg
	}
	facts.Apply(pg)
	return pg
}
