package blindweb

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"gongkai/crawler/fetch/dnstest"
	"gongkai/crawler/snapshot"
)

//go:embed all:site
var content embed.FS

//go:embed manifest.yaml
var manifestYAML []byte

//go:embed expected.yaml
var expectedYAML []byte

// Web is the running blind web: a DNS server, HTTP on 127.0.0.1:P and
// [::1]:P, HTTPS on 127.0.0.1:Q and [::1]:Q.
type Web struct {
	// DNSAddr is the "127.0.0.1:PORT" of the DNS server that answers for
	// every host of the web (NXDOMAIN for anything else).
	DNSAddr string
	// AsOf is the web's fixed "today": every date in its pages is
	// written relative to it.
	AsOf time.Time
	// Sites are the audited sites, with URLs like http://www.qinglan.gov.cn:P/.
	Sites []snapshot.Site
	// HTTPPort and HTTPSPort are P and Q.
	HTTPPort, HTTPSPort int

	m       *manifest
	hosts   map[string]*hostHandler
	pool    *x509.CertPool
	rules   []string
	expect  map[string]map[string]string
	servers []*http.Server
	wg      sync.WaitGroup
}

// Start serves the blind web until the test ends.
func Start(t testing.TB) *Web {
	t.Helper()
	w, err := build(content, manifestYAML, expectedYAML)
	if err != nil {
		t.Fatal(err)
	}
	plain, p, err := listenPair()
	if err != nil {
		t.Fatal(err)
	}
	secure, q, err := listenPair()
	if err != nil {
		closeAll(plain)
		t.Fatal(err)
	}
	w.HTTPPort, w.HTTPSPort = p, q
	var tlsNames []string
	zone := map[string][]string{}
	var names []string
	for name, h := range w.m.Hosts {
		names = append(names, name)
		zone[name] = []string{"127.0.0.1"}
		if h.IPv6 != v6None {
			zone[name] = append(zone[name], "::1")
		}
		if h.TLS || h.Both {
			tlsNames = append(tlsNames, name)
		}
	}
	slices.Sort(tlsNames)
	rewrite := hostRewriter(names, p, q)
	for _, h := range w.hosts {
		h.rewrite = rewrite
	}
	pool, tlsCfg, err := issueCert(tlsNames, time.Now())
	if err != nil {
		closeAll(append(plain, secure...))
		t.Fatal(err)
	}
	w.pool = pool
	w.DNSAddr = dnstest.Start(t, zone)
	front := &frontDoor{hosts: w.hosts, httpsPort: q}
	for _, l := range plain {
		w.serve(l, front)
	}
	for _, l := range secure {
		w.serve(tls.NewListener(l, tlsCfg), front)
	}
	for _, s := range w.m.Sites {
		scheme, port := "http", p
		if w.m.Hosts[s.Host].TLS {
			scheme, port = "https", q
		}
		w.Sites = append(w.Sites, snapshot.Site{ID: s.ID, Name: s.Name, URL: fmt.Sprintf("%s://%s:%d/", scheme, s.Host, port),
			Level: s.Level, Kind: s.Kind, Region: s.Region})
	}
	t.Cleanup(w.close)
	return w
}

// build loads the manifest and the expectations and makes the host
// handlers (without ports: Start adds them).
func build(files fs.FS, rawManifest, rawExpected []byte) (*Web, error) {
	root, err := fs.Sub(files, "site")
	if err != nil {
		return nil, err
	}
	m, asOf, err := loadManifest(root, rawManifest)
	if err != nil {
		return nil, err
	}
	rules, expect, err := loadExpected(rawExpected, m.Sites)
	if err != nil {
		return nil, err
	}
	w := &Web{AsOf: asOf, m: m, rules: rules, expect: expect, hosts: map[string]*hostHandler{}}
	for name, def := range m.Hosts {
		h := &hostHandler{name: name, def: def, rewrite: func(b []byte) []byte { return b }}
		if def.Down == 0 {
			if h.files, err = fs.Sub(root, name); err != nil {
				return nil, err
			}
		}
		w.hosts[name] = h
	}
	return w, nil
}

// listenPair listens on 127.0.0.1:P and [::1]:P for one free port P.
func listenPair() ([]net.Listener, int, error) {
	var lastErr error
	for range 20 {
		l4, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			return nil, 0, fmt.Errorf("blind web: listen 127.0.0.1: %w", err)
		}
		port := l4.Addr().(*net.TCPAddr).Port
		l6, err := net.Listen("tcp6", fmt.Sprintf("[::1]:%d", port))
		if err == nil {
			return []net.Listener{l4, l6}, port, nil
		}
		l4.Close()
		lastErr = err
	}
	return nil, 0, fmt.Errorf("blind web: listen [::1] on the port of 127.0.0.1: %w", lastErr)
}

func closeAll(ls []net.Listener) {
	for _, l := range ls {
		l.Close()
	}
}

func (w *Web) serve(l net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	w.servers = append(w.servers, srv)
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		_ = srv.Serve(l) // http.ErrServerClosed once the test ends
	}()
}

func (w *Web) close() {
	for _, srv := range w.servers {
		_ = srv.Close()
	}
	w.wg.Wait()
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

// RootCAs trusts the certificate of the HTTPS hosts.
func (w *Web) RootCAs() *x509.CertPool { return w.pool.Clone() }

// RuleIDs are the rules Expected covers, in the order of expected.yaml.
func (w *Web) RuleIDs() []string { return slices.Clone(w.rules) }

// Expected returns site_id -> rule_id -> "pass" | "fail" | "not_applicable":
// the outcome the planted defects call for (expected.yaml gives the
// reason of every one), for a crawl that renders pages when the static
// HTML is not enough (--render auto).
func (w *Web) Expected() map[string]map[string]string {
	out := map[string]map[string]string{}
	for s, row := range w.expect {
		out[s] = map[string]string{}
		for r, o := range row {
			out[s][r] = o
		}
	}
	return out
}

// Client returns an HTTP client that resolves the web's names with its
// DNS and dials network ("tcp4", "tcp6" or "tcp"), trusting its CA and
// not following redirects.
func (w *Web) Client(network string) *http.Client {
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, nw, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, nw, w.DNSAddr)
	}}
	d := &net.Dialer{Timeout: 5 * time.Second, Resolver: r}
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			DialContext:     func(ctx context.Context, _, addr string) (net.Conn, error) { return d.DialContext(ctx, network, addr) },
			TLSClientConfig: &tls.Config{RootCAs: w.RootCAs()},
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
