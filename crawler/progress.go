package crawler

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"
)

// Progress redraw intervals.
const (
	ttyEvery   = 250 * time.Millisecond
	plainEvery = 5 * time.Second
)

// progress counts what an audit did and reports it: on a terminal as one
// redrawn line, otherwise as a plain line every 5 s and at the end.
type progress struct {
	w     io.Writer
	tty   bool
	start time.Time
	total int

	sites, pages, errors, links atomic.Int64

	mu       sync.Mutex
	last     time.Time
	lastPage int64
	stop     chan struct{}
	done     chan struct{}
}

// newProgress starts reporting to w (nil reports nothing) for an audit of
// total sites.
func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, start: time.Now(), total: total, stop: make(chan struct{}), done: make(chan struct{})}
	p.last = p.start
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
	}
	if w == nil {
		close(p.done)
		return p
	}
	every := plainEvery
	if p.tty {
		every = ttyEvery
	}
	go p.loop(every)
	return p
}

func (p *progress) loop(every time.Duration) {
	defer close(p.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			p.report(false)
		case <-p.stop:
			p.report(true)
			return
		}
	}
}

// close stops reporting after a final line.
func (p *progress) close() {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	<-p.done
}

func (p *progress) page(failed bool) {
	p.pages.Add(1)
	if failed {
		p.errors.Add(1)
	}
}

func (p *progress) linkChecked() { p.links.Add(1) }
func (p *progress) siteDone()    { p.sites.Add(1) }

// report writes one progress line.
func (p *progress) report(final bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	pages := p.pages.Load()
	rate := float64(pages-p.lastPage) / max(now.Sub(p.last).Seconds(), 1e-3)
	if final {
		rate = float64(pages) / max(now.Sub(p.start).Seconds(), 1e-3)
	}
	p.last, p.lastPage = now, pages
	sites := p.sites.Load()
	elapsed := now.Sub(p.start).Truncate(time.Second)
	if p.tty {
		const width = 20
		filled := 0
		if p.total > 0 {
			filled = int(sites) * width / p.total
		}
		bar := strings.Repeat("#", filled) + strings.Repeat("-", width-filled)
		fmt.Fprintf(p.w, "\r\x1b[K[%s] %d/%d sites  %d pages  %d errors  %d links  %.1f pages/s  %s",
			bar, sites, p.total, pages, p.errors.Load(), p.links.Load(), rate, elapsed)
		if final {
			fmt.Fprintln(p.w)
		}
		return
	}
	fmt.Fprintf(p.w, "crawl: %d/%d sites, %d pages, %d errors, %d links checked, %.1f pages/s, %s elapsed\n",
		sites, p.total, pages, p.errors.Load(), p.links.Load(), rate, elapsed)
}
