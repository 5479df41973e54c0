package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
	"github.com/parquet-go/parquet-go"

	"gongkai/datasets"
)

// siteRun is where one site's rows are in a table sorted by site_id
// (every site table of a release is): one run of rows.
type siteRun struct{ first, count int64 }

// siteIndex locates each site's rows in one table's Parquet parts.
type siteIndex struct {
	runs  map[string]siteRun
	parts []findingsPart
}

type findingsPart struct {
	path       string
	first, end int64 // global row numbers [first, end)
	file       *openParquet
}

// openParquet is a Parquet file opened once (footer and page index read)
// and kept open for the release's life: the readers of every request
// share it (parquet-go reads through ReadAt).
type openParquet struct {
	path string
	once sync.Once
	f    *os.File
	pf   *parquet.File
	err  error
}

func (o *openParquet) open() (*parquet.File, error) {
	o.once.Do(func() {
		defer func() {
			if p := recover(); p != nil {
				o.err = fmt.Errorf("corrupt parquet: %v", p)
			}
		}()
		if o.f, o.err = os.Open(o.path); o.err != nil {
			return
		}
		st, err := o.f.Stat()
		if err != nil {
			o.err = err
			return
		}
		o.pf, o.err = parquet.OpenFile(o.f, st.Size(), parquet.SkipBloomFilters(true))
	})
	return o.pf, o.err
}

func (o *openParquet) close() {
	if o.f != nil {
		o.f.Close()
	}
}

// findingsIndex is the site index of the findings table plus what the
// server shows without reading findings again: each site's failed rules,
// failures per rule, and the verdict of each (site, scored rule).
type findingsIndex struct {
	siteIndex
	// failed lists, per site, the rules that failed, sorted.
	failed map[string][]string
	// failures counts failed findings per rule.
	failures map[string]int64
	// scored holds, for the summary, every failing veto or deduct finding
	// and one passing one per judged (site, rule), without evidence.
	scored []datasets.FindingRow
}

// indexSites reads the site_id column of a table's Parquet parts with
// Arrow's Parquet reader (no other column is decoded) and records each
// site's run of rows. extra, when set, names more string columns and is
// called for every row with the site and their values.
func indexSites(ctx context.Context, r *datasets.Release, table string, extra []string, fn func(site string, vals []string)) (siteIndex, error) {
	idx := siteIndex{runs: map[string]siteRun{}}
	res := resource(r.Package, table+"-parquet")
	if res == nil {
		return idx, fmt.Errorf("no %s Parquet resource", table)
	}
	var row int64
	cols := append([]string{"site_id"}, extra...)
	for _, p := range res.Path {
		path := filepath.Join(r.Dir, p)
		start := row
		err := scanColumns(ctx, path, cols, func(vals []string) {
			run, ok := idx.runs[vals[0]]
			if !ok {
				run.first = row
			}
			run.count++
			idx.runs[vals[0]] = run
			if fn != nil {
				fn(vals[0], vals[1:])
			}
			row++
		})
		if err != nil {
			return idx, fmt.Errorf("index %s %s: %w", table, p, err)
		}
		idx.parts = append(idx.parts, findingsPart{path: path, first: start, end: row, file: &openParquet{path: path}})
	}
	return idx, nil
}

// indexFindings indexes the findings table.
func indexFindings(ctx context.Context, r *datasets.Release) (*findingsIndex, error) {
	fi := &findingsIndex{failed: map[string][]string{}, failures: map[string]int64{}}
	passed := map[[2]string]bool{}
	var err error
	fi.siteIndex, err = indexSites(ctx, r, datasets.TableFindings, []string{"rule_id", "outcome", "effect"}, func(site string, v []string) {
		rule, outcome, effect := v[0], v[1], v[2]
		scored := effect == "veto" || effect == "deduct"
		switch outcome {
		case "fail":
			fi.failures[rule]++
			if f := fi.failed[site]; len(f) == 0 || f[len(f)-1] != rule {
				fi.failed[site] = append(f, rule)
			}
			if scored {
				fi.scored = append(fi.scored, datasets.FindingRow{SiteID: site, RuleID: rule, Outcome: outcome, Effect: effect})
			}
		case "pass":
			if k := [2]string{site, rule}; scored && !passed[k] {
				passed[k] = true
				fi.scored = append(fi.scored, datasets.FindingRow{SiteID: site, RuleID: rule, Outcome: outcome, Effect: effect})
			}
		}
	})
	if err != nil {
		return nil, err
	}
	for site, f := range fi.failed {
		slices.Sort(f)
		fi.failed[site] = slices.Compact(f)
	}
	return fi, nil
}

// scanColumns calls fn for every row of a Parquet file with the values of
// the named string columns.
func scanColumns(ctx context.Context, path string, names []string, fn func(vals []string)) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("corrupt parquet: %v", p)
		}
	}()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return err
	}
	defer pf.Close()
	schema := pf.MetaData().Schema
	var cols []int
	for _, name := range names {
		i := schema.ColumnIndexByName(name)
		if i < 0 {
			return fmt.Errorf("no column %s", name)
		}
		cols = append(cols, i)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: arrowBatchRows}, memory.NewGoAllocator())
	if err != nil {
		return err
	}
	rr, err := fr.GetRecordReader(ctx, cols, nil)
	if err != nil {
		return err
	}
	defer rr.Release()
	vals := make([]string, len(names))
	arrs := make([]*array.String, len(names))
	for rr.Next() {
		rec := rr.Record()
		for i := range arrs {
			if arrs[i] = stringColumn(rec, i); arrs[i] == nil {
				return fmt.Errorf("column %s is not a string column", names[i])
			}
		}
		for row := range int(rec.NumRows()) {
			for i, a := range arrs {
				vals[i] = a.Value(row)
			}
			fn(vals)
		}
	}
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

func stringColumn(rec arrow.Record, i int) *array.String {
	s, _ := rec.Column(i).(*array.String)
	return s
}

// siteRows reads one site's rows of an indexed table from Parquet: only
// the pages holding its run of rows are decoded.
func siteRows[T any](idx siteIndex, site string) ([]T, error) {
	run, ok := idx.runs[site]
	if !ok {
		return nil, nil
	}
	out := make([]T, 0, run.count)
	first, end := run.first, run.first+run.count
	for _, p := range idx.parts {
		if p.end <= first || p.first >= end {
			continue
		}
		from, to := max(first, p.first)-p.first, min(end, p.end)-p.first
		pf, err := p.file.open()
		if err != nil {
			return nil, fmt.Errorf("read rows of %s: %w", site, err)
		}
		rows, err := readRowRange[T](pf, from, to)
		if err != nil {
			return nil, fmt.Errorf("read rows of %s: %w", site, err)
		}
		out = append(out, rows...)
	}
	return out, nil
}

// readRowRange reads rows [from, to) of a Parquet file.
func readRowRange[T any](pf *parquet.File, from, to int64) (rows []T, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("corrupt parquet: %v", p)
		}
	}()
	rd := parquet.NewGenericReader[T](pf)
	defer rd.Close()
	if err := rd.SeekToRow(from); err != nil {
		return nil, err
	}
	rows = make([]T, to-from)
	n := 0
	for n < len(rows) {
		k, err := rd.Read(rows[n:])
		n += k
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	return rows[:n], nil
}

// close closes the index's open files.
func (idx siteIndex) close() {
	for _, p := range idx.parts {
		p.file.close()
	}
}

// resource returns the named resource of a datapackage, or nil.
func resource(p *datasets.DataPackage, name string) *datasets.Resource {
	for i := range p.Resources {
		if p.Resources[i].Name == name {
			return &p.Resources[i]
		}
	}
	return nil
}
