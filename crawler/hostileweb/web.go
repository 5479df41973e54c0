// Package hostileweb serves a web of hostile and broken agency sites, one
// per behaviour class an audit must survive with bounded time and memory:
// tarpits, trickled bodies and headers, TLS handshakes never answered and
// bad certificates, redirect loops and redirects to file: or private
// addresses, endless pages and decompression bombs, parser bombs, crawler
// traps, absurd robots.txt files, Retry-After of an hour, lying servers,
// pages whose scripts eat memory or reach for private addresses, and
// attempts at server-side request forgery by every spelling of loopback
// and by DNS rebinding.
//
// It runs inside a network namespace of its own (Reexec): each site has a
// public-looking address of TEST-NET-3 (203.0.113.0/24) on lo and listens
// on ports 80 and 443 as a real site does, so an audit reaches it WITHOUT
// --allow-private, with the production SSRF guard. Canaries listen on the
// private addresses the sites point at (loopback, RFC 1918, metadata, ULA)
// and count every connection: an audit must leave them at zero. Its own
// DNS server answers for every name, rebinding names included.
//
// Tests, the end-to-end audit of cmd/gongkai and `make bench` use it;
// Site.Want is the crawl_status each site must end with under a site
// budget of seconds (longer than a TLS handshake timeout, shorter than a
// tarpit's retries).
package hostileweb

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/crawler/snapshot"
)

// Config configures the hostile web. The zero value serves every site.
type Config struct {
	// Only restricts the web to these site ids (nil: all).
	Only []string
	// Logger receives the servers' errors; nil discards.
	Logger *slog.Logger
}

// Site is one hostile site: a row of the sites file and what an audit
// must record for it.
type Site struct {
	ID   string
	Name string
	URL  string
	// Want is the crawl_status the audit must give the site.
	Want snapshot.Status
	// Why says what the site does.
	Why string
}

// Web is a running hostile web.
type Web struct {
	// Sites are the sites served, in id order.
	Sites []Site
	// DNSAddr is the "ip:port" of the web's DNS server (for --resolver).
	DNSAddr string

	ca      *authority
	dns     *dnsServer
	canary  *canary
	servers []*http.Server
	raws    []net.Listener
	done    chan struct{}
	closed  sync.Once
	served  map[string]*atomic.Int64 // bytes written per site id
}

// tlsMode says how a site's port 443 answers.
type tlsMode int

const (
	tlsNone       tlsMode = iota // nothing listens: connections are refused
	tlsGood                      // a certificate of the web's CA
	tlsSelfSigned                // a certificate signed by itself
	tlsExpired                   // a certificate of the CA that expired
	tlsWrongName                 // a certificate of the CA for another name
	tlsHang                      // accepts and never answers the handshake
)

// siteDef is how one site is built.
type siteDef struct {
	id, name string
	hosts    []string // hosts served on the site's address; [0] is the homepage host
	home     string   // homepage URL
	http     http.Handler
	tarpit   bool // port 80 accepts and never answers
	tls      tlsMode
	https    http.Handler // the handler behind port 443 (default: http)
	want     snapshot.Status
	why      string
	rebind   map[string][]string // names answered in turn by the DNS server
	extraDNS map[string][]string // more names
}

// siteAddr is the address of the i-th site.
func siteAddr(i int) string { return fmt.Sprintf("203.0.113.%d", 10+i) }

// Start serves the hostile web until Close. It must run inside the
// network namespace Reexec makes: it adds the sites' and the canaries'
// addresses to lo.
func Start(ctx context.Context, cfg Config) (*Web, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	ca, err := newAuthority(time.Now())
	if err != nil {
		return nil, err
	}
	w := &Web{ca: ca, done: make(chan struct{}), served: map[string]*atomic.Int64{}}
	defs := catalogue(w.done)
	if cfg.Only != nil {
		defs = slices.DeleteFunc(defs, func(d siteDef) bool { return !slices.Contains(cfg.Only, d.id) })
	}
	addrs := slices.Clone(canaryAddrs)
	zone := map[string][]string{}
	rebind := map[string][]string{}
	for i, d := range defs {
		addrs = append(addrs, siteAddr(i))
		for _, h := range d.hosts {
			zone[h] = []string{siteAddr(i)}
		}
		for name, turns := range d.rebind {
			rebind[name] = replaceSelf(turns, siteAddr(i))
		}
		for name, as := range d.extraDNS {
			zone[name] = as
		}
	}
	if err := addAddrs(addrs); err != nil {
		return nil, err
	}
	if w.canary, err = startCanary(); err != nil {
		return nil, err
	}
	if w.dns, err = startDNS(zone, rebind); err != nil {
		w.Close()
		return nil, err
	}
	w.DNSAddr = w.dns.addr
	for i, d := range defs {
		if err := w.serveSite(siteAddr(i), d, cfg.Logger); err != nil {
			w.Close()
			return nil, fmt.Errorf("hostile site %s: %w", d.id, err)
		}
		w.Sites = append(w.Sites, Site{ID: d.id, Name: d.name, URL: d.home, Want: d.want, Why: d.why})
	}
	context.AfterFunc(ctx, func() { w.Close() })
	return w, nil
}

// replaceSelf puts the site's own address where a rebinding list says "self".
func replaceSelf(turns []string, self string) []string {
	out := slices.Clone(turns)
	for i, a := range out {
		if a == "self" {
			out[i] = self
		}
	}
	return out
}

// serveSite starts the listeners of one site on addr.
func (w *Web) serveSite(addr string, d siteDef, log *slog.Logger) error {
	count := &atomic.Int64{}
	w.served[d.id] = count
	switch {
	case d.tarpit:
		if err := w.tarpit(net.JoinHostPort(addr, "80")); err != nil {
			return err
		}
	case d.http != nil:
		if err := w.serve(net.JoinHostPort(addr, "80"), d.http, nil, count, log); err != nil {
			return err
		}
	}
	h := d.https
	if h == nil {
		h = d.http
	}
	var cert tls.Certificate
	var err error
	now := time.Now()
	switch d.tls {
	case tlsNone:
		return nil
	case tlsHang:
		return w.tarpit(net.JoinHostPort(addr, "443"))
	case tlsGood:
		cert, err = w.ca.issue(d.hosts, now.Add(-time.Hour), now.Add(365*24*time.Hour), false)
	case tlsSelfSigned:
		cert, err = w.ca.issue(d.hosts, now.Add(-time.Hour), now.Add(365*24*time.Hour), true)
	case tlsExpired:
		cert, err = w.ca.issue(d.hosts, now.Add(-400*24*time.Hour), now.Add(-35*24*time.Hour), false)
	case tlsWrongName:
		cert, err = w.ca.issue([]string{"www.another-agency.gov.cn"}, now.Add(-time.Hour), now.Add(365*24*time.Hour), false)
	}
	if err != nil {
		return err
	}
	return w.serve(net.JoinHostPort(addr, "443"), h, &tls.Config{Certificates: []tls.Certificate{cert}}, count, log)
}

// serve runs an HTTP (or, with tc, HTTPS) server for h on addr, counting
// the bytes it writes.
func (w *Web) serve(addr string, h http.Handler, tc *tls.Config, count *atomic.Int64, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	ln = countingListener{Listener: ln, n: count}
	srv := &http.Server{Handler: h, TLSConfig: tc, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelDebug)}
	w.servers = append(w.servers, srv)
	go func() {
		if tc != nil {
			_ = srv.ServeTLS(ln, "", "")
			return
		}
		_ = srv.Serve(ln)
	}()
	return nil
}

// tarpit accepts connections on addr, reads what comes and never answers.
func (w *Web) tarpit(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	w.raws = append(w.raws, ln)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				buf := make([]byte, 4096)
				for {
					if _, err := conn.Read(buf); err != nil {
						return
					}
				}
			}()
		}
	}()
	go func() { <-w.done; ln.Close() }()
	return nil
}

// Close stops every server.
func (w *Web) Close() error {
	w.closed.Do(func() {
		close(w.done)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		for _, s := range w.servers {
			if err := s.Shutdown(ctx); err != nil {
				_ = s.Close()
			}
		}
		for _, ln := range w.raws {
			ln.Close()
		}
		if w.dns != nil {
			w.dns.close()
		}
		if w.canary != nil {
			w.canary.close()
		}
	})
	return nil
}

// SitesCSV returns the sites file of the web.
func (w *Web) SitesCSV() []byte {
	var b strings.Builder
	b.WriteString("site_id,name,url,level,kind\n")
	for _, s := range w.Sites {
		fmt.Fprintf(&b, "%s,%s,%s,county,portal\n", s.ID, s.Name, s.URL)
	}
	return []byte(b.String())
}

// RootCAs returns a pool holding the web's CA.
func (w *Web) RootCAs() *x509.CertPool { return w.ca.pool }

// CAPEM returns the web's CA certificate as PEM, for SSL_CERT_FILE.
func (w *Web) CAPEM() []byte { return w.ca.pem() }

// CanaryHits returns how many connections and datagrams reached a private
// address, and the first few as "addr <- peer".
func (w *Web) CanaryHits() (int64, []string) {
	w.canary.mu.Lock()
	defer w.canary.mu.Unlock()
	return w.canary.hits.Load(), slices.Clone(w.canary.seen)
}

// BytesServed returns the bytes the site's servers wrote (TLS included).
func (w *Web) BytesServed(id string) int64 {
	if c := w.served[id]; c != nil {
		return c.Load()
	}
	return 0
}

// Site returns the site with the given id.
func (w *Web) Site(id string) (Site, error) {
	for _, s := range w.Sites {
		if s.ID == id {
			return s, nil
		}
	}
	return Site{}, errors.New("hostileweb: no site " + id)
}

// countingListener counts the bytes written on its connections.
type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{Conn: c, n: l.n}, nil
}

type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.n.Add(int64(n))
	return n, err
}
