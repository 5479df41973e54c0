package api

import (
	"context"

	"errors"
	"gongkai/api/catalog"
	"log/slog"
	"time"
)

// Options configure a Server. Zero fields select the documented defaults.
type Options struct {
	// Data is the data directory: the --out of an audit, holding releases/.
	Data string
	// Logger receives the server's records; nil discards them.
	Logger *slog.Logger
	// Poll is how often latest.json is looked at for a new release;
	// default 2s.
	Poll time.Duration

	// Token is the bearer token of the state-changing endpoints (POST
	// /api/v1/audits and whatever is wrapped in RequireToken). Empty turns
	// them off: they answer 403.
	Token string
	// StartAudit starts an audit of the configured sites and returns its
	// id without waiting for it (POST /api/v1/audits). Nil: the endpoint
	// answers 503. The api package never crawls; cmd provides this.
	StartAudit func(ctx context.Context) (string, error)

	// BaseURL is the server's public URL (https://data.example.gov.cn),
	// used in catalogs for harvesters. Empty: the URL each request was
	// made to (fine on loopback; behind a proxy, set it).
	BaseURL string
	// Publisher names the publisher and contact in the catalogs.
	Publisher catalog.Publisher

	// RateLimit is the sustained number of API requests per second one
	// client (IP address) may make, with bursts of RateBurst; default 20/s
	// and 60. Negative turns the limit off (benchmarks).
	RateLimit float64
	RateBurst int

	// Observe, when set, is called after every request with the route
	// pattern that served it ("" when none matched), its status and its
	// duration: the hook for request metrics.
	Observe func(route string, status int, d time.Duration)

	// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout bound
	// each connection; defaults 5s, 30s, 60s and 120s. A download extends
	// its write deadline as long as it makes progress (WriteTimeout per
	// chunk written), so large files are not cut off.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// ShutdownTimeout bounds the graceful shutdown; default 10s.
	ShutdownTimeout time.Duration
}

// Defaults of Options.
const (
	defaultPoll              = 2 * time.Second
	defaultRateLimit         = 20
	defaultRateBurst         = 60
	defaultReadHeaderTimeout = 5 * time.Second
	defaultReadTimeout       = 30 * time.Second
	defaultWriteTimeout      = 60 * time.Second
	defaultIdleTimeout       = 120 * time.Second
	defaultShutdownTimeout   = 10 * time.Second
	// maxHeaderBytes bounds the request line and headers.
	maxHeaderBytes = 32 << 10
	// maxBodyBytes bounds every request body (the API takes small JSON
	// bodies only).
	maxBodyBytes = 64 << 10
)

func (o Options) withDefaults() (Options, error) {
	if o.Data == "" {
		return o, errors.New("api: no data directory")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Poll, defaultPoll)
	def(&o.ReadHeaderTimeout, defaultReadHeaderTimeout)
	def(&o.ReadTimeout, defaultReadTimeout)
	def(&o.WriteTimeout, defaultWriteTimeout)
	def(&o.IdleTimeout, defaultIdleTimeout)
	def(&o.ShutdownTimeout, defaultShutdownTimeout)
	if o.RateLimit == 0 {
		o.RateLimit = defaultRateLimit
	}
	if o.RateBurst <= 0 {
		o.RateBurst = defaultRateBurst
	}
	return o, nil
}
