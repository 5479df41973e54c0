package api

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"gongkai/api/internal/releasegen"
)

// testLogger writes the server's records into the test log.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tlog{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tlog struct{ t testing.TB }

func (l tlog) Write(b []byte) (int, error) { l.t.Log(string(b)); return len(b), nil }

// publish writes a small synthetic release into dir.
func publish(t testing.TB, dir string, sites int, seed uint64) string {
	t.Helper()
	id, err := releasegen.Synthetic(context.Background(), dir, releasegen.Config{Sites: sites, FindingsPerSite: 20, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// running is a server serving on loopback for one test.
type running struct {
	*Server
	base string // http://127.0.0.1:port
}

// start builds a server over dir and serves it on a loopback port until
// the test ends.
func start(t testing.TB, opts Options) *running {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = testLogger(t)
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = -1
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := New(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return &running{Server: srv, base: "http://" + ln.Addr().String()}
}

// get fetches path from the running server and returns the response with
// its body read.
func (r *running) get(t testing.TB, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	return do(t, http.MethodGet, r.base+path, nil, header...)
}

// do sends one request; header holds name, value pairs.
func do(t testing.TB, method, url string, body io.Reader, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// No transparent decompression: the tests see the bytes on the wire.
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{DisableCompression: true}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// damage flips one byte of a file.
func damage(t testing.TB, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
