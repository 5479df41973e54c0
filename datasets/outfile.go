package datasets

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"os"
	"path/filepath"

	"golang.org/x/sync/errgroup"
)

// File describes one file of a release.
type File struct {
	// Path is relative to the release directory (a plain file name).
	Path string `json:"path"`
	// Bytes is the file size.
	Bytes int64 `json:"bytes"`
	// SHA256 is the hex SHA-256 of the content.
	SHA256 string `json:"sha256"`
	// Rows counts the data rows (Parquet and CSV files; 0 otherwise).
	Rows int64 `json:"rows"`
}

// outFile writes a new file through a buffer, hashing and counting the bytes
// on the way. finish does not fsync: a release syncs all its files at once
// (syncFiles) before it is published.
type outFile struct {
	dir, name string
	f         *os.File
	bw        *bufio.Writer
	h         hash.Hash
	n         int64
}

// createOut creates dir/name, failing if it already exists.
func createOut(dir, name string) (*outFile, error) {
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", name, err)
	}
	return &outFile{dir: dir, name: name, f: f, bw: bufio.NewWriterSize(f, 64<<10), h: sha256.New()}, nil
}

func (o *outFile) Write(p []byte) (int, error) {
	o.h.Write(p)
	o.n += int64(len(p))
	return o.bw.Write(p)
}

// finish flushes and closes the file and describes it.
func (o *outFile) finish() (File, error) {
	err := o.bw.Flush()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return File{}, fmt.Errorf("write %s: %w", o.name, err)
	}
	return File{Path: o.name, Bytes: o.n, SHA256: hex.EncodeToString(o.h.Sum(nil))}, nil
}

// abort closes the file and removes it.
func (o *outFile) abort() {
	o.f.Close()
	os.Remove(filepath.Join(o.dir, o.name))
}

// writeFileSync writes a small file in one go and fsyncs it.
func writeFileSync(dir, name string, data []byte) (File, error) {
	o, err := createOut(dir, name)
	if err != nil {
		return File{}, err
	}
	if _, err := o.Write(data); err != nil {
		o.abort()
		return File{}, fmt.Errorf("write %s: %w", name, err)
	}
	if err := o.bw.Flush(); err != nil {
		o.abort()
		return File{}, fmt.Errorf("write %s: %w", name, err)
	}
	if err := o.f.Sync(); err != nil {
		o.abort()
		return File{}, fmt.Errorf("sync %s: %w", name, err)
	}
	return o.finish()
}

// syncFiles fsyncs files of dir, several at a time (the file system can
// then commit them in fewer journal transactions than one by one).
func syncFiles(dir string, files []File) error {
	var g errgroup.Group
	g.SetLimit(8)
	for _, f := range files {
		g.Go(func() error {
			fd, err := os.Open(filepath.Join(dir, f.Path))
			if err != nil {
				return fmt.Errorf("sync %s: %w", f.Path, err)
			}
			err = fd.Sync()
			fd.Close()
			if err != nil {
				return fmt.Errorf("sync %s: %w", f.Path, err)
			}
			return nil
		})
	}
	return g.Wait()
}

// syncDir fsyncs a directory so that the entries created or renamed in it
// are durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync dir %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync dir %s: %w", dir, err)
	}
	return nil
}
