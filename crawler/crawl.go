package crawler

import (
	"context"
	"log/slog"
	"sync"

	"gongkai/crawler/snapshot"
)

// crawl runs the level-synchronous breadth-first crawl: every page of
// depth d is fetched (Workers at a time) and processed in sorted URL order;
// the next level is the sorted set of new in-scope links the frontier
// admits, cut by the trap guard, the pattern cap, MaxPages and robots.txt
// in that order. Neither
// the pages crawled nor their order depend on timing.
func (c *siteCrawl) crawl(ctx context.Context) error {
	if c.homeRec != nil && c.homeRec.Status == snapshot.StatusRobotsBlocked {
		return nil // journaled by an earlier run
	}
	proceed, err := c.start(ctx)
	if err != nil || !proceed {
		return err
	}
	c.links.markSeen(c.home)
	lv := c.frontier.seed(c.home)
	for depth := 0; lv.len() > 0; depth++ {
		if err := c.runLevel(ctx, depth, lv); err != nil {
			return err
		}
		if lv, err = c.admit(ctx); err != nil {
			return err
		}
	}
	return nil
}

// The reorder window, how many pages may be fetched ahead of the one
// processed next: 8 per worker, at most 64 (each holds a page's facts).
const (
	windowPerWorker = 8
	windowMax       = 64
)

// runLevel fetches the pages of one level, Workers at a time, and
// processes them in order. Each page is journaled as soon as it is
// fetched, so a killed crawl fetches again only the pages in flight; a
// slow page delays processing, but fetching runs on up to a window of
// window pages ahead.
func (c *siteCrawl) runLevel(ctx context.Context, depth int, lv level) error {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup // the producer and the fetches: none outlives the level
	defer func() { cancel(); wg.Wait() }()
	window := max(min(c.cfg.Workers*windowPerWorker, windowMax), c.cfg.Workers)
	queue := make(chan chan *pageResult, window-1)
	slots := make(chan struct{}, c.cfg.Workers)
	wg.Go(func() {
		defer close(queue)
		for i := range lv.len() {
			u := lv.url(i)
			ch := make(chan *pageResult, 1)
			r := c.replay.take(depth, u)
			if r != nil {
				ch <- r
			}
			select {
			case queue <- ch:
			case <-ctx.Done():
				return
			}
			if r != nil {
				continue
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			wg.Go(func() {
				defer func() { <-slots }()
				ch <- c.fetchPage(ctx, u, depth)
			})
		}
	})
	for ch := range queue {
		var r *pageResult
		select {
		case r = <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
		switch {
		case r.err != nil:
			return r.err
		case r.aborted:
			return ctx.Err()
		}
		c.emit(r)
	}
	return ctx.Err()
}

// admit turns the candidates the level found into the next level, the
// frontier asking robots.txt about the URLs it would plan, and records the
// candidates it refused.
func (c *siteCrawl) admit(ctx context.Context) (level, error) {
	allowed := func(u string) (bool, error) {
		ok, err := c.env.client.Allowed(ctx, u)
		if err != nil {
			return true, ctx.Err() // robots.txt could not be asked: the page's fetch will say why
		}
		return ok, nil
	}
	lv, refused, err := c.frontier.admit(allowed)
	for _, r := range refused {
		if jerr := c.skip(r); jerr != nil {
			return level{}, jerr
		}
	}
	return lv, err
}

// skip records a candidate the frontier refused: a link robots.txt
// disallows is neither crawled nor requested as a link, its verdict
// journaled.
func (c *siteCrawl) skip(r refused) error {
	c.stats.PagesSkipped++
	switch r.why {
	case refusedTrap, refusedPattern:
		c.stats.TrapsSkipped++
		why := r.detail
		if r.why == refusedPattern {
			why = "pattern cap: " + r.detail
		}
		c.log.Debug("trap skipped", slog.String("url", r.url), slog.String("reason", why))
	case refusedBudget:
		c.stats.BudgetExhausted = true
	case refusedRobots:
		c.stats.RobotsDisallowed++
		v := snapshot.Link{URL: r.url, Status: snapshot.StatusRobotsBlocked, Error: "disallowed by robots.txt", CheckedAt: timeNow()}
		if c.links.judge(r.url, v) {
			_, err := c.journal.Append(snapshot.Entry{Verdict: &v})
			return err
		}
	}
	return nil
}
