package datasets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gongkai/crawler/objstore"
)

// spyRemote is a Remote that records the keys put and fails the puts of
// the keys in fail.
type spyRemote struct {
	Remote
	mu   sync.Mutex
	puts []string
	fail map[string]error
}

func (s *spyRemote) Put(ctx context.Context, key string, r io.Reader) error {
	s.mu.Lock()
	s.puts = append(s.puts, key)
	err := s.fail[key]
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	return s.Remote.Put(ctx, key, r)
}

// sharedReleases is a data directory with two releases, a remote in a
// directory and a second data directory to pull into.
type sharedReleases struct {
	src, dst string
	store    string // the remote's directory
	remote   *spyRemote
	r1, r2   string
}

func newSharedReleases(t *testing.T) *sharedReleases {
	t.Helper()
	s := &sharedReleases{src: t.TempDir(), dst: t.TempDir(), store: t.TempDir()}
	s.r1 = publishFixture(t, s.src, fixture(2, 4), PublishOptions{})
	s.r2 = publishFixture(t, s.src, fixture(3, 4), PublishOptions{Created: testCreated.Add(time.Hour)})
	st, err := objstore.Open(context.Background(), s.store)
	if err != nil {
		t.Fatal(err)
	}
	s.remote = &spyRemote{Remote: st}
	return s
}

// push pushes the releases ids and points latest.json at the last.
func (s *sharedReleases) push(t *testing.T, ids ...string) {
	t.Helper()
	ctx := context.Background()
	for _, id := range ids {
		if _, err := PushRelease(ctx, s.src, id, s.remote); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := PushLatest(ctx, s.src, ids[len(ids)-1], s.remote); err != nil {
		t.Fatal(err)
	}
}

// pull copies what RemoteReleases offers into dst and switches its
// latest.json, as gongkai pull does.
func (s *sharedReleases) pull(ctx context.Context) (latest string, err error) {
	latest, ids, err := RemoteReleases(ctx, s.remote)
	if err != nil {
		return "", err
	}
	for _, id := range ids {
		if _, err := PullRelease(ctx, s.remote, s.dst, id, slog.New(slog.DiscardHandler)); err != nil {
			return "", err
		}
	}
	return latest, SwitchLatest(ctx, s.dst, latest)
}

// files returns every file under dir/releases by relative path, but the
// publishers' lock.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	root := filepath.Join(dir, "releases")
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || e.Name() == ".lock" {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		out[rel] = string(mustRead(t, path))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPushPullRoundTrip: releases pushed to a remote and pulled into
// another directory are byte-identical there, latest.json too, and load;
// pushing and pulling again copies nothing.
func TestPushPullRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSharedReleases(t)
	s.push(t, s.r1, s.r2)
	latest, err := s.pull(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if latest != s.r2 {
		t.Errorf("latest %s, want %s", latest, s.r2)
	}
	if diff := cmp.Diff(files(t, s.src), files(t, s.dst)); diff != "" {
		t.Errorf("pulled releases differ (-published +pulled):\n%s", diff)
	}
	if rel, err := Load(s.dst, "latest"); err != nil || rel.ID != s.r2 {
		t.Errorf("Load of the pulled latest: %v", err)
	}

	s.remote.puts = nil
	for _, id := range []string{s.r1, s.r2} {
		if copied, err := PushRelease(ctx, s.src, id, s.remote); copied || err != nil {
			t.Errorf("push %s again: copied %v, %v", id, copied, err)
		}
	}
	if kept, err := PushLatest(ctx, s.src, s.r2, s.remote); kept != "" || err != nil {
		t.Errorf("push latest again: kept %q, %v", kept, err)
	}
	if len(s.remote.puts) != 0 {
		t.Errorf("pushing again wrote %v", s.remote.puts)
	}
	if copied, err := PullRelease(ctx, s.remote, s.dst, s.r2, slog.New(slog.DiscardHandler)); copied || err != nil {
		t.Errorf("pull again: copied %v, %v", copied, err)
	}
}

// TestPullRefusesDamage: a release damaged in the remote is not pulled:
// the error names the key, nothing of it is left in the data directory,
// and latest.json still names the release pulled before.
func TestPullRefusesDamage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, rdir string)
		want   string
	}{
		{"corrupted object", func(t *testing.T, rdir string) { flip(t, rdir, "findings.parquet") }, "findings.parquet: checksum mismatch"},
		{"truncated object", func(t *testing.T, rdir string) { truncate(t, rdir, "sites.csv") }, "sites.csv: checksum mismatch"},
		{"missing object", func(t *testing.T, rdir string) { remove(t, rdir, "scores.csv.gz") }, "scores.csv.gz"},
		{"datapackage listed nowhere", func(t *testing.T, rdir string) {
			b := strings.ReplaceAll(string(mustRead(t, filepath.Join(rdir, SumsFile))), "datapackage.json", "other.json")
			write(t, rdir, SumsFile, b)
			write(t, rdir, "other.json", string(mustRead(t, filepath.Join(rdir, PackageFile))))
		}, "datapackage.json"},
		{"bad sums line", func(t *testing.T, rdir string) { write(t, rdir, SumsFile, "nonsense\n") }, "SHA256SUMS line 1: malformed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := newSharedReleases(t)
			s.push(t, s.r1)
			if _, err := s.pull(ctx); err != nil {
				t.Fatal(err)
			}
			s.push(t, s.r2)
			tc.damage(t, filepath.Join(s.store, "releases", s.r2))
			_, err := s.pull(ctx)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), s.r2) {
				t.Fatalf("pull: %v, want an error naming release %s and %q", err, s.r2, tc.want)
			}
			if id, err := LatestID(s.dst); id != s.r1 || err != nil {
				t.Errorf("latest.json names %q (%v), want the release pulled before, %s", id, err, s.r1)
			}
			entries, err := os.ReadDir(filepath.Join(s.dst, "releases"))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if want := []string{".lock", s.r1, LatestFile}; !slices.Equal(names, want) {
				t.Errorf("after the failed pull the data directory holds %v, want %v", names, want)
			}
		})
	}
}

// TestPullSeesOnlyFinishedPublications: a publication that stopped
// before latest.json (every file and SHA256SUMS of the new release put),
// and one that stopped before SHA256SUMS, are not pulled.
func TestPullSeesOnlyFinishedPublications(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSharedReleases(t)
	s.push(t, s.r1)
	if _, err := PushRelease(ctx, s.src, s.r2, s.remote); err != nil {
		t.Fatal(err)
	}
	latest, ids, err := RemoteReleases(ctx, s.remote)
	if err != nil || latest != s.r1 || !slices.Equal(ids, []string{s.r1}) {
		t.Fatalf("remote releases: %s %v %v, want only %s", latest, ids, err, s.r1)
	}
	// The older release half put, the newer one whole: the older is skipped.
	os.Remove(filepath.Join(s.store, "releases", s.r1, SumsFile))
	s.push(t, s.r2)
	if latest, ids, err = RemoteReleases(ctx, s.remote); err != nil || latest != s.r2 || !slices.Equal(ids, []string{s.r2}) {
		t.Errorf("remote releases: %s %v %v, want only %s", latest, ids, err, s.r2)
	}
	empty, _ := objstore.Open(ctx, t.TempDir())
	if _, _, err := RemoteReleases(ctx, empty); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("remote without latest.json: %v, want fs.ErrNotExist", err)
	}
}

// TestPushFailures: a failed put is an error naming the release and the
// key and wrapping the cause, and the remote's latest.json is not
// switched to a release it does not hold whole; a damaged local release
// is not listed in the remote; a newer remote latest.json is kept; a
// different release under a pushed id is refused.
func TestPushFailures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSharedReleases(t)
	s.push(t, s.r1)

	injected := errors.New("connection reset")
	key := "releases/" + s.r2 + "/findings.parquet"
	s.remote.fail = map[string]error{key: injected}
	_, err := PushRelease(ctx, s.src, s.r2, s.remote)
	if !errors.Is(err, injected) || !strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), "push release "+s.r2) {
		t.Errorf("push with a failing put: %v", err)
	}
	if _, err := PushLatest(ctx, s.src, s.r2, s.remote); err == nil || !strings.Contains(err.Error(), "not in") {
		t.Errorf("latest.json pushed for a release not in the remote: %v", err)
	}
	if latest, _, _ := RemoteReleases(ctx, s.remote); latest != s.r1 {
		t.Errorf("remote latest %s, want %s", latest, s.r1)
	}
	s.remote.fail = nil

	flip(t, filepath.Join(s.src, "releases", s.r2), "pages.parquet")
	if _, err := PushRelease(ctx, s.src, s.r2, s.remote); err == nil || !strings.Contains(err.Error(), "pages.parquet: checksum mismatch") {
		t.Errorf("push of a damaged release: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.store, "releases", s.r2, SumsFile)); err == nil {
		t.Error("a damaged release was listed in the remote")
	}

	newer := publishFixture(t, s.src, fixture(1, 1), PublishOptions{Created: testCreated.Add(2 * time.Hour)})
	s.push(t, newer)
	if kept, err := PushLatest(ctx, s.src, s.r1, s.remote); kept != newer || err != nil {
		t.Errorf("push of an older latest: kept %q, %v; want %s kept", kept, err, newer)
	}

	other := t.TempDir()
	publishFixture(t, other, fixture(4, 1), PublishOptions{})
	if _, err := PushRelease(ctx, other, s.r1, s.remote); err == nil || !strings.Contains(err.Error(), "write-once") {
		t.Errorf("push of another release under id %s: %v", s.r1, err)
	}
}
