package api

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"gongkai/datasets"
)

// Cache lifetimes of downloads: a release path names immutable bytes; a
// latest path changes with the next release.
const (
	immutableCache = "public, max-age=31536000, immutable"
	latestCache    = "public, max-age=60"
)

// mediaTypes maps file suffixes (longest first wins) to content types.
var mediaTypes = []struct{ suffix, typ string }{
	{".excel.csv", "text/csv; charset=utf-8"},
	{".csv.gz", "application/gzip"},
	{".csv", "text/csv; charset=utf-8"},
	{".parquet", "application/vnd.apache.parquet"},
	{".json", "application/json"},
	{datasets.SumsFile, "text/plain; charset=utf-8"},
}

// mediaType returns the content type of a release file.
func mediaType(name string) string {
	if name == datasets.PackageFile {
		return "application/vnd.datapackage+json"
	}
	for _, m := range mediaTypes {
		if strings.HasSuffix(name, m.suffix) {
			return m.typ
		}
	}
	return "application/octet-stream"
}

// download serves /releases/{id}/{file}: a file listed in the release's
// SHA256SUMS, with HEAD, Range, ETag (the file's SHA-256) and conditional
// requests (http.ServeContent), or a table as an Arrow IPC stream
// ({table}.arrows). CSV goes out gzip-compressed, from the release's
// NAME.csv.gz, to clients that accept it and ask for no range; nothing else
// is compressed on the wire.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	id, name := r.PathValue("id"), r.PathValue("file")
	cache := immutableCache
	cur := s.store.Current()
	if id == "latest" {
		if cur == nil {
			writeError(w, http.StatusServiceUnavailable, "no_release", "no release is published yet")
			return
		}
		id, cache = cur.ID, latestCache
		w.Header().Set("Content-Location", "/releases/"+id+"/"+name)
	}
	set, err := s.files.release(id, cur)
	if err != nil {
		s.fileError(w, r, err)
		return
	}
	if table, ok := strings.CutSuffix(name, ".arrows"); ok {
		s.serveArrows(w, r, set, table, cache)
		return
	}
	if strings.HasSuffix(name, ".csv") && !strings.HasSuffix(name, ".excel.csv") {
		w.Header().Add("Vary", "Accept-Encoding")
		if _, gz := set.sums[name+".gz"]; gz && r.Header.Get("Range") == "" && acceptsGzip(r) {
			s.serveFile(w, r, set, name+".gz", mediaType(name), "gzip", cache)
			return
		}
	}
	s.serveFile(w, r, set, name, mediaType(name), "", cache)
}

// serveFile serves one file of a release through http.ServeContent.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, set *fileSet, name, ctype, encoding, cache string) {
	f, sum, err := set.open(name)
	if err != nil {
		s.fileError(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", cache)
	h.Set("ETag", `"`+sum+`"`)
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", "Content-Length, Content-Range, ETag, Accept-Ranges, Repr-Digest")
	if raw, err := hex.DecodeString(sum); err == nil {
		h.Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(raw)+":")
	}
	if encoding != "" {
		h.Set("Content-Encoding", encoding)
	}
	modified := set.created
	if modified.IsZero() {
		if fi, err := f.Stat(); err == nil {
			modified = fi.ModTime()
		}
	}
	http.ServeContent(progressWriter(w, s.opts.WriteTimeout), r, name, modified, f)
}

// fileError answers a download that cannot be served.
func (s *Server) fileError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errNoFile):
		writeError(w, http.StatusNotFound, "not_found", "no such release file")
	case errors.Is(err, errDamaged):
		s.log.Error("damaged release file not served", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "damaged", "the file does not match its checksum and is not served")
	default:
		s.log.Error("download", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "the file cannot be read")
	}
}

// acceptsGzip reports whether the request accepts gzip (q > 0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// progressWriter returns a writer that pushes the connection's write
// deadline d further on every write: a large download may take as long
// as it needs while it makes progress, and a stalled client is cut off
// after d.
func progressWriter(w http.ResponseWriter, d time.Duration) http.ResponseWriter {
	return &deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w), d: d}
}

type deadlineWriter struct {
	http.ResponseWriter
	rc *http.ResponseController
	d  time.Duration
}

func (w *deadlineWriter) Write(b []byte) (int, error) {
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.d))
	return w.ResponseWriter.Write(b)
}

func (w *deadlineWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// sendChunk is how much a download sends per write deadline when the
// connection copies from the file itself (sendfile).
const sendChunk = 4 << 20

// ReadFrom keeps the kernel's file-to-socket copy (sendfile) that
// http.ServeContent gets from a bare connection, in chunks, pushing the
// write deadline before each.
func (w *deadlineWriter) ReadFrom(r io.Reader) (int64, error) {
	limit := int64(-1)
	if lr, ok := r.(*io.LimitedReader); ok {
		limit, r = lr.N, lr.R
		defer func(n *int64) { lr.N = *n }(&limit)
	}
	var total int64
	for limit != 0 {
		_ = w.rc.SetWriteDeadline(time.Now().Add(w.d))
		chunk := int64(sendChunk)
		if limit > 0 {
			chunk = min(chunk, limit)
		}
		n, err := io.Copy(w.ResponseWriter, &io.LimitedReader{R: r, N: chunk})
		total += n
		if limit > 0 {
			limit -= n
		}
		if err != nil || n < chunk {
			return total, err
		}
	}
	return total, nil
}
