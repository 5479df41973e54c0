package datasets

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
	"github.com/google/go-cmp/cmp"
)

// TestArrowReadsEveryTable reads every Parquet file of a release with Apache
// Arrow's pqarrow (an implementation independent of parquet-go) and checks
// the Arrow type of every column and every value against the CSV text of
// the same table.
func TestArrowReadsEveryTable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tb := fixture(3, 25)
	// Small parts and row groups so that links spans several files and
	// every file several row groups.
	id := publishFixture(t, dir, tb, PublishOptions{Parquet: ParquetOptions{RowGroupRows: 7, PartRows: 30}})
	// A second release with a previous one has a non-empty changes table.
	tb2 := fixture(4, 25)
	tb2.Findings = tb2.Findings[1:]
	tb2.Scores[1].Score = ptr(12.5)
	id = publishFixture(t, dir, tb2, PublishOptions{Parquet: ParquetOptions{RowGroupRows: 7, PartRows: 30}})
	rel, err := Load(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(rel.Changes) == 0 {
		t.Fatal("fixture has no changes")
	}
	if res := rel.Package.resource("links-parquet"); len(res.Path) != 4 || res.Path[0] != "links-00000.parquet" {
		t.Fatalf("links parts = %v", res.Path)
	}
	for _, s := range releaseTables {
		t.Run(s.tableName(), func(t *testing.T) {
			res := rel.Package.resource(s.tableName() + "-parquet")
			var got [][]string
			for _, p := range res.Path {
				fields, rows := readArrow(t, filepath.Join(rel.Dir, p))
				checkArrowTypes(t, s, fields)
				got = append(got, rows...)
			}
			want := readCSV(t, filepath.Join(rel.Dir, s.tableName()+".csv"))
			if diff := cmp.Diff(want[1:], got, cmpOpts...); diff != "" {
				t.Errorf("Arrow values differ from CSV (-csv +arrow):\n%s", diff)
			}
			if int64(len(got)) != res.Rows || len(got) != rel.Rows(s.tableName()) {
				t.Errorf("rows: arrow %d, datapackage %d, loaded %d", len(got), res.Rows, rel.Rows(s.tableName()))
			}
		})
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// readArrow reads a Parquet file with pqarrow and renders every value as
// CSV text, by Arrow's own types.
func readArrow(t *testing.T, path string) ([]arrow.Field, [][]string) {
	t.Helper()
	// Not a CheckedAllocator: Arrow v15's delta decoder leaks 64-byte
	// blocks (fixed upstream after v15); the Go allocator lets the GC have them.
	mem := memory.NewGoAllocator()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatalf("arrow open %s: %v", path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1024}, mem)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatalf("arrow read %s: %v", path, err)
	}
	defer tbl.Release()
	rows := make([][]string, tbl.NumRows())
	for i := range rows {
		rows[i] = make([]string, tbl.NumCols())
	}
	for c := range int(tbl.NumCols()) {
		r := 0
		for _, chunk := range tbl.Column(c).Data().Chunks() {
			for i := range chunk.Len() {
				rows[r][c] = arrowText(t, chunk, i)
				r++
			}
		}
	}
	return tbl.Schema().Fields(), rows
}

func arrowText(t *testing.T, a arrow.Array, i int) string {
	if a.IsNull(i) {
		return ""
	}
	switch a := a.(type) {
	case *array.String:
		return a.Value(i)
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10)
	case *array.Float64:
		return strconv.FormatFloat(a.Value(i), 'f', -1, 64)
	case *array.Boolean:
		return strconv.FormatBool(a.Value(i))
	case *array.Date32:
		return a.Value(i).ToTime().Format(time.DateOnly)
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit).UTC().Format(time.RFC3339Nano)
	case *array.List:
		start, end := a.ValueOffsets(i)
		var parts []string
		for j := start; j < end; j++ {
			s := arrowText(t, a.ListValues(), int(j))
			s = strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), ";", `\;`)
			parts = append(parts, s)
		}
		return strings.Join(parts, ";")
	}
	t.Fatalf("unexpected Arrow array %T", a)
	return ""
}

// checkArrowTypes asserts the Arrow type and nullability of every column.
func checkArrowTypes(t *testing.T, s spec, fields []arrow.Field) {
	t.Helper()
	cols := s.tableLayout().cols
	if len(fields) != len(cols) {
		t.Fatalf("arrow has %d columns, want %d", len(fields), len(cols))
	}
	for i, c := range cols {
		f := fields[i]
		want := map[kind]string{
			kindString: "utf8", kindInt: "int64", kindFloat: "float64", kindBool: "bool",
			kindDate: "date32", kindTime: "timestamp[ms, tz=UTC]", kindList: "list<element: utf8>",
		}[c.kind]
		got := f.Type.String()
		if c.kind == kindList {
			got = "list<element: " + f.Type.(*arrow.ListType).Elem().String() + ">"
		}
		if f.Name != c.name || got != want || f.Nullable != c.nullable {
			t.Errorf("column %d: arrow %s %s nullable=%v, want %s %s nullable=%v", i, f.Name, got, f.Nullable, c.name, want, c.nullable)
		}
	}
}
