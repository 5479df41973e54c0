package datasets

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"
)

// Scan streams the rows of the table whose row type is T from a release's
// Parquet files, batch by batch, without holding the table in memory: the
// way to read a links table of millions of rows. The release must come
// from Load (which verified the checksums); Scan does not verify again.
func Scan[T any](r *Release, batch func([]T) error) error {
	tbl, err := tableFor[T]()
	if err != nil {
		return err
	}
	res := r.Package.resource(tbl.name + "-parquet")
	if res == nil {
		return fmt.Errorf("scan %s: release %s has no Parquet resource", tbl.name, r.ID)
	}
	buf := make([]T, 4096)
	for _, p := range res.Path {
		if err := scanFile(filepath.Join(r.Dir, p), buf, batch); err != nil {
			return fmt.Errorf("scan release %s: %s: %w", r.ID, p, err)
		}
	}
	return nil
}

func scanFile[T any](path string, buf []T, batch func([]T) error) (err error) {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("corrupt parquet: %v", p)
		}
	}()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return err
	}
	if err := checkColumns[T](pf.Schema()); err != nil {
		return err
	}
	rd := parquet.NewGenericReader[T](pf)
	defer rd.Close()
	for {
		n, rerr := rd.Read(buf)
		if n > 0 {
			if err := batch(buf[:n]); err != nil {
				return err
			}
		}
		if errors.Is(rerr, io.EOF) {
			return nil
		}
		if rerr != nil {
			return rerr
		}
	}
}

// DiffReleases loads the sites, findings and scores of releases a and b
// of DIR ("" or "latest" name the latest) and diffs them: what `gongkai
// diff A B` prints with Changes.WriteText.
func DiffReleases(dir, a, b string) (Changes, error) {
	ra, err := Load(dir, a, TableSites, TableFindings, TableScores)
	if err != nil {
		return Changes{}, err
	}
	rb, err := Load(dir, b, TableSites, TableFindings, TableScores)
	if err != nil {
		return Changes{}, err
	}
	return Diff(ra, rb), nil
}
