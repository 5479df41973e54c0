package htmlfacts

import (
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"gongkai/crawler/snapshot"
	"gongkai/crawler/urls"
)

// pendingItem is a dated list entry found during the walk.
type pendingItem struct {
	link    int // index into links
	date    string
	section string
	parent  *html.Node
	prose   int // running text inside a rich row (a summary)
}

// undatedItem is a row with a title link and no date. It becomes an item
// only when it has at least two sibling rows with title links, dated or
// not (a real list, not a stray link), and its link names a document
// rather than a column.
type undatedItem struct {
	link    int
	parent  *html.Node
	tag     atom.Atom
	section string
	prose   int
}

// How much row text around the link is searched for a date, how much text
// besides its links a list row may hold, and how much a rich row (a search
// result, a list with summaries) is searched for its date.
const (
	dateLookAfter  = 400
	dateLookBefore = 200
	maxRowExtra    = 100
	richLook       = 2000
	minRichRows    = 3
)

// itemRow turns a row element (li, tr, dd, dt, div, p) holding one or two
// title links into a list entry. The innermost row wins; rows in nav or
// footer regions are not list entries.
func (w *walker) itemRow(n *html.Node, f *frame) {
	if f.titleLinks == 0 || f.titleLinks > 2 || f.items > 0 || w.region != regionBody || f.bestLink < 0 {
		return
	}
	li := f.bestLink
	l := &w.links[li]
	if l.dated {
		return
	}
	end := len(w.vis.buf)
	if utf8.RuneCount(w.vis.buf[f.start:l.start])+utf8.RuneCount(w.vis.buf[l.end:end]) > maxRowExtra {
		w.richRow(n, f, li) // a box with running text: a list row only if its siblings repeat it
		return
	}
	after := w.vis.buf[l.end:min(end, l.end+dateLookAfter)]
	date := findDate(string(after))
	if date == "" && l.start > f.start {
		date = findDate(string(w.vis.buf[max(f.start, l.start-dateLookBefore):l.start]))
	}
	section := w.section()
	if date != "" {
		if len(w.items) < 4*maxItems {
			w.items = append(w.items, pendingItem{link: li, date: date, section: section, parent: n.Parent, prose: w.prose.total - f.prose})
		}
		l.dated = true
		f.items++
		return
	}
	if !l.candidate && n.Parent != nil && len(w.undated) < 4*maxItems {
		l.candidate = true
		w.undated = append(w.undated, undatedItem{link: li, parent: n.Parent, tag: n.DataAtom, section: section, prose: w.prose.total - f.prose})
	}
}

// richRow records a row with one title link, a date and running text (a
// search result with its summary, a news list with abstracts). It becomes
// an item only when at least minRichRows sibling rows repeat that shape:
// one such box is an article's paragraph, a run of them is a list.
func (w *walker) richRow(n *html.Node, f *frame, li int) {
	if f.titleLinks != 1 || n.Parent == nil || len(w.rich) >= 4*maxItems {
		return
	}
	date := findDate(string(w.vis.buf[f.start:min(len(w.vis.buf), f.start+richLook)]))
	if date == "" {
		return
	}
	w.rich = append(w.rich, pendingItem{link: li, date: date, section: w.section(), parent: n.Parent, prose: w.prose.total - f.prose})
}

// section returns the nearest heading recorded in an enclosing box of the
// current element.
func (w *walker) section() string {
	for i := len(w.frames) - 2; i >= 0; i-- {
		if s := w.frames[i].section; s != "" {
			return s
		}
	}
	return ""
}

// finishItems resolves item links and merges dated and undated entries in
// document order. The running text of rows taken as items (summaries)
// leaves the page's prose.
func (w *walker) finishItems(base *url.URL) []snapshot.Item {
	type ordered struct {
		pos  int
		item snapshot.Item
	}
	var all []ordered
	for _, p := range w.items {
		all = append(all, ordered{w.links[p.link].start, w.item(base, p.link, p.date, p.section)})
		w.prose.total -= p.prose // a summary in a list is not an article's text
	}
	siblings := map[*html.Node]int{}
	for _, p := range w.items {
		siblings[p.parent]++
	}
	for _, u := range w.undated {
		if !w.links[u.link].dated {
			siblings[u.parent]++
		}
	}
	richSiblings := map[*html.Node]int{}
	for _, r := range w.rich {
		richSiblings[r.parent]++
	}
	for _, r := range w.rich {
		if l := &w.links[r.link]; !l.dated && richSiblings[r.parent] >= minRichRows {
			l.dated = true
			w.prose.total -= r.prose // a summary in a list is not an article's text
			all = append(all, ordered{l.start, w.item(base, r.link, r.date, r.section)})
		}
	}
	for _, u := range w.undated {
		if w.links[u.link].dated || siblings[u.parent] < 3 {
			continue
		}
		it := w.item(base, u.link, "", u.section)
		if documentLike(it.URL) {
			all = append(all, ordered{w.links[u.link].start, it})
			w.prose.total -= u.prose
		}
	}
	slices.SortStableFunc(all, func(a, b ordered) int { return a.pos - b.pos })
	out := make([]snapshot.Item, 0, min(len(all), maxItems))
	for _, o := range all {
		if len(out) == maxItems {
			break
		}
		out = append(out, o.item)
	}
	return out
}

// item builds one entry. A link text cut short with an ellipsis gives way
// to the link's title attribute.
func (w *walker) item(base *url.URL, li int, date, section string) snapshot.Item {
	l := w.links[li]
	title := w.vis.spanJoined(l.start, l.end)
	if t := strings.TrimSpace(l.title); t != "" && truncated(title) {
		title = collapse(t)
	}
	u, _ := w.resolve(base, l.href)
	return snapshot.Item{
		Title:   truncRunes(title, maxItemRunes),
		URL:     u,
		Date:    date,
		Section: section,
	}
}

func truncated(s string) bool {
	return strings.HasSuffix(s, "…") || strings.HasSuffix(s, "..") || strings.HasSuffix(s, "⋯")
}

// documentLike reports links that name a document (an article page with an
// id in its file name or query, or an attachment) rather than a column
// index. u is a normalised absolute URL.
func documentLike(u string) bool {
	if u == "" {
		return false
	}
	p, query := pathQuery(u)
	file := p[strings.LastIndexByte(p, '/')+1:]
	if file != "" && !hasPrefixFold(file, "index") && !hasPrefixFold(file, "default") &&
		(hasDigit(file) || hasDigitRun(query, 3)) {
		return true
	}
	return urls.IsAttachment(u)
}

// pathQuery splits an absolute URL into its escaped path and raw query.
func pathQuery(u string) (string, string) {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexAny(u, "/?"); j >= 0 {
			u = u[j:]
		} else {
			u = ""
		}
	}
	p, q, _ := strings.Cut(u, "?")
	return p, q
}

// hasDigit reports an ASCII digit in an escaped path segment, not counting
// the hex digits of %XX escapes.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '%' && i+2 < len(s):
			i += 2
		case isDigit(s[i]):
			return true
		}
	}
	return false
}

// hasDigitRun reports a run of at least n ASCII digits (an id).
func hasDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			if run++; run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
