package render

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"gongkai/crawler/internal/proctree"
)

// TestPrinterPrintsAndFetchesNothing: a document that names a stylesheet,
// an image and a script on a loopback server prints to a PDF, and the
// server sees no request: the printer fetches nothing a document names.
func TestPrinterPrintsAndFetchesNothing(t *testing.T) {
	needBrowser(t)
	t.Parallel()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	p, err := NewPrinter(context.Background(), PrinterConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	doc := fmt.Sprintf(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<link rel="stylesheet" href="%[1]s/style.css"><script src="%[1]s/app.js"></script></head>
<body><h1>政府网站评估报告</h1><img src="%[1]s/logo.png"><p>得分 85.6</p></body></html>`, srv.URL)
	pdf, err := p.PrintPDF(context.Background(), []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(20, len(pdf))])
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the document's resources were fetched %d times", n)
	}
}

// TestPrinterRecyclesAndCloses: documents printed at once on a browser
// replaced every two documents all print, and Close leaves no browser
// process behind.
func TestPrinterRecyclesAndCloses(t *testing.T) {
	needBrowser(t)
	t.Parallel()
	p, err := NewPrinter(context.Background(), PrinterConfig{Pages: 3, RecycleAfter: 2})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 7)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = p.PrintPDF(context.Background(), fmt.Appendf(nil, "<p>第%d页</p>", i))
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("document %d: %v", i, err)
		}
	}
	if p.gen < 3 {
		t.Errorf("%d browsers launched for 7 documents recycled every 2", p.gen)
	}
	root := p.root
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if pids, _ := proctree.Find(root); len(pids) > 0 {
		t.Errorf("browser processes left after Close: %v", pids)
	}
	if _, err := p.PrintPDF(context.Background(), []byte("<p>x</p>")); err == nil {
		t.Error("PrintPDF after Close succeeded")
	}
}
