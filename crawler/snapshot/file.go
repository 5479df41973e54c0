package snapshot

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// Stream supplies the large arrays of a snapshot item by item, each item
// the JSON of one element, so that they are never wholly in memory. A nil
// field means the array is taken from the Snapshot.
type Stream struct {
	Pages iter.Seq2[[]byte, error]
	Links iter.Seq2[[]byte, error]
}

// WriteFile writes s to path as gzip-compressed JSON, atomically: the data
// goes to a temporary file that is synced and then renamed over path.
func WriteFile(path string, s *Snapshot) error {
	return WriteFileFrom(path, s, Stream{})
}

// WriteFileFrom is WriteFile with the arrays of st streamed (see Encode).
func WriteFileFrom(path string, s *Snapshot, st Stream) error {
	err := commitFile(path, func(f *os.File) error {
		zw, err := gzip.NewWriterLevel(f, gzip.BestSpeed)
		if err != nil {
			return err
		}
		if err := Encode(zw, s, st); err != nil {
			return err
		}
		return zw.Close()
	})
	if err != nil {
		return fmt.Errorf("write snapshot %s: %w", path, err)
	}
	return nil
}

// Encode writes s to w as one JSON object, the fields in the order of the
// Snapshot type. The arrays st supplies (pages, links) are streamed from it
// and the corresponding fields of s are ignored, so that the snapshot of a
// very large site is never wholly in memory.
func Encode(w io.Writer, s *Snapshot, st Stream) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	v := reflect.ValueOf(s).Elem()
	t := v.Type()
	bw.WriteByte('{')
	n := 0
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fv := v.Field(i)
		if omit(opts, fv) {
			continue
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		key, _ := json.Marshal(name)
		bw.Write(key)
		bw.WriteByte(':')
		var err error
		switch {
		case f.Name == "Pages" && st.Pages != nil:
			err = encodeArray(bw, st.Pages)
		case f.Name == "Links" && st.Links != nil:
			err = encodeArray(bw, st.Links)
		default:
			err = encodeValue(bw, fv.Interface())
		}
		if err != nil {
			return fmt.Errorf("encode snapshot field %s: %w", name, err)
		}
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// omit reports whether a field with the given tag options is left out.
func omit(opts string, v reflect.Value) bool {
	for _, o := range strings.Split(opts, ",") {
		switch {
		case o == "omitzero" && v.IsZero():
			return true
		case o == "omitempty" && isEmpty(v):
			return true
		}
	}
	return false
}

// isEmpty follows encoding/json's omitempty rule.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

func encodeValue(w *bufio.Writer, v any) error {
	data, err := MarshalJSON(v)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

func encodeArray(w *bufio.Writer, items iter.Seq2[[]byte, error]) error {
	w.WriteByte('[')
	n := 0
	for p, err := range items {
		if err != nil {
			return err
		}
		if n > 0 {
			w.WriteByte(',')
		}
		n++
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return w.WriteByte(']')
}

// MarshalJSON encodes v as compact JSON without HTML escaping and without
// a trailing newline: the encoding used for snapshot and journal records.
func MarshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// ReadFile reads a snapshot written by WriteFile (gzip-compressed or plain
// JSON). It refuses a snapshot of a newer Version and names the file when
// the data is corrupt.
func ReadFile(path string) (*Snapshot, error) {
	var s Snapshot
	if err := readWith(path, func(dec *json.Decoder) error { return decode(dec, &s) }); err != nil {
		return nil, err
	}
	if err := checkVersion(path, s.Version); err != nil {
		return nil, err
	}
	return &s, nil
}

// Header is what a snapshot says of itself before its pages and links.
type Header struct {
	Version int
	AuditID string
	Site    Site
	Status  Status
}

// ReadHeader reads the header of the snapshot at path without decoding
// its pages and links, and reads the rest of a compressed file only to
// check it against its gzip checksum: what the coordinator of a
// distributed audit needs to accept a snapshot copied from a worker,
// which the judge reads whole later. Like ReadFile it refuses a newer
// Version and names the file when the data is corrupt.
func ReadHeader(path string) (Header, error) {
	var h Header
	if err := readWith(path, func(dec *json.Decoder) error { return decodeHeader(dec, &h) }); err != nil {
		return Header{}, err
	}
	if err := checkVersion(path, h.Version); err != nil {
		return Header{}, err
	}
	return h, nil
}

// readWith opens the snapshot at path, decompressing it when it is gzip,
// lets read decode from it, then reads what is left up to the gzip
// checksum.
func readWith(path string, read func(*json.Decoder) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read snapshot: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("read snapshot %s: corrupt data: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	if err := read(json.NewDecoder(r)); err != nil {
		return fmt.Errorf("read snapshot %s: corrupt data: %w", path, err)
	}
	if _, err := io.Copy(io.Discard, r); err != nil { // reach the gzip checksum
		return fmt.Errorf("read snapshot %s: corrupt data: %w", path, err)
	}
	return nil
}

// checkVersion refuses a snapshot without a version or of a newer one.
func checkVersion(path string, v int) error {
	switch {
	case v > Version:
		return fmt.Errorf("read snapshot %s: version %d is newer than this program's %d", path, v, Version)
	case v < 1:
		return fmt.Errorf("read snapshot %s: corrupt data: no version", path)
	}
	return nil
}

// decodeHeader reads the fields of h from the start of a Snapshot object,
// and stops once it has them (they come before the pages).
func decodeHeader(dec *json.Decoder, h *Header) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	fields := map[string]any{"version": &h.Version, "audit_id": &h.AuditID, "site": &h.Site, "status": &h.Status}
	for found := 0; found < len(fields) && dec.More(); {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if f, ok := fields[key]; ok {
			err = dec.Decode(f)
			found++
		} else {
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return fmt.Errorf("field %s: %w", key, err)
		}
	}
	return nil
}

// decode reads one Snapshot object from dec field by field, and the
// pages and links arrays element by element: json.Decoder.Decode of the
// whole object would first buffer all of its text (about 50 KB per page:
// 100 MB for a site of 2000 pages) besides the values decoded from it.
func decode(dec *json.Decoder, s *Snapshot) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	fields := snapshotFields(s)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		switch f, ok := fields[key]; {
		case key == "pages":
			err = decodeArray(dec, &s.Pages)
		case key == "links":
			err = decodeArray(dec, &s.Links)
		case ok:
			err = dec.Decode(f)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return fmt.Errorf("field %s: %w", key, err)
		}
	}
	return expectDelim(dec, '}')
}

// snapshotFields maps the JSON names of s's fields to pointers to them.
func snapshotFields(s *Snapshot) map[string]any {
	v := reflect.ValueOf(s).Elem()
	out := map[string]any{}
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = v.Field(i).Addr().Interface()
		}
	}
	return out
}

// decodeArray appends the elements of a JSON array (or nothing for null)
// to *list, decoding one element at a time.
func decodeArray[T any](dec *json.Decoder, list *[]T) error {
	tok, err := dec.Token()
	if err != nil || tok == nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("want an array, got %v", tok)
	}
	if *list == nil {
		*list = []T{}
	}
	for dec.More() {
		var v T
		if err := dec.Decode(&v); err != nil {
			return err
		}
		*list = append(*list, v)
	}
	_, err = dec.Token()
	return err
}

// expectDelim reads the delimiter d.
func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if got, ok := tok.(json.Delim); !ok || got != d {
		return fmt.Errorf("want %v, got %v", d, tok)
	}
	return nil
}

// ReadDir reads every final snapshot of the audit directory auditDir,
// sorted by site id.
func ReadDir(auditDir string) ([]*Snapshot, error) {
	var out []*Snapshot
	for s, err := range Snapshots(auditDir) {
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Snapshots yields the final snapshots of the audit directory auditDir in
// site id order, reading one file at a time, so an audit far larger than
// memory can be judged and published site by site. It stops at the first
// error, which it yields.
func Snapshots(auditDir string) iter.Seq2[*Snapshot, error] {
	return func(yield func(*Snapshot, error) bool) {
		entries, err := os.ReadDir(filepath.Join(auditDir, SnapshotsDir))
		if err != nil {
			yield(nil, fmt.Errorf("read snapshots: %w", err))
			return
		}
		var ids []string
		for _, e := range entries {
			if id, ok := strings.CutSuffix(e.Name(), ".json.gz"); ok && !e.IsDir() {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		for _, id := range ids {
			s, err := ReadFile(SnapshotPath(auditDir, id))
			if !yield(s, err) || err != nil {
				return
			}
		}
	}
}
