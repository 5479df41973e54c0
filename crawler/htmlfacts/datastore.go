package htmlfacts

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Hanweb (大汉) list pages ship their entries as static data: a
// <script type="text/xml"> holding
//
//	<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&...">]]></nextgroup>
//	<recordset><record><![CDATA[<li><a href="/art/...">标题</a><span>2026-11-20</span></li>]]></record>...</recordset></datastore>
//
// that the jpage script pastes into the page. The records are read as if
// their markup stood in place of the script: their links become anchors and
// their rows items, in the region of the container. The nextgroup link (the
// next group of records) becomes an anchor too. The same data store served
// on its own (the dataproxy.jsp answer) is read the same way.

// Data store bounds over one document.
const (
	maxStoreRecords = 1000    // records and nextgroup links inlined
	maxStoreBytes   = 1 << 20 // bytes of record markup inlined
)

// storeBudget counts what the document's data stores used.
type storeBudget struct {
	records, bytes int
	inside         bool // walking store markup: a store inside a record is not inlined
	jsonNodes      int  // JSON values visited (jsonstore.go)
}

// datastore inlines the script n when it is a Hanweb data store and
// reports whether it was one.
func (w *walker) datastore(n *html.Node, depth int) bool {
	if w.store.inside || !strings.EqualFold(strings.TrimSpace(getAttr(n, "type")), "text/xml") {
		return false
	}
	text := childText(n)
	if !strings.Contains(text, "<datastore") {
		return false
	}
	w.hints.scripts++
	w.inlineStore(text, depth)
	return true
}

// inlineStore walks the nextgroup links, then the records joined (the way
// jpage joins them), each parsed as a fragment.
func (w *walker) inlineStore(text string, depth int) {
	next, records := w.storeParts(text)
	w.store.inside = true
	for _, s := range next {
		w.walkFragment(s, depth)
	}
	if records != "" {
		w.walkFragment(records, depth)
	}
	w.store.inside = false
}

// storeParts returns the CDATA payloads of <nextgroup> and <record>
// elements, within the document's budget; records are joined.
func (w *walker) storeParts(s string) (next []string, records string) {
	var b strings.Builder
	for {
		i := strings.Index(s, "<![CDATA[")
		if i < 0 {
			break
		}
		body := s[i+len("<![CDATA["):]
		j := strings.Index(body, "]]>")
		if j < 0 {
			break
		}
		tag, payload := enclosingTag(s[:i]), body[:j]
		s = body[j+len("]]>"):]
		if tag != "record" && tag != "nextgroup" {
			continue
		}
		if w.store.records >= maxStoreRecords || w.store.bytes+len(payload) > maxStoreBytes {
			break
		}
		w.store.records++
		w.store.bytes += len(payload)
		if tag == "nextgroup" {
			next = append(next, payload)
			continue
		}
		b.WriteString(payload)
		b.WriteByte('\n')
	}
	return next, b.String()
}

// enclosingTag returns the lower-cased name of the start tag that prefix
// ends with (trailing white space allowed), or "".
func enclosingTag(prefix string) string {
	prefix = strings.TrimRight(prefix, " \t\r\n")
	if !strings.HasSuffix(prefix, ">") {
		return ""
	}
	i := strings.LastIndexByte(prefix, '<')
	if i < 0 || i+1 >= len(prefix) || prefix[i+1] == '/' {
		return ""
	}
	name := prefix[i+1 : len(prefix)-1]
	if k := strings.IndexAny(name, " \t\r\n/"); k >= 0 {
		name = name[:k]
	}
	return strings.ToLower(name)
}

// walkFragment parses markup in the context its first tag needs (table
// rows in a tbody, cells in a row, anything else in a div) and walks it as
// children of the current element. Markup nested too deep is dropped.
func (w *walker) walkFragment(markup string, depth int) {
	ctx := fragmentContext(markup)
	nodes, err := html.ParseFragment(strings.NewReader(markup), ctx)
	if err != nil || len(nodes) == 0 {
		return
	}
	holder := &html.Node{Type: html.ElementNode, DataAtom: ctx.DataAtom, Data: ctx.Data}
	for _, c := range nodes {
		holder.AppendChild(c)
	}
	w.walk(holder, depth)
}

// fragmentContext picks the parent element a fragment's first tag needs.
func fragmentContext(markup string) *html.Node {
	a := atom.Div
	if i := strings.IndexByte(markup, '<'); i >= 0 {
		name := markup[i+1:]
		if k := strings.IndexFunc(name, func(r rune) bool { return !isAlnumRune(r) }); k >= 0 {
			name = name[:k]
		}
		switch strings.ToLower(name) {
		case "tr":
			a = atom.Tbody
		case "td", "th":
			a = atom.Tr
		case "dt", "dd":
			a = atom.Dl
		}
	}
	return &html.Node{Type: html.ElementNode, DataAtom: a, Data: a.String()}
}

func isAlnumRune(r rune) bool { return r < 0x80 && isAlnum(byte(r)) }

// storeDocument reports a body that is a data store itself (an answer of
// dataproxy.jsp): an optional XML declaration, then <datastore>.
func storeDocument(body []byte) bool {
	b := bytes.TrimLeft(body, " \t\r\n")
	if bytes.HasPrefix(b, []byte("<?xml")) {
		i := bytes.Index(b, []byte("?>"))
		if i < 0 {
			return false
		}
		b = bytes.TrimLeft(b[i+2:], " \t\r\n")
	}
	return bytes.HasPrefix(b, []byte("<datastore"))
}
