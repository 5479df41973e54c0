package sampleweb

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/csv"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"gongkai/crawler/snapshot"
)

// Config configures the sample web.
type Config struct {
	// AsOf is "today": every generated date is relative to it (fresh items
	// are 1-10 days old, stale ones older). Zero means now.
	AsOf time.Time
	// Logger receives request and DNS debug logs; nil discards them.
	Logger *slog.Logger
}

// Web is a running sample agency web: a DNS server, HTTP listeners on
// 127.0.0.1:P and [::1]:P, and HTTPS listeners on 127.0.0.1:Q and [::1]:Q.
type Web struct {
	// DNSAddr is "127.0.0.1:PORT": authoritative answers for every sample
	// host, over UDP and TCP.
	DNSAddr string
	// Sites are the audited sites, URLs like http://www.shifan.gov.cn:PORT/
	// (https for TLS sites).
	Sites []snapshot.Site
	// HTTPPort and HTTPSPort are P and Q.
	HTTPPort, HTTPSPort int

	ca       *certAuthority
	sites    map[string]*site   // by site id (tests read the model)
	pages    map[string]pageSet // by site id
	expect   *expectations
	log      *requestLog
	dns      *dnsServer
	servers  httpServers
	done     chan struct{}
	stopCtx  func() bool
	closeErr error
	once     sync.Once
}

// Start builds the sample web for cfg.AsOf and starts serving it on
// loopback. It serves until Close, or until ctx is cancelled.
func Start(ctx context.Context, cfg Config) (w *Web, err error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	asOf := cfg.AsOf
	if asOf.IsZero() {
		asOf = time.Now()
	}
	asOf = time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, asOf.Location())
	cat, err := loadCatalog()
	if err != nil {
		return nil, err
	}
	expect, err := loadExpected(cat.Sites)
	if err != nil {
		return nil, err
	}
	var closers []io.Closer
	defer func() {
		if err != nil {
			for _, c := range closers {
				c.Close()
			}
		}
	}()
	plain, p, err := listenPair()
	if err != nil {
		return nil, err
	}
	secure, q, err := listenPair()
	if err != nil {
		plain[0].Close()
		plain[1].Close()
		return nil, err
	}
	pc, dl, err := listenDNS()
	if err != nil {
		for _, l := range append(plain, secure...) {
			l.Close()
		}
		return nil, err
	}
	for _, l := range append(plain, secure...) {
		closers = append(closers, l)
	}
	closers = append(closers, pc, dl)

	w = &Web{DNSAddr: pc.LocalAddr().String(), HTTPPort: p, HTTPSPort: q, expect: expect,
		log: &requestLog{counts: map[string]int{}}, done: make(chan struct{})}
	hosts, tlsHosts, err := w.build(cat, asOf, ports{HTTP: p, HTTPS: q}, logger)
	if err != nil {
		return nil, err
	}
	if w.ca, err = newCertAuthority(tlsHosts, time.Now()); err != nil {
		return nil, err
	}
	w.dns = &dnsServer{hosts: hosts, logger: logger}
	if err := w.dns.start(pc, dl); err != nil {
		return nil, err
	}
	front := &frontDoor{hosts: hosts, log: w.log, logger: logger, httpsPort: q}
	for _, l := range plain {
		w.servers.serve(l, front, nil, logger)
	}
	for _, l := range secure {
		w.servers.serve(l, front, w.ca, logger)
	}
	w.stopCtx = context.AfterFunc(ctx, func() { w.Close() })
	logger.Info("sample web started", "dns", w.DNSAddr, "http_port", p, "https_port", q, "as_of", asOf.Format("2006-01-02"))
	return w, nil
}

// build renders every site and returns the host table and the TLS host names.
func (w *Web) build(cat *catalog, asOf time.Time, pt ports, logger *slog.Logger) (hostTable, []string, error) {
	r, err := newRenderer()
	if err != nil {
		return nil, nil, err
	}
	assets, err := newAssetSet()
	if err != nil {
		return nil, nil, err
	}
	hosts := hostTable{}
	var tlsHosts []string
	w.sites, w.pages = map[string]*site{}, map[string]pageSet{}
	for i := range cat.Sites {
		def := &cat.Sites[i]
		s, err := newSite(def, cat, asOf, pt)
		if err != nil {
			return nil, nil, err
		}
		w.Sites = append(w.Sites, snapshot.Site{ID: def.ID, Name: def.Name, URL: s.url(def.Host, "/"),
			Level: def.Level, Kind: orDefault(def.Kind, "portal"), Region: def.Region})
		if def.NXDomain {
			continue
		}
		ps, err := buildPages(s, r, assets)
		if err != nil {
			return nil, nil, err
		}
		w.sites[def.ID], w.pages[def.ID] = s, ps
		var traps *trapHandler
		if def.Traps {
			traps = &trapHandler{b: &builder{s: s, r: r, assets: assets}, done: w.done, tick: time.Second}
		}
		entries, err := siteHosts(s, func(host string) http.Handler { return newSiteHandler(s, ps, host, traps, logger) }, wafHandler{})
		if err != nil {
			return nil, nil, err
		}
		for _, e := range entries {
			if err := hosts.add(e); err != nil {
				return nil, nil, err
			}
			if e.tls {
				tlsHosts = append(tlsHosts, e.name)
			}
		}
	}
	for _, e := range nationalEntries(assets) {
		if err := hosts.add(e); err != nil {
			return nil, nil, err
		}
	}
	return hosts, tlsHosts, nil
}

// Close stops every listener and waits for their goroutines. In-flight
// requests (the slow and huge traps) are cancelled.
func (w *Web) Close() error {
	w.once.Do(func() {
		if w.stopCtx != nil {
			w.stopCtx()
		}
		close(w.done)
		w.closeErr = errors.Join(w.servers.close(), shutdownDNS(w.dns))
	})
	return w.closeErr
}

// SitesCSV returns the sites file (DESIGN.md §2.2) of the audited sites.
func (w *Web) SitesCSV() []byte {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	_ = cw.Write([]string{"site_id", "name", "url", "level", "kind", "region"})
	for _, s := range w.Sites {
		_ = cw.Write([]string{s.ID, s.Name, s.URL, s.Level, s.Kind, s.Region})
	}
	cw.Flush()
	return b.Bytes()
}

// RootCAs is the trust for the HTTPS sites: the CA made at Start.
func (w *Web) RootCAs() *x509.CertPool { return w.ca.pool.Clone() }

// CAPEM returns the sample web's root certificate as PEM, for a gongkai
// process that must trust it (SSL_CERT_FILE).
func (w *Web) CAPEM() []byte {
	chain := w.ca.leaf.Certificate
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: chain[len(chain)-1]})
}

// Expected returns site_id -> rule_id -> "pass" | "fail" | "not_applicable":
// the outcome each site's planted defects call for, for every contract
// rule id, when pages are rendered as needed (--render auto).
func (w *Web) Expected() map[string]map[string]string { return copyTable(w.expect.rendered) }

// ExpectedNoRender is Expected for a crawl that never renders (--render
// never): the script-built site then looks empty.
func (w *Web) ExpectedNoRender() map[string]map[string]string { return copyTable(w.expect.static) }

// RuleIDs are the contract rule ids Expected covers, in contract order.
func (w *Web) RuleIDs() []string { return append([]string(nil), w.expect.rules...) }

// Requests returns "host/path?query" -> times served since Start or the
// last ResetRequests (both address families, every method).
func (w *Web) Requests() map[string]int { return w.log.snapshot() }

// ResetRequests clears the request counts. Planted "first request fails"
// URLs fail again on their next request.
func (w *Web) ResetRequests() { w.log.reset() }

// Dialer returns a DialContext that resolves sample host names with the
// sample DNS (A for "tcp4", AAAA for "tcp6", either for "tcp") and dials
// loopback: handy for clients in tests and the demo.
func (w *Web) Dialer() func(ctx context.Context, network, addr string) (net.Conn, error) {
	return newLoopbackDialer(w.DNSAddr).DialContext
}

func (w *Web) String() string {
	return fmt.Sprintf("sampleweb(dns=%s http=%d https=%d sites=%d)", w.DNSAddr, w.HTTPPort, w.HTTPSPort, len(w.Sites))
}
