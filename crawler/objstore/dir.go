package objstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// dirStore keeps files under a directory, one file per key.
type dirStore struct{ root string }

func openDir(root string) (Store, error) {
	if root == "" {
		return nil, errors.New("store: empty directory path")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", root, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("store %s: %w", root, err)
	}
	return &dirStore{root: abs}, nil
}

func (d *dirStore) String() string { return d.root }

func (d *dirStore) path(key string) (string, error) {
	if err := CheckKey(key); err != nil {
		return "", err
	}
	return filepath.Join(d.root, filepath.FromSlash(key)), nil
}

// Put writes a temporary file beside the key's and renames it over it.
func (d *dirStore) Put(ctx context.Context, key string, r io.Reader) (err error) {
	path, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := io.Copy(f, ctxReader{ctx, r}); err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	return nil
}

func (d *dirStore) Get(_ context.Context, key string) (io.ReadCloser, error) {
	path, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", key, err)
	}
	return f, nil
}

// List walks the directory holding prefix; temporary files are not keys.
func (d *dirStore) List(ctx context.Context, prefix string) ([]string, error) {
	start := d.root
	if i := strings.LastIndex(prefix, "/"); i > 0 {
		start = filepath.Join(d.root, filepath.FromSlash(prefix[:i]))
	}
	var keys []string
	err := filepath.WalkDir(start, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			return nil
		}
		rel, err := filepath.Rel(d.root, path)
		if err != nil {
			return err
		}
		if key := filepath.ToSlash(rel); strings.HasPrefix(key, prefix) {
			keys = append(keys, key)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store list %s: %w", prefix, err)
	}
	slices.Sort(keys)
	return keys, nil
}

// ctxReader stops a copy when ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
