package datasets

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// ReleaseSummary summarises one published release.
type ReleaseSummary struct {
	ID           string    `json:"release_id"`
	Created      time.Time `json:"created"`
	AsOf         string    `json:"as_of"`
	RulesVersion string    `json:"rules_version"`
	AuditID      string    `json:"audit_id"`
	Latest       bool      `json:"latest"`
	// Error is set when datapackage.json could not be read.
	Error string `json:"error,omitempty"`
}

// ListReleases lists the published releases in DIR/releases, oldest
// first. It reads each datapackage.json but verifies no checksum.
func ListReleases(dir string) ([]ReleaseSummary, error) {
	releases := filepath.Join(dir, "releases")
	entries, err := os.ReadDir(releases)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list releases: %w", err)
	}
	latest, _ := readLatest(releases)
	var out []ReleaseSummary
	for _, e := range entries {
		if !e.IsDir() || !ValidReleaseID(e.Name()) {
			continue
		}
		info := ReleaseSummary{ID: e.Name(), Latest: e.Name() == latest}
		pkg, err := readPackage(filepath.Join(releases, e.Name()))
		if err != nil {
			info.Error = err.Error()
		} else {
			info.Created, _ = time.Parse(time.RFC3339, pkg.Created)
			info.AsOf, info.RulesVersion, info.AuditID = pkg.AsOf, pkg.RulesVersion, pkg.AuditID
		}
		out = append(out, info)
	}
	return out, nil
}
