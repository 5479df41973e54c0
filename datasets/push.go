package datasets

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// PushRelease copies release id of DIR/releases to the remote under
// releases/<id>/: every file its SHA256SUMS lists, each checked against
// it on the way, then SHA256SUMS itself, so that a reader who finds
// SHA256SUMS there finds the whole release. A release whose SHA256SUMS
// the remote holds already is not copied again (copied is false); a
// different one under the same id is refused (releases are write-once).
func PushRelease(ctx context.Context, dir, id string, to Remote) (copied bool, err error) {
	if !ValidReleaseID(id) {
		return false, fmt.Errorf("push release %q: not a release id", id)
	}
	rdir := filepath.Join(dir, releasesDir, id)
	local, err := os.ReadFile(filepath.Join(rdir, SumsFile))
	if err != nil {
		return false, fmt.Errorf("push release %s: %w", id, err)
	}
	sums, err := parseSums(local)
	if err != nil {
		return false, fmt.Errorf("push release %s: %w", id, err)
	}
	switch there, err := readRemote(ctx, to, releaseKey(id, SumsFile)); {
	case err == nil && bytes.Equal(there, local):
		return false, nil
	case err == nil:
		return false, fmt.Errorf("push release %s: %s in %s differs from the local one: another release was published under its id (releases are write-once)",
			id, releaseKey(id, SumsFile), to)
	case !errors.Is(err, fs.ErrNotExist):
		return false, fmt.Errorf("push release %s to %s: %w", id, to, err)
	}
	for _, name := range slices.Sorted(maps.Keys(sums)) {
		if err := putVerified(ctx, to, releaseKey(id, name), filepath.Join(rdir, name), sums[name]); err != nil {
			return false, fmt.Errorf("push release %s to %s: %w", id, to, err)
		}
	}
	if err := to.Put(ctx, releaseKey(id, SumsFile), bytes.NewReader(local)); err != nil {
		return false, fmt.Errorf("push release %s to %s: %w", id, to, err)
	}
	return true, nil
}

// putVerified puts the file at path under key and checks that what was
// read had the SHA-256 want. A mismatch is found after the put: the
// object stays, but no SHA256SUMS in the remote lists it yet.
func putVerified(ctx context.Context, to Remote, key, path, want string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if err := to.Put(ctx, key, io.TeeReader(f, h)); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("%s: checksum mismatch (sha256 %s, want %s): the local release is damaged", key, got, want)
	}
	return nil
}

// PushLatest points the remote's releases/latest.json at release id of
// DIR, with the content DIR's own latest.json has when it names id. The
// release must be in the remote whole already (PushRelease). A remote
// latest.json that names a newer release is left alone and that release
// returned: release ids grow with time, and a slower publisher must not
// take the remote back.
func PushLatest(ctx context.Context, dir, id string, to Remote) (kept string, err error) {
	if !ValidReleaseID(id) {
		return "", fmt.Errorf("push %s: %q is not a release id", latestKey, id)
	}
	rdir := filepath.Join(dir, releasesDir, id)
	if err := inRemote(ctx, to, rdir, id); err != nil {
		return "", fmt.Errorf("push %s: %w", latestKey, err)
	}
	pkg, err := readPackage(rdir)
	var want []byte
	if err == nil {
		want, err = latestJSON(pkg)
	}
	if err != nil {
		return "", fmt.Errorf("push %s: release %s: %w", latestKey, id, err)
	}
	switch cur, err := readRemote(ctx, to, latestKey); {
	case err == nil:
		if bytes.Equal(cur, want) {
			return "", nil
		}
		if curID, perr := parseLatest(cur); perr == nil && curID > id {
			return curID, nil
		}
	case !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("push %s to %s: %w", latestKey, to, err)
	}
	if err := to.Put(ctx, latestKey, bytes.NewReader(want)); err != nil {
		return "", fmt.Errorf("push %s to %s: %w", latestKey, to, err)
	}
	return "", nil
}

// inRemote checks that the remote holds release id of rdir whole: its
// SHA256SUMS, the same as the local one.
func inRemote(ctx context.Context, to Remote, rdir, id string) error {
	local, err := os.ReadFile(filepath.Join(rdir, SumsFile))
	if err != nil {
		return fmt.Errorf("release %s: %w", id, err)
	}
	there, err := readRemote(ctx, to, releaseKey(id, SumsFile))
	if err == nil && !bytes.Equal(there, local) {
		err = fmt.Errorf("%s differs from the local one", releaseKey(id, SumsFile))
	}
	if err != nil {
		return fmt.Errorf("release %s is not in %s whole (push it first): %w", id, to, err)
	}
	return nil
}
