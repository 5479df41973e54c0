package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/ipc"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
	"github.com/google/go-cmp/cmp"

	"gongkai/datasets"
)

// downloads is one server over two releases for the download tests.
type downloads struct {
	srv        *running
	dir        string
	old, id    string
	sums       map[string]string // of id
	releaseDir string            // of id
}

func newDownloads(t *testing.T) *downloads {
	t.Helper()
	dir := t.TempDir()
	d := &downloads{dir: dir}
	d.old = publish(t, dir, 5, 1)
	d.id = publish(t, dir, 40, 2)
	d.releaseDir = filepath.Join(dir, "releases", d.id)
	d.srv = start(t, Options{Data: dir, Poll: time.Hour})
	set, err := readFileSet(mustRoot(t, filepath.Join(dir, "releases")), d.id)
	if err != nil {
		t.Fatal(err)
	}
	d.sums = set.sums
	return d
}

func mustRoot(t *testing.T, dir string) *os.Root {
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func (d *downloads) file(t *testing.T, name string) []byte {
	b, err := os.ReadFile(filepath.Join(d.releaseDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDownloadHeaders: HEAD and GET of every kind of file give the right
// type, length, validators and caching, and Parquet is never compressed.
func TestDownloadHeaders(t *testing.T) {
	t.Parallel()
	d := newDownloads(t)
	cases := []struct {
		file, ctype string
	}{
		{"sites.parquet", "application/vnd.apache.parquet"},
		{"findings.parquet", "application/vnd.apache.parquet"},
		{"sites.excel.csv", "text/csv; charset=utf-8"},
		{"sites.csv.gz", "application/gzip"},
		{"datapackage.json", "application/vnd.datapackage+json"},
		{"SHA256SUMS", "text/plain; charset=utf-8"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			want := d.file(t, c.file)
			sum := sha256.Sum256(want)
			for _, method := range []string{http.MethodHead, http.MethodGet} {
				resp, body := do(t, method, d.srv.base+"/releases/"+d.id+"/"+c.file, nil, "Accept-Encoding", "gzip, br")
				h := resp.Header
				if resp.StatusCode != 200 || h.Get("Content-Type") != c.ctype || h.Get("Content-Encoding") != "" {
					t.Fatalf("%s: %d %q encoding %q", method, resp.StatusCode, h.Get("Content-Type"), h.Get("Content-Encoding"))
				}
				if h.Get("Content-Length") != fmt.Sprint(len(want)) || h.Get("Accept-Ranges") != "bytes" {
					t.Errorf("%s: Content-Length %q Accept-Ranges %q, want %d bytes", method, h.Get("Content-Length"), h.Get("Accept-Ranges"), len(want))
				}
				if h.Get("ETag") != `"`+hex.EncodeToString(sum[:])+`"` || h.Get("Cache-Control") != immutableCache || h.Get("Last-Modified") == "" {
					t.Errorf("%s: ETag %q Cache-Control %q Last-Modified %q", method, h.Get("ETag"), h.Get("Cache-Control"), h.Get("Last-Modified"))
				}
				if method == http.MethodGet && !bytes.Equal(body, want) {
					t.Errorf("GET body differs from the file")
				}
			}
		})
	}
}

// TestDownloadConditionalAndRange: validators give 304, ranges give 206
// with the exact bytes (the Parquet footer read of DuckDB and pyarrow),
// and If-Range falls back to the whole file when stale.
func TestDownloadConditionalAndRange(t *testing.T) {
	t.Parallel()
	d := newDownloads(t)
	url := d.srv.base + "/releases/" + d.id + "/findings.parquet"
	want := d.file(t, "findings.parquet")
	resp, _ := d.srv.get(t, "/releases/"+d.id+"/findings.parquet")
	etag, modified := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")

	cases := []struct {
		name   string
		header []string
		status int
		body   []byte
	}{
		{"if-none-match", []string{"If-None-Match", etag}, 304, nil},
		{"if-none-match other", []string{"If-None-Match", `"abc"`}, 200, want},
		{"if-modified-since", []string{"If-Modified-Since", modified}, 304, nil},
		{"suffix range", []string{"Range", "bytes=-8"}, 206, want[len(want)-8:]},
		{"range", []string{"Range", "bytes=4-99"}, 206, want[4:100]},
		{"open range", []string{"Range", fmt.Sprintf("bytes=%d-", len(want)-10)}, 206, want[len(want)-10:]},
		{"if-range match", []string{"Range", "bytes=0-3", "If-Range", etag}, 206, []byte("PAR1")},
		{"if-range stale", []string{"Range", "bytes=0-3", "If-Range", `"old"`}, 200, want},
		{"unsatisfiable", []string{"Range", fmt.Sprintf("bytes=%d-", len(want)+5)}, 416, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := do(t, http.MethodGet, url, nil, c.header...)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.status)
			}
			if c.body != nil && !bytes.Equal(body, c.body) {
				t.Errorf("body of %d bytes differs from the %d expected", len(body), len(c.body))
			}
			if c.status == 206 && !strings.HasPrefix(resp.Header.Get("Content-Range"), "bytes ") {
				t.Errorf("Content-Range %q", resp.Header.Get("Content-Range"))
			}
			if c.status == 200 && resp.Header.Get("Content-Range") != "" {
				t.Errorf("Content-Range on a full 200: %q", resp.Header.Get("Content-Range"))
			}
		})
	}
}

// TestDownloadCSVCompression: CSV is sent gzip-compressed (the release's
// own .csv.gz, its own ETag) to clients that accept gzip, plain otherwise
// and for ranges; Vary says so.
func TestDownloadCSVCompression(t *testing.T) {
	t.Parallel()
	d := newDownloads(t)
	url := d.srv.base + "/releases/" + d.id + "/findings.csv"
	plain := d.file(t, "findings.csv")

	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	gz, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("headers %v", resp.Header)
	}
	if resp.Header.Get("ETag") != `"`+d.sums["findings.csv.gz"]+`"` {
		t.Errorf("ETag %s, want the .csv.gz digest", resp.Header.Get("ETag"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(zr); !bytes.Equal(got, plain) {
		t.Error("the gzip body does not inflate to the CSV")
	}

	for _, c := range []struct {
		name   string
		header []string
		want   []byte
	}{
		{"identity", []string{"Accept-Encoding", "identity"}, plain},
		{"gzip refused", []string{"Accept-Encoding", "gzip;q=0"}, plain},
		{"range", []string{"Accept-Encoding", "gzip", "Range", "bytes=0-9"}, plain[:10]},
	} {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		for i := 0; i < len(c.header); i += 2 {
			req.Header.Set(c.header[i], c.header[i+1])
		}
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(got, c.want) {
			t.Errorf("%s: encoding %q, %d bytes", c.name, resp.Header.Get("Content-Encoding"), len(got))
		}
	}
}

// TestDownloadLatest: /releases/latest/ serves the release being served,
// with a short cache and the immutable location.
func TestDownloadLatest(t *testing.T) {
	t.Parallel()
	d := newDownloads(t)
	resp, body := d.srv.get(t, "/releases/latest/sites.parquet")
	if resp.StatusCode != 200 || !bytes.Equal(body, d.file(t, "sites.parquet")) {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if resp.Header.Get("Cache-Control") != latestCache || resp.Header.Get("Content-Location") != "/releases/"+d.id+"/sites.parquet" {
		t.Errorf("Cache-Control %q Content-Location %q", resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Location"))
	}
	if resp, _ := d.srv.get(t, "/releases/"+d.old+"/sites.parquet"); resp.StatusCode != 200 {
		t.Errorf("an older release: %d", resp.StatusCode)
	}
}

// TestDownloadTraversal: nothing outside the releases' listed files is
// served, however the path is spelled: dot segments (plain, encoded,
// double-encoded), files not in SHA256SUMS, symlinks out of the data
// directory, and a damaged file.
func TestDownloadTraversal(t *testing.T) {
	t.Parallel()
	d := newDownloads(t)
	secret := []byte("TOP-SECRET-OUTSIDE-THE-RELEASES")
	outside := filepath.Join(d.dir, "secret.txt")
	if err := os.WriteFile(outside, secret, 0o644); err != nil {
		t.Fatal(err)
	}
	// A file in the release that SHA256SUMS does not list.
	if err := os.WriteFile(filepath.Join(d.releaseDir, "extra.txt"), secret, 0o644); err != nil {
		t.Fatal(err)
	}
	// In the older release: a listed file replaced by a symlink to a copy
	// outside the data directory (same bytes, so only the link gives it
	// away), and a release directory that is itself a symlink out.
	oldDir := filepath.Join(d.dir, "releases", d.old)
	rules, _ := os.ReadFile(filepath.Join(oldDir, "rules.csv"))
	elsewhere := t.TempDir()
	os.WriteFile(filepath.Join(elsewhere, "rules.csv"), rules, 0o644)
	os.Remove(filepath.Join(oldDir, "rules.csv"))
	if err := os.Symlink(filepath.Join(elsewhere, "rules.csv"), filepath.Join(oldDir, "rules.csv")); err != nil {
		t.Fatal(err)
	}
	fake := "20990101T000000Z-001"
	os.WriteFile(filepath.Join(elsewhere, datasets.SumsFile), []byte(hex.EncodeToString(make([]byte, 32))+"  rules.csv\n"), 0o644)
	if err := os.Symlink(elsewhere, filepath.Join(d.dir, "releases", fake)); err != nil {
		t.Fatal(err)
	}
	damage(t, filepath.Join(oldDir, "scores.csv"))

	paths := []string{
		"/releases/../secret.txt",
		"/releases/%2e%2e/secret.txt",
		"/releases/" + d.id + "/..%2f..%2fsecret.txt",
		"/releases/" + d.id + "/%2e%2e%2f%2e%2e%2fsecret.txt",
		"/releases/" + d.id + "/%252e%252e%252f%252e%252e%252fsecret.txt",
		"/releases/%252e%252e/secret.txt",
		"/releases/latest/..%2f..%2fsecret.txt",
		"/releases/" + d.id + "/..%5c..%5csecret.txt",
		"/releases/" + d.id + "/extra.txt",
		"/releases/" + d.id + "/.",
		"/releases/" + d.id + "/latest.json",
		"/releases/latest.json",
		"/releases/" + d.old + "/rules.csv",
		"/releases/" + fake + "/rules.csv",
		"/releases/" + fake + "/" + datasets.SumsFile,
		"/releases/" + d.old + "/scores.csv",
		"/releases/" + d.id + "/sites.parquet%00.txt",
		"/releases/" + d.id + "/..%00/secret.txt",
	}
	for _, p := range paths {
		resp, body := do(t, http.MethodGet, d.srv.base+p, nil)
		if resp.StatusCode < 400 || bytes.Contains(body, secret) || bytes.Contains(body, []byte("rule_id,")) {
			t.Errorf("%s: status %d, %d bytes: %.60q", p, resp.StatusCode, len(body), body)
		}
	}
	// The damaged file is reported as such, and only it.
	if resp, _ := d.srv.get(t, "/releases/"+d.old+"/scores.csv"); resp.StatusCode != 500 {
		t.Errorf("damaged file: %d, want 500", resp.StatusCode)
	}
	if resp, _ := d.srv.get(t, "/releases/"+d.old+"/sites.csv"); resp.StatusCode != 200 {
		t.Errorf("intact file of the same release: %d, want 200", resp.StatusCode)
	}
}

// TestArrowStream: a table as an Arrow IPC stream reads back with Arrow's
// IPC reader, with the release's columns and every row.
func TestArrowStream(t *testing.T) {
	t.Parallel()
	d := newDownloads(t)
	for _, table := range []string{"findings", "sites", "changes"} {
		t.Run(table, func(t *testing.T) {
			resp, body := d.srv.get(t, "/releases/"+d.id+"/"+table+".arrows")
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != arrowsType {
				t.Fatalf("status %d type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			rd, err := ipc.NewReader(bytes.NewReader(body), ipc.WithAllocator(memory.NewGoAllocator()))
			if err != nil {
				t.Fatal(err)
			}
			defer rd.Release()
			var names []string
			for _, f := range rd.Schema().Fields() {
				names = append(names, f.Name)
			}
			if diff := cmp.Diff(datasets.Columns(table), names); diff != "" {
				t.Errorf("columns (-table +stream):\n%s", diff)
			}
			var rows int64
			for rd.Next() {
				rows += rd.Record().NumRows()
			}
			rel, err := datasets.Load(d.dir, d.id, table)
			if err != nil {
				t.Fatal(err)
			}
			if want := int64(rel.Rows(table)); rows != want {
				t.Errorf("%d rows streamed, want %d", rows, want)
			}
			again, _ := d.srv.get(t, "/releases/"+d.id+"/"+table+".arrows", "If-None-Match", resp.Header.Get("ETag"))
			if again.StatusCode != 304 {
				t.Errorf("If-None-Match: %d, want 304", again.StatusCode)
			}
		})
	}
	if resp, _ := d.srv.get(t, "/releases/"+d.id+"/nosuch.arrows"); resp.StatusCode != 404 {
		t.Errorf("unknown table: %d", resp.StatusCode)
	}
}

// httpReaderAt reads a URL with one Range request per ReadAt: the access
// pattern of DuckDB's httpfs and of fsspec (footer first, then the column
// chunks a query needs).
type httpReaderAt struct {
	url      string
	size     int64
	requests atomic.Int64
	bytes    atomic.Int64
}

func (h *httpReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= h.size {
		return 0, io.EOF
	}
	end := min(off+int64(len(p)), h.size) - 1
	req, _ := http.NewRequest(http.MethodGet, h.url, nil)
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", off, end))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent {
		return 0, fmt.Errorf("range %d-%d: status %d", off, end, resp.StatusCode)
	}
	n, err := io.ReadFull(resp.Body, p[:end-off+1])
	h.requests.Add(1)
	h.bytes.Add(int64(n))
	if err == nil && n < len(p) {
		err = io.EOF
	}
	return n, err
}

// TestParquetOverHTTP: Arrow's Parquet reader reads a table over HTTP
// range requests alone, after a HEAD for the size, as DuckDB's
// read_parquet('http://...') does; a one-column read fetches a fraction
// of the file.
func TestParquetOverHTTP(t *testing.T) {
	t.Parallel()
	d := newDownloads(t)
	url := d.srv.base + "/releases/" + d.id + "/findings.parquet"
	head, _ := do(t, http.MethodHead, url, nil)
	if head.ContentLength <= 0 {
		t.Fatalf("HEAD gave no Content-Length")
	}
	ra := &httpReaderAt{url: url, size: head.ContentLength}
	pf, err := file.NewParquetReader(io.NewSectionReader(ra, 0, ra.size))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.NewGoAllocator())
	if err != nil {
		t.Fatal(err)
	}
	col := fr.Manifest.Fields[0].Field.Name
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	if tbl.NumRows() != 40*20 || col != "release_id" {
		t.Errorf("%d rows, first column %s", tbl.NumRows(), col)
	}
	if ra.requests.Load() < 2 {
		t.Errorf("%d range requests: the footer and the data should be read apart", ra.requests.Load())
	}
}
