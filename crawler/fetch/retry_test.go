package fetch

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/crawler/snapshot"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"3", 3 * time.Second, true},
		{" 12 ", 12 * time.Second, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"99999999999", 24 * time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := retryAfter(tt.in, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("retryAfter(%q) = %v %v, want %v %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	base := 500 * time.Millisecond
	for n := 1; n <= 8; n++ {
		want := min(base<<(n-1), maxBackoff)
		for range 50 {
			if d := backoff(base, n); d < want/2 || d > want {
				t.Fatalf("backoff(%v, %d) = %v, want in [%v, %v]", base, n, d, want/2, want)
			}
		}
	}
}

// flaky answers with fail for the first n requests, then 200 "ok".
func flaky(n int32, fail http.HandlerFunc) (http.HandlerFunc, *atomic.Int32) {
	var hits atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= n {
			fail(w, r)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}, &hits
}

func status(code int, retryAfter string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(code)
	}
}

// resetConn closes the connection without an answer.
func resetConn(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name         string
		failures     int32
		fail         http.HandlerFunc
		cfg          Config
		noRetry      bool
		wantStatus   snapshot.Status
		wantHTTP     int
		wantAttempts int
		minElapsed   time.Duration
	}{
		{"503 once then ok", 1, status(503, ""), Config{}, false, snapshot.StatusOK, 200, 2, 0},
		{"429 with Retry-After 1", 1, status(429, "1"), Config{}, false, snapshot.StatusOK, 200, 2, 900 * time.Millisecond},
		{"503 with Retry-After date", 1, status(503, time.Now().Add(-time.Second).Format(http.TimeFormat)), Config{}, false, snapshot.StatusOK, 200, 2, 0},
		{"Retry-After beyond cap gives up", 1, status(503, "3600"), Config{}, false, snapshot.StatusOK, 503, 1, 0},
		{"always 503 exhausts retries", 10, status(503, ""), Config{Retries: 2}, false, snapshot.StatusOK, 503, 3, 0},
		{"404 is not retried", 10, status(404, ""), Config{}, false, snapshot.StatusOK, 404, 1, 0},
		{"500 is not retried", 10, status(500, ""), Config{}, false, snapshot.StatusOK, 500, 1, 0},
		{"NoRetry", 1, status(503, ""), Config{}, true, snapshot.StatusOK, 503, 1, 0},
		{"reset once then ok", 1, resetConn, Config{}, false, snapshot.StatusOK, 200, 2, 0},
		{"reset always", 10, resetConn, Config{Retries: 1}, false, snapshot.StatusNetError, 0, 2, 0},
		{"retries disabled", 1, resetConn, Config{Retries: -1}, false, snapshot.StatusNetError, 0, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, hits := flaky(tt.failures, tt.fail)
			s := serve(t, h)
			tt.cfg.AllowPrivate = true
			c := newTestClient(t, tt.cfg)
			start := time.Now()
			resp, err := c.Fetch(t.Context(), Request{URL: s.URL, NoRetry: tt.noRetry})
			if got := Classify(err); got != tt.wantStatus {
				t.Fatalf("Classify(%v) = %s, want %s (server hits %d)", err, got, tt.wantStatus, hits.Load())
			}
			if err != nil {
				if int(hits.Load()) != tt.wantAttempts {
					t.Errorf("server hits %d, want %d", hits.Load(), tt.wantAttempts)
				}
				return
			}
			if resp.Status != tt.wantHTTP || resp.Attempts != tt.wantAttempts || int(hits.Load()) != tt.wantAttempts {
				t.Errorf("status %d attempts %d hits %d, want %d %d", resp.Status, resp.Attempts, hits.Load(), tt.wantHTTP, tt.wantAttempts)
			}
			if el := time.Since(start); el < tt.minElapsed {
				t.Errorf("elapsed %v, want >= %v (Retry-After not honoured)", el, tt.minElapsed)
			}
		})
	}
}

// TestRetryTimeout: a header timeout is transient and retried. The first
// answer never comes; the header timeout is ten times what a loopback
// answer needs on a loaded machine, and a retry that timed out as well is
// still a retry.
func TestRetryTimeout(t *testing.T) {
	h, hits := flaky(1, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	s := serve(t, h)
	c := newTestClient(t, Config{AllowPrivate: true, HeaderTimeout: time.Second})
	resp, err := c.Fetch(t.Context(), Request{URL: s.URL})
	if err != nil || resp.Status != 200 || resp.Attempts < 2 || int(hits.Load()) != resp.Attempts {
		t.Fatalf("got %v %v hits %d, want success after the timed-out attempt", resp, err, hits.Load())
	}
}
