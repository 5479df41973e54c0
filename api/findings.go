package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
	"github.com/parquet-go/parquet-go"

	"gongkai/datasets"
)

// siteFindings locates one site's findings in the findings table (sorted
// by site_id, so they are one run of rows) and sums them up.
type siteFindings struct {
	first, count int64
	// failed lists the rules that failed on the site, sorted.
	failed []string
}

// findingsIndex is built once per release: where each site's findings
// are, and the Parquet parts with their first row.
type findingsIndex struct {
	sites map[string]*siteFindings
	parts []findingsPart
	// failures counts failed findings per rule.
	failures map[string]int64
}

type findingsPart struct {
	path       string
	first, end int64 // global row numbers [first, end)
}

// indexFindings reads the site_id, rule_id and outcome columns of the
// findings table with Arrow's Parquet reader (the other columns are never
// decoded) and records each site's run of rows and failed rules.
func indexFindings(ctx context.Context, r *datasets.Release) (*findingsIndex, error) {
	res := resource(r.Package, datasets.TableFindings+"-parquet")
	if res == nil {
		return nil, errors.New("no findings Parquet resource")
	}
	idx := &findingsIndex{sites: map[string]*siteFindings{}, failures: map[string]int64{}}
	var row int64
	for _, p := range res.Path {
		path := filepath.Join(r.Dir, p)
		start := row
		err := scanFindingColumns(ctx, path, func(site, rule, outcome string) {
			sf := idx.sites[site]
			if sf == nil {
				sf = &siteFindings{first: row}
				idx.sites[site] = sf
			}
			sf.count++
			if outcome == "fail" {
				idx.failures[rule]++
				if n := len(sf.failed); n == 0 || sf.failed[n-1] != rule {
					sf.failed = append(sf.failed, rule)
				}
			}
			row++
		})
		if err != nil {
			return nil, fmt.Errorf("index findings %s: %w", p, err)
		}
		idx.parts = append(idx.parts, findingsPart{path: path, first: start, end: row})
	}
	for _, sf := range idx.sites {
		slices.Sort(sf.failed)
		sf.failed = slices.Compact(sf.failed)
	}
	return idx, nil
}

// scanFindingColumns calls fn for every row of a findings Parquet file
// with three of its columns.
func scanFindingColumns(ctx context.Context, path string, fn func(site, rule, outcome string)) (err error) {
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
	for _, name := range []string{"site_id", "rule_id", "outcome"} {
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
	for rr.Next() {
		rec := rr.Record()
		site, rule, outcome := stringColumn(rec, 0), stringColumn(rec, 1), stringColumn(rec, 2)
		if site == nil || rule == nil || outcome == nil {
			return errors.New("site_id, rule_id and outcome must be strings")
		}
		for i := range int(rec.NumRows()) {
			fn(site.Value(i), rule.Value(i), outcome.Value(i))
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

// siteFindingRows reads one site's findings from Parquet: only the pages
// holding its run of rows are decoded.
func (idx *findingsIndex) siteFindingRows(site string) ([]datasets.FindingRow, error) {
	sf := idx.sites[site]
	if sf == nil {
		return nil, nil
	}
	out := make([]datasets.FindingRow, 0, sf.count)
	first, end := sf.first, sf.first+sf.count
	for _, p := range idx.parts {
		if p.end <= first || p.first >= end {
			continue
		}
		from, to := max(first, p.first)-p.first, min(end, p.end)-p.first
		rows, err := readRowRange[datasets.FindingRow](p.path, from, to)
		if err != nil {
			return nil, fmt.Errorf("read findings of %s: %w", site, err)
		}
		out = append(out, rows...)
	}
	return out, nil
}

// readRowRange reads rows [from, to) of a Parquet file.
func readRowRange[T any](path string, from, to int64) (rows []T, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("corrupt parquet: %v", p)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return nil, err
	}
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

// resource returns the named resource of a datapackage, or nil.
func resource(p *datasets.DataPackage, name string) *datasets.Resource {
	for i := range p.Resources {
		if p.Resources[i].Name == name {
			return &p.Resources[i]
		}
	}
	return nil
}
