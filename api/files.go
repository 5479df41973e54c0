package api

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"gongkai/datasets"
)

// errNoFile is returned for a file a release does not list.
var errNoFile = errors.New("no such file in the release")

// errDamaged is returned for a file whose content no longer matches its
// checksum.
var errDamaged = errors.New("file damaged: checksum mismatch")

// fileSet is what the server knows of one release's files: the names and
// digests of SHA256SUMS (the only files it serves) and the creation time.
// A release is write-once, so a fileSet never goes stale; each file is
// hashed once, on its first download, unless the release was verified
// whole when it was loaded.
type fileSet struct {
	id      string
	root    *os.Root // DIR/releases: opening through it refuses symlinks out of it
	sums    map[string]string
	created time.Time

	mu       sync.Mutex
	verified map[string]bool
}

// files keeps the fileSets of the releases asked for.
type files struct {
	root *os.Root // DIR/releases, or nil while it does not exist
	dir  string

	mu   sync.Mutex
	sets map[string]*fileSet
}

func newFiles(dataDir string) *files {
	return &files{dir: filepath.Join(dataDir, "releases"), sets: map[string]*fileSet{}}
}

// release returns the fileSet of release id, reading its SHA256SUMS on
// first use. A release whose id is malformed or that does not exist is
// errNoFile.
func (f *files) release(id string, verified *Release) (*fileSet, error) {
	if !datasets.ValidReleaseID(id) {
		return nil, errNoFile
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok := f.sets[id]; ok {
		return s, nil
	}
	if f.root == nil {
		r, err := os.OpenRoot(f.dir)
		if err != nil {
			return nil, errNoFile
		}
		f.root = r
	}
	s, err := readFileSet(f.root, id)
	if err != nil {
		return nil, err
	}
	if verified != nil && verified.ID == id {
		for name := range s.sums {
			s.verified[name] = true
		}
	}
	f.sets[id] = s
	return s, nil
}

// readFileSet reads id/SHA256SUMS and id/datapackage.json's creation time.
func readFileSet(root *os.Root, id string) (*fileSet, error) {
	b, err := root.ReadFile(id + "/" + datasets.SumsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNoFile
	}
	if err != nil {
		return nil, fmt.Errorf("release %s: %w", id, err)
	}
	s := &fileSet{id: id, root: root, sums: map[string]string{}, verified: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 || strings.ContainsAny(name, `/\`) || name == "" {
			return nil, fmt.Errorf("release %s: malformed %s", id, datasets.SumsFile)
		}
		s.sums[name] = sum
	}
	var pkg struct {
		Created time.Time `json:"created"`
	}
	if pb, err := root.ReadFile(id + "/" + datasets.PackageFile); err == nil {
		_ = json.Unmarshal(pb, &pkg)
	}
	s.created = pkg.Created
	return s, nil
}

// open opens a file of the release for reading, checking on first use
// that its content matches SHA256SUMS. SHA256SUMS itself is served too.
func (s *fileSet) open(name string) (*os.File, string, error) {
	sum, listed := s.sums[name]
	if !listed && name != datasets.SumsFile {
		return nil, "", errNoFile
	}
	f, err := s.root.Open(s.id + "/" + name)
	if err != nil {
		// Missing, or a symlink out of the releases directory (os.Root
		// refuses to follow it): either way there is nothing to serve.
		return nil, "", fmt.Errorf("open %s/%s: %w (%w)", s.id, name, errNoFile, err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, "", errNoFile
	}
	if name == datasets.SumsFile {
		h, err := hashReader(f)
		if err != nil {
			f.Close()
			return nil, "", err
		}
		return f, h, rewind(f)
	}
	if err := s.verify(name, sum, f); err != nil {
		f.Close()
		return nil, "", err
	}
	return f, sum, nil
}

// verify hashes f once per file name and compares with sum.
func (s *fileSet) verify(name, sum string, f *os.File) error {
	s.mu.Lock()
	ok := s.verified[name]
	s.mu.Unlock()
	if ok {
		return nil
	}
	got, err := hashReader(f)
	if err != nil {
		return err
	}
	if got != sum {
		return fmt.Errorf("%s/%s: %w", s.id, name, errDamaged)
	}
	s.mu.Lock()
	s.verified[name] = true
	s.mu.Unlock()
	return rewind(f)
}

func hashReader(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func rewind(f *os.File) error {
	_, err := f.Seek(0, io.SeekStart)
	return err
}
