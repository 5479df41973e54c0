package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/ipc"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
)

// arrowsType is the media type of an Arrow IPC stream.
const arrowsType = "application/vnd.apache.arrow.stream"

// arrowBatchRows is the number of rows per record batch of a stream.
const arrowBatchRows = 64 * 1024

// tableName is the shape of a table name (as in datapackage.json).
var tableName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// partName matches the Parquet parts of a table split in several files.
var partName = regexp.MustCompile(`^([a-z][a-z0-9_]*)-[0-9]{5}\.parquet$`)

// parquetParts returns the Parquet files of a table in the release, in
// order (NAME.parquet, or NAME-00000.parquet, NAME-00001.parquet...).
func (s *fileSet) parquetParts(table string) []string {
	if !tableName.MatchString(table) {
		return nil
	}
	if _, ok := s.sums[table+".parquet"]; ok {
		return []string{table + ".parquet"}
	}
	var parts []string
	for name := range s.sums {
		if m := partName.FindStringSubmatch(name); m != nil && m[1] == table {
			parts = append(parts, name)
		}
	}
	slices.Sort(parts)
	return parts
}

// serveArrows streams a table of the release as an Arrow IPC stream,
// converted from its Parquet files with Arrow's Parquet reader, batch by
// batch (memory stays bounded whatever the table's size). The ETag is
// derived from the Parquet files' digests; there are no ranges.
func (s *Server) serveArrows(w http.ResponseWriter, r *http.Request, set *fileSet, table, cache string) {
	parts := set.parquetParts(table)
	if len(parts) == 0 {
		writeError(w, http.StatusNotFound, "not_found", "no such table in the release")
		return
	}
	h := sha256.New()
	io.WriteString(h, "arrows-v1")
	for _, p := range parts {
		io.WriteString(h, set.sums[p])
	}
	etag := `"` + hex.EncodeToString(h.Sum(nil)) + `"`
	hdr := w.Header()
	hdr.Set("Content-Type", arrowsType)
	hdr.Set("Cache-Control", cache)
	hdr.Set("ETag", etag)
	hdr.Set("Accept-Ranges", "none")
	hdr.Set("Access-Control-Allow-Origin", "*")
	hdr.Set("Content-Disposition", `inline; filename="`+table+`.arrows"`)
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if r.Method == http.MethodHead {
		return
	}
	if err := s.writeArrows(r.Context(), progressWriter(w, s.opts.WriteTimeout), set, parts); err != nil {
		// The status line is gone: all that can be done is to cut the
		// stream short, which a reader sees as a truncated stream.
		s.log.Warn("arrow stream cut short", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// writeArrows writes the Parquet parts as one IPC stream.
func (s *Server) writeArrows(ctx context.Context, w io.Writer, set *fileSet, parts []string) error {
	mem := memory.NewGoAllocator()
	var iw *ipc.Writer
	for _, name := range parts {
		f, _, err := set.open(name)
		if err != nil {
			return err
		}
		err = streamParquet(ctx, f, mem, func(schema *arrow.Schema, rec arrow.Record) error {
			if iw == nil {
				iw = ipc.NewWriter(w, ipc.WithSchema(schema), ipc.WithAllocator(mem))
			}
			return iw.Write(rec)
		})
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if iw == nil {
		return errors.New("no parquet part")
	}
	return iw.Close()
}

// streamParquet reads a Parquet file with pqarrow and calls fn for every
// record batch (also once with an empty batch for an empty file, so the
// stream gets its schema).
func streamParquet(ctx context.Context, f parquet.ReaderAtSeeker, mem memory.Allocator, fn func(*arrow.Schema, arrow.Record) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("corrupt parquet: %v", p)
		}
	}()
	pf, err := file.NewParquetReader(f)
	if err != nil {
		return err
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: arrowBatchRows}, mem)
	if err != nil {
		return err
	}
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		return err
	}
	defer rr.Release()
	sent := false
	for rr.Next() {
		if err := fn(rr.Schema(), rr.Record()); err != nil {
			return err
		}
		sent = true
	}
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if !sent {
		empty := emptyRecord(mem, rr.Schema())
		defer empty.Release()
		return fn(rr.Schema(), empty)
	}
	return nil
}

// emptyRecord is a record of no rows with the schema.
func emptyRecord(mem memory.Allocator, schema *arrow.Schema) arrow.Record {
	b := arrowRecordBuilder(mem, schema)
	defer b.Release()
	return b.NewRecord()
}

// etagMatch reports whether an If-None-Match header matches etag.
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

func arrowRecordBuilder(mem memory.Allocator, schema *arrow.Schema) *array.RecordBuilder {
	return array.NewRecordBuilder(mem, schema)
}
