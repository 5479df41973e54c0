package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"

	"gongkai/crawler/snapshot"
)

// siteLinks is the link bookkeeping of one site: the table of every URL
// it references, with flags and verdicts (the embedded linkTable, also
// the crawl's seen-set); the log of the links as first referenced, in
// order; and the checks of the links the crawl does not fetch as pages,
// within the MaxLinks budget, run by a queue of workers. The table and the
// queue are safe for concurrent use; the log and the budget belong to the
// page-processing goroutine.
type siteLinks struct {
	*linkTable
	log      *linkLog
	queue    *linkQueue
	maxLinks int
	claimed  int // links considered for a check of their own
	observe  Observer
}

// newSiteLinks returns the bookkeeping of a site whose link checks are
// budgeted at maxLinks, the checks queued counted by observe.
func newSiteLinks(maxLinks int, observe Observer) *siteLinks {
	return &siteLinks{linkTable: newLinkTable(), maxLinks: maxLinks, observe: observe}
}

// open creates the link log at path.
func (l *siteLinks) open(path string) error {
	var err error
	l.log, err = createLinkLog(path)
	return err
}

// close removes the link log.
func (l *siteLinks) close() {
	if l.log != nil {
		l.log.remove()
	}
}

// start starts n workers that run check on each link queued; wait ends
// them.
func (l *siteLinks) start(ctx context.Context, n int, check func(context.Context, string)) {
	l.queue = startLinkQueue(ctx, n, check)
}

// wait closes the queue and waits until every queued check is done (or
// the context of start ended).
func (l *siteLinks) wait() {
	l.queue.wait()
}

// add logs the first reference of a link.
func (l *siteLinks) add(link *snapshot.Link) error {
	return l.log.add(link)
}

// queueCheck considers link i (URL u) for a check of its own, within the
// MaxLinks budget: a link over it is not_checked, a link with a verdict
// already (journaled, or judged from a page fetch) costs budget but no
// request.
func (l *siteLinks) queueCheck(i int32, u string) {
	first, judged := l.claim(i)
	if !first {
		return
	}
	if l.claimed >= l.maxLinks {
		l.setNotChecked(i, "link check budget exhausted")
		return
	}
	l.claimed++
	if !judged {
		l.observe.LinkQueued()
		l.queue.push(u)
	}
}

// checkRest queues the checks of the links the crawl did not judge (in
// scope, not fetched as pages), in order of first reference.
func (l *siteLinks) checkRest() error {
	for lg, err := range l.log.all() {
		if err != nil {
			return err
		}
		if i, ok := l.lookup(lg.url); ok && l.unjudged(i) {
			l.queueCheck(i, lg.url)
		}
	}
	return nil
}

// items yields the JSON of every link in order of first reference, with
// its verdict.
func (l *siteLinks) items() iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		for lg, err := range l.log.all() {
			if err != nil {
				yield(nil, err)
				return
			}
			var link snapshot.Link
			if err := json.Unmarshal(lg.raw, &link); err != nil {
				yield(nil, fmt.Errorf("link log: %w", err))
				return
			}
			l.fill(&link)
			data, err := snapshot.MarshalJSON(&link)
			if !yield(data, err) || err != nil {
				return
			}
		}
	}
}

// countChecked counts the links with a verdict other than not_checked.
func (l *siteLinks) countChecked() (int, error) {
	n := 0
	for lg, err := range l.log.all() {
		if err != nil {
			return 0, err
		}
		link := snapshot.Link{URL: lg.url}
		if l.fill(&link) && link.Status != snapshot.StatusNotChecked {
			n++
		}
	}
	return n, nil
}
