package crawler

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"gongkai/crawler/snapshot"
)

// queueCounter counts the link checks queued.
type queueCounter struct {
	noObserver
	mu     sync.Mutex
	queued int
}

func (o *queueCounter) LinkQueued() {
	o.mu.Lock()
	o.queued++
	o.mu.Unlock()
}

// checkedLinks is a siteLinks on one worker whose checks answer 200 and
// are listed in the order they ran.
type checkedLinks struct {
	*siteLinks
	observe *queueCounter
	mu      sync.Mutex
	checked []string
}

func newCheckedLinks(t *testing.T, maxLinks int) *checkedLinks {
	t.Helper()
	c := &checkedLinks{observe: &queueCounter{}}
	c.siteLinks = newSiteLinks(maxLinks, c.observe)
	if err := c.open(filepath.Join(t.TempDir(), "s.links")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.close)
	c.start(context.Background(), 1, func(_ context.Context, u string) {
		c.mu.Lock()
		c.checked = append(c.checked, u)
		c.mu.Unlock()
		c.judge(u, snapshot.Link{URL: u, Status: snapshot.StatusOK, HTTPStatus: 200})
	})
	return c
}

// refer records a page's reference to u, as the crawl does: logged the
// first time, and queued for a check unless the crawl fetches it.
func (c *checkedLinks) refer(t *testing.T, u string, crawled bool) int32 {
	t.Helper()
	r := c.reference(u)
	if r.first {
		if err := c.add(&snapshot.Link{URL: u, FromURL: "https://s.gov.cn/", Tag: "a", Level: 2}); err != nil {
			t.Fatal(err)
		}
	}
	if !crawled {
		c.queueCheck(r.index, u)
	}
	return r.index
}

// verdicts returns the status and error of every link items yields, in
// order.
func (c *checkedLinks) verdicts(t *testing.T) [][3]string {
	t.Helper()
	var out [][3]string
	for data, err := range c.items() {
		if err != nil {
			t.Fatal(err)
		}
		var l snapshot.Link
		if err := json.Unmarshal(data, &l); err != nil {
			t.Fatal(err)
		}
		out = append(out, [3]string{l.URL, string(l.Status), l.Error})
	}
	return out
}

func TestSiteLinksQueueCheck(t *testing.T) {
	const (
		a = "https://s.gov.cn/a.pdf"
		b = "https://s.gov.cn/b.pdf"
		c = "https://x.gov.cn/c.html"
	)
	ok, budget := string(snapshot.StatusOK), string(snapshot.StatusNotChecked)
	tests := []struct {
		name     string
		maxLinks int
		judged   []string // judged from a page fetch before they are referenced
		refs     []string // referenced, in order, each queued for a check
		checked  []string // the checks requested, in order
		verdicts [][3]string
	}{{
		name:     "every link is checked once, in order",
		maxLinks: 10,
		refs:     []string{a, b, a, c, b},
		checked:  []string{a, b, c},
		verdicts: [][3]string{{a, ok, ""}, {b, ok, ""}, {c, ok, ""}},
	}, {
		name:     "the budget cuts the links referenced last",
		maxLinks: 2,
		refs:     []string{a, b, c},
		checked:  []string{a, b},
		verdicts: [][3]string{{a, ok, ""}, {b, ok, ""}, {c, budget, "link check budget exhausted"}},
	}, {
		name:     "a link with a verdict costs budget but no request",
		maxLinks: 2,
		judged:   []string{a},
		refs:     []string{a, b, c},
		checked:  []string{b},
		verdicts: [][3]string{{a, ok, ""}, {b, ok, ""}, {c, budget, "link check budget exhausted"}},
	}, {
		name:     "a budget of 0 checks nothing",
		maxLinks: 0,
		refs:     []string{a},
		verdicts: [][3]string{{a, budget, "link check budget exhausted"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newCheckedLinks(t, tt.maxLinks)
			for _, u := range tt.judged {
				l.judge(u, snapshot.Link{URL: u, Status: snapshot.StatusOK, HTTPStatus: 200})
			}
			for _, u := range tt.refs {
				l.refer(t, u, false)
			}
			l.wait()
			if !slices.Equal(l.checked, tt.checked) {
				t.Errorf("checked %q, want %q", l.checked, tt.checked)
			}
			if l.observe.queued != len(tt.checked) {
				t.Errorf("observer counted %d checks queued, want %d", l.observe.queued, len(tt.checked))
			}
			if got := l.verdicts(t); !slices.Equal(got, tt.verdicts) {
				t.Errorf("verdicts %q, want %q", got, tt.verdicts)
			}
		})
	}
}

// TestSiteLinksCheckRest: after the crawl, the links it neither fetched
// nor queued are checked, in order of first reference; countChecked counts
// the verdicts.
func TestSiteLinksCheckRest(t *testing.T) {
	const (
		page    = "https://s.gov.cn/page.html"    // fetched as a page
		skipped = "https://s.gov.cn/skipped.html" // in scope, not crawled (a budget)
		file    = "https://s.gov.cn/file.pdf"     // queued when referenced
		later   = "https://s.gov.cn/later.html"   // in scope, not crawled
	)
	l := newCheckedLinks(t, 10)
	l.refer(t, page, true)
	l.markSeen(page)
	l.judge(page, snapshot.Link{URL: page, Status: snapshot.StatusOK, HTTPStatus: 200})
	l.refer(t, skipped, true)
	l.refer(t, later, true)
	if n, err := l.countChecked(); err != nil || n != 1 {
		t.Fatalf("before checkRest: %d checked (%v), want 1", n, err)
	}
	l.refer(t, file, false)
	if err := l.checkRest(); err != nil {
		t.Fatal(err)
	}
	l.wait()
	if want := []string{file, skipped, later}; !slices.Equal(l.checked, want) {
		t.Errorf("checked %q, want %q", l.checked, want)
	}
	if n, err := l.countChecked(); err != nil || n != 4 {
		t.Errorf("after checkRest: %d checked (%v), want 4", n, err)
	}
}
