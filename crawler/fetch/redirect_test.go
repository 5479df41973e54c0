package fetch

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gongkai/crawler/snapshot"
)

func TestRedirects(t *testing.T) {
	var base string
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/a":
			w.Header().Set("Location", "b") // relative
			w.WriteHeader(http.StatusMovedPermanently)
		case p == "/b":
			w.Header().Set("Location", "/dir/c?x=1#frag") // absolute path
			w.WriteHeader(http.StatusFound)
		case p == "/dir/c":
			w.Header().Set("Location", base+"/final") // absolute URL
			w.WriteHeader(http.StatusSeeOther)
		case p == "/final":
			_, _ = w.Write([]byte(r.Method + " final"))
		case p == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case strings.HasPrefix(p, "/n/"): // /n/3 -> /n/2 -> /n/1 -> /n/0
			n, _ := strconv.Atoi(strings.TrimPrefix(p, "/n/"))
			if n == 0 {
				_, _ = w.Write([]byte("end"))
				return
			}
			http.Redirect(w, r, "/n/"+strconv.Itoa(n-1), http.StatusTemporaryRedirect)
		case p == "/cookie":
			if _, err := r.Cookie("challenge"); err != nil {
				http.SetCookie(w, &http.Cookie{Name: "challenge", Value: "ok", Path: "/"})
				http.Redirect(w, r, "/cookie", http.StatusFound)
				return
			}
			_, _ = w.Write([]byte("passed"))
		case p == "/nolocation":
			w.WriteHeader(http.StatusFound)
		case p == "/tofile":
			w.Header().Set("Location", "file:///etc/passwd")
			w.WriteHeader(http.StatusFound)
		case p == "/toftp":
			w.Header().Set("Location", "ftp://ftp.example.gov.cn/pub/")
			w.WriteHeader(http.StatusMovedPermanently)
		case p == "/malformed":
			w.Header().Set("Location", "http://[::1:bad/%zz")
			w.WriteHeader(http.StatusFound)
		case p == "/tojs":
			w.Header().Set("Location", "javascript:alert(1)")
			w.WriteHeader(http.StatusFound)
		}
	})
	base = s.URL
	c := newTestClient(t, Config{AllowPrivate: true, MaxRedirects: 3})

	tests := []struct {
		name       string
		path       string
		method     string
		wantStatus snapshot.Status
		wantHTTP   int
		wantHops   []string
		wantBody   string
	}{
		{"chain", "/a", "", snapshot.StatusOK, 200, []string{"/b", "/dir/c?x=1", "/final"}, "GET final"},
		{"head keeps method", "/a", "HEAD", snapshot.StatusOK, 200, []string{"/b", "/dir/c?x=1", "/final"}, ""},
		{"exactly max", "/n/3", "", snapshot.StatusOK, 200, []string{"/n/2", "/n/1", "/n/0"}, "end"},
		{"one too many", "/n/4", "", snapshot.StatusTooManyRedirs, 0, nil, ""},
		{"loop", "/loop", "", snapshot.StatusTooManyRedirs, 0, nil, ""},
		{"cookie hop", "/cookie", "", snapshot.StatusOK, 200, []string{"/cookie"}, "passed"},
		{"no location", "/nolocation", "", snapshot.StatusBadRedirect, 0, nil, ""},
		{"to file:", "/tofile", "", snapshot.StatusBadRedirect, 0, nil, ""},
		{"to ftp:", "/toftp", "", snapshot.StatusBadRedirect, 0, nil, ""},
		{"malformed location", "/malformed", "", snapshot.StatusBadRedirect, 0, nil, ""},
		{"to javascript:", "/tojs", "", snapshot.StatusBadRedirect, 0, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Fetch(t.Context(), Request{URL: s.URL + tt.path, Method: tt.method})
			if got := Classify(err); got != tt.wantStatus {
				t.Fatalf("Classify(%v) = %s, want %s", err, got, tt.wantStatus)
			}
			if err != nil {
				return
			}
			var hops []string
			for _, h := range resp.Redirects {
				hops = append(hops, strings.TrimPrefix(h, s.URL))
			}
			if !slices.Equal(hops, tt.wantHops) {
				t.Errorf("Redirects = %v, want %v", hops, tt.wantHops)
			}
			if resp.Status != tt.wantHTTP || string(resp.Body) != tt.wantBody {
				t.Errorf("status %d body %q, want %d %q", resp.Status, resp.Body, tt.wantHTTP, tt.wantBody)
			}
			wantFinal := s.URL + tt.path
			if len(tt.wantHops) > 0 {
				wantFinal = s.URL + tt.wantHops[len(tt.wantHops)-1]
			}
			if resp.FinalURL != wantFinal || resp.URL != s.URL+tt.path {
				t.Errorf("URL %s FinalURL %s, want %s %s", resp.URL, resp.FinalURL, s.URL+tt.path, wantFinal)
			}
		})
	}
}

// TestRedirectsNotFollowed: a negative MaxRedirects returns the 3xx.
func TestRedirectsNotFollowed(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/x", http.StatusMovedPermanently) })
	c := newTestClient(t, Config{AllowPrivate: true, MaxRedirects: -1})
	resp, err := c.Fetch(t.Context(), Request{URL: s.URL})
	if err != nil || resp.Status != http.StatusMovedPermanently || len(resp.Redirects) != 0 {
		t.Fatalf("got %+v %v, want the 301", resp, err)
	}
}
