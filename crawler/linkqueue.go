package crawler

import (
	"context"
	"log/slog"
	"sync"

	"gongkai/crawler/linkcheck"
	"gongkai/crawler/snapshot"
)

// linkQueue runs the link checks of one site on a fixed pool of workers.
// Its queue is unbounded so that the crawl never waits for link checks.
type linkQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []string
	closed bool
	wg     sync.WaitGroup
}

// startLinkQueue starts n workers that check each queued URL with check.
func startLinkQueue(ctx context.Context, n int, check func(context.Context, string)) *linkQueue {
	q := &linkQueue{}
	q.cond = sync.NewCond(&q.mu)
	stop := context.AfterFunc(ctx, func() {
		q.mu.Lock()
		q.closed = true
		q.items = nil
		q.mu.Unlock()
		q.cond.Broadcast()
	})
	q.wg.Add(n)
	for range n {
		go func() {
			defer q.wg.Done()
			for {
				u, ok := q.pop()
				if !ok {
					return
				}
				check(ctx, u)
			}
		}()
	}
	go func() { q.wg.Wait(); stop() }()
	return q
}

func (q *linkQueue) push(u string) {
	q.mu.Lock()
	if !q.closed {
		q.items = append(q.items, u)
	}
	q.mu.Unlock()
	q.cond.Signal()
}

// pop waits for the next URL; false once the queue is closed and empty.
func (q *linkQueue) pop() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return "", false
	}
	u := q.items[0]
	q.items[0] = ""
	q.items = q.items[1:]
	return u, true
}

// wait closes the queue and waits until every queued check is done (or
// the context ended).
func (q *linkQueue) wait() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
	q.wg.Wait()
}

// checkLink asks the audit's shared checker for the verdict on u and
// journals it.
func (c *siteCrawl) checkLink(ctx context.Context, u string) {
	r := c.env.checker.Check(ctx, u)
	c.env.observe.LinkChecked(r.Status)
	if ctx.Err() != nil || r.Status == snapshot.StatusNotChecked && r.Error == "context ended" {
		return // not journaled: a resumed crawl checks it again
	}
	v := verdictOf(u, r)
	if c.links.judge(u, v) {
		if _, err := c.journal.Append(snapshot.Entry{Verdict: &v}); err != nil {
			c.fail(err)
		}
	}
	c.env.progress.linkChecked()
	c.log.Debug("link verdict", slog.String("url", u), slog.String("status", string(v.Status)))
}

// verdictOf converts a link checker result into the verdict fields of a
// Link for url.
func verdictOf(url string, r linkcheck.Result) snapshot.Link {
	l := snapshot.Link{URL: url}
	r.Apply(&l)
	return l
}
