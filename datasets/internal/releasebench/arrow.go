package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/compress"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"

	"gongkai/datasets"
)

// linksSchema is the links table as an Arrow schema (nullable where the
// release has nulls).
var linksSchema = arrow.NewSchema([]arrow.Field{
	{Name: "site_id", Type: arrow.BinaryTypes.String}, {Name: "url", Type: arrow.BinaryTypes.String},
	{Name: "from_url", Type: arrow.BinaryTypes.String}, {Name: "text", Type: arrow.BinaryTypes.String},
	{Name: "tag", Type: arrow.BinaryTypes.String}, {Name: "host", Type: arrow.BinaryTypes.String},
	{Name: "internal", Type: arrow.FixedWidthTypes.Boolean}, {Name: "on_homepage", Type: arrow.FixedWidthTypes.Boolean},
	{Name: "level", Type: arrow.PrimitiveTypes.Int64}, {Name: "status", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "crawl_status", Type: arrow.BinaryTypes.String}, {Name: "verdict", Type: arrow.BinaryTypes.String},
	{Name: "error", Type: arrow.BinaryTypes.String}, {Name: "final_url", Type: arrow.BinaryTypes.String},
	{Name: "attempts", Type: arrow.PrimitiveTypes.Int64}, {Name: "dead", Type: arrow.FixedWidthTypes.Boolean},
	{Name: "soft_404", Type: arrow.FixedWidthTypes.Boolean}, {Name: "blocked", Type: arrow.FixedWidthTypes.Boolean},
	{Name: "checked_at", Type: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}, Nullable: true},
}, nil)

// runArrow writes the same rows with Arrow: a record of 64k rows at a time
// (one row group each), zstd, dictionary encoding on by default.
func runArrow(_ context.Context, dir string, rows int64) (int64, error) {
	f, err := os.Create(filepath.Join(dir, "arrow.parquet"))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	mem := memory.NewGoAllocator()
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithMaxRowGroupLength(datasets.DefaultRowGroupRows), parquet.WithAllocator(mem))
	fw, err := pqarrow.NewFileWriter(linksSchema, f, props, pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(mem)))
	if err != nil {
		return 0, err
	}
	b := array.NewRecordBuilder(mem, linksSchema)
	defer b.Release()
	g := newGenerator(rows)
	buf := make([]datasets.LinkRow, batch)
	var n, inRec int64
	flush := func() error {
		rec := b.NewRecord()
		defer rec.Release()
		inRec = 0
		return fw.Write(rec)
	}
	for k := g.fill(buf); k > 0; k = g.fill(buf) {
		for i := range buf[:k] {
			appendLink(b, &buf[i])
		}
		n += int64(k)
		if inRec += int64(k); inRec >= datasets.DefaultRowGroupRows {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if inRec > 0 {
		if err := flush(); err != nil {
			return n, err
		}
	}
	if err := fw.Close(); err != nil {
		return n, err
	}
	return n, nil
}

func appendLink(b *array.RecordBuilder, l *datasets.LinkRow) {
	str := func(i int, s string) { b.Field(i).(*array.StringBuilder).Append(s) }
	boolean := func(i int, v bool) { b.Field(i).(*array.BooleanBuilder).Append(v) }
	integer := func(i int, v int64) { b.Field(i).(*array.Int64Builder).Append(v) }
	str(0, l.SiteID)
	str(1, l.URL)
	str(2, l.FromURL)
	str(3, l.Text)
	str(4, l.Tag)
	str(5, l.Host)
	boolean(6, l.Internal)
	boolean(7, l.OnHomepage)
	integer(8, l.Level)
	if l.Status != nil {
		integer(9, *l.Status)
	} else {
		b.Field(9).AppendNull()
	}
	str(10, l.CrawlStatus)
	str(11, l.Verdict)
	str(12, l.Error)
	str(13, l.FinalURL)
	integer(14, l.Attempts)
	boolean(15, l.Dead)
	boolean(16, l.Soft404)
	boolean(17, l.Blocked)
	if l.CheckedAt != nil {
		b.Field(18).(*array.TimestampBuilder).Append(arrow.Timestamp(l.CheckedAt.UnixMilli()))
	} else {
		b.Field(18).AppendNull()
	}
}

func runReadArrow(ctx context.Context, dir string, _ int64) (int64, error) {
	var n int64
	mem := memory.NewGoAllocator()
	for _, path := range releaseFiles(dir) {
		pf, err := file.OpenParquetFile(path, false)
		if err != nil {
			return n, err
		}
		fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: datasets.DefaultRowGroupRows}, mem)
		if err != nil {
			pf.Close()
			return n, err
		}
		rr, err := fr.GetRecordReader(ctx, nil, nil)
		if err != nil {
			pf.Close()
			return n, err
		}
		for rr.Next() {
			n += rr.Record().NumRows()
		}
		err = rr.Err()
		rr.Release()
		pf.Close()
		if err != nil && !errors.Is(err, io.EOF) {
			return n, err
		}
	}
	return n, nil
}
