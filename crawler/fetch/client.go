// Package fetch is the one network path of gongkai: every request of the
// crawler, the link checker and the headless browser goes through a Client.
// A Client resolves names with one configured DNS server, refuses
// non-public addresses at connect time (the SSRF guard), bounds every phase
// with a timeout and every body with a size cap, follows redirects itself,
// decodes gzip and brotli, decodes legacy Chinese charsets to UTF-8,
// retries 429/503 and transient failures, keeps per-host rate and
// concurrency limits, and reads robots.txt.
package fetch

import (
	"crypto/tls"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"
)

// Client performs requests. It is safe for concurrent use; make one per
// audit so that politeness and robots.txt state are shared by all work on
// the same hosts.
type Client struct {
	cfg        Config
	log        *slog.Logger
	resolver   *net.Resolver
	transports [3]*http.Transport // indexed by Family: pooled connections never cross families
	hosts      *hosts
	peers      *peers
	robots     *robotsCache

	// policy replaces the SSRF guard's address policy when set (tests).
	policy func(netip.Addr) error
}

// New returns a Client for cfg, or an error when cfg is invalid (for
// example a Resolver that is not "ip:port").
func New(cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	c := &Client{
		cfg:      cfg,
		log:      cfg.Logger,
		resolver: newResolver(cfg.Resolver),
		hosts:    newHosts(cfg),
		peers:    newPeers(),
		robots:   newRobotsCache(nil),
	}
	for _, f := range []Family{Any, IPv4, IPv6} {
		c.transports[f] = c.newTransport(f)
	}
	return c, nil
}

// newTransport returns the transport for requests restricted to family.
func (c *Client) newTransport(f Family) *http.Transport {
	idle := c.cfg.PerHost
	if idle <= 0 {
		idle = 16
	}
	return &http.Transport{
		Proxy:                  nil, // never: the guard must see the real peer
		DialContext:            c.dialer(f),
		TLSClientConfig:        &tls.Config{RootCAs: c.cfg.RootCAs},
		TLSHandshakeTimeout:    c.cfg.TLSTimeout,
		ResponseHeaderTimeout:  c.cfg.HeaderTimeout,
		ExpectContinueTimeout:  time.Second,
		DisableCompression:     true, // decodeBody handles gzip and br alike
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           256,
		MaxIdleConnsPerHost:    idle,
		IdleConnTimeout:        30 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
}

// Close closes idle connections. The Client stays usable.
func (c *Client) Close() {
	for _, t := range c.transports {
		t.CloseIdleConnections()
	}
}
