package snapshot

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestJournalLines checks the bytes Append writes: each record the compact
// JSON MarshalJSON makes, page records with their prefix, one per line,
// whatever the pooled buffer held before.
func TestJournalLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	j, err := OpenJournal(path, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 7, 1, 2, 3, 0, time.UTC)
	page := &Page{URL: "http://a.gov.cn/?x=<1>&y", Title: "通知 <b>", Text: "第一行\n第二行 \u2028 \"q\"", FetchedAt: at,
		Anchors: []Anchor{{URL: "http://a.gov.cn/b", Text: "b&c", Tag: "a"}}}
	link := &Link{URL: "http://a.gov.cn/b", Status: StatusOK, CheckedAt: at}
	batches := [][]Entry{
		{{Start: &SiteStart{StartedAt: at}}},
		{{Page: page}, {Verdict: link}},
		{{Page: &Page{URL: "http://a.gov.cn/c"}}},
	}
	var want bytes.Buffer
	for _, b := range batches {
		off, err := j.Append(b...)
		if err != nil {
			t.Fatal(err)
		}
		if off != int64(want.Len()) {
			t.Errorf("offset %d, want %d", off, want.Len())
		}
		for _, e := range b {
			var data []byte
			if e.Page != nil {
				p, err := MarshalJSON(e.Page)
				if err != nil {
					t.Fatal(err)
				}
				data = append(append(append([]byte(nil), pagePrefix...), p...), '}')
			} else if data, err = MarshalJSON(e); err != nil {
				t.Fatal(err)
			}
			want.Write(data)
			want.WriteByte('\n')
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("journal bytes:\n%s\nwant:\n%s", got, want.Bytes())
	}
}
