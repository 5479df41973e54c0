package crawler

import (
	"iter"
	"strings"
	"sync"

	"gongkai/crawler/linkcheck"
	"gongkai/crawler/snapshot"
)

// Flags of a link table entry.
const (
	linkReferenced uint8 = 1 << iota // some page references it (else it only holds a page's verdict)
	linkSeen                         // queued or fetched as a page: never queued again
	linkQueued                       // considered for a check of its own (counts against MaxLinks)
	linkJudged                       // its verdict is set
)

const linkChunk = 4096

type linkEntry struct {
	link  snapshot.Link
	flags uint8
}

// linkTable holds every distinct URL a site references, in the order of
// first reference (which is deterministic: pages are processed in crawl
// order), with its verdict. Its entries double as the crawl's seen-set.
// Entries live in fixed-size chunks so that growth never copies them.
// It is safe for concurrent use.
type linkTable struct {
	mu      sync.Mutex
	index   map[string]int32
	chunks  [][]linkEntry
	n       int32
	order   []int32                  // referenced entries in order of first reference
	pending map[string]snapshot.Link // verdicts read back from a journal, applied on creation
}

func newLinkTable() *linkTable {
	return &linkTable{index: map[string]int32{}}
}

// at returns entry i; the caller holds mu.
func (t *linkTable) at(i int32) *linkEntry {
	return &t.chunks[i/linkChunk][i%linkChunk]
}

// entry returns the entry of u, creating it; the caller holds mu.
func (t *linkTable) entry(u string) (int32, *linkEntry) {
	if i, ok := t.index[u]; ok {
		return i, t.at(i)
	}
	if int(t.n)/linkChunk == len(t.chunks) {
		t.chunks = append(t.chunks, make([]linkEntry, linkChunk))
	}
	i := t.n
	t.n++
	u = strings.Clone(u) // never pin a page's buffers
	t.index[u] = i
	e := t.at(i)
	e.link.URL = u
	if v, ok := t.pending[u]; ok {
		copyVerdict(&e.link, &v)
		e.flags |= linkJudged
		delete(t.pending, u)
	}
	return i, e
}

// ref is the outcome of one reference to a link.
type ref struct {
	index int32
	first bool // the first reference: the caller classifies the link
	seen  bool // already queued or fetched as a page
}

// reference records that page from (at depth) references anchor a.
func (t *linkTable) reference(a snapshot.Anchor, from string, depth int, internal bool) ref {
	t.mu.Lock()
	defer t.mu.Unlock()
	i, e := t.entry(a.URL)
	r := ref{index: i, seen: e.flags&linkSeen != 0}
	if e.flags&linkReferenced == 0 {
		r.first = true
		e.flags |= linkReferenced
		t.order = append(t.order, i)
		e.link.FromURL = from
		e.link.Text = strings.Clone(a.Text)
		e.link.Tag = internTag(a.Tag)
		e.link.Internal = internal
		e.link.OnHomepage = depth == 0
		e.link.Level = depth + 2
	}
	return r
}

// url returns the URL of link i.
func (t *linkTable) url(i int32) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.at(i).link.URL
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
func (t *linkTable) claim(i int32) (url string, first, judged bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.at(i)
	if e.flags&linkQueued != 0 {
		return e.link.URL, false, true
	}
	e.flags |= linkQueued
	return e.link.URL, true, e.flags&linkJudged != 0
}

// judge sets the verdict of u (creating a hidden entry for a fetched page
// nobody referenced yet). It reports false when u already had one.
func (t *linkTable) judge(u string, v snapshot.Link) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, e := t.entry(u)
	if e.flags&linkJudged != 0 {
		return false
	}
	copyVerdict(&e.link, &v)
	e.flags |= linkJudged
	return true
}

// unjudged returns the referenced links without a verdict or a queued
// check, in order of first reference.
func (t *linkTable) unjudged() []int32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []int32
	for _, i := range t.order {
		if t.at(i).flags&(linkQueued|linkJudged) == 0 {
			out = append(out, i)
		}
	}
	return out
}

// all yields the referenced links in order of first reference. A link
// without a verdict is yielded as not_checked.
func (t *linkTable) all() iter.Seq[snapshot.Link] {
	return func(yield func(snapshot.Link) bool) {
		t.mu.Lock()
		n := len(t.order)
		t.mu.Unlock()
		for k := range n {
			t.mu.Lock()
			e := *t.at(t.order[k])
			t.mu.Unlock()
			if e.flags&linkJudged == 0 {
				e.link.Status = snapshot.StatusNotChecked
				if e.link.Error == "" {
					e.link.Error = "not checked"
				}
			}
			if !yield(e.link) {
				return
			}
		}
	}
}

// counts returns the number of referenced links and of those with a
// verdict other than not_checked.
func (t *linkTable) counts() (links, checked int) {
	for l := range t.all() {
		links++
		if l.Status != snapshot.StatusNotChecked {
			checked++
		}
	}
	return links, checked
}

// setNotChecked records why link i was not checked.
func (t *linkTable) setNotChecked(i int32, why string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e := t.at(i); e.flags&linkJudged == 0 {
		e.link.Error = why
	}
}

// verdictOf converts a link checker result into the verdict fields of a
// Link for url.
func verdictOf(url string, r linkcheck.Result) snapshot.Link {
	l := snapshot.Link{URL: url}
	r.Apply(&l)
	return l
}

// copyVerdict copies the verdict fields of v into l.
func copyVerdict(l, v *snapshot.Link) {
	l.HTTPStatus, l.Status, l.Error, l.FinalURL = v.HTTPStatus, v.Status, v.Error, v.FinalURL
	if v.FinalURL == l.URL {
		l.FinalURL = l.URL // share the string: most links do not redirect
	}
	l.Attempts, l.Dead, l.Soft404, l.Blocked, l.CheckedAt = v.Attempts, v.Dead, v.Soft404, v.Blocked, v.CheckedAt
}

// internTag returns a shared copy of the common tag names.
func internTag(tag string) string {
	for _, t := range [...]string{"a", "img", "link", "script", "iframe", "area", "frame"} {
		if tag == t {
			return t
		}
	}
	return strings.Clone(tag)
}

// followTag reports whether anchors of tag lead to pages to crawl.
func followTag(tag string) bool {
	switch tag {
	case "a", "area", "iframe", "frame":
		return true
	}
	return false
}
