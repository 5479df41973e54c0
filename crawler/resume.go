package crawler

import (
	"cmp"
	"iter"
	"log/slog"

	"gongkai/crawler/snapshot"
)

// replay feeds the pages of an interrupted crawl back in crawl order. The
// journal holds a prefix of the crawl (pages are journaled in the order
// they are processed), so the frontier rebuilt from those pages' anchors
// is the one the interrupted crawl had, and the journaled pages are taken
// instead of fetched. A journaled page the rebuilt frontier does not plan
// (robots.txt changed in between, say) is left out of the snapshot.
type replay struct {
	next     func() (snapshot.Record, error, bool)
	stop     func()
	left     int // journaled pages not yet taken or dropped
	ordinal  int // journal page number of head
	head     *snapshot.Page
	excluded map[int]bool
	log      *slog.Logger
}

// load reads what an earlier run journaled: start time, homepage record,
// link verdicts, host probes, and the number of journaled pages, which
// are then replayed lazily.
func (c *siteCrawl) load(path string) error {
	pages := 0
	var pending map[string]snapshot.Link
	for rec, err := range snapshot.ReadJournal(path, false) {
		if err != nil {
			return err
		}
		switch {
		case rec.Start != nil:
			c.started = rec.Start.StartedAt
		case rec.RawPage != nil:
			pages++
		case rec.Verdict != nil:
			if pending == nil {
				pending = map[string]snapshot.Link{}
			}
			pending[rec.Verdict.URL] = *rec.Verdict
		case rec.Host != nil:
			c.hosts[rec.Host.Name] = *rec.Host
		case rec.Home != nil:
			c.homeRec = rec.Home
		case rec.IPv6 != nil:
			c.ipv6 = rec.IPv6
		}
	}
	c.links.pending = pending
	if pages == 0 && c.started.IsZero() {
		return nil
	}
	c.log.Info("resuming site from its journal", slog.Int("pages", pages), slog.Int("verdicts", len(pending)),
		slog.Int("hosts", len(c.hosts)))
	if pages == 0 {
		return nil
	}
	pagesOnly := func(yield func(snapshot.Record, error) bool) {
		for rec, err := range snapshot.ReadJournal(path, true) {
			if (err != nil || rec.Page != nil) && !yield(rec, err) {
				return
			}
		}
	}
	next, stop := iter.Pull2(iter.Seq2[snapshot.Record, error](pagesOnly))
	c.replay = &replay{next: next, stop: stop, left: pages, ordinal: -1, excluded: map[int]bool{}, log: c.log}
	return nil
}

// take returns the journaled page for u at depth if the journal has it,
// dropping journaled pages that sort before it (the crawl no longer plans
// them).
func (r *replay) take(depth int, u string) *snapshot.Page {
	if r == nil {
		return nil
	}
	for r.left > 0 {
		if r.head == nil {
			rec, err, ok := r.next()
			if !ok || err != nil {
				r.log.Warn("journal replay ended early", slog.Any("error", err))
				r.left = 0
				return nil
			}
			r.head = rec.Page
			r.ordinal++
		}
		h := r.head
		switch cmp.Or(cmp.Compare(h.Depth, depth), cmp.Compare(h.URL, u)) {
		case 0:
			r.head = nil
			r.left--
			return h
		case -1:
			r.log.Warn("journaled page no longer planned, dropped", slog.String("url", h.URL))
			r.excluded[r.ordinal] = true
			r.head = nil
			r.left--
		default:
			return nil
		}
	}
	return nil
}

// dropRest leaves the journaled pages the crawl never reached out of the
// snapshot.
func (r *replay) dropRest() {
	if r == nil {
		return
	}
	for r.left > 0 {
		if r.head == nil {
			if _, _, ok := r.next(); !ok {
				break
			}
			r.ordinal++
		}
		r.excluded[r.ordinal] = true
		r.head = nil
		r.left--
	}
}

// close releases the journal reader.
func (r *replay) close() {
	if r != nil {
		r.stop()
	}
}

// journalPages yields the JSON of every journaled page in crawl order,
// without the pages replay dropped.
func (c *siteCrawl) journalPages(path string) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		n := -1
		for rec, err := range snapshot.ReadJournal(path, false) {
			if err != nil {
				yield(nil, err)
				return
			}
			if rec.RawPage == nil {
				continue
			}
			n++
			if c.replay != nil && c.replay.excluded[n] {
				continue
			}
			if !yield(rec.RawPage, nil) {
				return
			}
		}
	}
}

// jsonItems yields the JSON encoding of each item.
func jsonItems[T any](items iter.Seq[T]) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		for it := range items {
			data, err := snapshot.MarshalJSON(it)
			if !yield(data, err) || err != nil {
				return
			}
		}
	}
}
