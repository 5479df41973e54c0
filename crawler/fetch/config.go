package fetch

import (
	"crypto/x509"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"time"
)

// DefaultUserAgent is the User-Agent sent when Config.UserAgent is empty.
const DefaultUserAgent = "gongkai/0.1 (+https://github.com/gongkai/gongkai; compliance audit bot)"

// RobotsAgent is the product token matched against robots.txt groups.
const RobotsAgent = "gongkai"

// Family restricts which IP family a request may connect over.
type Family int

// The IP families a Request may be restricted to.
const (
	Any  Family = iota // either family, addresses tried in resolver order
	IPv4               // tcp4 only; a host without A records fails with ErrNoAddress
	IPv6               // tcp6 only; a host without AAAA records fails with ErrNoAddress
)

// String returns "any", "ipv4" or "ipv6".
func (f Family) String() string {
	switch f {
	case IPv4:
		return "ipv4"
	case IPv6:
		return "ipv6"
	default:
		return "any"
	}
}

// Config configures a Client. The zero value is usable: every zero field
// selects the documented default.
type Config struct {
	// UserAgent is sent on every request; default DefaultUserAgent.
	UserAgent string
	// Resolver is the "ip:port" of the one DNS server used for every lookup
	// (A and AAAA); "" uses the system resolver.
	Resolver string
	// AllowPrivate lifts the SSRF guard (loopback, private, link-local,
	// metadata addresses may then be dialled).
	AllowPrivate bool
	// ConnectTimeout bounds each TCP connect; default 5s.
	ConnectTimeout time.Duration
	// TLSTimeout bounds the TLS handshake; default 5s.
	TLSTimeout time.Duration
	// HeaderTimeout bounds the wait for response headers after the request
	// is written; default 10s.
	HeaderTimeout time.Duration
	// Timeout bounds the network time of one attempt: every redirect hop,
	// connect, headers and body. Politeness waits are not counted. Default 15s.
	Timeout time.Duration
	// MaxBody caps the body bytes kept (after content decoding); the rest is
	// not read and Response.Truncated is set. Default 8 MiB.
	MaxBody int64
	// MaxRedirects is the number of redirects followed; more fail with
	// ErrTooManyRedirects. Default 10; negative means redirects are not
	// followed (the 3xx response is returned).
	MaxRedirects int
	// Retries is the number of retries after a 429/503 or a transient network
	// error. Default 2; negative means none.
	Retries int
	// MaxRetryAfter caps an honoured Retry-After; a longer one ends the
	// retries and the 429/503 response is returned (Response.RetryAfter
	// says so). Default 20s.
	MaxRetryAfter time.Duration
	// MaxCrawlDelay caps a robots.txt Crawl-delay: a longer one is applied
	// as this (Robots.CrawlDelayUsed says so). Default 60s.
	MaxCrawlDelay time.Duration
	// RetryBase is the base of the exponential backoff used when the server
	// gives no Retry-After. Default 500ms.
	RetryBase time.Duration
	// Rate is the requests per second allowed per host:port (burst 1).
	// Default 2; negative means unlimited. A robots.txt Crawl-delay lowers it.
	Rate float64
	// IPRate is the requests per second per IP address, over every host
	// and port on it: the sites of one 集约化 platform share it. Default
	// DefaultIPRateHosts times Rate (none when Rate is unlimited); negative
	// means no per-address limit.
	IPRate float64
	// PerHost is the number of concurrent requests per host:port. Default 2;
	// negative means unlimited.
	PerHost int
	// Pacer keeps the rate limits' state; default one of the Client's own
	// (NewLocalPacer). Workers of a cluster share one.
	Pacer Pacer
	// IgnoreRobots makes Allowed report true without fetching robots.txt.
	IgnoreRobots bool
	// RootCAs replaces the system roots for TLS verification (tests).
	RootCAs *x509.CertPool
	// Logger receives debug and warning records; nil discards.
	Logger *slog.Logger
}

// DefaultIPRateHosts is how many hosts' worth of requests an IP address
// gets by default (Config.IPRate): a platform hosting fifty sites is not
// sent fifty times the per-host rate.
const DefaultIPRateHosts = 4

// DefaultMaxBody is the default of Config.MaxBody: 8 MiB.
const DefaultMaxBody = 8 << 20

// Defaults for the zero fields of Config.
const (
	defaultConnectTimeout = 5 * time.Second
	defaultTLSTimeout     = 5 * time.Second
	defaultHeaderTimeout  = 10 * time.Second
	defaultTimeout        = 15 * time.Second
	defaultMaxBody        = DefaultMaxBody
	defaultMaxRedirects   = 10
	defaultRetries        = 2
	defaultMaxRetryAfter  = 20 * time.Second
	defaultMaxCrawlDelay  = 60 * time.Second
	defaultRetryBase      = 500 * time.Millisecond
	defaultRate           = 2
	defaultPerHost        = 2
	maxBackoff            = 10 * time.Second
)

// withDefaults validates cfg and fills its zero fields.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Resolver != "" {
		if err := checkResolver(cfg.Resolver); err != nil {
			return cfg, err
		}
	}
	durations := []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{
		{"ConnectTimeout", &cfg.ConnectTimeout, defaultConnectTimeout},
		{"TLSTimeout", &cfg.TLSTimeout, defaultTLSTimeout},
		{"HeaderTimeout", &cfg.HeaderTimeout, defaultHeaderTimeout},
		{"Timeout", &cfg.Timeout, defaultTimeout},
		{"MaxRetryAfter", &cfg.MaxRetryAfter, defaultMaxRetryAfter},
		{"MaxCrawlDelay", &cfg.MaxCrawlDelay, defaultMaxCrawlDelay},
		{"RetryBase", &cfg.RetryBase, defaultRetryBase},
	}
	for _, d := range durations {
		if *d.v < 0 {
			return cfg, fmt.Errorf("fetch config: %s is negative", d.name)
		}
		if *d.v == 0 {
			*d.v = d.def
		}
	}
	if cfg.MaxBody < 0 {
		return cfg, fmt.Errorf("fetch config: MaxBody is negative")
	}
	if cfg.MaxBody == 0 {
		cfg.MaxBody = defaultMaxBody
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.MaxRedirects == 0 {
		cfg.MaxRedirects = defaultMaxRedirects
	}
	if cfg.Retries == 0 {
		cfg.Retries = defaultRetries
	}
	if cfg.Retries < 0 {
		cfg.Retries = 0
	}
	if cfg.Rate == 0 {
		cfg.Rate = defaultRate
	}
	if cfg.IPRate == 0 && cfg.Rate > 0 {
		cfg.IPRate = DefaultIPRateHosts * cfg.Rate
	}
	if cfg.PerHost == 0 {
		cfg.PerHost = defaultPerHost
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg, nil
}

// checkResolver accepts "ip:port" with a literal IP and a non-zero port.
func checkResolver(s string) error {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return fmt.Errorf("fetch config: resolver %q: %w", s, err)
	}
	if _, err := netip.ParseAddr(host); err != nil {
		return fmt.Errorf("fetch config: resolver %q: host must be an IP address", s)
	}
	if p, err := strconv.ParseUint(port, 10, 16); err != nil || p == 0 {
		return fmt.Errorf("fetch config: resolver %q: bad port", s)
	}
	return nil
}
