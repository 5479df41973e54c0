package htmlfacts

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"
)

// BenchmarkExtract measures one realistic ~32 KB page (the hd_gkzn xxgk
// column page: nav, lists, footer) end to end: parse and walk.
func BenchmarkExtract(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "corpus", "hd_gkzn.html"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	start, n := cpuClock(), 0
	for b.Loop() {
		if _, err := Extract("http://hdzfxxgk.hd.gov.cn/zfxxgkzn/", body); err != nil {
			b.Fatal(err)
		}
		n++
	}
	reportCPU(b, start, n, len(body))
}

// BenchmarkParseOnly is the x/net/html parse alone, the floor under
// BenchmarkExtract.
func BenchmarkParseOnly(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "corpus", "hd_gkzn.html"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	start, n := cpuClock(), 0
	for b.Loop() {
		if _, err := html.Parse(bytes.NewReader(body)); err != nil {
			b.Fatal(err)
		}
		n++
	}
	reportCPU(b, start, n, len(body))
}

// BenchmarkWalk is Extract without the parse: the walk over an already
// parsed hd_gkzn page and the assembly of its facts.
func BenchmarkWalk(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "corpus", "hd_gkzn.html"))
	if err != nil {
		b.Fatal(err)
	}
	root := parse(prepare(body), new(limits))
	page := mustURL(b, "http://hdzfxxgk.hd.gov.cn/zfxxgkzn/")
	b.ReportAllocs()
	start, n := cpuClock(), 0
	for b.Loop() {
		w := newWalker(len(body))
		w.walk(root, 0)
		w.facts(page)
		n++
	}
	reportCPU(b, start, n, len(body))
}

// BenchmarkExtractCorpus runs every corpus page once per iteration.
func BenchmarkExtractCorpus(b *testing.B) {
	pages := loadLabels(b).Pages
	bodies := make([][]byte, len(pages))
	total := 0
	for i, p := range pages {
		bodies[i] = corpusBody(b, p)
		total += len(bodies[i])
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	start, n := cpuClock(), 0
	for b.Loop() {
		for i, p := range pages {
			if _, err := Extract(pageURL(p), bodies[i]); err != nil {
				b.Fatal(err)
			}
		}
		n++
	}
	reportCPU(b, start, n, total)
}
