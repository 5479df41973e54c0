package sampleweb

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// listenPair listens on 127.0.0.1:P and [::1]:P for one free port P.
func listenPair() ([]net.Listener, int, error) {
	var lastErr error
	for i := 0; i < 20; i++ {
		l4, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			return nil, 0, fmt.Errorf("listen 127.0.0.1: %w", err)
		}
		port := l4.Addr().(*net.TCPAddr).Port
		l6, err := net.Listen("tcp6", fmt.Sprintf("[::1]:%d", port))
		if err == nil {
			return []net.Listener{l4, l6}, port, nil
		}
		l4.Close()
		lastErr = err
	}
	return nil, 0, fmt.Errorf("listen [::1] on the port of 127.0.0.1: %w", lastErr)
}

// httpServers runs one http.Server per listener and stops them all.
type httpServers struct {
	servers []*http.Server
	wg      sync.WaitGroup
}

func (hs *httpServers) serve(l net.Listener, h http.Handler, tlsCert *certAuthority, logger *slog.Logger) {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(slogWriter{logger}, "", 0),
	}
	hs.servers = append(hs.servers, srv)
	hs.wg.Add(1)
	go func() {
		defer hs.wg.Done()
		var err error
		if tlsCert != nil {
			srv.TLSConfig = tlsConfig(tlsCert)
			err = srv.ServeTLS(l, "", "")
		} else {
			err = srv.Serve(l)
		}
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Warn("sample web listener stopped", "addr", l.Addr().String(), "err", err)
		}
	}()
}

// close stops every server at once (cancelling in-flight requests) and
// waits for their goroutines.
func (hs *httpServers) close() error {
	var errs []error
	for _, srv := range hs.servers {
		if err := srv.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	hs.wg.Wait()
	return errors.Join(errs...)
}

// shutdownDNS gives the DNS servers a moment to stop.
func shutdownDNS(d *dnsServer) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return d.shutdown(ctx)
}

// slogWriter sends net/http's error log (TLS handshake noise from clients
// that do not trust the CA) to the logger at debug level.
type slogWriter struct{ l *slog.Logger }

func (w slogWriter) Write(p []byte) (int, error) {
	w.l.Debug("http server", "msg", string(p))
	return len(p), nil
}
