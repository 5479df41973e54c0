package datasets

import (
	"encoding/csv"
	"fmt"
	"reflect"

	"github.com/klauspost/compress/gzip"
)

// utf8BOM starts the Excel copy so that Excel on Windows reads it as UTF-8.
const utf8BOM = "\xEF\xBB\xBF"

// ExcelMaxRows is the most data rows an Excel sheet holds (1,048,576 rows
// with the header). A table with more gets no NAME.excel.csv: Excel would
// cut it silently. Use NAME.csv or Parquet for those.
const ExcelMaxRows = 1<<20 - 1

// csvWriter streams the rows of one table into three files at once:
//
//	NAME.csv        RFC 4180 (CRLF line ends), UTF-8 without BOM
//	NAME.excel.csv  UTF-8 with BOM; text cells that Excel would run as a
//	                formula (starting with = + - @ TAB CR) get a leading ';
//	                dropped when the table outgrows an Excel sheet
//	NAME.csv.gz     NAME.csv compressed with gzip
//
// Every value is formatted by the column's kind (see column.format), so the
// CSV shows exactly what the Parquet file holds.
type csvWriter[T any] struct {
	tbl              *table[T]
	plain, excel, gf *outFile
	gz               *gzip.Writer
	cw, ew           *csv.Writer
	rec, erec        []string
	guard            []bool
	rows             int64
	excelMax         int64 // ExcelMaxRows; tests lower it
}

func newCSVWriter[T any](tbl *table[T], dir string) (w *csvWriter[T], err error) {
	w = &csvWriter[T]{tbl: tbl, excelMax: ExcelMaxRows}
	defer func() {
		if err != nil {
			w.abort()
		}
	}()
	if w.plain, err = createOut(dir, tbl.name+".csv"); err != nil {
		return nil, err
	}
	if w.excel, err = createOut(dir, tbl.name+".excel.csv"); err != nil {
		return nil, err
	}
	if w.gf, err = createOut(dir, tbl.name+".csv.gz"); err != nil {
		return nil, err
	}
	if w.gz, err = gzip.NewWriterLevel(w.gf, gzip.DefaultCompression); err != nil {
		return nil, fmt.Errorf("gzip %s: %w", tbl.name, err)
	}
	w.cw = csv.NewWriter(multiWriter{w.plain, w.gz})
	w.cw.UseCRLF = true
	if _, err = w.excel.Write([]byte(utf8BOM)); err != nil {
		return nil, err
	}
	w.ew = csv.NewWriter(w.excel)
	w.ew.UseCRLF = true
	n := len(tbl.layout.cols)
	w.rec, w.erec, w.guard = make([]string, n), make([]string, n), make([]bool, n)
	for i, c := range tbl.layout.cols {
		w.guard[i] = c.kind == kindString || c.kind == kindList
	}
	header := tbl.layout.names()
	if err = w.cw.Write(header); err == nil {
		err = w.ew.Write(header)
	}
	if err != nil {
		return nil, fmt.Errorf("write %s header: %w", tbl.name, err)
	}
	return w, nil
}

// multiWriter writes to both writers (io.MultiWriter without the interface
// conversion per call).
type multiWriter [2]interface{ Write([]byte) (int, error) }

func (m multiWriter) Write(p []byte) (int, error) {
	for _, w := range m {
		if n, err := w.Write(p); err != nil {
			return n, err
		}
	}
	return len(p), nil
}

func (w *csvWriter[T]) write(rows []T) error {
	if w.excel != nil && w.rows+int64(len(rows)) > w.excelMax {
		w.excel.abort() // too long for Excel
		w.excel, w.ew = nil, nil
	}
	for i := range rows {
		w.tbl.layout.format(reflect.ValueOf(&rows[i]).Elem(), w.rec)
		if err := w.cw.Write(w.rec); err != nil {
			return fmt.Errorf("write %s.csv: %w", w.tbl.name, err)
		}
		if w.ew == nil {
			continue
		}
		if err := w.ew.Write(w.excelRecord()); err != nil {
			return fmt.Errorf("write %s.excel.csv: %w", w.tbl.name, err)
		}
	}
	w.rows += int64(len(rows))
	return nil
}

// excelRecord is rec with text cells that Excel would evaluate prefixed by
// an apostrophe (the OWASP CSV-injection guard).
func (w *csvWriter[T]) excelRecord() []string {
	copy(w.erec, w.rec)
	for i, s := range w.erec {
		if w.guard[i] && s != "" {
			switch s[0] {
			case '=', '+', '-', '@', '\t', '\r':
				w.erec[i] = "'" + s
			}
		}
	}
	return w.erec
}

// close flushes the files and describes them: NAME.csv, NAME.excel.csv
// (a zero File if it was dropped) and NAME.csv.gz.
func (w *csvWriter[T]) close() ([]File, error) {
	w.cw.Flush()
	err := w.cw.Error()
	if w.ew != nil {
		w.ew.Flush()
		if err == nil {
			err = w.ew.Error()
		}
	}
	if err == nil {
		err = w.gz.Close()
	}
	if err != nil {
		w.abort()
		return nil, fmt.Errorf("write %s csv: %w", w.tbl.name, err)
	}
	var files []File
	for _, o := range []*outFile{w.plain, w.excel, w.gf} {
		if o == nil {
			files = append(files, File{})
			continue
		}
		f, err := o.finish()
		if err != nil {
			return nil, err
		}
		f.Rows = w.rows
		files = append(files, f)
	}
	return files, nil
}

func (w *csvWriter[T]) abort() {
	for _, o := range []*outFile{w.plain, w.excel, w.gf} {
		if o != nil {
			o.abort()
		}
	}
}
