package objstore

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// fakeS3 serves the S3 protocol on loopback with a bucket "audits" and
// sets the credentials the client reads from the environment.
func fakeS3(t testing.TB) string {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("audits"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
	u, _ := url.Parse(srv.URL)
	return "s3://audits/national/2026?secure=false&endpoint=" + u.Host
}

// TestStores: a directory and S3 object storage (gofakes3 on loopback)
// keep files by key alike: put, get back (a large one too), replace, list
// by prefix (no temporary files), a missing key is fs.ErrNotExist, keys
// that would leave the root are refused.
func TestStores(t *testing.T) {
	for _, tc := range []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"dir", func(t *testing.T) string { return t.TempDir() }},
		{"file-url", func(t *testing.T) string { return "file://" + filepath.ToSlash(t.TempDir()) }},
		{"s3", func(t *testing.T) string { return fakeS3(t) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s, err := Open(ctx, tc.url(t))
			if err != nil {
				t.Fatal(err)
			}
			put := func(key, body string) {
				t.Helper()
				if err := s.Put(ctx, key, strings.NewReader(body)); err != nil {
					t.Fatal(err)
				}
			}
			put("audits/A/snapshots/x.json.gz", "first")
			put("audits/A/snapshots/x.json.gz", "second")
			put("audits/A/snapshots/y.json.gz", "why")
			put("audits/A/shots/x/home.png", "png")
			put("audits/B/snapshots/x.json.gz", "other audit")
			r, err := s.Get(ctx, "audits/A/snapshots/x.json.gz")
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			r.Close()
			if err != nil || string(got) != "second" {
				t.Errorf("get: %q, %v; want the replacement", got, err)
			}
			big := bytes.Repeat([]byte("0123456789abcdef"), putChunk/16+1) // more than one request's chunk: multipart on S3
			if err := s.Put(ctx, "audits/A/big.bin", bytes.NewReader(big)); err != nil {
				t.Fatal(err)
			}
			if r, err := s.Get(ctx, "audits/A/big.bin"); err != nil {
				t.Error(err)
			} else {
				got, err := io.ReadAll(r)
				r.Close()
				if err != nil || !bytes.Equal(got, big) {
					t.Errorf("get of %d bytes: %d bytes, %v", len(big), len(got), err)
				}
			}
			keys, err := s.List(ctx, "audits/A/snapshots/")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"audits/A/snapshots/x.json.gz", "audits/A/snapshots/y.json.gz"}, keys); diff != "" {
				t.Errorf("list (-want +got):\n%s", diff)
			}
			if keys, err := s.List(ctx, "audits/C/"); err != nil || len(keys) != 0 {
				t.Errorf("list of an empty prefix: %v, %v", keys, err)
			}
			if _, err := s.Get(ctx, "audits/A/snapshots/z.json.gz"); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("get of a missing key: %v, want fs.ErrNotExist", err)
			}
			for _, bad := range []string{"../x", "/etc/passwd", "a//b", "a/./b", ""} {
				if err := s.Put(ctx, bad, strings.NewReader("x")); err == nil {
					t.Errorf("put %q: no error", bad)
				}
			}
		})
	}
}

// TestOpenErrors: a bad storage URL names what is wrong, whether opened
// or only checked (CheckURL, for flags); a good one passes the check
// without being opened.
func TestOpenErrors(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"", "no URL"},
		{"ftp://host/x", "want a directory"},
		{"s3:///prefix", "want s3://bucket/prefix"},
		{"s3://key:secret@bucket/x", "credentials do not go in the URL"},
		{"s3://bucket/a/../b", "prefix"},
		{"s3://bucket/x?endpoint=http://", "endpoint"},
		{"file://otherhost/x", "local path"},
	} {
		if _, err := Open(context.Background(), tc.url); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%q): %v, want %q", tc.url, err, tc.want)
		}
		if err := CheckURL(tc.url); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CheckURL(%q): %v, want %q", tc.url, err, tc.want)
		}
	}
	for _, good := range []string{"/srv/store", "store", "file:///srv/store", "s3://bucket", "s3://bucket/a/b?endpoint=minio:9000&secure=false"} {
		if err := CheckURL(good); err != nil {
			t.Errorf("CheckURL(%q): %v", good, err)
		}
	}
}

// TestS3MissingBucket: a bucket that does not exist is refused when the
// store is opened, not at the first snapshot.
func TestS3MissingBucket(t *testing.T) {
	u := strings.Replace(fakeS3(t), "s3://audits/", "s3://nosuch/", 1)
	if _, err := Open(context.Background(), u); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Open(%q): %v, want the bucket refused", u, err)
	}
}

// BenchmarkS3Put puts a 64 KiB file, the size of a small snapshot or
// release file, to S3 on loopback (gofakes3): B/op is what one put holds.
//
//	go test -run '^$' -bench S3Put -benchmem ./crawler/objstore
func BenchmarkS3Put(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, fakeS3(b))
	if err != nil {
		b.Fatal(err)
	}
	body := bytes.Repeat([]byte("x"), 64<<10)
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Put(ctx, "audits/A/snapshots/x.json.gz", bytes.NewReader(body)); err != nil {
			b.Fatal(err)
		}
	}
}
