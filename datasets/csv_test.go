package datasets

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"
)

// TestCSVFilesMatchParquet reads every CSV file of a release back into row
// values and compares them with the rows loaded from Parquet; the .csv.gz
// must decompress to the .csv bytes, and the Excel copy must be the same
// records behind a BOM, with formula-like text guarded.
func TestCSVFilesMatchParquet(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	id := publishFixture(t, dir, fixture(3, 12), PublishOptions{})
	rel, err := Load(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	loaded := map[string][]reflect.Value{}
	forEachRow(&rel.Tables, func(s spec, v reflect.Value) {
		if s.tableName() != TableChanges {
			loaded[s.tableName()] = append(loaded[s.tableName()], v)
		}
	})
	for _, s := range releaseTables {
		name := s.tableName()
		t.Run(name, func(t *testing.T) {
			plain, err := os.ReadFile(filepath.Join(rel.Dir, name+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.HasPrefix(plain, []byte(utf8BOM)) || !bytes.Contains(plain, []byte("\r\n")) {
				t.Error(".csv has a BOM or no CRLF line ends")
			}
			recs, err := csv.NewReader(bytes.NewReader(plain)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if !cmp.Equal(recs[0], Columns(name)) {
				t.Errorf("header %v", recs[0])
			}
			l := s.tableLayout()
			for i, rec := range recs[1:] {
				row := reflect.New(l.typ).Elem()
				for j := range l.cols {
					if err := l.cols[j].parse(row.Field(l.cols[j].field), rec[j]); err != nil {
						t.Fatalf("row %d: %v", i, err)
					}
				}
				if diff := cmp.Diff(loaded[name][i].Interface(), row.Interface(), cmpOpts...); diff != "" {
					t.Errorf("row %d (-parquet +csv):\n%s", i, diff)
				}
			}
			if len(recs)-1 != len(loaded[name]) {
				t.Errorf("csv %d rows, parquet %d", len(recs)-1, len(loaded[name]))
			}

			gz, err := os.Open(filepath.Join(rel.Dir, name+".csv.gz"))
			if err != nil {
				t.Fatal(err)
			}
			defer gz.Close()
			zr, err := gzip.NewReader(gz)
			if err != nil {
				t.Fatal(err)
			}
			unz, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(unz, plain) {
				t.Errorf(".csv.gz does not decompress to .csv (err %v)", err)
			}

			excel, _ := os.ReadFile(filepath.Join(rel.Dir, name+".excel.csv"))
			body, ok := bytes.CutPrefix(excel, []byte(utf8BOM))
			if !ok {
				t.Fatal(".excel.csv has no BOM")
			}
			erecs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil || len(erecs) != len(recs) {
				t.Fatalf("excel: %d records, %v", len(erecs), err)
			}
			for i := range recs {
				for j := range recs[i] {
					want := recs[i][j]
					if i > 0 && l.cols[j].kind == kindString && want != "" && strings.ContainsRune("=+-@\t\r", rune(want[0])) {
						want = "'" + want
					}
					if erecs[i][j] != want {
						t.Errorf("excel %d,%d = %q, want %q", i, j, erecs[i][j], want)
					}
				}
			}
		})
	}
	if !bytes.Contains(mustRead(t, filepath.Join(rel.Dir, "pages.excel.csv")), []byte(`"'=HYPERLINK(""x"")"`)) {
		t.Error("formula in pages.excel.csv not guarded")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
