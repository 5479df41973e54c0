package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Entry is one journal record. Exactly one field is set.
type Entry struct {
	Start   *SiteStart `json:"start,omitempty"`
	Page    *Page      `json:"page,omitempty"`
	Verdict *Link      `json:"verdict,omitempty"` // URL and verdict fields of a link
	Host    *Host      `json:"host,omitempty"`
	Home    *SiteHome  `json:"home,omitempty"`
	IPv6    *IPv6      `json:"ipv6,omitempty"`
}

// SiteStart opens the journal of a site.
type SiteStart struct {
	StartedAt time.Time `json:"started_at"`
}

// SiteHome records the homepage probe and the site status derived from it.
type SiteHome struct {
	Probe  HomeProbe `json:"probe"`
	Status Status    `json:"status"`
	Error  string    `json:"error,omitempty"`
}

// pagePrefix starts every page record, so that a reader can take the page
// JSON out of the line without decoding it.
var pagePrefix = []byte(`{"page":`)

// Journal is an append-only JSON Lines file of crawl records. Each Append
// is one write(2), so a killed process loses only records it had not yet
// appended; the file is fsynced at most every sync interval and on Close.
// The fsync runs outside the lock of the writes, so appenders do not wait
// for the disk. It is safe for concurrent use.
type Journal struct {
	syncMu   sync.Mutex // held while the file is fsynced or closed; taken before mu
	mu       sync.Mutex
	f        *os.File
	path     string
	every    time.Duration
	lastSync time.Time
	size     int64 // bytes written: the offset of the next record
}

// OpenJournal opens the journal at path for appending, creating it. A torn
// last line (left by a killed writer) is cut off first. syncEvery bounds
// how often Append fsyncs; zero syncs on every Append.
func OpenJournal(path string, syncEvery time.Duration) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	end, err := completeLength(f)
	if err == nil {
		err = f.Truncate(end)
	}
	if err == nil {
		_, err = f.Seek(end, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open journal %s: %w", path, err)
	}
	return &Journal{f: f, path: path, every: syncEvery, lastSync: time.Now(), size: end}, nil
}

// completeLength returns the length of f up to and including its last
// newline.
func completeLength(f *os.File) (int64, error) {
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return 0, err
	}
	buf := make([]byte, 64<<10)
	for end := size; end > 0; {
		start := max(0, end-int64(len(buf)))
		chunk := buf[:end-start]
		if _, err := f.ReadAt(chunk, start); err != nil {
			return 0, err
		}
		if i := bytes.LastIndexByte(chunk, '\n'); i >= 0 {
			return start + int64(i) + 1, nil
		}
		end = start
	}
	return 0, nil
}

// Append writes entries to the journal in one write and returns the
// offset at which the first of them starts (for ReadRecordAt). Entries
// are encoded before the journal is locked, so concurrent appenders
// encode in parallel, each into a buffer of a pool (a page record is
// some 40 KB).
func (j *Journal) Append(entries ...Entry) (int64, error) {
	buf := lineBufs.Get().(*bytes.Buffer)
	defer putLineBuf(buf)
	buf.Reset()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	for _, e := range entries {
		if err := encodeEntry(buf, enc, e); err != nil {
			return 0, fmt.Errorf("append journal %s: %w", j.path, err)
		}
	}
	j.mu.Lock()
	if j.f == nil {
		j.mu.Unlock()
		return 0, fmt.Errorf("append journal %s: closed", j.path)
	}
	off := j.size
	n, err := j.f.Write(buf.Bytes())
	j.size += int64(n)
	if err != nil {
		j.mu.Unlock()
		return 0, fmt.Errorf("append journal %s: %w", j.path, err)
	}
	due := time.Since(j.lastSync) >= j.every
	if due {
		j.lastSync = time.Now() // claimed: the other appenders go on
	}
	j.mu.Unlock()
	if due {
		return off, j.Sync()
	}
	return off, nil
}

// lineBufs holds the buffers Append encodes into.
var lineBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putLineBuf returns buf to the pool unless a huge record grew it.
func putLineBuf(buf *bytes.Buffer) {
	if buf.Cap() <= 1<<20 {
		lineBufs.Put(buf)
	}
}

// encodeEntry appends the JSON line of e to buf with enc (an Encoder on
// buf, HTML escaping off): the bytes MarshalJSON and a newline make.
func encodeEntry(buf *bytes.Buffer, enc *json.Encoder, e Entry) error {
	start := buf.Len()
	var err error
	if e.Page != nil {
		buf.Write(pagePrefix)
		if err = enc.Encode(e.Page); err == nil {
			buf.Truncate(buf.Len() - 1) // the Encoder's newline
			buf.WriteString("}\n")
		}
	} else {
		err = enc.Encode(e)
	}
	if err != nil {
		buf.Truncate(start)
	}
	return err
}

// Sync flushes the journal to stable storage. Appends go on meanwhile.
func (j *Journal) Sync() error {
	j.syncMu.Lock()
	defer j.syncMu.Unlock()
	j.mu.Lock()
	f := j.f
	j.lastSync = time.Now()
	j.mu.Unlock()
	if f == nil {
		return nil
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync journal %s: %w", j.path, err)
	}
	return nil
}

// Close syncs and closes the journal.
func (j *Journal) Close() error {
	j.syncMu.Lock()
	defer j.syncMu.Unlock()
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Sync()
	if err != nil {
		err = fmt.Errorf("sync journal %s: %w", j.path, err)
	}
	if cerr := j.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close journal %s: %w", j.path, cerr)
	}
	j.f = nil
	return err
}
