package metrics

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"gongkai/checks"
	"gongkai/crawler/probe"
	"gongkai/crawler/snapshot"
)

// liveKinds are the check kinds a live probe judges: those a homepage
// alone can answer (identifiers in its footer, dated items on it).
var liveKinds = []string{"identifiers", "home_freshness"}

// ProberOptions configure the /probe handler.
type ProberOptions struct {
	// Prober makes the requests (through the server's fetch client).
	Prober *probe.Prober
	// Catalog judges the homepage's identifiers and freshness.
	Catalog *checks.Catalog
	// Sites returns the configured sites: only these can be probed.
	Sites func() []snapshot.Site
	// Concurrency bounds the probes in flight; default 4. A request that
	// finds no free slot before its deadline gets 503.
	Concurrency int
	// MaxTimeout caps a probe's time, whatever the module or the scraper
	// asks; default 30s.
	MaxTimeout time.Duration
	// Logger receives a record per probe; nil discards.
	Logger *slog.Logger
}

// Prober is the handler of /probe?target=SITE_ID&module=NAME: a live check
// of one configured site in the blackbox exporter's style. Each request
// gets a registry of its own, with probe_success and
// probe_duration_seconds as blackbox has them and gongkai_probe_* for what
// each IP family showed. The target is a site id, never a URL.
type Prober struct {
	opts  ProberOptions
	slots chan struct{}
	now   func() time.Time

	mu    sync.Mutex
	sites []snapshot.Site // the list byID was built from
	byID  map[string]snapshot.Site
}

// NewProber returns the /probe handler.
func NewProber(opts ProberOptions) *Prober {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.MaxTimeout <= 0 {
		opts.MaxTimeout = 30 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Prober{opts: opts, slots: make(chan struct{}, opts.Concurrency), now: time.Now}
}

// ServeHTTP probes the target site with the module (default "home").
func (p *Prober) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	name := cmp.Or(q.Get("module"), "home")
	m, ok := probe.Modules[name]
	if !ok {
		http.Error(w, "unknown module "+strconv.Quote(name)+" (known: "+strings.Join(moduleNames(), ", ")+")", http.StatusBadRequest)
		return
	}
	target := q.Get("target")
	site, ok := p.site(target)
	if !ok {
		http.Error(w, "target must be the site_id of a configured site, got "+strconv.Quote(target), http.StatusNotFound)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), p.timeout(r, m))
	defer cancel()
	select {
	case p.slots <- struct{}{}:
		defer func() { <-p.slots }()
	case <-ctx.Done():
		w.Header().Set("Retry-After", "5")
		http.Error(w, "too many probes in flight", http.StatusServiceUnavailable)
		return
	}
	reg := prometheus.NewRegistry()
	res := p.opts.Prober.Probe(ctx, site, m)
	p.register(reg, res, m)
	p.opts.Logger.Info("probe", slog.String("site", site.ID), slog.String("module", name),
		slog.Bool("success", res.Success()), slog.Duration("took", res.Duration))
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// timeout is the probe's time: the scraper's timeout less half a second
// (as blackbox does), bounded by the module's and MaxTimeout.
func (p *Prober) timeout(r *http.Request, m probe.Module) time.Duration {
	d := min(cmp.Or(m.Timeout, p.opts.MaxTimeout), p.opts.MaxTimeout)
	if s, err := strconv.ParseFloat(r.Header.Get("X-Prometheus-Scrape-Timeout-Seconds"), 64); err == nil && s > 0 {
		d = min(d, max(time.Duration((s-0.5)*float64(time.Second)), time.Second))
	}
	return d
}

// site returns the configured site with that id.
func (p *Prober) site(id string) (snapshot.Site, bool) {
	sites := p.opts.Sites()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.byID == nil || !slices.Equal(p.sites, sites) {
		p.sites, p.byID = sites, make(map[string]snapshot.Site, len(sites))
		for _, s := range sites {
			p.byID[s.ID] = s
		}
	}
	s, ok := p.byID[id]
	return s, ok
}

func moduleNames() []string {
	var out []string
	for n := range probe.Modules {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}
