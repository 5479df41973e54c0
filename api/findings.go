package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	// scored holds, for the summary, one finding per (site, scored rule):
	// failing if any of its findings failed, else passing; no evidence.
	// That is all reports' summary reads of findings (its per-rule
	// failure rates count sites), except RankRow.Failed, which counts
	// failed rules here instead of failing findings (the portal does not
	// show it).
	scored []datasets.FindingRow
}

// indexSites reads the site_id column of a table's Parquet parts with
// Arrow's Parquet reader (no other column is decoded) and records each
// site's run of rows. extra, when set, names more string columns and is
// called for every row with the site and their values (valid during the
// call only; keep them with intern). A table not sorted by site_id is an
// error.
func indexSites(ctx context.Context, r *datasets.Release, table string, extra []string, in interner, fn func(site string, vals []string)) (siteIndex, error) {
	idx := siteIndex{runs: map[string]siteRun{}}
	res := resource(r.Package, table+"-parquet")
	if res == nil {
		return idx, fmt.Errorf("no %s Parquet resource", table)
	}
	var (
		row     int64
		cur     string
		run     siteRun
		started bool
		err     error
	)
	flush := func() {
		if started {
			idx.runs[cur] = run
		}
	}
	cols := append([]string{"site_id"}, extra...)
	for _, p := range res.Path {
		path := filepath.Join(r.Dir, p)
		start := row
		serr := scanColumns(ctx, path, cols, func(vals []string) {
			if !started || vals[0] != cur {
				flush()
				if _, seen := idx.runs[vals[0]]; seen && err == nil {
					err = fmt.Errorf("%s is not sorted by site_id (%s again at row %d)", table, vals[0], row)
				}
				cur, run, started = in.get(vals[0]), siteRun{first: row}, true
			}
			run.count++
			if fn != nil {
				fn(cur, vals[1:])
			}
			row++
		})
		if serr != nil {
			return idx, fmt.Errorf("index %s %s: %w", table, p, serr)
		}
		idx.parts = append(idx.parts, findingsPart{path: path, first: start, end: row, file: &openParquet{path: path}})
	}
	flush()
	return idx, err
}

// interner keeps one copy of each string read from Arrow buffers (which
// would otherwise keep whole batches alive).
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	c := strings.Clone(s)
	in[c] = c
	return c
}

// indexFindings indexes the findings table.
func indexFindings(ctx context.Context, r *datasets.Release, in interner) (*findingsIndex, error) {
	fi := &findingsIndex{failed: map[string][]string{}, failures: map[string]int64{}}
	scoredRules := 0
	for _, rule := range r.Rules {
		if rule.Effect == "veto" || rule.Effect == "deduct" {
			scoredRules++
		}
	}
	fi.scored = make([]datasets.FindingRow, 0, len(r.Sites)*scoredRules)
	// Rows are sorted by site_id, rule_id: one (site, rule) is one run.
	var lastSite, lastRule string
	group := -1 // index in fi.scored of the current (site, rule), or -1
	var err error
	fi.siteIndex, err = indexSites(ctx, r, datasets.TableFindings, []string{"rule_id", "outcome", "effect"}, in, func(site string, v []string) {
		if site != lastSite || v[0] != lastRule {
			lastSite, lastRule, group = site, in.get(v[0]), -1
		}
		rule := lastRule
		var effect string
		switch v[2] {
		case "veto":
			effect = "veto"
		case "deduct":
			effect = "deduct"
		}
		scored := effect != ""
		switch outcome := v[1]; outcome {
		case "fail":
			fi.failures[rule]++
			if f := fi.failed[site]; len(f) == 0 || f[len(f)-1] != rule {
				fi.failed[site] = append(f, rule)
			}
			if scored && group < 0 {
				group = len(fi.scored)
				fi.scored = append(fi.scored, datasets.FindingRow{SiteID: site, RuleID: rule, Outcome: "fail", Effect: effect})
			} else if scored {
				fi.scored[group].Outcome = "fail"
			}
		case "pass":
			if scored && group < 0 {
				group = len(fi.scored)
				fi.scored = append(fi.scored, datasets.FindingRow{SiteID: site, RuleID: rule, Outcome: "pass", Effect: effect})
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
