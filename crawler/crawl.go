package crawler

import (
	"context"
	"log/slog"
	"sync"

	"gongkai/crawler/snapshot"
	"gongkai/crawler/urls"
)

// crawl runs the level-synchronous breadth-first crawl: every page of
// depth d is fetched (Workers at a time) and processed in sorted URL order;
// the next level is the sorted set of new in-scope links, cut by the trap
// guard, the pattern cap, MaxPages and robots.txt in that order. Neither
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
	c.patterns[urls.PatternKey(c.home)]++
	c.planned = 1
	var home levelBuilder
	home.add(c.home)
	lv := home.level()
	for depth := 0; lv.len() > 0; depth++ {
		c.next.reset()
		if err := c.runLevel(ctx, depth, lv); err != nil {
			return err
		}
		if lv, err = c.admit(ctx, &c.next); err != nil {
			return err
		}
	}
	c.next = urlList{}
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

// admit turns the candidate links found on one level into the next level.
func (c *siteCrawl) admit(ctx context.Context, cands *urlList) (level, error) {
	sorted := cands.sorted()
	cands.reset()
	var next levelBuilder
	for i := range sorted.len() {
		u := sorted.url(i)
		if why := urls.TrapReason(u, c.env.asOf); why != "" {
			c.skipTrap(u, why)
			continue
		}
		key := urls.PatternKey(u)
		if c.cfg.PatternCap > 0 && c.patterns[key] >= c.cfg.PatternCap {
			c.skipTrap(u, "pattern cap: "+key)
			continue
		}
		if c.planned >= c.cfg.MaxPages {
			c.stats.BudgetExhausted = true
			c.stats.PagesSkipped++
			continue
		}
		guide := c.onGuideHost(u)
		if guide && !c.guideBudget() {
			c.stats.PagesSkipped++ // beyond the guide-host budget: checked as a link
			continue
		}
		ok, err := c.env.client.Allowed(ctx, u)
		if err != nil && ctx.Err() != nil {
			return level{}, ctx.Err()
		}
		if err == nil && !ok {
			if err := c.skipRobots(u); err != nil {
				return level{}, err
			}
			continue
		}
		c.patterns[key]++
		c.planned++
		if guide {
			c.guidePlanned++
		}
		next.add(u)
	}
	return next.level(), nil
}

func (c *siteCrawl) skipTrap(u, why string) {
	c.stats.TrapsSkipped++
	c.stats.PagesSkipped++
	c.log.Debug("trap skipped", slog.String("url", u), slog.String("reason", why))
}

// skipRobots records a link robots.txt disallows: it is neither crawled
// nor requested as a link.
func (c *siteCrawl) skipRobots(u string) error {
	c.stats.RobotsDisallowed++
	c.stats.PagesSkipped++
	v := snapshot.Link{URL: u, Status: snapshot.StatusRobotsBlocked, Error: "disallowed by robots.txt", CheckedAt: timeNow()}
	if c.links.judge(u, v) {
		_, err := c.journal.Append(snapshot.Entry{Verdict: &v})
		return err
	}
	return nil
}
