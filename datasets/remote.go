package datasets

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Remote is shared storage of files by key, where releases are published
// for other machines and pulled from: a directory or an S3 bucket
// (crawler/objstore's Store is one). Releases keep their local layout
// there, releases/<release_id>/<file> and releases/latest.json. datasets
// reaches storage only through this interface: publishing itself never
// touches the network.
type Remote interface {
	// Put stores what r yields under key, replacing any earlier file;
	// readers see the old file or the new one, whole. Errors name the key.
	Put(ctx context.Context, key string, r io.Reader) error
	// Get opens the file under key; an error wrapping fs.ErrNotExist
	// says there is none. Errors name the key.
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	// List returns the keys that begin with prefix, sorted.
	List(ctx context.Context, prefix string) ([]string, error)
	// String names the storage in messages (no credentials).
	String() string
}

// releasesDir holds the releases, in a data directory and in a Remote.
const releasesDir = "releases"

// latestKey is the key of latest.json in a Remote.
const latestKey = releasesDir + "/" + LatestFile

// releaseKey is the key of a file of release id in a Remote.
func releaseKey(id, name string) string { return releasesDir + "/" + id + "/" + name }

// maxManifest bounds what is read whole from a Remote: latest.json and a
// release's SHA256SUMS.
const maxManifest = 1 << 20

// readRemote reads a manifest of the remote whole.
func readRemote(ctx context.Context, from Remote, key string) ([]byte, error) {
	rc, err := from.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxManifest+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	if len(b) > maxManifest {
		return nil, fmt.Errorf("read %s: larger than %d bytes", key, maxManifest)
	}
	return b, nil
}

// RemoteReleases returns the release the remote's releases/latest.json
// names, and the releases of the remote a reader may take, oldest first:
// those whose SHA256SUMS is there (it is put after the files it lists)
// and that are not newer than latest (a newer one is being published, or
// its publication stopped before latest.json). A remote without
// latest.json gives an error wrapping fs.ErrNotExist.
func RemoteReleases(ctx context.Context, from Remote) (latest string, ids []string, err error) {
	b, err := readRemote(ctx, from, latestKey)
	if err == nil {
		latest, err = parseLatest(b)
	}
	if err != nil {
		return "", nil, fmt.Errorf("releases of %s: %w", from, err)
	}
	keys, err := from.List(ctx, releasesDir+"/")
	if err != nil {
		return "", nil, fmt.Errorf("releases of %s: %w", from, err)
	}
	for _, k := range keys {
		id, name, _ := strings.Cut(strings.TrimPrefix(k, releasesDir+"/"), "/")
		if name == SumsFile && ValidReleaseID(id) && id <= latest {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	if !slices.Contains(ids, latest) {
		return "", nil, fmt.Errorf("releases of %s: %s names release %s, which has no %s there", from, latestKey, latest, SumsFile)
	}
	return latest, ids, nil
}

// readPackage reads the datapackage.json of the release in rdir, without
// verifying it.
func readPackage(rdir string) (*DataPackage, error) {
	b, err := os.ReadFile(filepath.Join(rdir, PackageFile))
	if err != nil {
		return nil, err
	}
	var pkg DataPackage
	if err := json.Unmarshal(b, &pkg); err != nil {
		return nil, fmt.Errorf("%s: %w", PackageFile, err)
	}
	return &pkg, nil
}
