package api

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gongkai/datasets"
)

// archive keeps what the API reads of every release, current or older:
// each site's score and grade (for histories) and the changes table. A
// release is loaded once, verified, and kept; releases are write-once.
type archive struct {
	dir string

	mu       sync.Mutex
	releases map[string]*archived
	// listed caches ListReleases until the releases directory changes.
	listed   []datasets.ReleaseSummary
	listedAt time.Time
}

// list returns the published releases, oldest first (datasets.ListReleases,
// read again only when DIR/releases or latest.json changed).
func (a *archive) list() ([]datasets.ReleaseSummary, error) {
	rdir := filepath.Join(a.dir, "releases")
	mod := time.Time{}
	for _, p := range []string{rdir, filepath.Join(rdir, datasets.LatestFile)} {
		if fi, err := os.Stat(p); err == nil && fi.ModTime().After(mod) {
			mod = fi.ModTime()
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.listed != nil && mod.Equal(a.listedAt) && !mod.IsZero() {
		return a.listed, nil
	}
	list, err := datasets.ListReleases(a.dir)
	if err != nil {
		return nil, err
	}
	if list == nil {
		list = []datasets.ReleaseSummary{}
	}
	a.listed, a.listedAt = list, mod
	return list, nil
}

// archived is one release as the archive keeps it.
type archived struct {
	once    sync.Once
	err     error
	asOf    string
	sites   map[string]HistoryPoint
	changes []datasets.ChangeRow
}

func newArchive(dir string) *archive {
	return &archive{dir: dir, releases: map[string]*archived{}}
}

// put records a release the server loaded (and verified): its history
// points and changes need no second load.
func (a *archive) put(r *Release) {
	ar := &archived{asOf: r.Package.AsOf, changes: r.Changes, sites: make(map[string]HistoryPoint, len(r.Sites))}
	for _, s := range r.Sites {
		ar.sites[s.SiteID] = HistoryPoint{ReleaseID: r.ID, AsOf: ar.asOf, Score: s.Score, Grade: s.Grade, Veto: s.Veto}
	}
	ar.once.Do(func() {})
	a.mu.Lock()
	if _, ok := a.releases[r.ID]; !ok {
		a.releases[r.ID] = ar
	}
	a.mu.Unlock()
}

// get returns release id, loading it on first use; errNoFile when there
// is no such release.
func (a *archive) get(id string) (*archived, error) {
	if !datasets.ValidReleaseID(id) {
		return nil, errNoFile
	}
	if _, err := os.Stat(filepath.Join(a.dir, "releases", id)); err != nil {
		return nil, errNoFile
	}
	a.mu.Lock()
	r := a.releases[id]
	if r == nil {
		r = &archived{}
		a.releases[id] = r
	}
	a.mu.Unlock()
	r.once.Do(func() { r.err = r.load(a.dir, id) })
	return r, r.err
}

func (r *archived) load(dir, id string) error {
	rel, err := datasets.Load(dir, id, datasets.TableSites, datasets.TableChanges)
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	r.asOf = rel.Package.AsOf
	r.changes = rel.Changes
	r.sites = make(map[string]HistoryPoint, len(rel.Sites))
	for _, s := range rel.Sites {
		r.sites[s.SiteID] = HistoryPoint{ReleaseID: id, AsOf: r.asOf, Score: s.Score, Grade: s.Grade, Veto: s.Veto}
	}
	return nil
}

// history returns a site's score in every release that has it, oldest
// first. A release that cannot be read is left out (and logged).
func (s *Server) history(siteID string) ([]HistoryPoint, error) {
	list, err := s.archive.list()
	if err != nil {
		return nil, err
	}
	out := []HistoryPoint{}
	for _, info := range list {
		a, err := s.archive.get(info.ID)
		if err != nil {
			s.log.Warn("history: release left out", "release", info.ID, "err", err)
			continue
		}
		if p, ok := a.sites[siteID]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}
