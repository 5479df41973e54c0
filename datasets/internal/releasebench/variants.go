package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/parquet-go/parquet-go"

	"gongkai/datasets"
)

const batch = 4096

func runGen(_ context.Context, _ string, rows int64) (int64, error) {
	g := newGenerator(rows)
	buf := make([]datasets.LinkRow, batch)
	var n int64
	for k := g.fill(buf); k > 0; k = g.fill(buf) {
		n += int64(k)
	}
	return n, nil
}

// runRelease writes through the release writer's Parquet part: zstd, 64k
// row groups, dictionary columns, order check, text sanitising, hashing,
// parts of 1M rows.
func runRelease(_ context.Context, dir string, rows int64) (int64, error) {
	out := filepath.Join(dir, "release")
	if err := os.RemoveAll(out); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, err
	}
	w, err := datasets.NewParquetWriter[datasets.LinkRow](out, datasets.ParquetOptions{})
	if err != nil {
		return 0, err
	}
	g := newGenerator(rows)
	buf := make([]datasets.LinkRow, batch)
	var n int64
	for k := g.fill(buf); k > 0; k = g.fill(buf) {
		if err := w.Write(buf[:k]); err != nil {
			return n, err
		}
		n += int64(k)
	}
	files, err := w.Close()
	if err != nil {
		return n, err
	}
	var total int64
	for _, f := range files {
		total += f.Rows
	}
	if total != n {
		return n, fmt.Errorf("parts hold %d rows, wrote %d", total, n)
	}
	return n, nil
}

// runPublish publishes a release holding only links: Parquet, the three
// CSV files, datapackage.json, SHA256SUMS, fsync, rename, latest.json.
func runPublish(ctx context.Context, dir string, rows int64) (int64, error) {
	out := filepath.Join(dir, "publish")
	if err := os.RemoveAll(out); err != nil {
		return 0, err
	}
	rw, err := datasets.Begin(ctx, out, datasets.Provenance{}, datasets.PublishOptions{SoftwareVersion: "releasebench"})
	if err != nil {
		return 0, err
	}
	g := newGenerator(rows)
	buf := make([]datasets.LinkRow, batch)
	var n int64
	for k := g.fill(buf); k > 0; k = g.fill(buf) {
		if err := rw.Append(ctx, &datasets.Tables{Links: buf[:k]}); err != nil {
			rw.Abort()
			return n, err
		}
		n += int64(k)
	}
	if _, err := rw.Commit(ctx); err != nil {
		return n, err
	}
	return n, nil
}

func publishFiles(dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "publish", "releases", "*", "*"))
	return files
}

func releaseFiles(dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "release", "links*.parquet"))
	sort.Strings(files)
	return files
}

// runBare is the baseline: one parquet-go GenericWriter with zstd and the
// same row-group cap (without it parquet-go keeps all rows in one group,
// in memory).
func runBare(_ context.Context, dir string, rows int64) (int64, error) {
	f, err := os.Create(filepath.Join(dir, "bare.parquet"))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := parquet.NewGenericWriter[datasets.LinkRow](f, parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(datasets.DefaultRowGroupRows))
	g := newGenerator(rows)
	buf := make([]datasets.LinkRow, batch)
	var n int64
	for k := g.fill(buf); k > 0; k = g.fill(buf) {
		if _, err := w.Write(buf[:k]); err != nil {
			return n, err
		}
		n += int64(k)
	}
	if err := w.Close(); err != nil {
		return n, err
	}
	return n, f.Close()
}

func runReadPQ(_ context.Context, dir string, _ int64) (int64, error) {
	var n int64
	buf := make([]datasets.LinkRow, batch)
	for _, path := range releaseFiles(dir) {
		f, err := os.Open(path)
		if err != nil {
			return n, err
		}
		st, _ := f.Stat()
		pf, err := parquet.OpenFile(f, st.Size())
		if err != nil {
			f.Close()
			return n, err
		}
		r := parquet.NewGenericReader[datasets.LinkRow](pf)
		for {
			k, err := r.Read(buf)
			n += int64(k)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				f.Close()
				return n, err
			}
		}
		r.Close()
		f.Close()
	}
	return n, nil
}
