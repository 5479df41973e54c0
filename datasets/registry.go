package datasets

import (
	"fmt"
	"reflect"
)

// releaseTables is the one list of release tables, in release order: the
// order of datapackage.json, of TableNames and of every loop over tables
// (write, commit, abort, load, row counts). A new table is a row type with
// its name and key (table_<name>.go), a Tables field, a line here, its
// dictionary.yaml entry and its golden header in testdata/schema.
var releaseTables = []tableEntry{
	register(sitesTable, func(t *Tables) *[]SiteRow { return &t.Sites }),
	register(pagesTable, func(t *Tables) *[]PageRow { return &t.Pages }),
	register(linksTable, func(t *Tables) *[]LinkRow { return &t.Links }),
	register(hostsTable, func(t *Tables) *[]HostRow { return &t.Hosts }),
	register(probesTable, func(t *Tables) *[]ProbeRow { return &t.Probes }),
	register(documentsTable, func(t *Tables) *[]DocumentRow { return &t.Documents }),
	register(guidesTable, func(t *Tables) *[]GuideRow { return &t.Guides }),
	register(columnsTable, func(t *Tables) *[]ColumnRow { return &t.Columns }),
	register(findingsTable, func(t *Tables) *[]FindingRow { return &t.Findings }),
	register(scoresTable, func(t *Tables) *[]ScoreRow { return &t.Scores }),
	register(rulesTable, func(t *Tables) *[]RuleRow { return &t.Rules }),
	register(changesTable, func(t *Tables) *[]ChangeRow { return &t.Changes }),
}

// spec is the part of a table description that does not depend on the row
// type: enough for the data dictionary, the datapackage and the golden tests.
type spec interface {
	tableName() string
	tableLayout() *layout
	primaryKey() []string
}

// tableEntry is a registered table: its description and, hidden behind
// the row type, what the release code does with its rows in a Tables.
type tableEntry interface {
	spec
	// count returns the number of the table's rows in t.
	count(t *Tables) int
	// appendRows appends src's rows of the table to dst's.
	appendRows(dst, src *Tables)
	// openWriter starts the table's files in dir.
	openWriter(dir string, opts ParquetOptions) (fieldWriter, error)
	// read loads the table's Parquet files into r.
	read(r *Release, res *Resource, sums map[string]string) error
}

// entry is a table bound to its field in Tables.
type entry[T any] struct {
	*table[T]
	field func(*Tables) *[]T
}

func register[T any](tbl *table[T], field func(*Tables) *[]T) tableEntry {
	return entry[T]{table: tbl, field: field}
}

func (e entry[T]) count(t *Tables) int { return len(*e.field(t)) }

func (e entry[T]) appendRows(dst, src *Tables) {
	d := e.field(dst)
	*d = append(*d, *e.field(src)...)
}

func (e entry[T]) openWriter(dir string, opts ParquetOptions) (fieldWriter, error) {
	w, err := newTableWriter(e.table, dir, opts)
	if err != nil {
		return nil, err
	}
	return fieldTableWriter[T]{w: w, field: e.field}, nil
}

func (e entry[T]) read(r *Release, res *Resource, sums map[string]string) (err error) {
	*e.field(&r.Tables), err = readParquetFiles[T](r.Dir, res, sums)
	return err
}

// fieldWriter writes one table's rows of each Tables appended to a release.
type fieldWriter interface {
	// write writes the table's rows of t (sorted, and without rows whose
	// key repeats, which it drops and counts).
	write(t *Tables) (dropped int, err error)
	close() (tableFiles, error)
	abort()
}

type fieldTableWriter[T any] struct {
	w     *tableWriter[T]
	field func(*Tables) *[]T
}

func (f fieldTableWriter[T]) write(t *Tables) (int, error) {
	rows := f.field(t)
	kept, dropped, err := f.w.write(*rows)
	*rows = kept
	return dropped, err
}

func (f fieldTableWriter[T]) close() (tableFiles, error) { return f.w.close() }
func (f fieldTableWriter[T]) abort()                     { f.w.abort() }

// tableNamed returns the registered table of that name, or nil.
func tableNamed(name string) tableEntry {
	for _, e := range releaseTables {
		if e.tableName() == name {
			return e
		}
	}
	return nil
}

// tableFor finds the table whose row type is T.
func tableFor[T any]() (*table[T], error) {
	for _, e := range releaseTables {
		if e, ok := e.(entry[T]); ok {
			return e.table, nil
		}
	}
	return nil, fmt.Errorf("no table has row type %s", reflect.TypeFor[T]())
}

// TableNames lists every table of a release, in the order they are written
// and described in datapackage.json.
func TableNames() []string {
	out := make([]string, len(releaseTables))
	for i, e := range releaseTables {
		out[i] = e.tableName()
	}
	return out
}

// Columns returns the column names of a table, in order, or nil for an
// unknown table. The names are the same in Parquet, CSV and JSON.
func Columns(table string) []string {
	if e := tableNamed(table); e != nil {
		return e.tableLayout().names()
	}
	return nil
}
