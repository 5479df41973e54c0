package htmlfacts

import "sync"

// scratch is the walker's working memory that no Facts value refers to:
// the text buffers of its sinks and its stacks. Extract takes one from
// scratchPool and puts it back when the facts are assembled, so a crawl
// does not grow and collect some 200 KB of buffers per page.
type scratch struct {
	vis, main, foot, hid []byte
	soft                 [4][]int
	frames               []frame
	lines                []leafSpan
}

// maxScratch is the largest buffer kept for the next page: the one left
// by a hostile page (up to the 4 MiB of visible text) is dropped.
const maxScratch = 256 << 10

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// takeScratch returns buffers for a walker, emptied.
func takeScratch() *scratch { return scratchPool.Get().(*scratch) }

// release puts the walker's buffers back for the next Extract. The walker
// must not be used afterwards.
func (w *walker) release() {
	s := w.scratch
	if s == nil {
		return
	}
	w.scratch = nil
	s.vis, s.main, s.foot, s.hid = keep(w.vis.buf), keep(w.main.buf), keep(w.foot.buf), keep(w.hid.buf)
	for i, sk := range [...]*sink{&w.vis, &w.main, &w.foot, &w.hid} {
		s.soft[i] = nil
		if cap(sk.soft) <= maxScratch/8 {
			s.soft[i] = sk.soft[:0]
		}
	}
	s.frames, s.lines = nil, nil
	if cap(w.frames) <= maxScratch/64 {
		s.frames = w.frames[:0]
	}
	if cap(w.lines) <= maxScratch/16 {
		s.lines = w.lines[:0]
	}
	scratchPool.Put(s)
}

// keep returns b emptied when it is small enough to reuse, else nil.
func keep(b []byte) []byte {
	if cap(b) > maxScratch {
		return nil
	}
	return b[:0]
}

// reuse returns b when it has room for n bytes, else a new buffer of n.
func reuse(b []byte, n int) []byte {
	if cap(b) >= n {
		return b[:0]
	}
	return make([]byte, 0, n)
}
