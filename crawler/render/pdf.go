package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// PrinterConfig configures a Printer. Zero fields select the defaults.
type PrinterConfig struct {
	// Bin is the Chromium executable, looked up as for Config.Bin.
	Bin string
	// Pages is the number of documents printed at once; default 2.
	Pages int
	// Timeout bounds printing one document; default 60s.
	Timeout time.Duration
	// RecycleAfter is the number of documents a browser prints before a
	// fresh one replaces it; default 500.
	RecycleAfter int
	// MaxBytes caps the size of one PDF; default 256 MiB.
	MaxBytes int64
	// Logger receives debug and warning records; nil discards.
	Logger *slog.Logger
}

// Printer prints self-contained HTML documents (reports) to PDF in
// headless Chromium. Its browser is started exactly as the Renderer's
// (the same flags, profile and cleanup: no name resolves, every
// connection goes to a dead proxy), and on top of that every request a
// document makes is refused: a report prints from what it holds inline.
// One browser serves every document, several tabs at a time, and is
// replaced after RecycleAfter documents or when it fails. It is safe for
// concurrent use; Close kills the browser.
type Printer struct {
	cfg  PrinterConfig
	bin  string
	root string        // temp dir holding the browser profiles
	sem  chan struct{} // one token per document printed at once
	stop func() bool   // unregisters the close-on-cancel hook

	mu       sync.Mutex
	inst     *instance   // nil until the first print, or after a failure
	idle     []*rod.Page // tabs of inst ready for a document
	uses     map[*rod.Page]int
	assigned int // documents given to inst
	gen      int // browsers launched
	closed   bool
}

// Printer defaults.
const (
	defaultPrintPages    = 2
	defaultPrintTimeout  = 60 * time.Second
	defaultPrintRecycle  = 500
	defaultPrintMaxBytes = 256 << 20
	// tabReuse is the number of documents a tab prints before it is
	// closed: a renderer keeps about a megabyte of each document's
	// decoded images and fonts.
	tabReuse = 50
)

// NewPrinter finds the browser (ErrNoBrowser when there is none) and
// prepares the profile directory; the first PrintPDF launches the
// browser. When ctx is cancelled the printer is closed.
func NewPrinter(ctx context.Context, cfg PrinterConfig) (*Printer, error) {
	if cfg.Pages < 0 || cfg.Timeout < 0 || cfg.RecycleAfter < 0 || cfg.MaxBytes < 0 {
		return nil, errors.New("printer config: negative value")
	}
	cfg.Pages = cmpOr(cfg.Pages, defaultPrintPages)
	cfg.Timeout = cmpOr(cfg.Timeout, defaultPrintTimeout)
	cfg.RecycleAfter = cmpOr(cfg.RecycleAfter, defaultPrintRecycle)
	cfg.MaxBytes = cmpOr(cfg.MaxBytes, defaultPrintMaxBytes)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	bin, err := lookBin(cfg.Bin, os.Getenv(envBin))
	if err != nil {
		return nil, err
	}
	sweepProfiles(os.TempDir(), cfg.Logger)
	root, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", profilePrefix, os.Getpid()))
	if err != nil {
		return nil, fmt.Errorf("printer: profile dir: %w", err)
	}
	p := &Printer{cfg: cfg, bin: bin, root: root, sem: make(chan struct{}, cfg.Pages), uses: map[*rod.Page]int{}}
	p.stop = context.AfterFunc(ctx, func() { _ = p.Close() })
	return p, nil
}

func cmpOr[T int | int64 | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// PrintPDF prints an HTML document to PDF with the document's own page
// settings (CSS @page: size, margins, page-number boxes), backgrounds,
// a document outline from its headings and tagged text. Fonts are
// embedded (subset) by Chromium.
func (p *Printer) PrintPDF(ctx context.Context, html []byte) ([]byte, error) {
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-p.sem }()
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout)
	defer cancel()
	in, page, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	if page == nil {
		page, err = openPrintTab(ctx, in)
	}
	var pdf []byte
	if err == nil {
		pdf, err = p.print(ctx, page, html)
	}
	p.release(in, page, err != nil)
	if err != nil {
		return nil, fmt.Errorf("print pdf: %w", err)
	}
	return pdf, nil
}

// openPrintTab opens a tab that refuses every request: documents are
// self-contained, and nothing they say may reach the network (data: URLs
// are not requests). Tabs are reused from document to document: a new
// tab costs a renderer process start.
func openPrintTab(ctx context.Context, in *instance) (*rod.Page, error) {
	page, err := in.browser.Context(ctx).Page(proto.TargetCreateTarget{URL: "about:blank"})
	if err != nil {
		return nil, fmt.Errorf("open tab: %w", err)
	}
	page = page.Context(context.Background()) // the tab outlives this document
	go page.EachEvent(func(e *proto.FetchRequestPaused) {
		_ = proto.FetchFailRequest{RequestID: e.RequestID, ErrorReason: proto.NetworkErrorReasonBlockedByClient}.Call(page)
	})()
	if err := (proto.FetchEnable{Patterns: []*proto.FetchRequestPattern{{URLPattern: "*"}}}).Call(page); err != nil {
		_ = page.Close()
		return nil, fmt.Errorf("block requests: %w", err)
	}
	return page, nil
}

func (p *Printer) print(ctx context.Context, tab *rod.Page, html []byte) ([]byte, error) {
	page := tab.Context(ctx)
	if err := page.SetDocumentContent(string(html)); err != nil {
		return nil, fmt.Errorf("load document: %w", err)
	}
	// Wait for the fonts and the inline images to be decoded.
	const settle = `() => document.fonts.ready.then(() => Promise.all(Array.from(document.images,
		i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; }))))`
	if _, err := page.Evaluate(rod.Eval(settle).ByPromise()); err != nil {
		return nil, fmt.Errorf("wait for fonts and images: %w", err)
	}
	r, err := page.PDF(&proto.PagePrintToPDF{PrintBackground: true, PreferCSSPageSize: true,
		GenerateDocumentOutline: true, GenerateTaggedPDF: true})
	if err != nil {
		return nil, fmt.Errorf("print: %w", err)
	}
	b, err := io.ReadAll(io.LimitReader(r, p.cfg.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read pdf: %w", err)
	}
	if int64(len(b)) > p.cfg.MaxBytes {
		return nil, fmt.Errorf("pdf larger than %d bytes", p.cfg.MaxBytes)
	}
	return b, nil
}

// acquire returns the live browser and an idle tab of it (nil: open
// one), launching a browser when there is none or when the current one
// has been given RecycleAfter documents.
func (p *Printer) acquire(ctx context.Context) (*instance, *rod.Page, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, nil, ErrClosed
	}
	if p.inst != nil && p.assigned >= p.cfg.RecycleAfter {
		p.retireLocked()
	}
	if p.inst == nil {
		p.gen++
		name := fmt.Sprintf("print-%d", p.gen)
		lctx, cancel := context.WithTimeout(ctx, launchTimeout)
		defer cancel()
		in, err := launchBrowser(lctx, p.bin, filepath.Join(p.root, name), name, p.cfg.Logger)
		if err != nil {
			return nil, nil, fmt.Errorf("printer: %w", err)
		}
		p.inst, p.assigned = in, 0
	}
	p.inst.active++
	p.assigned++
	var page *rod.Page
	if n := len(p.idle); n > 0 {
		page, p.idle = p.idle[n-1], p.idle[:n-1]
	}
	return p.inst, page, nil
}

// release returns a browser and its tab; a failed print retires the
// browser (it may have crashed or hung). A retired browser is killed
// once its last document is done, with its tabs.
func (p *Printer) release(in *instance, page *rod.Page, failed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	in.active--
	switch {
	case failed && in == p.inst:
		p.retireLocked()
	case in == p.inst && page != nil:
		p.uses[page]++
		if p.uses[page] < tabReuse {
			p.idle = append(p.idle, page)
		} else {
			delete(p.uses, page)
			go func() { _ = page.Close() }()
		}
	case in != p.inst && in.active == 0:
		go in.kill()
	}
}

// retireLocked takes the current browser out of service; it is killed
// now if it prints nothing, else by the release of its last document.
func (p *Printer) retireLocked() {
	in := p.inst
	p.inst, p.idle = nil, nil
	clear(p.uses)
	if in.active == 0 {
		go in.kill()
	}
}

// Close kills the browser and removes the profiles. It is safe to call
// more than once.
func (p *Printer) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	in := p.inst
	p.inst = nil
	p.mu.Unlock()
	p.stop()
	if in != nil {
		in.kill()
	}
	killLeftovers(p.root, p.cfg.Logger)
	if err := os.RemoveAll(p.root); err != nil {
		return fmt.Errorf("printer: remove profiles: %w", err)
	}
	return nil
}

// launchBrowser starts a browser on the renderers' hardened launch. Its
// renderers are not weighed: it prints gongkai's own reports, not pages of
// the web.
func launchBrowser(ctx context.Context, bin, dir, name string, log *slog.Logger) (*instance, error) {
	return launch(ctx, bin, dir, name, 0, log)
}
