package api

import (
	"io"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// contentSecurityPolicy allows the portal's own scripts, styles and images
// only: no inline script or style, no plug-ins, no framing, forms that
// post back to the portal only.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// middleware wraps every route: panics become 500, security headers,
// request size limits, the API rate limit, logging and Observe.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("handler panic", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				if !rec.wrote {
					writeError(rec, http.StatusInternalServerError, "internal", "internal error")
				}
			}
			s.observe(r, rec.status, time.Since(start))
		}()
		securityHeaders(rec.Header())
		if r.ContentLength > maxBodyBytes {
			writeError(rec, http.StatusRequestEntityTooLarge, "too_large", "request body too large")
			return
		}
		r.Body = http.MaxBytesReader(rec, r.Body, maxBodyBytes)
		if s.limiter != nil && limited(r.URL.Path) && !s.limiter.allow(clientKey(r)) {
			rec.Header().Set("Retry-After", "1")
			writeError(rec, http.StatusTooManyRequests, "rate_limited", "too many requests: slow down")
			return
		}
		next.ServeHTTP(rec, r)
	})
}

// securityHeaders sets the headers every response carries.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
}

// limited reports whether a path is under the per-client rate limit: the
// JSON and CKAN APIs, whose requests cost the most per byte.
func limited(path string) bool {
	return strings.HasPrefix(path, "/api/")
}

// observe logs a request and calls Options.Observe.
func (s *Server) observe(r *http.Request, status int, d time.Duration) {
	s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "route", r.Pattern, "status", status, "took", d)
	if s.opts.Observe != nil {
		s.opts.Observe(r.Pattern, status, d)
	}
}

// statusRecorder remembers the status written.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

// ReadFrom passes a copy from a file to the connection's own ReadFrom
// (sendfile), as net/http does without a wrapper.
func (r *statusRecorder) ReadFrom(src io.Reader) (int64, error) {
	r.wrote = true
	if rf, ok := r.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(struct{ io.Writer }{r.ResponseWriter}, src)
}

// Unwrap lets http.ResponseController reach the connection (write
// deadlines of downloads, flushing of streams).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
