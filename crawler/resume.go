package crawler

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"iter"
	"log/slog"
	"os"

	"gongkai/crawler/snapshot"
)

// replay hands the pages an interrupted crawl journaled back to the
// resumed one. Pages are journaled as they complete (so a killed crawl
// loses only the requests in flight) and processed in crawl order; the
// frontier a resumed crawl rebuilds from the journaled pages' anchors is
// the one the interrupted crawl had, and each planned page found in the
// journal is read back instead of fetched. Journaled pages the rebuilt
// frontier does not plan are simply not used.
type replay struct {
	f     *os.File
	index map[uint64]int64 // pageKey -> journal offset
	log   *slog.Logger
}

// pageKey identifies a frontier entry.
func pageKey(depth int, u string) uint64 {
	h := fnv.New64a()
	h.Write([]byte{byte(depth), byte(depth >> 8)})
	h.Write([]byte(u))
	return h.Sum64()
}

// load reads what an earlier run journaled: start time, homepage record,
// link verdicts, host probes, and where each journaled page is.
func (c *siteCrawl) load(path string) error {
	var (
		verdicts int
		index    = map[uint64]int64{}
	)
	for rec, err := range snapshot.ReadJournal(path, false) {
		if err != nil {
			return err
		}
		switch {
		case rec.Start != nil:
			c.started = rec.Start.StartedAt
		case rec.RawPage != nil:
			var key struct {
				URL   string `json:"url"`
				Depth int    `json:"depth"`
			}
			if err := json.Unmarshal(rec.RawPage, &key); err != nil {
				return err
			}
			index[pageKey(key.Depth, key.URL)] = rec.Offset
		case rec.Verdict != nil:
			c.links.setPending(*rec.Verdict)
			verdicts++
		case rec.Host != nil:
			c.hosts[rec.Host.Name] = *rec.Host
		case rec.Home != nil:
			c.homeRec = rec.Home
		case rec.IPv6 != nil:
			c.ipv6 = rec.IPv6
		}
	}
	if c.started.IsZero() {
		return nil
	}
	c.log.Info("resuming site from its journal", slog.Int("pages", len(index)), slog.Int("verdicts", verdicts),
		slog.Int("hosts", len(c.hosts)))
	if len(index) == 0 {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	c.replay = &replay{f: f, index: index, log: c.log}
	return nil
}

// take returns the journaled page for u at depth, or nil when the journal
// does not have it.
func (r *replay) take(depth int, u string) *pageResult {
	if r == nil {
		return nil
	}
	key := pageKey(depth, u)
	off, ok := r.index[key]
	if !ok {
		return nil
	}
	delete(r.index, key)
	rec, err := snapshot.ReadRecordAt(r.f, off, true)
	if err != nil || rec.Page == nil || rec.Page.URL != u || rec.Page.Depth != depth {
		r.log.Warn("journaled page unreadable, fetching it again", slog.String("url", u), slog.Any("error", err))
		return nil
	}
	return &pageResult{page: rec.Page, offset: off, replayed: true}
}

// close releases the journal reader.
func (r *replay) close() {
	if r != nil {
		r.f.Close()
	}
}

// journalPages yields the JSON of every processed page in crawl order,
// read back from the journal at the offsets emit recorded.
func (c *siteCrawl) journalPages(path string) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		jr, err := snapshot.OpenJournalReader(path)
		if err != nil {
			yield(nil, err)
			return
		}
		defer jr.Close()
		for _, off := range c.order {
			rec, err := jr.ReadAt(off, false)
			if err == nil && rec.RawPage == nil {
				err = fmt.Errorf("journal record at offset %d is not a page", off)
			}
			if !yield(rec.RawPage, err) || err != nil {
				return
			}
		}
	}
}
