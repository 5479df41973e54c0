package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"gongkai/api"
	"gongkai/crawler/objstore"
	"gongkai/datasets"
)

// startFakeS3 serves the S3 protocol on loopback (gofakes3) with one
// bucket and returns its backend and host:port.
func startFakeS3(t *testing.T, bucket string) (*s3mem.Backend, string) {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	return backend, strings.TrimPrefix(srv.URL, "http://")
}

// sharedStores are the storage kinds releases are published to: a
// directory, and S3 on loopback (its credentials in this process's
// environment, so the tests using it are not parallel).
var sharedStores = []struct {
	name string
	url  func(t *testing.T) string
}{
	{"dir", func(t *testing.T) string { return filepath.Join(t.TempDir(), "store") }},
	{"s3", func(t *testing.T) string {
		_, host := startFakeS3(t, "gongkai")
		t.Setenv("AWS_ACCESS_KEY_ID", "test")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
		return "s3://gongkai/portal?secure=false&endpoint=" + host
	}},
}

// gongkaiRun runs gongkai in this process and returns its exit code,
// standard output and standard error.
func gongkaiRun(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// gongkaiOK runs gongkai in this process, fails the test if it exits
// non-zero, and returns its standard output.
func gongkaiOK(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := gongkaiRun(args...)
	if code != 0 {
		t.Fatalf("gongkai %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout
}

// auditOnce audits one tiny loopback site into a new output directory
// (with a screenshot added to its audit, as --render would leave) and
// returns the directory.
func auditOnce(t *testing.T, extra ...string) string {
	t.Helper()
	site := newTinySite(t, "a", false)
	out := t.TempDir()
	sites := filepath.Join(out, "sites.csv")
	if err := os.WriteFile(sites, []byte("site_id,name,url\na,甲县,"+site.srv.URL+"/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gongkaiOK(t, append([]string{"audit", "--sites", sites, "--out", out, "--as-of", "2026-11-20",
		"--render", "never", "--allow-private", "--rate", "0", "--max-pages", "5"}, extra...)...)
	audits, err := filepath.Glob(filepath.Join(out, "audits", "*", "audit.json"))
	if err != nil || len(audits) != 1 {
		t.Fatalf("audits: %v %v", audits, err)
	}
	shot := filepath.Join(filepath.Dir(audits[0]), "shots", "a", "0123456789abcdef.png")
	if err := os.MkdirAll(filepath.Dir(shot), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(shot, []byte("\x89PNG not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// tree returns the files under root by path relative to it, but the
// publishers' lock and the sites file.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || e.Name() == ".lock" || e.Name() == "sites.csv" {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// published keeps of tree what gongkai pull copies: the releases, and
// the audit's audit.json and screenshots.
func published(files map[string]string) map[string]string {
	out := map[string]string{}
	for p, b := range files {
		if strings.HasPrefix(p, "releases/") || strings.HasSuffix(p, "/audit.json") || strings.Contains(p, "/shots/") {
			out[p] = b
		}
	}
	return out
}

// serving returns the release gongkai serve's store loads from data.
func serving(t *testing.T, data string) string {
	t.Helper()
	srv, err := api.New(t.Context(), api.Options{Data: data, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if cur := srv.Store().Current(); cur != nil {
		return cur.ID
	}
	return ""
}

// TestPublishAndPull: gongkai audit --publish and rescore --publish copy
// the releases to shared storage (a directory; S3 on loopback); gongkai
// pull copies them into a fresh data directory byte for byte, releases,
// latest.json, audit.json and screenshots, and gongkai serve's store
// serves the latest. Publishing and pulling again copy nothing.
func TestPublishAndPull(t *testing.T) {
	for _, tc := range sharedStores {
		t.Run(tc.name, func(t *testing.T) {
			url := tc.url(t)
			out := auditOnce(t, "--publish", url)
			gongkaiOK(t, "rescore", "--out", out, "--as-of", "2026-12-01", "--publish", url)
			latest, err := datasets.LatestID(out)
			if err != nil {
				t.Fatal(err)
			}
			data := t.TempDir()
			got := gongkaiOK(t, "pull", "--from", url, "--data", data)
			if n := strings.Count(got, "pulled release"); n != 2 || !strings.Contains(got, "latest  "+latest) {
				t.Errorf("pull printed %q: want 2 releases pulled, latest %s", got, latest)
			}
			want := published(tree(t, out))
			if diff := cmp.Diff(want, tree(t, data)); diff != "" {
				t.Errorf("pulled files differ from the published ones (-published +pulled):\n%s", diff)
			}
			if id := serving(t, data); id != latest {
				t.Errorf("serve's store loads %q from the pulled data, want %s", id, latest)
			}
			if got := gongkaiOK(t, "push", "--out", out, "--to", url); !strings.Contains(got, "(releases copied: 0, already there: 2)") {
				t.Errorf("push again: %q", got)
			}
			if got := gongkaiOK(t, "pull", "--from", url, "--data", data); got != "" {
				t.Errorf("pull again: %q, want nothing done", got)
			}
		})
	}
}

// TestPullKeepsTheLastGoodRelease: a publication that stopped before
// latest.json is not pulled; a release damaged in the store fails the
// pull, naming the file, and the data directory keeps serving the
// release it had.
func TestPullKeepsTheLastGoodRelease(t *testing.T) {
	for _, tc := range sharedStores {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			url := tc.url(t)
			out := auditOnce(t, "--publish", url)
			good, _ := datasets.LatestID(out)
			data := t.TempDir()
			gongkaiOK(t, "pull", "--from", url, "--data", data)

			gongkaiOK(t, "rescore", "--out", out, "--as-of", "2026-12-01")
			next, _ := datasets.LatestID(out)
			st, err := objstore.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := datasets.PushRelease(ctx, out, next, st); err != nil {
				t.Fatal(err)
			}
			if got := gongkaiOK(t, "pull", "--from", url, "--data", data); got != "" {
				t.Errorf("pull of an unfinished publication: %q, want nothing done", got)
			}
			if _, err := os.Stat(filepath.Join(data, "releases", next)); err == nil {
				t.Errorf("release %s pulled before latest.json named it", next)
			}

			key := "releases/" + next + "/findings.parquet"
			if err := st.Put(ctx, key, strings.NewReader("not parquet")); err != nil {
				t.Fatal(err)
			}
			if _, err := datasets.PushLatest(ctx, out, next, st); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := gongkaiRun("pull", "--from", url, "--data", data)
			if code == 0 || !strings.Contains(stderr, key+": checksum mismatch") {
				t.Errorf("pull of a damaged release: exit %d, %q, want an error naming %s", code, stderr, key)
			}
			if id, _ := datasets.LatestID(data); id != good || serving(t, data) != good {
				t.Errorf("after the failed pull latest.json names %q, want %s still (%s)", id, good, stdout)
			}
		})
	}
}

// TestPublishFailure: when the copy to shared storage fails, the audit
// exits non-zero saying that the release stays published locally and how
// to copy it again, and it is.
func TestPublishFailure(t *testing.T) {
	t.Parallel()
	store := t.TempDir()
	if err := os.WriteFile(filepath.Join(store, "releases"), []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := auditOnce(t)
	code, _, stderr := gongkaiRun("rescore", "--out", out, "--publish", store)
	id, err := datasets.LatestID(out)
	if err != nil || id == "" {
		t.Fatalf("no release published locally: %q %v", id, err)
	}
	for _, want := range []string{"the releases stay published in " + filepath.Join(out, "releases"), "gongkai push --out " + out + " --to " + store, "releases/" + id + "/"} {
		if code == 0 || !strings.Contains(stderr, want) {
			t.Errorf("rescore with a failing --publish: exit %d, %q; want it to say %q", code, stderr, want)
		}
	}
	if _, err := datasets.Load(out, id); err != nil {
		t.Errorf("the local release: %v", err)
	}
}

// TestShareFlags: bad flags of push, pull and --publish are refused with
// the flag's name, before any work.
func TestShareFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"pull", "--data", "d"}, "flag --from is required"},
		{[]string{"pull", "--from", "s"}, "flag --data is required"},
		{[]string{"pull", "--from", "ftp://host/x", "--data", "d"}, "flag --from: store \"ftp://host/x\""},
		{[]string{"pull", "--from", "s3://k:secret@bucket/x", "--data", "d"}, "credentials do not go in the URL"},
		{[]string{"pull", "--from", "s", "--data", "d", "--every", "10ms"}, "flag --every: want 0 (once) or 1s or more"},
		{[]string{"push", "--out", "o"}, "flag --to is required"},
		{[]string{"push", "--to", "s"}, "flag --out is required"},
		{[]string{"audit", "--sites", "s.csv", "--out", "o", "--publish", "s3:///x"}, "flag --publish: store"},
		{[]string{"rescore", "--out", "o", "--publish", "gopher://x"}, "flag --publish: store"},
		{[]string{"worker", "--queue", "nats://127.0.0.1:4222", "--store", "ftp://x"}, "flag --store: store"},
	} {
		code, _, stderr := gongkaiRun(tc.args...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("gongkai %s: exit %d, %q; want %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
	if code, _, stderr := gongkaiRun("pull", "--from", t.TempDir(), "--data", t.TempDir()); code == 0 || !strings.Contains(stderr, "latest.json") {
		t.Errorf("pull from an empty store: exit %d, %q", code, stderr)
	}
}

// TestPullEveryBesideServe: the portal machine's pair, gongkai serve on a
// data directory that gongkai pull --every fills: each release published
// to the store is pulled and then served, without a restart; pull ends
// cleanly when its context does (SIGINT, SIGTERM).
func TestPullEveryBesideServe(t *testing.T) {
	t.Parallel()
	store, data, out := t.TempDir(), t.TempDir(), auditOnce(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	srv, err := api.New(ctx, api.Options{Data: data, Logger: slog.New(slog.DiscardHandler), Poll: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	pulled := make(chan error, 1)
	e := &env{stdout: io.Discard, stderr: io.Discard, logger: slog.New(slog.DiscardHandler)}
	go func() { pulled <- runPull(ctx, e, []string{"--from", store, "--data", data, "--every", "1s"}) }()

	current := func() string {
		if r := srv.Store().Current(); r != nil {
			return r.ID
		}
		return "none"
	}
	for _, asOf := range []string{"2026-11-20", "2026-12-01"} {
		gongkaiOK(t, "rescore", "--out", out, "--as-of", asOf, "--publish", store)
		want, _ := datasets.LatestID(out)
		deadline := time.Now().Add(time.Minute)
		for current() != want {
			if time.Now().After(deadline) {
				t.Fatalf("release %s published (as of %s); serve still serves %s", want, asOf, current())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	cancel()
	for _, c := range []chan error{pulled, served} {
		select {
		case err := <-c:
			if err != nil {
				t.Errorf("ended with %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("pull or serve did not end")
		}
	}
}
