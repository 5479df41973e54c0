package datasets

import "reflect"

// tableWriter writes one table in every format at once.
type tableWriter[T any] struct {
	tbl *table[T]
	pq  *ParquetWriter[T]
	csv *csvWriter[T]
}

func newTableWriter[T any](tbl *table[T], dir string, opts ParquetOptions) (*tableWriter[T], error) {
	pq, err := NewParquetWriter[T](dir, opts)
	if err != nil {
		return nil, err
	}
	c, err := newCSVWriter(tbl, dir)
	if err != nil {
		return nil, err
	}
	return &tableWriter[T]{tbl: tbl, pq: pq, csv: c}, nil
}

// write sorts rows by the primary key (in place), drops rows whose key
// repeats (keeping the first) and appends the rest, which it returns with
// the number dropped. They must all sort after the rows written before.
func (w *tableWriter[T]) write(rows []T) ([]T, int, error) {
	if len(rows) == 0 {
		return rows, 0, nil
	}
	for i := range rows { // before sorting: cleaning may change a key
		w.tbl.layout.sanitize(reflect.ValueOf(&rows[i]).Elem())
	}
	w.tbl.sort(rows)
	rows, dropped := w.tbl.dedupe(rows)
	if err := w.pq.Write(rows); err != nil {
		return rows, dropped, err
	}
	return rows, dropped, w.csv.write(rows)
}

func (w *tableWriter[T]) close() (tableFiles, error) {
	pq, err := w.pq.Close()
	if err != nil {
		w.csv.abort()
		return tableFiles{}, err
	}
	c, err := w.csv.close()
	if err != nil {
		return tableFiles{}, err
	}
	return tableFiles{parquet: pq, csv: c[0], excel: c[1], gzcsv: c[2]}, nil
}

// abort closes and removes the table's files; a nil writer does nothing.
func (w *tableWriter[T]) abort() {
	if w == nil {
		return
	}
	w.pq.Abort()
	w.csv.abort()
}
