//go:build unix

package datasets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// releaseLock serialises publishers of one releases directory. It is an
// flock(2) on releases/.lock, so a crashed publisher never leaves it held.
type releaseLock struct{ f *os.File }

func lockReleases(ctx context.Context, releases string) (*releaseLock, error) {
	f, err := os.OpenFile(filepath.Join(releases, ".lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", releases, err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return &releaseLock{f: f}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", releases, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", releases, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (l *releaseLock) unlock() {
	if l != nil && l.f != nil {
		l.f.Close() // closing the descriptor drops the flock
		l.f = nil
	}
}
