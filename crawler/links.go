package crawler

import (
	"cmp"
	"sync"
	"time"

	"gongkai/crawler/snapshot"
)

// Flags of a link table entry.
const (
	linkReferenced uint8 = 1 << iota // some page references it (else it only holds a page's verdict)
	linkSeen                         // queued or fetched as a page: never queued again
	linkQueued                       // considered for a check of its own (counts against MaxLinks)
	linkJudged                       // its verdict is set
)

// Bits of verdict.bits.
const (
	verdictDead uint8 = 1 << iota
	verdictSoft404
	verdictBlocked
	verdictFinalSelf // FinalURL is the link's own URL
)

const linkChunk = 4096

// verdict is the compact form of a link's verdict fields. Its rare
// strings live in linkTable.texts.
type verdict struct {
	checkedAt  int64 // Unix nanoseconds, 0 for none
	httpStatus int32
	attempts   int16
	status     uint8 // index into linkTable.statuses
	bits       uint8
}

// verdictText holds the strings of a verdict that has any.
type verdictText struct {
	err, finalURL string // finalURL is "" when it is the link's own URL (verdictFinalSelf)
}

type linkEntry struct {
	v     verdict
	flags uint8
}

// linkTable holds, for every distinct URL a site references (and every
// page it fetched), its flags and verdict, keyed by a 64-bit hash of the
// URL: it is the crawl's seen-set too. What a link looks like where it was
// first referenced is not kept here but in the link log, in order. Entries
// live in fixed-size chunks so that growth never copies them. It is safe
// for concurrent use.
type linkTable struct {
	mu       sync.Mutex
	index    map[uint64]int32
	chunks   [][]linkEntry
	n        int32
	statuses []snapshot.Status
	texts    map[int32]verdictText // by entry
	pending  map[uint64]pendingVerdict
	// unchecked is the error of a link without a verdict ("not checked",
	// or why the site stopped before it was).
	unchecked string
}

// pendingVerdict is a verdict read back from a journal, applied when its
// link is created.
type pendingVerdict struct {
	v    verdict
	text verdictText
}

func newLinkTable() *linkTable {
	return &linkTable{index: map[uint64]int32{}, statuses: []snapshot.Status{""}, texts: map[int32]verdictText{}}
}

// urlKey is the 64-bit FNV-1a hash of u. With 64 bits a site of a million
// URLs has a chance of about 3e-8 of any collision.
func urlKey(u string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(u); i++ {
		h ^= uint64(u[i])
		h *= 1099511628211
	}
	return h
}

// at returns entry i; the caller holds mu.
func (t *linkTable) at(i int32) *linkEntry {
	return &t.chunks[i/linkChunk][i%linkChunk]
}

// entry returns the entry of u, creating it; the caller holds mu.
func (t *linkTable) entry(u string) (int32, *linkEntry) {
	key := urlKey(u)
	if i, ok := t.index[key]; ok {
		return i, t.at(i)
	}
	if int(t.n)/linkChunk == len(t.chunks) {
		t.chunks = append(t.chunks, make([]linkEntry, linkChunk))
	}
	i := t.n
	t.n++
	t.index[key] = i
	e := t.at(i)
	if p, ok := t.pending[key]; ok {
		t.set(i, e, p.v, p.text)
		delete(t.pending, key)
	}
	return i, e
}

// set stores a verdict in entry i; the caller holds mu.
func (t *linkTable) set(i int32, e *linkEntry, v verdict, text verdictText) {
	e.v = v
	e.flags |= linkJudged
	if text != (verdictText{}) {
		t.texts[i] = text
	} else {
		delete(t.texts, i)
	}
}

// ref is the outcome of one reference to a link.
type ref struct {
	index int32
	first bool // the first reference: the caller logs and classifies the link
	seen  bool // already queued or fetched as a page
}

// setUnchecked sets the error of links left without a verdict.
func (t *linkTable) setUnchecked(why string) {
	t.mu.Lock()
	t.unchecked = why
	t.mu.Unlock()
}

// maxSiteLinks bounds the distinct links recorded per site: a site that
// mints new links on every page (a trap) cannot grow the table, the link
// log and the links table without end. An ordinary county portal of 2000
// pages references some tens of thousands.
const maxSiteLinks = 200_000

// reference records a reference to u. Once the table holds maxSiteLinks
// entries a new URL is not recorded: the index is -1.
func (t *linkTable) reference(u string) ref {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.index[urlKey(u)]; !ok && t.n >= maxSiteLinks {
		return ref{index: -1}
	}
	i, e := t.entry(u)
	r := ref{index: i, seen: e.flags&linkSeen != 0, first: e.flags&linkReferenced == 0}
	e.flags |= linkReferenced
	return r
}

// lookup returns the index of u, if it is in the table.
func (t *linkTable) lookup(u string) (int32, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	i, ok := t.index[urlKey(u)]
	return i, ok
}

// markSeen marks u as queued for fetching and reports whether it was not
// already.
func (t *linkTable) markSeen(u string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, e := t.entry(u)
	if e.flags&linkSeen != 0 {
		return false
	}
	e.flags |= linkSeen
	return true
}

// claim marks link i as considered for a check of its own. first is false
// when it already was; judged reports that it has a verdict anyway (read
// back from the journal, or judged from a page fetch), so needs no request.
// Whether a link is claimed depends only on the order pages are processed
// in, never on timing, so the MaxLinks budget picks the same links in a
// resumed crawl.
func (t *linkTable) claim(i int32) (first, judged bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.at(i)
	if e.flags&linkQueued != 0 {
		return false, true
	}
	e.flags |= linkQueued
	return true, e.flags&linkJudged != 0
}

// unjudged reports whether link i has neither a verdict nor a check.
func (t *linkTable) unjudged(i int32) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.at(i).flags&(linkQueued|linkJudged) == 0
}

// judge sets the verdict of u (creating a hidden entry for a fetched page
// nobody referenced yet). It reports false when u already had one.
func (t *linkTable) judge(u string, l snapshot.Link) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	i, e := t.entry(u)
	if e.flags&linkJudged != 0 {
		return false
	}
	v, text := t.compact(u, l)
	t.set(i, e, v, text)
	return true
}

// setPending keeps a journaled verdict until its link is created.
func (t *linkTable) setPending(l snapshot.Link) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.pending == nil {
		t.pending = map[uint64]pendingVerdict{}
	}
	v, text := t.compact(l.URL, l)
	t.pending[urlKey(l.URL)] = pendingVerdict{v, text}
}

// setNotChecked records why link i was not checked.
func (t *linkTable) setNotChecked(i int32, why string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e := t.at(i); e.flags&linkJudged == 0 {
		t.texts[i] = verdictText{err: why}
	}
}

// fill copies the verdict of l.URL into l; a link without one is
// not_checked. It reports whether l has a verdict.
func (t *linkTable) fill(l *snapshot.Link) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	var (
		e    linkEntry
		text verdictText
	)
	if i, ok := t.index[urlKey(l.URL)]; ok {
		e, text = *t.at(i), t.texts[i]
	}
	v := e.v
	l.HTTPStatus, l.Status, l.Error, l.FinalURL = int(v.httpStatus), t.statuses[v.status], text.err, text.finalURL
	l.Attempts = int(v.attempts)
	l.Dead, l.Soft404, l.Blocked = v.bits&verdictDead != 0, v.bits&verdictSoft404 != 0, v.bits&verdictBlocked != 0
	l.CheckedAt = time.Time{}
	if v.checkedAt != 0 {
		l.CheckedAt = time.Unix(0, v.checkedAt).UTC()
	}
	if v.bits&verdictFinalSelf != 0 {
		l.FinalURL = l.URL
	}
	if e.flags&linkJudged == 0 {
		l.Status = snapshot.StatusNotChecked
		if l.Error == "" {
			l.Error = cmp.Or(t.unchecked, "not checked")
		}
		return false
	}
	return true
}

// compact converts the verdict fields of l; the caller holds mu.
func (t *linkTable) compact(u string, l snapshot.Link) (verdict, verdictText) {
	v := verdict{httpStatus: int32(l.HTTPStatus), attempts: int16(min(l.Attempts, 1<<15-1))}
	text := verdictText{err: l.Error}
	if l.FinalURL != u {
		text.finalURL = l.FinalURL
	} else if u != "" {
		v.bits |= verdictFinalSelf
	}
	if !l.CheckedAt.IsZero() {
		v.checkedAt = l.CheckedAt.UnixNano()
	}
	v.status = t.statusIndex(l.Status)
	if l.Dead {
		v.bits |= verdictDead
	}
	if l.Soft404 {
		v.bits |= verdictSoft404
	}
	if l.Blocked {
		v.bits |= verdictBlocked
	}
	return v, text
}

// statusIndex interns s; the caller holds mu.
func (t *linkTable) statusIndex(s snapshot.Status) uint8 {
	for i, have := range t.statuses {
		if have == s {
			return uint8(i)
		}
	}
	if len(t.statuses) == 255 {
		return 0
	}
	t.statuses = append(t.statuses, s)
	return uint8(len(t.statuses) - 1)
}

// followTag reports whether anchors of tag lead to pages to crawl.
func followTag(tag string) bool {
	switch tag {
	case "a", "area", "iframe", "frame":
		return true
	}
	return false
}
