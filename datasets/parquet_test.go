package datasets

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// TestParquetLayout checks what the files promise readers: zstd on every
// column chunk, bounded row groups, dictionary encoding on the dict-tagged
// columns, sorting-column metadata matching the primary key, rows sorted,
// and parts of bounded size.
func TestParquetLayout(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const rowGroup, part = 16, 50
	id := publishFixture(t, dir, fixture(4, 30), PublishOptions{Parquet: ParquetOptions{RowGroupRows: rowGroup, PartRows: part}})
	rel, err := Load(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range releaseTables {
		res := rel.Package.resource(s.tableName() + "-parquet")
		for i, p := range res.Path {
			b := mustRead(t, filepath.Join(rel.Dir, p))
			f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			md := f.Metadata()
			if i < len(res.Path)-1 && md.NumRows != part {
				t.Errorf("%s: %d rows, want a full part of %d", p, md.NumRows, part)
			}
			if v, _ := f.Lookup("gongkai.table"); v != s.tableName() {
				t.Errorf("%s: gongkai.table = %q", p, v)
			}
			for g, rg := range md.RowGroups {
				if rg.NumRows > rowGroup {
					t.Errorf("%s: row group %d has %d rows", p, g, rg.NumRows)
				}
				checkSorting(t, p, s, rg)
				for _, cc := range rg.Columns {
					col := cc.MetaData.PathInSchema[0]
					if cc.MetaData.Codec != format.Zstd {
						t.Errorf("%s: %s codec %v", p, col, cc.MetaData.Codec)
					}
					c := s.tableLayout().column(col)
					hasDict := slices.Contains(cc.MetaData.Encoding, format.RLEDictionary)
					if c != nil && c.dict && !hasDict {
						t.Errorf("%s: %s not dictionary-encoded: %v", p, col, cc.MetaData.Encoding)
					}
				}
			}
		}
	}
	if n := len(rel.Package.resource("links-parquet").Path); n != 3 { // 120 rows / 50
		t.Errorf("links in %d parts, want 3", n)
	}
}

func checkSorting(t *testing.T, file string, s spec, rg format.RowGroup) {
	t.Helper()
	var got []string
	for _, sc := range rg.SortingColumns {
		if sc.Descending {
			t.Errorf("%s: descending sort column", file)
		}
		got = append(got, strings.Join(rg.Columns[sc.ColumnIdx].MetaData.PathInSchema, "."))
	}
	if !slices.Equal(got, s.primaryKey()) {
		t.Errorf("%s: sorting columns %v, want %v", file, got, s.primaryKey())
	}
}
