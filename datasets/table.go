package datasets

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"time"
)

// table describes one release table: its name, the reflected row type and
// its primary key, which is also the sort order of its rows.
type table[T any] struct {
	name   string
	layout *layout
	key    []string
	keyIdx []int // struct field indexes of the key columns
}

func (t *table[T]) tableName() string    { return t.name }
func (t *table[T]) tableLayout() *layout { return t.layout }
func (t *table[T]) primaryKey() []string { return t.key }

// mustTable reflects over T once. It panics on a malformed row type: that is
// a programming error caught by every test of the package.
func mustTable[T any](name string, key ...string) *table[T] {
	l, err := newLayout(reflect.TypeFor[T]())
	if err != nil {
		panic(fmt.Sprintf("datasets: table %s: %v", name, err))
	}
	t := &table[T]{name: name, layout: l, key: key}
	for _, k := range key {
		c := l.column(k)
		if c == nil || c.nullable || (c.kind != kindString && c.kind != kindInt && c.kind != kindTime) {
			panic(fmt.Sprintf("datasets: table %s: bad key column %q", name, k))
		}
		t.keyIdx = append(t.keyIdx, c.field)
	}
	return t
}

// compare orders two rows by the primary key.
func (t *table[T]) compare(a, b *T) int {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for _, i := range t.keyIdx {
		fa, fb := va.Field(i), vb.Field(i)
		var c int
		switch fa.Kind() {
		case reflect.String:
			c = cmp.Compare(fa.String(), fb.String())
		case reflect.Struct: // time.Time
			c = fa.Interface().(time.Time).Compare(fb.Interface().(time.Time))
		default:
			c = cmp.Compare(fa.Int(), fb.Int())
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// sort sorts rows by the primary key, keeping the order of equal keys.
func (t *table[T]) sort(rows []T) {
	cmp := func(a, b T) int { return t.compare(&a, &b) }
	if !slices.IsSortedFunc(rows, cmp) { // the common case, from SiteTables, costs one pass
		slices.SortStableFunc(rows, cmp)
	}
}

// dedupe drops rows whose key equals the previous row's key (rows must be
// sorted); it keeps the first and returns how many it dropped.
func (t *table[T]) dedupe(rows []T) ([]T, int) {
	n := len(rows)
	out := slices.CompactFunc(rows, func(a, b T) bool { return t.compare(&a, &b) == 0 })
	return out, n - len(out)
}
