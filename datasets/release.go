package datasets

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// PublishOptions configures one publication: how it is written, not what
// it holds.
type PublishOptions struct {
	// SoftwareVersion is the gongkai version, recorded in datapackage.json.
	SoftwareVersion string
	// Created is the creation time of the release (default: now). It gives
	// the release id and datapackage.json's created; nothing else.
	Created time.Time
	// ReleaseID, if set, is used instead of a fresh id. It must be a valid
	// id not yet published (releases are write-once).
	ReleaseID string
	// Parquet tunes row groups and parts.
	Parquet ParquetOptions
	// Logger receives warnings (nil: discard).
	Logger *slog.Logger
}

func (m PublishOptions) logger() *slog.Logger {
	if m.Logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return m.Logger
}

// ReleaseWriter publishes one release, streaming: rows are written to disk
// as they are appended, so a release may be far larger than memory. Only
// what the changes table needs (failed findings, scores, site ids) is kept.
//
// Everything is written into DIR/releases/.tmp-<id>/ and fsynced; Commit
// then renames it to DIR/releases/<id>/ and switches latest.json. A crash at
// any point leaves the previous release current; the next Begin removes the
// leftovers. One publisher at a time holds DIR/releases/.lock.
type ReleaseWriter struct {
	releases, tmp, id string
	prov              Provenance
	opts              PublishOptions
	created           time.Time
	lock              *releaseLock
	w                 map[string]fieldWriter // by table name
	cur               diffInput
	done              bool
	err               error // a failed Append: only Abort is left
}

// Begin starts a release in DIR/releases. It waits for (or, with ctx,
// gives up on) any other publisher, removes the temporary files of crashed
// publications and picks the release id.
func Begin(ctx context.Context, dir string, prov Provenance, opts PublishOptions) (_ *ReleaseWriter, err error) {
	releases := filepath.Join(dir, "releases")
	if err := os.MkdirAll(releases, 0o755); err != nil {
		return nil, fmt.Errorf("begin release: %w", err)
	}
	lock, err := lockReleases(ctx, releases)
	if err != nil {
		return nil, fmt.Errorf("begin release: %w", err)
	}
	rw := &ReleaseWriter{releases: releases, prov: prov, opts: opts, lock: lock, created: opts.Created}
	defer func() {
		if err != nil {
			rw.Abort()
		}
	}()
	if rw.created.IsZero() {
		rw.created = time.Now()
	}
	if err := cleanStale(releases, opts.logger()); err != nil {
		return nil, fmt.Errorf("begin release: %w", err)
	}
	if rw.id, err = chooseID(releases, opts.ReleaseID, rw.created); err != nil {
		return nil, fmt.Errorf("begin release: %w", err)
	}
	rw.tmp = filepath.Join(releases, tmpPrefix+rw.id)
	if err := os.Mkdir(rw.tmp, 0o755); err != nil {
		return nil, fmt.Errorf("begin release: %w", err)
	}
	if err := rw.openWriters(); err != nil {
		return nil, fmt.Errorf("begin release %s: %w", rw.id, err)
	}
	return rw, nil
}

func chooseID(releases, want string, created time.Time) (string, error) {
	if want == "" {
		return nextReleaseID(releases, created)
	}
	if !ValidReleaseID(want) {
		return "", fmt.Errorf("release id %q: want YYYYMMDDTHHMMSSZ-NNN", want)
	}
	if _, err := os.Lstat(filepath.Join(releases, want)); err == nil {
		return "", fmt.Errorf("release %s already published (releases are write-once)", want)
	}
	return want, nil
}

// cleanStale removes what crashed publications left: .tmp-* directories
// and files. The caller holds the lock, so none of them is in use.
func cleanStale(releases string, log *slog.Logger) error {
	entries, err := os.ReadDir(releases)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			log.Warn("removing leftover of an interrupted publication", "path", e.Name())
			if err := os.RemoveAll(filepath.Join(releases, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

func (rw *ReleaseWriter) openWriters() error {
	rw.w = map[string]fieldWriter{}
	for _, e := range releaseTables {
		w, err := e.openWriter(rw.tmp, rw.opts.Parquet)
		if err != nil {
			return err
		}
		rw.w[e.tableName()] = w
	}
	return nil
}
