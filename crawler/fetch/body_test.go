package fetch

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"

	"github.com/andybalholm/brotli"
)

func TestReadCapped(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		limit     int64
		hint      int64
		want      int
		truncated bool
	}{
		{"empty", 0, 10, -1, 0, false},
		{"under", 5, 10, -1, 5, false},
		{"exact", 10, 10, 10, 10, false},
		{"over", 11, 10, -1, 10, true},
		{"far over", 1 << 20, 1000, -1, 1000, true},
		{"lying hint", 5000, 4096, 3, 4096, true},
		{"big hint", 100, 4096, 1 << 30, 100, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := bytes.Repeat([]byte("a"), tt.n)
			got, truncated, err := readCapped(iotest.HalfReader(bytes.NewReader(src)), tt.limit, tt.hint)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want || truncated != tt.truncated {
				t.Errorf("got %d bytes truncated=%v, want %d %v", len(got), truncated, tt.want, tt.truncated)
			}
			if int64(cap(got)) > tt.limit+1 {
				t.Errorf("buffer cap %d exceeds limit+1 %d", cap(got), tt.limit+1)
			}
		})
	}
}

// endless writes n bytes of filler, stopping when the client goes away.
func endless(n int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
		chunk := bytes.Repeat([]byte("0123456789abcdef"), 4096)
		for sent := int64(0); sent < n; sent += int64(len(chunk)) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}
}

// TestBodyCap fetches a 200 MB body with a 1 MiB cap: the cap trips on
// bytes (1 MiB read, Truncated set, bounded memory), not on a clock.
func TestBodyCap(t *testing.T) {
	s := serve(t, endless(200<<20))
	c := newTestClient(t, Config{AllowPrivate: true, MaxBody: 1 << 20})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	resp, err := c.Fetch(t.Context(), Request{URL: s.URL})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Truncated || len(resp.Body) != 1<<20 || resp.Bytes != 1<<20 {
		t.Errorf("truncated=%v len=%d bytes=%d, want true %d", resp.Truncated, len(resp.Body), resp.Bytes, 1<<20)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("allocated %d bytes for a 1 MiB cap", alloc)
	}
}

// TestRequestMaxBody caps one request below the client's cap.
func TestRequestMaxBody(t *testing.T) {
	s := serve(t, endless(4<<20))
	c := newTestClient(t, Config{AllowPrivate: true, MaxBody: 2 << 20})
	resp, err := c.Fetch(t.Context(), Request{URL: s.URL, MaxBody: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Truncated || len(resp.Body) != 64<<10 {
		t.Errorf("truncated=%v len=%d, want true %d", resp.Truncated, len(resp.Body), 64<<10)
	}
}

func TestContentEncoding(t *testing.T) {
	const page = "<html><head><title>邯郸市人民政府</title></head><body>政务公开</body></html>"
	var gz, br bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(page))
	_ = zw.Close()
	bw := brotli.NewWriter(&br)
	_, _ = bw.Write([]byte(page))
	_ = bw.Close()
	bodies := map[string][]byte{"gzip": gz.Bytes(), "br": br.Bytes(), "": []byte(page)}

	var gotAE atomic.Value
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		gotAE.Store(r.Header.Get("Accept-Encoding"))
		enc := r.URL.Query().Get("enc")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if enc != "" {
			w.Header().Set("Content-Encoding", enc)
		}
		_, _ = w.Write(bodies[enc])
	})
	c := newTestClient(t, Config{AllowPrivate: true})
	for _, enc := range []string{"gzip", "br", ""} {
		t.Run("enc="+enc, func(t *testing.T) {
			resp, err := c.Fetch(t.Context(), Request{URL: s.URL + "/?enc=" + enc})
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != page || resp.Bytes != int64(len(page)) {
				t.Errorf("body %q (%d bytes), want %q", resp.Body, resp.Bytes, page)
			}
			if gotAE.Load() != "gzip, br" {
				t.Errorf("Accept-Encoding %q", gotAE)
			}
			if resp.Header.Get("Content-Encoding") != "" {
				t.Errorf("Content-Encoding still set on decoded body")
			}
		})
	}
}

// TestGzipBomb: a small gzip body inflating to 16 MiB is cut at MaxBody.
func TestGzipBomb(t *testing.T) {
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	_, _ = io.CopyN(zw, zeros{}, 1<<20)
	_ = zw.Close()
	gz := bytes.NewBuffer(bytes.Repeat(member.Bytes(), 16)) // multi-member stream
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write(gz.Bytes())
	})
	c := newTestClient(t, Config{AllowPrivate: true, MaxBody: 64 << 10})
	resp, err := c.Fetch(t.Context(), Request{URL: s.URL, Raw: true})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Truncated || resp.Bytes != 64<<10 || strings.Trim(string(resp.Body), "\x00") != "" {
		t.Errorf("truncated=%v bytes=%d", resp.Truncated, resp.Bytes)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
