package sampleweb

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestNewLargeSite(t *testing.T) {
	const n, size = 300, 20000
	srv := httptest.NewServer(NewLargeSite(n, size))
	defer srv.Close()
	seen := map[string]bool{"/": true}
	queue := []string{"/"}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		r, err := fetch(srv.Client(), srv.URL+p)
		if err != nil || r.status != 200 {
			t.Fatalf("GET %s: %v %d", p, err, r.status)
		}
		if len(r.body) < size || len(r.body) > size+2000 {
			t.Errorf("%s: %d bytes, want about %d", p, len(r.body), size)
		}
		refs := pageRefs(r.body)
		if len(refs) < 20 || len(refs) > 40 {
			t.Errorf("%s: %d links, want 20-40", p, len(refs))
		}
		for _, ref := range refs {
			u, err := url.Parse(ref)
			if err != nil || u.IsAbs() {
				t.Fatalf("%s links %q outside the site", p, ref)
			}
			if !seen[ref] {
				seen[ref] = true
				queue = append(queue, ref)
			}
		}
	}
	if len(seen) != n {
		t.Errorf("reached %d distinct pages, want %d", len(seen), n)
	}
	a, _ := fetch(srv.Client(), srv.URL+"/p/17.html")
	b, _ := fetch(srv.Client(), srv.URL+"/p/17.html")
	if string(a.body) != string(b.body) {
		t.Error("pages are not deterministic")
	}
	if r, _ := fetch(srv.Client(), srv.URL+"/p/300.html"); r.status != 404 {
		t.Errorf("page beyond n: %d", r.status)
	}
}

// TestCloseEndsEverything starts its own web, leaves a slow request in
// flight, and checks that Close ends it and leaks no goroutine.
func TestCloseEndsEverything(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := Start(ctx, Config{AsOf: testAsOf})
	if err != nil {
		t.Fatal(err)
	}
	c := client(w, "tcp4")
	c.Timeout = 0
	resp, err := c.Get(at(siteURL(t, w, "trap"), "/slow")) // its headers come at once, its body a byte a second
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- err
	}()
	cancel() // cancelling Start's context closes the web, with the body in flight
	select {
	case <-done:
	case <-time.After(30 * time.Second): // the body lasts an hour
		t.Fatal("slow request still running after close")
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	c.CloseIdleConnections()
	if _, err := http.Get("http://127.0.0.1:" + itoa(w.HTTPPort) + "/"); err == nil {
		t.Error("listener still answers after close")
	}
	deadline := time.Now().Add(30 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after close, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
	if !strings.Contains(w.String(), "sites=11") {
		t.Errorf("String() = %s", w)
	}
}

func BenchmarkLargeSitePage(b *testing.B) {
	h := NewLargeSite(10000, 20000)
	req := httptest.NewRequest(http.MethodGet, "/p/4242.html", nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		w, err := Start(context.Background(), Config{AsOf: testAsOf})
		if err != nil {
			b.Fatal(err)
		}
		w.Close()
	}
}
