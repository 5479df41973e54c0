package datasets

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// kind is the logical type of a column, shared by every format.
type kind uint8

const (
	kindString kind = iota + 1
	kindInt         // int64, Parquet INT64
	kindFloat       // float64, Parquet DOUBLE
	kindBool        // Parquet BOOLEAN
	kindDate        // Day, Parquet DATE
	kindTime        // time.Time, Parquet TIMESTAMP(MILLIS, UTC)
	kindList        // []string, Parquet LIST<STRING>
)

// column is one column of a table, derived from one struct field.
type column struct {
	name     string
	field    int
	kind     kind
	nullable bool // pointer field: Parquet optional, empty CSV cell, JSON null
	dict     bool // dictionary-encoded in Parquet
}

// layout is the reflected shape of a row type, computed once per type.
type layout struct {
	typ  reflect.Type
	cols []column
}

var (
	typeDate  = reflect.TypeFor[Day]()
	typeTime  = reflect.TypeFor[time.Time]()
	typeList  = reflect.TypeFor[[]string]()
	typeStr   = reflect.TypeFor[string]()
	typeInt   = reflect.TypeFor[int64]()
	typeFloat = reflect.TypeFor[float64]()
	typeBool  = reflect.TypeFor[bool]()
)

// newLayout reflects over a row struct. Every field must carry a parquet and
// a json tag with the same snake_case name, and a supported type whose
// Parquet tag options match its logical type.
func newLayout(t reflect.Type) (*layout, error) {
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("row type %s: not a struct", t)
	}
	l := &layout{typ: t}
	seen := map[string]bool{}
	for i := range t.NumField() {
		c, err := columnOf(t.Field(i))
		if err != nil {
			return nil, fmt.Errorf("row type %s: %w", t.Name(), err)
		}
		if seen[c.name] {
			return nil, fmt.Errorf("row type %s: duplicate column %s", t.Name(), c.name)
		}
		seen[c.name] = true
		c.field = i
		l.cols = append(l.cols, c)
	}
	return l, nil
}

func columnOf(f reflect.StructField) (column, error) {
	ptag := strings.Split(f.Tag.Get("parquet"), ",")
	name := ptag[0]
	if !validName(name) {
		return column{}, fmt.Errorf("field %s: parquet name %q is not snake_case", f.Name, name)
	}
	if j := f.Tag.Get("json"); j != name {
		return column{}, fmt.Errorf("field %s: json tag %q differs from parquet name %q", f.Name, j, name)
	}
	opts := map[string]bool{}
	for _, o := range ptag[1:] {
		opts[o] = true
	}
	c := column{name: name, dict: opts["dict"]}
	t := f.Type
	if t.Kind() == reflect.Pointer {
		c.nullable = true
		t = t.Elem()
	}
	want := ""
	switch t {
	case typeStr:
		c.kind = kindString
	case typeInt:
		c.kind = kindInt
	case typeFloat:
		c.kind = kindFloat
	case typeBool:
		c.kind = kindBool
	case typeDate:
		c.kind, want = kindDate, "date"
	case typeTime:
		c.kind, want = kindTime, "timestamp(millisecond:utc)"
	case typeList:
		c.kind, want = kindList, "list"
	default:
		return column{}, fmt.Errorf("field %s: unsupported type %s", f.Name, f.Type)
	}
	if c.nullable && (c.kind == kindString || c.kind == kindList) {
		return column{}, fmt.Errorf("field %s: strings and lists are never null", f.Name)
	}
	if want != "" && !opts[want] {
		return column{}, fmt.Errorf("field %s: parquet tag needs %q", f.Name, want)
	}
	if opts["optional"] {
		return column{}, fmt.Errorf("field %s: use a pointer, not the optional tag", f.Name)
	}
	return c, nil
}

func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// names returns the column names in order (the CSV header).
func (l *layout) names() []string {
	out := make([]string, len(l.cols))
	for i, c := range l.cols {
		out[i] = c.name
	}
	return out
}

// column returns the named column, or nil.
func (l *layout) column(name string) *column {
	for i := range l.cols {
		if l.cols[i].name == name {
			return &l.cols[i]
		}
	}
	return nil
}

// format writes the CSV text of every column of row (an addressable struct
// value) into rec.
func (l *layout) format(row reflect.Value, rec []string) {
	for i := range l.cols {
		rec[i] = l.cols[i].format(row.Field(l.cols[i].field))
	}
}

// format returns the CSV text of one value: "" for null.
func (c *column) format(v reflect.Value) string {
	if c.nullable {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	switch c.kind {
	case kindString:
		return v.String()
	case kindInt:
		return strconv.FormatInt(v.Int(), 10)
	case kindFloat:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	case kindBool:
		return strconv.FormatBool(v.Bool())
	case kindDate:
		return Day(v.Int()).String()
	case kindTime:
		return formatTimestamp(*v.Addr().Interface().(*time.Time))
	case kindList:
		return joinList(v.Interface().([]string))
	}
	panic("datasets: unknown column kind")
}

// parse sets one value of row from its CSV text (the inverse of format).
func (c *column) parse(v reflect.Value, s string) error {
	if c.nullable {
		if s == "" {
			v.SetZero()
			return nil
		}
		v.Set(reflect.New(v.Type().Elem()))
		v = v.Elem()
	}
	var err error
	switch c.kind {
	case kindString:
		v.SetString(s)
	case kindInt:
		var n int64
		n, err = strconv.ParseInt(s, 10, 64)
		v.SetInt(n)
	case kindFloat:
		var f float64
		f, err = strconv.ParseFloat(s, 64)
		v.SetFloat(f)
	case kindBool:
		var b bool
		b, err = strconv.ParseBool(s)
		v.SetBool(b)
	case kindDate:
		var d Day
		d, err = ParseDay(s)
		v.SetInt(int64(d))
	case kindTime:
		var t time.Time
		t, err = time.Parse(time.RFC3339Nano, s)
		v.Set(reflect.ValueOf(t.UTC()))
	case kindList:
		var l []string
		l, err = splitList(s)
		v.Set(reflect.ValueOf(l))
	}
	if err != nil {
		return fmt.Errorf("column %s: %w", c.name, err)
	}
	return nil
}

// listSep separates list elements in CSV. A literal ';' or '\' inside an
// element is escaped with a backslash. Elements are never empty.
const listSep = ';'

func joinList(l []string) string {
	var b strings.Builder
	for i, s := range l {
		if i > 0 {
			b.WriteByte(listSep)
		}
		for j := 0; j < len(s); j++ {
			if s[j] == listSep || s[j] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(s[j])
		}
	}
	return b.String()
}

func splitList(s string) ([]string, error) {
	out := []string{}
	if s == "" {
		return out, nil
	}
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 == len(s) {
				return nil, fmt.Errorf("list %q ends in an escape", s)
			}
			i++
			cur.WriteByte(s[i])
		case listSep:
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(s[i])
		}
	}
	return append(out, cur.String()), nil
}
