package snapshot

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func sample(id string) *Snapshot {
	t0 := time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC)
	return &Snapshot{
		Version: Version, AuditID: "20261123T023000Z",
		Site:      Site{ID: id, Name: "某县人民政府", URL: "https://www." + id + ".gov.cn/", Kind: "portal"},
		StartedAt: t0, FinishedAt: t0.Add(time.Minute),
		Status: StatusOK,
		Home:   HomeProbe{URL: "https://www." + id + ".gov.cn/", Status: StatusOK, HTTPStatus: 200, Duration: time.Second, HTTPS: true},
		Pages: []Page{
			{URL: "https://www." + id + ".gov.cn/", Depth: 0, HTTPStatus: 200, Status: StatusOK, Title: "首页 <b>&",
				Meta: map[string]string{"sitename": "x"}, Anchors: []Anchor{{URL: "https://a/", Tag: "a"}}, FetchedAt: t0},
			{URL: "https://www." + id + ".gov.cn/a.html", Depth: 1, HTTPStatus: 404, Status: StatusHTTPError, Error: "http 404"},
		},
		Links: []Link{{URL: "https://a/", FromURL: "https://www." + id + ".gov.cn/", Tag: "a", Level: 2, Status: StatusOK}},
		Hosts: []Host{{Name: "www." + id + ".gov.cn", Level: 1, A: []string{"127.0.0.1"}, IPv4OK: true}},
		Stats: Stats{PagesFetched: 2, LinksChecked: 1},
	}
}

func TestWriteReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.json.gz")
	want := sample("x")
	if err := WriteFile(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

// TestEncodeMatchesJSON checks that the hand-ordered encoder writes what
// encoding/json would (same keys, same values), streamed pages included.
func TestEncodeMatchesJSON(t *testing.T) {
	s := sample("y")
	s.Error = "" // omitempty
	std, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Encode(&buf, s, Stream{}); err != nil {
		t.Fatal(err)
	}
	var a, b any
	json.Unmarshal(std, &a)
	if err := json.Unmarshal(buf.Bytes(), &b); err != nil {
		t.Fatalf("Encode wrote invalid JSON: %v\n%s", err, buf.Bytes())
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("Encode differs from encoding/json (-std +encode):\n%s", diff)
	}

	// Streamed pages replace s.Pages.
	pages := func(yield func([]byte, error) bool) {
		for _, p := range s.Pages {
			data, _ := MarshalJSON(p)
			if !yield(data, nil) {
				return
			}
		}
	}
	links := func(yield func([]byte, error) bool) {
		for _, l := range s.Links {
			data, _ := MarshalJSON(l)
			if !yield(data, nil) {
				return
			}
		}
	}
	header := *s
	header.Pages = []Page{{URL: "ignored"}}
	header.Links = nil
	buf.Reset()
	if err := Encode(&buf, &header, Stream{Pages: pages, Links: links}); err != nil {
		t.Fatal(err)
	}
	var got Snapshot
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, &got); diff != "" {
		t.Errorf("streamed pages (-want +got):\n%s", diff)
	}

	failing := func(yield func([]byte, error) bool) { yield(nil, errors.New("boom")) }
	if err := Encode(&buf, s, Stream{Links: iter.Seq2[[]byte, error](failing)}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("Encode with a failing page source = %v", err)
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte, zip bool) string {
		p := filepath.Join(dir, name)
		if zip {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			zw.Write(data)
			zw.Close()
			data = buf.Bytes()
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	full := func() []byte { d, _ := json.Marshal(sample("z")); return d }()
	truncGz := func() []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(full)
		zw.Close()
		return buf.Bytes()[:buf.Len()-10]
	}()
	badSum := func() []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(full)
		zw.Close()
		b := buf.Bytes()
		b[len(b)-8] ^= 0xff // the CRC-32 of the data
		return b
	}()
	tests := []struct {
		name, file string
		want       string
		pagesOnly  bool // wrong only in the pages, which ReadHeader does not decode
	}{
		{"newer version", write("new.json.gz", []byte(`{"version":99,"site":{"id":"a"}}`), true), "version 99 is newer", false},
		{"no version", write("nov.json", []byte(`{"site":{"id":"a"}}`), false), "no version", false},
		{"not json", write("bad.json.gz", []byte(`{"version":1,`), true), "corrupt data", false},
		{"truncated gzip", write("trunc.json.gz", truncGz, false), "corrupt data", false},
		{"gzip checksum", write("sum.json.gz", badSum, false), "corrupt data", false},
		{"wrong type", write("type.json", []byte(`{"version":1,"pages":3}`), false), "corrupt data", true},
		{"missing", filepath.Join(dir, "missing.json.gz"), "missing.json.gz", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFile(tt.file)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), filepath.Base(tt.file)) {
				t.Fatalf("ReadFile = %v, want an error naming the file and %q", err, tt.want)
			}
			if tt.pagesOnly {
				return
			}
			_, err = ReadHeader(tt.file)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), filepath.Base(tt.file)) {
				t.Fatalf("ReadHeader = %v, want an error naming the file and %q", err, tt.want)
			}
		})
	}
	if _, err := ReadFile(write("plain.json", full, false)); err != nil {
		t.Errorf("plain JSON snapshot: %v", err)
	}
}

// TestReadHeader reads the header of a written snapshot, compressed and
// plain: the fields before the pages, whatever follows them.
func TestReadHeader(t *testing.T) {
	dir := t.TempDir()
	s := sample("h")
	s.Status = StatusHTTPError
	want := Header{Version: Version, AuditID: s.AuditID, Site: s.Site, Status: s.Status}
	gz := filepath.Join(dir, "h.json.gz")
	if err := WriteFile(gz, s); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "h.json")
	data, _ := json.Marshal(s)
	if err := os.WriteFile(plain, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{gz, plain} {
		got, err := ReadHeader(path)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ReadHeader(%s) (-want +got):\n%s", filepath.Base(path), diff)
		}
	}
}

func TestAuditDir(t *testing.T) {
	out := t.TempDir()
	t0 := time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC)
	if _, _, err := LatestUnfinished(out); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("LatestUnfinished on empty dir = %v", err)
	}
	a1 := &Audit{AsOf: t0, StartedAt: t0, Sites: []Site{{ID: "b"}, {ID: "a"}}}
	d1, err := CreateAudit(out, a1)
	if err != nil {
		t.Fatal(err)
	}
	a2 := &Audit{AsOf: t0, StartedAt: t0} // same second: next id
	d2, err := CreateAudit(out, a2)
	if err != nil {
		t.Fatal(err)
	}
	if a1.ID != "20261123T023000Z" || a2.ID != "20261123T023001Z" || filepath.Base(d2) != a2.ID {
		t.Fatalf("ids %q %q dir %q", a1.ID, a2.ID, d2)
	}
	for _, sub := range []string{JournalDir, SnapshotsDir, ShotsDir} {
		if fi, err := os.Stat(filepath.Join(d1, sub)); err != nil || !fi.IsDir() {
			t.Errorf("%s missing: %v", sub, err)
		}
	}
	dir, got, err := LatestUnfinished(out)
	if err != nil || dir != d2 || got.ID != a2.ID {
		t.Fatalf("LatestUnfinished = %q %+v %v, want %q", dir, got, err, d2)
	}
	a2.FinishedAt = t0.Add(time.Hour)
	if err := WriteAudit(d2, a2); err != nil {
		t.Fatal(err)
	}
	dir, got, err = LatestUnfinished(out)
	if err != nil || dir != d1 || len(got.Sites) != 2 {
		t.Fatalf("LatestUnfinished after finishing the newest = %q %+v %v, want %q", dir, got, err, d1)
	}

	// ReadDir returns snapshots sorted by site id.
	for _, id := range []string{"b", "a", "c"} {
		if err := WriteFile(SnapshotPath(d1, id), sample(id)); err != nil {
			t.Fatal(err)
		}
	}
	snaps, err := ReadDir(d1)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range snaps {
		ids = append(ids, s.Site.ID)
	}
	if diff := cmp.Diff([]string{"a", "b", "c"}, ids); diff != "" {
		t.Errorf("ReadDir order (-want +got):\n%s", diff)
	}
	if _, err := ReadDir(filepath.Join(out, "nope")); err == nil {
		t.Error("ReadDir of a missing audit: no error")
	}
}

func TestJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.jsonl")
	j, err := OpenJournal(path, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	s := sample("j")
	t0 := s.StartedAt
	entries := []Entry{
		{Start: &SiteStart{StartedAt: t0}},
		{Page: &s.Pages[0]},
		{Verdict: &s.Links[0]},
		{Page: &s.Pages[1]},
		{Host: &s.Hosts[0]},
		{Home: &SiteHome{Probe: s.Home, Status: StatusOK}},
		{IPv6: &IPv6{HomeV4Status: 200}},
	}
	if off, err := j.Append(entries[:2]...); err != nil || off != 0 {
		t.Fatal(off, err)
	}
	off, err := j.Append(entries[2:]...)
	if err != nil || off == 0 {
		t.Fatal(off, err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := j.Append(entries[0]); err == nil {
		t.Error("Append after Close: no error")
	}

	// A killed writer leaves a torn line: readers skip it, OpenJournal cuts it.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"page":{"url":"torn`)
	f.Close()

	read := func(decode bool) []Record {
		var out []Record
		for r, err := range ReadJournal(path, decode) {
			if err != nil {
				t.Fatal(err)
			}
			r.RawPage = bytes.Clone(r.RawPage)
			out = append(out, r)
		}
		return out
	}
	got := read(true)
	if len(got) != len(entries) {
		t.Fatalf("read %d records, want %d", len(got), len(entries))
	}
	for i, r := range got {
		if diff := cmp.Diff(entries[i], r.Entry); diff != "" {
			t.Errorf("record %d (-want +got):\n%s", i, diff)
		}
	}
	raw := read(false)
	if raw[1].Page != nil || raw[1].RawPage == nil || raw[2].Verdict == nil || raw[2].Offset != off {
		t.Fatalf("raw read: %+v", raw[1])
	}
	jf, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		at, err := ReadRecordAt(jf, r.Offset, true)
		if err != nil {
			t.Fatal(err)
		}
		at.RawPage = bytes.Clone(at.RawPage)
		if diff := cmp.Diff(r, at); diff != "" {
			t.Errorf("ReadRecordAt(%d) (-want +got):\n%s", r.Offset, diff)
		}
	}
	jr, err := OpenJournalReader(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 2, 5, 3, 4, 6, 6, 0} { // sequential, backwards, repeated
		at, err := jr.ReadAt(got[i].Offset, true)
		if err != nil {
			t.Fatal(err)
		}
		at.RawPage = bytes.Clone(at.RawPage)
		if diff := cmp.Diff(got[i], at); diff != "" {
			t.Errorf("JournalReader.ReadAt(%d) (-want +got):\n%s", got[i].Offset, diff)
		}
	}
	if _, err := jr.ReadAt(raw[len(raw)-1].Offset+1<<20, true); err == nil {
		t.Error("JournalReader.ReadAt past the end: no error")
	}
	jr.Close()
	if _, err := ReadRecordAt(jf, raw[len(raw)-1].Offset+1<<20, true); err == nil {
		t.Error("ReadRecordAt past the end: no error")
	}
	jf.Close()
	var p Page
	if err := json.Unmarshal(raw[3].RawPage, &p); err != nil || p.URL != s.Pages[1].URL {
		t.Errorf("raw page = %s (%v)", raw[3].RawPage, err)
	}

	j, err = OpenJournal(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Append(Entry{Page: &s.Pages[0]}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	if got := read(true); len(got) != len(entries)+1 || got[len(entries)].Page.URL != s.Pages[0].URL {
		t.Fatalf("after reopening: %d records", len(got))
	}

	// A corrupt complete line is an error naming file and line.
	os.WriteFile(path, []byte("{\"start\":{}}\nnot json\n"), 0o644)
	var rerr error
	for _, err := range ReadJournal(path, true) {
		rerr = err
	}
	if rerr == nil || !strings.Contains(rerr.Error(), "s.jsonl:2") {
		t.Errorf("corrupt journal error = %v", rerr)
	}
	// A missing journal is empty.
	for range ReadJournal(filepath.Join(t.TempDir(), "none.jsonl"), true) {
		t.Error("records from a missing journal")
	}
}
