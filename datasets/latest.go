package datasets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// LatestFile is the name of the pointer to the current release, in
// DIR/releases/.
const LatestFile = "latest.json"

// latestPointer is the content of latest.json.
type latestPointer struct {
	ReleaseID    string `json:"release_id"`
	Path         string `json:"path"`
	Datapackage  string `json:"datapackage"`
	Created      string `json:"created"`
	AsOf         string `json:"as_of"`
	RulesVersion string `json:"rules_version"`
}

// LatestID returns the id latest.json points at, or "" if no release was
// published yet.
func LatestID(dir string) (string, error) {
	return readLatest(filepath.Join(dir, "releases"))
}

func readLatest(releases string) (string, error) {
	b, err := os.ReadFile(filepath.Join(releases, LatestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read %s: %w", LatestFile, err)
	}
	return parseLatest(b)
}

// parseLatest returns the release id latest.json's content b names.
func parseLatest(b []byte) (string, error) {
	var p latestPointer
	if err := json.Unmarshal(b, &p); err != nil {
		return "", fmt.Errorf("read %s: %w", LatestFile, err)
	}
	if !ValidReleaseID(p.ReleaseID) {
		return "", fmt.Errorf("read %s: bad release id %q", LatestFile, p.ReleaseID)
	}
	return p.ReleaseID, nil
}

// latestJSON is the content of a latest.json that names the release of
// pkg.
func latestJSON(pkg *DataPackage) ([]byte, error) {
	p := latestPointer{
		ReleaseID: pkg.ReleaseID, Path: pkg.ReleaseID + "/", Datapackage: pkg.ReleaseID + "/datapackage.json",
		Created: pkg.Created, AsOf: pkg.AsOf, RulesVersion: pkg.RulesVersion,
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", LatestFile, err)
	}
	return append(b, '\n'), nil
}

// writeLatest switches latest.json atomically: write a temporary file,
// fsync it, rename it over latest.json, fsync the directory.
func writeLatest(releases string, pkg *DataPackage) error {
	b, err := latestJSON(pkg)
	if err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s%s.%d", tmpPrefix, LatestFile, time.Now().UnixNano())
	if _, err := writeFileSync(releases, tmp, b); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(releases, tmp), filepath.Join(releases, LatestFile)); err != nil {
		os.Remove(filepath.Join(releases, tmp))
		return fmt.Errorf("switch %s: %w", LatestFile, err)
	}
	return syncDir(releases)
}
