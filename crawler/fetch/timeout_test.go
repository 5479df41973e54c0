package fetch

import (
	"context"
	"net"
	"net/http"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"gongkai/crawler/snapshot"
)

// blackhole returns a loopback address whose listen queue is full, so a
// further connect is never answered (the SYN is dropped).
func blackhole(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(sa.(*syscall.SockaddrInet4).Port)
	// Fill the queue until a connect hangs.
	for i := 0; i < 64; i++ {
		conn, err := net.DialTimeout("tcp4", addr, 100*time.Millisecond)
		if err != nil {
			return addr
		}
		t.Cleanup(func() { conn.Close() })
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true: could not fill the listen queue, so the connect timeout is untested")
	}
	t.Skip("could not fill the listen queue")
	return ""
}

// hangingListener accepts connections and never writes to them.
func hangingListener(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() })
		}
	}()
	return ln.Addr().String()
}

// TestTimeouts: each clock ends the request it bounds, with the status it
// should. Every other clock is a minute away and the servers never answer
// in time, so the clock under test is the only one that can end the
// request in the generous bound, however loaded the machine.
func TestTimeouts(t *testing.T) {
	slowHeader := serve(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	trickle := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for {
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(20 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
	})
	hanging := hangingListener(t)
	const (
		far   = time.Minute      // the clocks not under test
		bound = 20 * time.Second // well before any of them, well after the one under test
	)
	tests := []struct {
		name string
		url  string
		cfg  Config
		want snapshot.Status
	}{
		{"connect", "http://" + blackhole(t) + "/", Config{ConnectTimeout: 150 * time.Millisecond, Timeout: far}, snapshot.StatusTimeout},
		// A handshake the server never answers is a TLS failure, whichever
		// clock ends it.
		{"tls handshake", "https://" + hanging + "/", Config{TLSTimeout: 150 * time.Millisecond, Timeout: far}, snapshot.StatusTLSError},
		{"tls handshake, total timeout first", "https://" + hanging + "/", Config{TLSTimeout: far, Timeout: 150 * time.Millisecond}, snapshot.StatusTLSError},
		{"response header", slowHeader.URL, Config{HeaderTimeout: 150 * time.Millisecond, Timeout: far}, snapshot.StatusTimeout},
		{"total incl. trickling body", trickle.URL, Config{Timeout: 300 * time.Millisecond, HeaderTimeout: far}, snapshot.StatusTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.AllowPrivate = true
			c := newTestClient(t, tt.cfg)
			ctx, cancel := context.WithTimeout(t.Context(), 2*far) // a broken clock fails the test rather than hanging it
			defer cancel()
			start := time.Now()
			_, err := c.Fetch(ctx, Request{URL: tt.url, NoRetry: true})
			elapsed := time.Since(start)
			if got := Classify(err); got != tt.want {
				t.Fatalf("Classify(%v) = %s, want %s", err, got, tt.want)
			}
			if elapsed > bound {
				t.Errorf("took %v: a clock a minute away ended it, not the one under test", elapsed)
			}
		})
	}
}
