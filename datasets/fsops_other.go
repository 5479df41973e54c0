//go:build !unix

package datasets

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// releaseLock serialises publishers of one releases directory with an
// exclusively created lock file. Unlike the flock on Unix, a crashed
// publisher leaves it behind; remove releases/.lock by hand then.
type releaseLock struct{ path string }

func lockReleases(ctx context.Context, releases string) (*releaseLock, error) {
	path := filepath.Join(releases, ".lock")
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			f.Close()
			return &releaseLock{path: path}, nil
		}
		if !os.IsExist(err) {
			return nil, fmt.Errorf("lock %s: %w", releases, err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("lock %s: %w", releases, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (l *releaseLock) unlock() {
	if l != nil && l.path != "" {
		os.Remove(l.path)
		l.path = ""
	}
}
