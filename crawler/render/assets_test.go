package render

import (
	"net/http"
	"strings"
	"testing"

	"gongkai/crawler/fetch"
)

// TestAssetCachePut checks what the asset cache keeps and its byte bound.
func TestAssetCachePut(t *testing.T) {
	const u = "http://www.example.gov.cn/js/site.js"
	ok := func() *fetch.Response {
		return &fetch.Response{URL: u, FinalURL: u, Status: 200, Header: http.Header{}, Body: []byte("var a;")}
	}
	for name, tc := range map[string]struct {
		resp func() *fetch.Response
		kept bool
	}{
		"200":       {ok, true},
		"404":       {func() *fetch.Response { r := ok(); r.Status = 404; return r }, false},
		"truncated": {func() *fetch.Response { r := ok(); r.Truncated = true; return r }, false},
		"too large": {func() *fetch.Response { r := ok(); r.Body = make([]byte, maxAsset+1); return r }, false},
		"redirected": {func() *fetch.Response {
			r := ok()
			r.FinalURL, r.Redirects = u+"?v=2", []string{u + "?v=2"}
			return r
		}, false},
		"no-store": {func() *fetch.Response { r := ok(); r.Header.Set("Cache-Control", "private, No-Store"); return r }, false},
		"no-cache": {func() *fetch.Response { r := ok(); r.Header.Set("Cache-Control", "no-cache"); return r }, true},
	} {
		t.Run(name, func(t *testing.T) {
			c := newAssetCache()
			resp := tc.resp()
			c.put(u, resp)
			got := c.get(u + "#frag") // the browser never sends fragments; canon drops them
			if (got != nil) != tc.kept {
				t.Fatalf("kept %v, want %v", got != nil, tc.kept)
			}
			if got != nil {
				resp.Body[0] = 'X' // the fetch path reusing its buffer
				if string(got.Body) != "var a;" || got.Status != 200 {
					t.Errorf("kept %+v", got)
				}
			}
		})
	}
	t.Run("bound", func(t *testing.T) {
		c := newAssetCache()
		big := strings.Repeat("x", maxAsset)
		n := 0
		for i := range maxAssetBytes/maxAsset + 3 {
			url := u + "?" + strings.Repeat("v", i+1)
			c.put(url, &fetch.Response{URL: url, FinalURL: url, Status: 200, Body: []byte(big)})
			if c.get(url) != nil {
				n++
			}
		}
		if n != maxAssetBytes/maxAsset || c.bytes > maxAssetBytes {
			t.Errorf("kept %d assets, %d bytes; bound %d bytes", n, c.bytes, maxAssetBytes)
		}
	})
}
