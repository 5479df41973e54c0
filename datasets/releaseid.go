package datasets

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// releaseIDPattern is the shape of a release id: the UTC creation second
// and a sequence number within that second, e.g. 20261123T023000Z-001.
// Ids sort by creation time as plain strings.
var releaseIDPattern = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}Z-[0-9]{3}$`)

// ValidReleaseID reports whether id has the shape of a release id.
func ValidReleaseID(id string) bool { return releaseIDPattern.MatchString(id) }

const tmpPrefix = ".tmp-"

// nextReleaseID returns the first unused id for the second of t, looking
// at the published releases and the temporary directories in releases.
func nextReleaseID(releases string, t time.Time) (string, error) {
	base := t.UTC().Format("20060102T150405Z") + "-"
	entries, err := os.ReadDir(releases)
	if err != nil {
		return "", fmt.Errorf("list %s: %w", releases, err)
	}
	seq := 0
	for _, e := range entries {
		name := strings.TrimPrefix(e.Name(), tmpPrefix)
		if ValidReleaseID(name) && strings.HasPrefix(name, base) {
			n, _ := strconv.Atoi(name[len(base):])
			seq = max(seq, n)
		}
	}
	if seq >= 999 {
		return "", fmt.Errorf("release id: more than 999 releases in second %s", base[:len(base)-1])
	}
	return fmt.Sprintf("%s%03d", base, seq+1), nil
}
