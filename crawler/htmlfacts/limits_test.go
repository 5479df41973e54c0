package htmlfacts

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// allocated returns the bytes f allocates on the heap.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestHostileDocuments: every bound of a document holds (the facts stay
// small, the heap allocated stays near that of an ordinary large page) and
// is reported in Limits.
func TestHostileDocuments(t *testing.T) {
	many := func(n int, unit string) []byte {
		var b bytes.Buffer
		b.WriteString("<html><head><title>t</title></head><body>")
		for i := range n {
			fmt.Fprintf(&b, unit, i)
		}
		b.WriteString("</body></html>")
		return b.Bytes()
	}
	longBase := "http://www.hostile.gov.cn/" + strings.Repeat("a", 60<<10) + "/"
	tests := []struct {
		name      string
		body      []byte
		limit     string // a Limits entry must contain this
		maxAnchor int
		maxAlloc  uint64 // bytes allocated by Extract at most
	}{
		{"elements", many(600_000, "<i>%d</i>"), "more than 100000 elements", 0, 64 << 20},
		{"nesting", many(50_000, "<div>"), "nesting deeper than 512", 0, 48 << 20},
		{"links", many(30_000, `<a href="/p%d.html">p</a>`), "more than 5000 references", maxAnchors, 80 << 20},
		{"long base href", append([]byte(`<html><head><base href="`+longBase+`"></head><body>`),
			many(2000, `<a href="p%d.html">p</a>`)...), "<base href> longer than 2048 bytes ignored", 2000, 40 << 20},
		{"long references", many(200, `<a href="/`+strings.Repeat("b", 3000)+`%d">p</a>`), "200 references longer than 2048 bytes dropped", 0, 40 << 20},
		{"megabyte references", many(8, `<a href="/`+strings.Repeat("b", 1<<20)+`%d">p</a>`), "8 references longer than 2048 bytes dropped", 0, 80 << 20},
		{"megabyte attribute", []byte(`<html><body><a title="` + strings.Repeat("题", 1<<19) + `" href="/a">x</a><img alt="` +
			strings.Repeat("x", 1<<20) + `" src="/i.png"></body></html>`), "", 2, 40 << 20},
		{"NULs and broken UTF-8", append(bytes.Repeat([]byte("<p>\x00\xff\xfe题</p>"), 40_000), []byte("<a href=/b>b</a>")...), "", 1, 80 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f Facts
			var err error
			alloc := allocated(func() { f, err = Extract("http://www.hostile.gov.cn/", tt.body) })
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d bytes in, %d MiB allocated, %d anchors, limits %q", len(tt.body), alloc>>20, len(f.Anchors), f.Limits)
			if tt.limit == "" && len(f.Limits) != 0 {
				t.Errorf("limits %q, want none", f.Limits)
			}
			if tt.limit != "" && !strings.Contains(strings.Join(f.Limits, "|"), tt.limit) {
				t.Errorf("limits %q, want one with %q", f.Limits, tt.limit)
			}
			if len(f.Anchors) > tt.maxAnchor {
				t.Errorf("%d anchors, want at most %d", len(f.Anchors), tt.maxAnchor)
			}
			for _, a := range f.Anchors {
				if len(a.URL) > maxAnchorURL || len(a.Text) > 4*maxAnchorText {
					t.Errorf("anchor of %d+%d bytes", len(a.URL), len(a.Text))
				}
			}
			if alloc > tt.maxAlloc {
				t.Errorf("Extract allocated %d MiB, want at most %d MiB", alloc>>20, tt.maxAlloc>>20)
			}
		})
	}
}
