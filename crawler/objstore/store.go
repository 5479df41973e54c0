// Package objstore keeps files in storage that several machines share,
// named by a URL: a directory (a path or file:///path, e.g. a network file
// system) or S3-compatible object storage (s3://bucket/prefix). The
// coordinator and workers of a distributed audit share its snapshots
// there, and releases are published there for the portal machine. Keys are slash-separated paths; a
// file is written whole or not at all, so a reader that finds a key finds
// all of it.
package objstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Store is shared storage of files by key.
type Store interface {
	// Put stores what r yields under key, replacing any earlier file;
	// readers see the old file or the new one, never part of one.
	Put(ctx context.Context, key string, r io.Reader) error
	// Get opens the file under key; an error wrapping fs.ErrNotExist says
	// there is none.
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	// List returns the keys that begin with prefix, sorted.
	List(ctx context.Context, prefix string) ([]string, error)
	// String names the store for logs (no credentials).
	String() string
}

// Open returns the store rawURL names: a directory path, file:///path, or
// s3://bucket/prefix (see OpenS3 for its settings).
func Open(ctx context.Context, rawURL string) (Store, error) {
	dir, u, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if u != nil {
		return OpenS3(ctx, u)
	}
	return openDir(dir)
}

// CheckURL reports what is wrong with a storage URL, as Open would,
// without opening the store: for flags, checked before any work.
func CheckURL(rawURL string) error {
	_, u, err := parseURL(rawURL)
	if err == nil && u != nil {
		_, err = s3Location(u)
	}
	return err
}

// parseURL returns the directory rawURL names, or its s3 URL.
func parseURL(rawURL string) (dir string, s3 *url.URL, err error) {
	if rawURL == "" {
		return "", nil, errors.New("store: no URL")
	}
	if !strings.Contains(rawURL, "://") {
		return rawURL, nil, nil
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", nil, fmt.Errorf("store %q: %w", rawURL, err)
	}
	switch u.Scheme {
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return "", nil, fmt.Errorf("store %q: a file URL names a local path (file:///path)", rawURL)
		}
		return u.Path, nil, nil
	case "s3":
		return "", u, nil
	}
	return "", nil, fmt.Errorf("store %q: want a directory, file:///path or s3://bucket/prefix", rawURL)
}

// CheckKey rejects keys that could leave the store's root.
func CheckKey(key string) error {
	if key == "" || strings.HasPrefix(key, "/") || strings.Contains(key, "\\") {
		return fmt.Errorf("store key %q: want a relative slash-separated path", key)
	}
	for _, part := range strings.Split(key, "/") {
		if part == "" || part == "." || part == ".." {
			return fmt.Errorf("store key %q: want a relative slash-separated path", key)
		}
	}
	return nil
}

// PutFile stores the file at path under key.
func PutFile(ctx context.Context, s Store, key, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	defer f.Close()
	return s.Put(ctx, key, f)
}

// GetFile copies the file under key to path, atomically and durably.
func GetFile(ctx context.Context, s Store, key, path string) (err error) {
	r, err := s.Get(ctx, key)
	if err != nil {
		return err
	}
	defer r.Close()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("fetch %s: %w", key, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("fetch %s: %w", key, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := io.Copy(f, r); err != nil {
		return fmt.Errorf("fetch %s: %w", key, err)
	}
	// On disk before it has its name: a copy that is there is whole,
	// even after a crash of the machine (a resumed coordinator takes a
	// snapshot it finds as done).
	if err := f.Sync(); err != nil {
		return fmt.Errorf("fetch %s: %w", key, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("fetch %s: %w", key, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("fetch %s: %w", key, err)
	}
	return nil
}
