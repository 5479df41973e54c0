package datasets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// PullRelease copies release id of the remote into DIR/releases/<id>/
// unless DIR has it already (copied is false). The files its SHA256SUMS
// lists are downloaded into a temporary directory of DIR/releases, each
// checked against SHA256SUMS (a missing or altered file fails, naming its
// key), with nothing else beside them; the directory is then synced and
// renamed into place, so DIR never holds part of a release. It takes
// DIR's publisher lock, as a publication does, and removes what an
// interrupted one left.
func PullRelease(ctx context.Context, from Remote, dir, id string, log *slog.Logger) (copied bool, err error) {
	if !ValidReleaseID(id) {
		return false, fmt.Errorf("pull release %q: not a release id", id)
	}
	releases := filepath.Join(dir, releasesDir)
	final := filepath.Join(releases, id)
	if _, err := os.Lstat(final); err == nil {
		return false, nil
	}
	if err := os.MkdirAll(releases, 0o755); err != nil {
		return false, fmt.Errorf("pull release %s: %w", id, err)
	}
	lock, err := lockReleases(ctx, releases)
	if err != nil {
		return false, fmt.Errorf("pull release %s: %w", id, err)
	}
	defer lock.unlock()
	if _, err := os.Lstat(final); err == nil {
		return false, nil // pulled by another while we waited
	}
	if err := cleanStale(releases, log); err != nil {
		return false, fmt.Errorf("pull release %s: %w", id, err)
	}
	tmp := filepath.Join(releases, tmpPrefix+id)
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return false, fmt.Errorf("pull release %s: %w", id, err)
	}
	err = fetchRelease(ctx, from, id, tmp)
	if err == nil {
		err = renameNoReplace(tmp, final)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return false, fmt.Errorf("pull release %s from %s: %w", id, from, err)
	}
	if err := syncDir(releases); err != nil {
		return false, fmt.Errorf("pull release %s: %w", id, err)
	}
	return true, nil
}

// fetchRelease downloads release id of the remote into tmp, verifies it
// whole and syncs it.
func fetchRelease(ctx context.Context, from Remote, id, tmp string) error {
	sumsData, err := readRemote(ctx, from, releaseKey(id, SumsFile))
	if err != nil {
		return err
	}
	sums, err := parseSums(sumsData)
	if err != nil {
		return fmt.Errorf("%s: %w", releaseKey(id, SumsFile), err)
	}
	var files []File
	for _, name := range slices.Sorted(maps.Keys(sums)) {
		f, err := fetchVerified(ctx, from, releaseKey(id, name), tmp, name, sums[name])
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	if _, err := writeFileSync(tmp, SumsFile, sumsData); err != nil {
		return err
	}
	pkg, err := readPackage(tmp)
	if err == nil && pkg.ReleaseID != id {
		err = fmt.Errorf("%s names release %q", PackageFile, pkg.ReleaseID)
	}
	if err == nil {
		// Every digest was checked on the way: this checks the set of files.
		err = verifyFiles(tmp, sums, pkg, keySet(sums))
	}
	if err != nil {
		return fmt.Errorf("release %s: %w", id, err)
	}
	if err := syncFiles(tmp, files); err != nil {
		return err
	}
	return syncDir(tmp)
}

// fetchVerified downloads key into dir/name and checks that its SHA-256
// is want.
func fetchVerified(ctx context.Context, from Remote, key, dir, name, want string) (File, error) {
	if err := ctx.Err(); err != nil {
		return File{}, err
	}
	rc, err := from.Get(ctx, key)
	if err != nil {
		return File{}, err
	}
	defer rc.Close()
	o, err := createOut(dir, name)
	if err != nil {
		return File{}, err
	}
	if _, err := io.Copy(o, rc); err != nil {
		o.abort()
		return File{}, fmt.Errorf("fetch %s: %w", key, err)
	}
	f, err := o.finish()
	if err != nil {
		return File{}, err
	}
	if f.SHA256 != want {
		return File{}, fmt.Errorf("%s: checksum mismatch (sha256 %s, want %s)", key, f.SHA256, want)
	}
	return f, nil
}

// keySet returns the keys of m as a set.
func keySet(m map[string]string) map[string]bool {
	set := make(map[string]bool, len(m))
	for k := range m {
		set[k] = true
	}
	return set
}

// SwitchLatest points DIR/releases/latest.json at release id, which must
// be published in DIR (PullRelease), atomically and under DIR's publisher
// lock: how a copy of another machine's releases follows that machine's
// latest.json.
func SwitchLatest(ctx context.Context, dir, id string) error {
	if !ValidReleaseID(id) {
		return fmt.Errorf("switch %s: %q is not a release id", LatestFile, id)
	}
	releases := filepath.Join(dir, releasesDir)
	lock, err := lockReleases(ctx, releases)
	if err != nil {
		return fmt.Errorf("switch %s: %w", LatestFile, err)
	}
	defer lock.unlock()
	pkg, err := readPackage(filepath.Join(releases, id))
	if err == nil && pkg.ReleaseID != id {
		err = fmt.Errorf("%s names release %q", PackageFile, pkg.ReleaseID)
	}
	if errors.Is(err, fs.ErrNotExist) {
		err = fmt.Errorf("release %s is not published in %s", id, releases)
	}
	if err != nil {
		return fmt.Errorf("switch %s: %w", LatestFile, err)
	}
	return writeLatest(releases, pkg)
}
