package crawler

import (
	"bufio"
	"bytes"
	"fmt"
	"iter"
	"os"
	"strconv"

	"gongkai/crawler/snapshot"
)

// linkLog is a scratch file of the links of a site in order of first
// reference, one line each: "url TAB level TAB json", the JSON being the
// Link as first referenced (from_url, text, tag, internal, on_homepage,
// level) without its verdict. It keeps those fields out of memory. It is
// rebuilt by every run (a resumed crawl replays the pages that make it),
// written by the page-processing goroutine only, and removed with the
// journal.
type linkLog struct {
	path string
	f    *os.File
	w    *bufio.Writer
	n    int
}

func createLinkLog(path string) (*linkLog, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("link log: %w", err)
	}
	return &linkLog{path: path, f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

// add appends the first reference of a link.
func (l *linkLog) add(link *snapshot.Link) error {
	data, err := snapshot.MarshalJSON(link)
	if err != nil {
		return err
	}
	l.w.WriteString(link.URL)
	l.w.WriteByte('\t')
	l.w.WriteString(strconv.Itoa(link.Level))
	l.w.WriteByte('\t')
	l.w.Write(data)
	if err := l.w.WriteByte('\n'); err != nil {
		return fmt.Errorf("link log: %w", err)
	}
	l.n++
	return nil
}

// logged is one line of the link log; raw is valid until the iteration
// continues.
type logged struct {
	url   string
	level int
	raw   []byte
}

// all yields the logged links in order. It flushes first; the log must not
// be added to while iterating.
func (l *linkLog) all() iter.Seq2[logged, error] {
	return func(yield func(logged, error) bool) {
		if err := l.w.Flush(); err != nil {
			yield(logged{}, fmt.Errorf("link log: %w", err))
			return
		}
		f, err := os.Open(l.path)
		if err != nil {
			yield(logged{}, fmt.Errorf("link log: %w", err))
			return
		}
		defer f.Close()
		br := bufio.NewReaderSize(f, 256<<10)
		for {
			line, err := br.ReadBytes('\n')
			if len(line) == 0 && err != nil {
				return // io.EOF: the end
			}
			u, rest, ok1 := bytes.Cut(bytes.TrimSuffix(line, []byte("\n")), []byte("\t"))
			lv, raw, ok2 := bytes.Cut(rest, []byte("\t"))
			level, lerr := strconv.Atoi(string(lv))
			if !ok1 || !ok2 || lerr != nil {
				yield(logged{}, fmt.Errorf("link log %s: malformed line", l.path))
				return
			}
			if !yield(logged{url: string(u), level: level, raw: raw}, nil) {
				return
			}
		}
	}
}

// remove closes and deletes the log.
func (l *linkLog) remove() {
	l.f.Close()
	os.Remove(l.path)
}
