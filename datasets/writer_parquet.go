package datasets

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"github.com/parquet-go/parquet-go"
)

// Parquet layout defaults.
const (
	DefaultRowGroupRows = 64 * 1024
	DefaultPartRows     = 1_000_000
)

// ParquetOptions tunes the Parquet layout of a table. Zero values take the
// defaults.
type ParquetOptions struct {
	// RowGroupRows caps the rows of one row group (default 65,536).
	RowGroupRows int64
	// PartRows caps the rows of one file (default 1,000,000). A table that
	// needs more is split into NAME-00000.parquet, NAME-00001.parquet, ...
	PartRows int64
}

func (o ParquetOptions) withDefaults() ParquetOptions {
	if o.RowGroupRows <= 0 {
		o.RowGroupRows = DefaultRowGroupRows
	}
	if o.PartRows <= 0 {
		o.PartRows = DefaultPartRows
	}
	return o
}

// ParquetWriter streams the rows of one table into zstd-compressed Parquet
// files with bounded row groups, dictionary encoding on low-cardinality
// columns and sorting-column metadata. It holds at most one row group in
// memory. Rows must arrive in strictly increasing primary-key order (the
// order the files declare); Write fails otherwise.
type ParquetWriter[T any] struct {
	tbl   *table[T]
	dir   string
	opts  ParquetOptions
	wopts []parquet.WriterOption

	w     *parquet.GenericWriter[T]
	out   *outFile
	rows  int64 // rows in the current part
	parts []File
	last  T
	any   bool
	err   error
}

// NewParquetWriter returns a writer for the table whose row type is T
// (SiteRow, LinkRow, ...), creating its files in dir.
func NewParquetWriter[T any](dir string, opts ParquetOptions) (*ParquetWriter[T], error) {
	tbl, err := tableFor[T]()
	if err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	sorting := make([]parquet.SortingColumn, len(tbl.key))
	for i, k := range tbl.key {
		sorting[i] = parquet.Ascending(k)
	}
	return &ParquetWriter[T]{
		tbl:  tbl,
		dir:  dir,
		opts: opts,
		wopts: []parquet.WriterOption{
			parquet.Compression(&parquet.Zstd),
			parquet.MaxRowsPerRowGroup(opts.RowGroupRows),
			parquet.SortingWriterConfig(parquet.SortingColumns(sorting...)),
			parquet.KeyValueMetadata("gongkai.table", tbl.name),
		},
	}, nil
}

// Write appends rows. It fails if a row's key is not greater than the key
// of the row before it. Text is sanitised in place (see layout.sanitize).
func (p *ParquetWriter[T]) Write(rows []T) error {
	if p.err != nil {
		return p.err
	}
	for i := range rows {
		p.tbl.layout.sanitize(reflect.ValueOf(&rows[i]).Elem())
		if p.any && p.tbl.compare(&p.last, &rows[i]) >= 0 {
			p.err = fmt.Errorf("%s: rows out of order or duplicate key at %s", p.tbl.name, p.keyString(&rows[i]))
			return p.err
		}
		p.last, p.any = rows[i], true
	}
	for len(rows) > 0 {
		if p.w == nil {
			if p.err = p.openPart(); p.err != nil {
				return p.err
			}
		}
		n := min(int64(len(rows)), p.opts.PartRows-p.rows)
		if _, err := p.w.Write(rows[:n]); err != nil {
			p.err = fmt.Errorf("write %s: %w", p.out.name, err)
			return p.err
		}
		p.rows += n
		rows = rows[n:]
		if p.rows == p.opts.PartRows {
			if p.err = p.closePart(); p.err != nil {
				return p.err
			}
		}
	}
	return nil
}

func (p *ParquetWriter[T]) keyString(row *T) string {
	v := reflect.ValueOf(row).Elem()
	s := ""
	for i, k := range p.tbl.key {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s=%v", k, v.Field(p.tbl.keyIdx[i]).Interface())
	}
	return s
}

// partName is the file name of part i; a table with one part is NAME.parquet.
func (p *ParquetWriter[T]) partName(i int) string {
	return fmt.Sprintf("%s-%05d.parquet", p.tbl.name, i)
}

func (p *ParquetWriter[T]) openPart() error {
	name := p.tbl.name + ".parquet"
	if len(p.parts) > 0 {
		if len(p.parts) == 1 { // a second part: the first one gets its number
			first := p.partName(0)
			if err := os.Rename(filepath.Join(p.dir, p.parts[0].Path), filepath.Join(p.dir, first)); err != nil {
				return fmt.Errorf("rename %s: %w", p.parts[0].Path, err)
			}
			p.parts[0].Path = first
		}
		name = p.partName(len(p.parts))
	}
	out, err := createOut(p.dir, name)
	if err != nil {
		return err
	}
	p.out, p.rows = out, 0
	p.w = parquet.NewGenericWriter[T](out, p.wopts...)
	return nil
}

func (p *ParquetWriter[T]) closePart() error {
	err := p.w.Close()
	if err != nil {
		p.out.abort()
		return fmt.Errorf("close %s: %w", p.out.name, err)
	}
	f, err := p.out.finish()
	if err != nil {
		return err
	}
	f.Rows = p.rows
	p.parts = append(p.parts, f)
	p.w, p.out = nil, nil
	return nil
}

// Close finishes the last part (an empty table still gets one file with
// its schema) and returns the files written, in order. The files are not
// fsynced (a release syncs all its files together before publishing).
func (p *ParquetWriter[T]) Close() ([]File, error) {
	if p.err != nil {
		p.Abort()
		return nil, p.err
	}
	if p.w == nil && len(p.parts) == 0 {
		if err := p.openPart(); err != nil {
			return nil, err
		}
	}
	if p.w != nil {
		if err := p.closePart(); err != nil {
			p.err = err
			return nil, err
		}
	}
	p.err = fmt.Errorf("%s: writer closed", p.tbl.name)
	return p.parts, nil
}

// Abort removes every file written so far.
func (p *ParquetWriter[T]) Abort() {
	if p.out != nil {
		p.out.abort()
		p.w, p.out = nil, nil
	}
	for _, f := range p.parts {
		os.Remove(filepath.Join(p.dir, f.Path))
	}
	p.parts = nil
	if p.err == nil {
		p.err = fmt.Errorf("%s: writer aborted", p.tbl.name)
	}
}
