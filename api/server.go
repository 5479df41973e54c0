package api

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Server serves the releases of one data directory over HTTP. Build it
// with New; serve it with Run or Serve, or mount Handler in a server of
// your own.
type Server struct {
	opts    Options
	log     *slog.Logger
	store   *Store
	mux     *http.ServeMux
	handler http.Handler
	limiter *clientLimiter
	files   *files
	archive *archive
	tmpl    *template.Template
}

// New returns a server for opts.Data and loads the latest release (or,
// when it is damaged, the newest release that loads). A directory without
// any release is not an error: the server answers 503 until one appears.
func New(ctx context.Context, opts Options) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts:    opts,
		log:     opts.Logger,
		store:   newStore(opts.Data, opts.Logger),
		mux:     http.NewServeMux(),
		files:   newFiles(opts.Data),
		archive: newArchive(opts.Data),
	}
	if opts.RateLimit > 0 {
		s.limiter = newClientLimiter(opts.RateLimit, opts.RateBurst)
	}
	s.store.Subscribe(func(e Event) {
		if e.Err == nil && e.Release != nil {
			s.archive.put(e.Release)
		}
	})
	if err := s.store.Refresh(ctx); err != nil {
		s.log.Warn("no release served yet", "data", opts.Data, "err", err)
	}
	s.routes()
	s.handler = s.middleware(s.mux)
	return s, nil
}

// Store returns the server's release store: the release being served and
// notifications of every switch.
func (s *Server) Store() *Store { return s.store }

// Handler returns the server's root handler: every route behind the
// security headers, limits and logging.
func (s *Server) Handler() http.Handler { return s.handler }

// Mount registers h for pattern (a net/http ServeMux pattern such as
// "GET /metrics") on the server's mux. Mounted handlers get the same
// security headers, body limit, logging and Observe hook as the built-in
// routes, but not the API rate limit; wrap them in RequireToken when they
// change state or cost much. Mount panics on a pattern that conflicts
// with a route, as ServeMux does.
func (s *Server) Mount(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Run listens on addr and serves until ctx ends, then shuts down
// gracefully (in-flight requests get Options.ShutdownTimeout).
func (s *Server) Run(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx ends, polling for new releases meanwhile,
// then shuts down gracefully. It closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := s.httpServer()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go s.store.watch(ctx, s.opts.Poll)
	if s.limiter != nil {
		go s.limiter.sweep(ctx, time.Minute)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String(), "data", s.opts.Data)
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, scancel := context.WithTimeout(context.Background(), s.opts.ShutdownTimeout)
	defer scancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) {
		err = errors.Join(err, e)
	}
	if err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// httpServer returns the http.Server with every timeout and limit set.
func (s *Server) httpServer() *http.Server {
	return &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.opts.ReadHeaderTimeout,
		ReadTimeout:       s.opts.ReadTimeout,
		WriteTimeout:      s.opts.WriteTimeout,
		IdleTimeout:       s.opts.IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
}

// routes registers the built-in routes.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /releases/{id}/{file}", s.download)
	s.apiRoutes()
	s.catalogRoutes()
	s.portalRoutes()
}

// healthz answers liveness: 200 while the server runs, with the release
// served (or none yet).
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, "ok\nrelease %s\n", s.store.Current().idOrNone())
}
