package datasets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/parquet-go/parquet-go"
)

// Release is a published release read back from disk.
type Release struct {
	// ID is the release id, Dir its directory.
	ID, Dir string
	// Package is its datapackage.json.
	Package *DataPackage
	// Tables holds the rows of the tables that were loaded.
	Tables
}

// Load reads release releaseID ("" or "latest": the one latest.json names)
// from DIR/releases. It verifies every file against SHA256SUMS, then reads
// the named tables (all if none are named) from Parquet. A damaged release
// (a missing, altered, extra or truncated file) fails with an error naming
// the file.
func Load(dir, releaseID string, tables ...string) (*Release, error) {
	releases := filepath.Join(dir, "releases")
	id := releaseID
	if id == "" || id == "latest" {
		var err error
		if id, err = readLatest(releases); err != nil {
			return nil, fmt.Errorf("load latest release: %w", err)
		}
		if id == "" {
			return nil, fmt.Errorf("load latest release: none published in %s", releases)
		}
	}
	return loadRelease(releases, id, true, tables...)
}

// loadRelease reads a release; with verifyAll it checks every file of the
// release, otherwise only the files it reads.
func loadRelease(releases, id string, verifyAll bool, tables ...string) (*Release, error) {
	if !ValidReleaseID(id) {
		return nil, fmt.Errorf("load release %q: not a release id", id)
	}
	rdir := filepath.Join(releases, id)
	sumsData, err := os.ReadFile(filepath.Join(rdir, SumsFile))
	if err != nil {
		return nil, fmt.Errorf("load release %s: %w", id, err)
	}
	sums, err := parseSums(sumsData)
	if err != nil {
		return nil, fmt.Errorf("load release %s: %w", id, err)
	}
	pkgData, err := readVerified(rdir, PackageFile, sums)
	if err != nil {
		return nil, fmt.Errorf("load release %s: %w", id, err)
	}
	var pkg DataPackage
	if err := json.Unmarshal(pkgData, &pkg); err != nil {
		return nil, fmt.Errorf("load release %s: %s: %w", id, PackageFile, err)
	}
	if pkg.ReleaseID != id {
		return nil, fmt.Errorf("load release %s: %s names release %q", id, PackageFile, pkg.ReleaseID)
	}
	if len(tables) == 0 {
		tables = TableNames()
	}
	r := &Release{ID: id, Dir: rdir, Package: &pkg, Tables: Tables{Provenance: pkg.provenance()}}
	reading := map[string]bool{}
	for _, t := range tables {
		res := pkg.resource(t + "-parquet")
		if res == nil {
			return nil, fmt.Errorf("load release %s: no Parquet resource for table %q", id, t)
		}
		for _, p := range res.Path {
			reading[p] = true
		}
	}
	if verifyAll {
		if err := verifyFiles(rdir, sums, &pkg, reading); err != nil {
			return nil, fmt.Errorf("load release %s: %w", id, err)
		}
	}
	for _, t := range tables {
		if err := r.readTable(t, sums); err != nil {
			return nil, fmt.Errorf("load release %s: %w", id, err)
		}
	}
	return r, nil
}

func (p *DataPackage) provenance() Provenance {
	in := Provenance{AuditID: p.AuditID, RulesVersion: p.RulesVersion}
	if d, err := ParseDay(p.AsOf); err == nil {
		in.AsOf = d.Time()
	}
	return in
}

func (p *DataPackage) resource(name string) *Resource {
	for i := range p.Resources {
		if p.Resources[i].Name == name {
			return &p.Resources[i]
		}
	}
	return nil
}

// readVerified reads a file listed in SHA256SUMS and checks its digest.
func readVerified(rdir, name string, sums map[string]string) ([]byte, error) {
	want, ok := sums[name]
	if !ok {
		return nil, fmt.Errorf("%s: not listed in %s", name, SumsFile)
	}
	b, err := os.ReadFile(filepath.Join(rdir, name))
	if err != nil {
		return nil, err
	}
	if got := sha256Hex(b); got != want {
		return nil, fmt.Errorf("%s: checksum mismatch (sha256 %s, want %s)", name, got, want)
	}
	return b, nil
}

// verifyFiles checks that the directory holds exactly the files listed in
// SHA256SUMS (plus SHA256SUMS), that every resource file is listed and
// that every digest matches, except those of skip, which the caller checks
// while reading them.
func verifyFiles(rdir string, sums map[string]string, pkg *DataPackage, skip map[string]bool) error {
	entries, err := os.ReadDir(rdir)
	if err != nil {
		return err
	}
	present := map[string]bool{}
	for _, e := range entries {
		present[e.Name()] = true
		if _, listed := sums[e.Name()]; !listed && e.Name() != SumsFile {
			return fmt.Errorf("%s: unexpected file (not in %s)", e.Name(), SumsFile)
		}
	}
	for _, res := range pkg.Resources {
		for _, p := range res.Path {
			if _, ok := sums[p]; !ok {
				return fmt.Errorf("%s: resource %s not listed in %s", p, res.Name, SumsFile)
			}
		}
	}
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if !present[n] {
			return fmt.Errorf("%s: missing", n)
		}
		if skip[n] {
			continue
		}
		got, err := hashFile(filepath.Join(rdir, n))
		if err != nil {
			return fmt.Errorf("%s: %w", n, err)
		}
		if got != sums[n] {
			return fmt.Errorf("%s: checksum mismatch (sha256 %s, want %s)", n, got, sums[n])
		}
	}
	return nil
}

func (r *Release) readTable(name string, sums map[string]string) error {
	e := tableNamed(name)
	if e == nil {
		return fmt.Errorf("unknown table %q", name)
	}
	return e.read(r, r.Package.resource(name+"-parquet"), sums)
}

// readParquetFiles reads every part of a Parquet resource, checking each
// file's digest and the row count datapackage.json gives.
func readParquetFiles[T any](rdir string, res *Resource, sums map[string]string) ([]T, error) {
	var rows []T
	for _, p := range res.Path {
		b, err := readVerified(rdir, p, sums)
		if err != nil {
			return nil, err
		}
		part, err := decodeParquet[T](b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		rows = append(rows, part...)
	}
	if int64(len(rows)) != res.Rows {
		return nil, fmt.Errorf("%s: %d rows, %s says %d", res.Name, len(rows), PackageFile, res.Rows)
	}
	return rows, nil
}

// decodeParquet reads all rows of one Parquet file. parquet-go may panic on
// corrupt input; that becomes an error.
func decodeParquet[T any](b []byte) (rows []T, err error) {
	defer func() {
		if p := recover(); p != nil {
			rows, err = nil, fmt.Errorf("corrupt parquet: %v", p)
		}
	}()
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	if err := checkColumns[T](f.Schema()); err != nil {
		return nil, err
	}
	r := parquet.NewGenericReader[T](f)
	defer r.Close()
	rows = make([]T, f.NumRows())
	n := 0
	for n < len(rows) {
		k, err := r.Read(rows[n:])
		n += k
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if n != len(rows) {
		return nil, fmt.Errorf("read %d of %d rows", n, len(rows))
	}
	return rows, nil
}

// checkColumns refuses a file with a column the row type lacks (its values
// would be silently dropped). Columns the file lacks read as null or zero.
func checkColumns[T any](s *parquet.Schema) error {
	tbl, err := tableFor[T]()
	if err != nil {
		return err
	}
	for _, f := range s.Fields() {
		if tbl.layout.column(f.Name()) == nil {
			return fmt.Errorf("column %s is not in table %s", f.Name(), tbl.name)
		}
	}
	return nil
}
