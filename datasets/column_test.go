package datasets

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestGoldenHeaders pins every table's columns: a change of name, order or
// set shows as a diff of testdata/schema/<table>.csv (rewrite with -update).
func TestGoldenHeaders(t *testing.T) {
	for _, name := range TableNames() {
		t.Run(name, func(t *testing.T) {
			got := strings.Join(Columns(name), ",") + "\n"
			path := filepath.Join("testdata", "schema", name+".csv")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("columns of %s changed (-golden +now); update DESIGN/README and run with -update:\n%s", name, diff)
			}
		})
	}
}

func TestDictionaryDescribesEveryColumn(t *testing.T) {
	if _, err := loadDictionary(); err != nil {
		t.Fatal(err)
	}
}

func TestLayoutRejectsMalformedRows(t *testing.T) {
	tests := []struct {
		name string
		row  any
		want string
	}{
		{"json differs", struct {
			A string `parquet:"a" json:"b"`
		}{}, "json tag"},
		{"not snake", struct {
			A string `parquet:"A" json:"A"`
		}{}, "snake_case"},
		{"date tag missing", struct {
			A Day `parquet:"a" json:"a"`
		}{}, `"date"`},
		{"timestamp not utc ms", struct {
			A time.Time `parquet:"a,timestamp" json:"a"`
		}{}, "timestamp(millisecond:utc)"},
		{"list tag missing", struct {
			A []string `parquet:"a" json:"a"`
		}{}, `"list"`},
		{"optional tag", struct {
			A int64 `parquet:"a,optional" json:"a"`
		}{}, "pointer"},
		{"nullable string", struct {
			A *string `parquet:"a" json:"a"`
		}{}, "never null"},
		{"unsupported", struct {
			A int32 `parquet:"a" json:"a"`
		}{}, "unsupported"},
		{"duplicate", reflect.New(reflect.StructOf([]reflect.StructField{ // built at run time: vet rejects it in source
			{Name: "A", Type: typeStr, Tag: `parquet:"a" json:"a"`},
			{Name: "B", Type: typeStr, Tag: `parquet:"a" json:"a"`},
		})).Elem().Interface(), "duplicate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newLayout(reflect.TypeOf(tt.row))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %s", err, tt.want)
			}
		})
	}
}

func TestListText(t *testing.T) {
	tests := []struct {
		list []string
		text string
	}{
		{[]string{}, ""},
		{[]string{"事项名称"}, "事项名称"},
		{[]string{"a", "b"}, "a;b"},
		{[]string{"a;b", `c\d`}, `a\;b;c\\d`},
	}
	for _, tt := range tests {
		if got := joinList(tt.list); got != tt.text {
			t.Errorf("joinList(%q) = %q, want %q", tt.list, got, tt.text)
		}
		back, err := splitList(tt.text)
		if err != nil || !cmp.Equal(back, tt.list) {
			t.Errorf("splitList(%q) = %q, %v", tt.text, back, err)
		}
	}
	if _, err := splitList(`a\`); err == nil {
		t.Error("dangling escape accepted")
	}
}

func FuzzListText(f *testing.F) {
	f.Add("a;b", "c")
	f.Add(`x\;y`, `\\`)
	f.Fuzz(func(t *testing.T, a, b string) {
		list := cleanList([]string{a, b})
		back, err := splitList(joinList(list))
		if err != nil || !cmp.Equal(back, list) {
			t.Fatalf("%q -> %q -> %q, %v", list, joinList(list), back, err)
		}
	})
}

func TestSanitize(t *testing.T) {
	row := LinkRow{SiteID: "s", URL: "u", Text: "a\r\nb\rc\xff"}
	linksTable.layout.sanitize(reflect.ValueOf(&row).Elem())
	if row.Text != "a\nb\nc\uFFFD" {
		t.Errorf("text = %q", row.Text)
	}
	g := GuideRow{ElementsMissing: []string{"", "a\r\n", "b"}}
	guidesTable.layout.sanitize(reflect.ValueOf(&g).Elem())
	if !cmp.Equal(g.ElementsMissing, []string{"a\n", "b"}) {
		t.Errorf("list = %q", g.ElementsMissing)
	}
}

// TestFormatsAgree: every value's CSV text parses back to the same value,
// and encoding/json (the API's encoder) uses the same field names and the
// same value forms: dates YYYY-MM-DD, RFC 3339 UTC timestamps, null for
// nulls.
func TestFormatsAgree(t *testing.T) {
	tb := fixture(2, 3)
	forEachRow(tb, func(s spec, row reflect.Value) {
		l := s.tableLayout()
		rec := make([]string, len(l.cols))
		l.format(row, rec)
		back := reflect.New(l.typ).Elem()
		for i := range l.cols {
			if err := l.cols[i].parse(back.Field(l.cols[i].field), rec[i]); err != nil {
				t.Fatalf("%s: %v", s.tableName(), err)
			}
		}
		if diff := cmp.Diff(row.Interface(), back.Interface(), cmpOpts...); diff != "" {
			t.Errorf("%s: CSV round trip (-row +parsed):\n%s", s.tableName(), diff)
		}
		b, err := json.Marshal(row.Interface())
		if err != nil {
			t.Fatal(err)
		}
		var obj map[string]any
		json.Unmarshal(b, &obj)
		if len(obj) != len(l.cols) {
			t.Errorf("%s: JSON has %d fields, table %d", s.tableName(), len(obj), len(l.cols))
		}
		for i, c := range l.cols {
			v, ok := obj[c.name]
			if !ok {
				t.Errorf("%s: JSON lacks %s", s.tableName(), c.name)
				continue
			}
			if got := jsonText(v); got != rec[i] && !(c.kind == kindFloat && sameNumber(got, rec[i])) {
				t.Errorf("%s.%s: JSON %q, CSV %q", s.tableName(), c.name, got, rec[i])
			}
		}
	})
}

func jsonText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		if v {
			return "true"
		}
		return "false"
	case float64:
		b, _ := json.Marshal(v)
		return string(b)
	case []any:
		l := make([]string, len(v))
		for i, e := range v {
			l[i] = e.(string)
		}
		return joinList(l)
	}
	return "?"
}

func sameNumber(a, b string) bool {
	var x, y float64
	return json.Unmarshal([]byte(a), &x) == nil && json.Unmarshal([]byte(b), &y) == nil && x == y
}

// forEachRow calls fn with every row of every table (addressable values);
// the changes table gets one synthetic row.
func forEachRow(tb *Tables, fn func(spec, reflect.Value)) {
	fields := reflect.ValueOf(tb).Elem()
	for _, e := range releaseTables {
		rows := reflect.ValueOf([]ChangeRow{{SiteID: "s", Change: ChangeScore, Delta: ptr(-2.5)}})
		if e.tableName() != TableChanges {
			rows = fieldOfType(fields, reflect.SliceOf(e.tableLayout().typ))
		}
		for i := range rows.Len() {
			fn(e, rows.Index(i))
		}
	}
}

// fieldOfType returns the field of struct v with type t.
func fieldOfType(v reflect.Value, t reflect.Type) reflect.Value {
	for i := range v.NumField() {
		if v.Field(i).Type() == t {
			return v.Field(i)
		}
	}
	panic("no Tables field of type " + t.String())
}

// TestEveryTableRegistered: each row slice of Tables is one registered
// table, bound to that field, and names are unique. A field without its
// registry line (or a line bound to the wrong field) fails here.
func TestEveryTableRegistered(t *testing.T) {
	typ := reflect.TypeFor[Tables]()
	names := map[string]bool{}
	for _, e := range releaseTables {
		if names[e.tableName()] {
			t.Errorf("table %s registered twice", e.tableName())
		}
		names[e.tableName()] = true
	}
	var tb Tables
	v := reflect.ValueOf(&tb).Elem()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Type.Kind() != reflect.Slice {
			continue
		}
		var bound []string
		for _, e := range releaseTables {
			if reflect.SliceOf(e.tableLayout().typ) == f.Type {
				v.Field(i).Set(reflect.MakeSlice(f.Type, 3, 3))
				if e.count(&tb) == 3 {
					bound = append(bound, e.tableName())
				}
				v.Field(i).SetLen(0)
			}
		}
		if len(bound) != 1 {
			t.Errorf("Tables.%s is bound to tables %v, want exactly one (add its line to releaseTables)", f.Name, bound)
		}
	}
	if n := len(releaseTables); n != len(names) {
		t.Errorf("%d registry lines, %d names", n, len(names))
	}
}
