package fetch

import (
	"bytes"
	"net/http"
	"testing"
)

// BenchmarkFetch fetches a 16 KiB HTML page from a loopback server in
// parallel, without politeness limits.
func BenchmarkFetch(b *testing.B) {
	body := bytes.Repeat([]byte("<p>政务公开 通知公告</p>\n"), 16<<10/32)
	s := serve(b, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(body)
	})
	c := newTestClient(b, Config{AllowPrivate: true, PerHost: -1})
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := c.Fetch(b.Context(), Request{URL: s.URL})
			if err != nil || resp.Status != 200 {
				b.Fatalf("%v %v", resp, err)
			}
		}
	})
}
