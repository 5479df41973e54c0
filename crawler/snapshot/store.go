package snapshot

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The layout of an audit directory, OUT/audits/<audit_id>/:
//
//	audit.json                 Audit: id, as-of, flags, sites, start and finish
//	journal/<site_id>.jsonl    append-only crawl records while a site is crawled
//	journal/<site_id>.partial.json.gz the snapshot of an interrupted site, until published
//	snapshots/<site_id>.json.gz the final Snapshot of a finished site (or, for the
//	                           sites listed in Audit.Interrupted, of an interrupted one)
//	shots/                     screenshots, referenced by relative path
const (
	AuditsDir    = "audits"
	AuditFile    = "audit.json"
	JournalDir   = "journal"
	SnapshotsDir = "snapshots"
	ShotsDir     = "shots"
)

// auditIDLayout formats audit ids so that they sort by start time.
const auditIDLayout = "20060102T150405Z"

// Audit describes one audit run; it is written to audit.json when the run
// starts and again, with FinishedAt, when every site has a snapshot.
type Audit struct {
	Version    int               `json:"version"`
	ID         string            `json:"audit_id"`
	AsOf       time.Time         `json:"as_of"`
	Flags      map[string]string `json:"flags,omitempty"` // the command line that started it, verbatim
	Crawl      json.RawMessage   `json:"crawl,omitempty"` // the crawl configuration, as its owner encodes it
	Sites      []Site            `json:"sites"`
	StartedAt  time.Time         `json:"started_at"`
	FinishedAt time.Time         `json:"finished_at,omitzero"`
	// Interrupted lists the sites whose snapshot in snapshots/ was written
	// when the audit was interrupted, so that what was done could be
	// published: a resumed audit removes them and continues those sites.
	Interrupted []string `json:"interrupted,omitempty"`
}

// Finished reports whether every site of the audit has its final snapshot.
func (a *Audit) Finished() bool { return !a.FinishedAt.IsZero() }

// AuditID returns the audit id for a run started at t: its UTC time to the
// second, e.g. 20261123T023000Z.
func AuditID(t time.Time) string { return t.UTC().Format(auditIDLayout) }

// JournalPath returns the journal file of siteID in auditDir.
func JournalPath(auditDir, siteID string) string {
	return filepath.Join(auditDir, JournalDir, siteID+".jsonl")
}

// PartialPath returns where the snapshot of an interrupted site is
// written before the audit publishes it.
func PartialPath(auditDir, siteID string) string {
	return filepath.Join(auditDir, JournalDir, siteID+".partial.json.gz")
}

// SnapshotPath returns the final snapshot file of siteID in auditDir.
func SnapshotPath(auditDir, siteID string) string {
	return filepath.Join(auditDir, SnapshotsDir, siteID+".json.gz")
}

// CreateAudit makes a new audit directory under out/audits, named by
// a.StartedAt (a later second is taken if that id is in use), fills a.ID
// and a.Version and writes audit.json. It returns the directory.
func CreateAudit(out string, a *Audit) (string, error) {
	root := filepath.Join(out, AuditsDir)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("create audit: %w", err)
	}
	t := a.StartedAt
	for range 1000 {
		id := AuditID(t)
		dir := filepath.Join(root, id)
		err := os.Mkdir(dir, 0o755)
		if errors.Is(err, fs.ErrExist) {
			t = t.Add(time.Second)
			continue
		}
		if err != nil {
			return "", fmt.Errorf("create audit: %w", err)
		}
		for _, sub := range []string{JournalDir, SnapshotsDir, ShotsDir} {
			if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
				return "", fmt.Errorf("create audit: %w", err)
			}
		}
		a.ID, a.Version = id, Version
		if err := WriteAudit(dir, a); err != nil {
			return "", err
		}
		return dir, nil
	}
	return "", fmt.Errorf("create audit in %s: no free audit id near %s", root, AuditID(a.StartedAt))
}

// JoinAudit returns out/audits/<a.ID>/ and the audit recorded there,
// creating the directory with a (an audit begun elsewhere, with its id)
// when it does not exist yet.
func JoinAudit(out string, a *Audit) (string, *Audit, error) {
	if a.ID == "" || a.ID != filepath.Base(a.ID) || strings.HasPrefix(a.ID, ".") {
		return "", nil, fmt.Errorf("join audit: malformed audit id %q", a.ID)
	}
	dir := filepath.Join(out, AuditsDir, a.ID)
	if got, err := ReadAudit(dir); err == nil {
		return dir, got, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", nil, err
	}
	for _, sub := range []string{JournalDir, SnapshotsDir, ShotsDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return "", nil, fmt.Errorf("join audit: %w", err)
		}
	}
	j := *a
	j.Version, j.FinishedAt, j.Interrupted = Version, time.Time{}, nil
	if err := WriteAudit(dir, &j); err != nil {
		return "", nil, err
	}
	return dir, &j, nil
}

// WriteAudit replaces dir/audit.json with a, atomically.
func WriteAudit(dir string, a *Audit) error {
	data, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return fmt.Errorf("write audit %s: %w", dir, err)
	}
	if err := writeFileAtomic(filepath.Join(dir, AuditFile), append(data, '\n')); err != nil {
		return fmt.Errorf("write audit: %w", err)
	}
	return nil
}

// ReadAudit reads dir/audit.json.
func ReadAudit(dir string) (*Audit, error) {
	path := filepath.Join(dir, AuditFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read audit: %w", err)
	}
	var a Audit
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("read audit %s: corrupt data: %w", path, err)
	}
	if a.Version > Version {
		return nil, fmt.Errorf("read audit %s: version %d is newer than this program's %d", path, a.Version, Version)
	}
	return &a, nil
}

// LatestUnfinished returns the directory and description of the newest
// audit under out/audits that has not finished. It returns an error
// wrapping fs.ErrNotExist when there is none.
func LatestUnfinished(out string) (string, *Audit, error) {
	root := filepath.Join(out, AuditsDir)
	entries, err := os.ReadDir(root)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", nil, fmt.Errorf("find unfinished audit: %w", err)
	}
	var ids []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			ids = append(ids, e.Name())
		}
	}
	slices.Sort(ids)
	for _, id := range slices.Backward(ids) {
		dir := filepath.Join(root, id)
		a, err := ReadAudit(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue // not an audit directory
		}
		if err != nil {
			return "", nil, err
		}
		if !a.Finished() {
			return dir, a, nil
		}
	}
	return "", nil, fmt.Errorf("no unfinished audit in %s: %w", root, fs.ErrNotExist)
}

// writeFileAtomic writes data to a temporary file beside path, syncs it and
// renames it over path, so readers see the old or the new file, never half.
func writeFileAtomic(path string, data []byte) error {
	return commitFile(path, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}

// commitFile creates a temporary file beside path, lets write fill it, then
// syncs, renames it over path and syncs the directory.
func commitFile(path string, write func(*os.File) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
