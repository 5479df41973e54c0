package snapshot

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
)

// Record is one journal record as read back: the decoded Entry, its
// offset in the file and, for a page record, the page's JSON (valid until
// the iteration continues).
type Record struct {
	Entry
	Offset  int64
	RawPage []byte
}

// ReadJournal iterates over the complete records of the journal at path in
// order; a torn last line is skipped. With decodePages false, page records
// carry only RawPage (Page is nil), which is much cheaper. A missing file
// yields nothing. A corrupt line ends the iteration with an error naming
// the file and line.
func ReadJournal(path string, decodePages bool) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		f, err := os.Open(path)
		if errors.Is(err, os.ErrNotExist) {
			return
		}
		if err != nil {
			yield(Record{}, fmt.Errorf("read journal: %w", err))
			return
		}
		defer f.Close()
		br := bufio.NewReaderSize(f, 256<<10)
		var off int64
		for line := 1; ; line++ {
			data, err := br.ReadSlice('\n')
			if errors.Is(err, bufio.ErrBufferFull) {
				long := append([]byte(nil), data...)
				var rest []byte
				rest, err = br.ReadBytes('\n')
				data = append(long, rest...)
			}
			if err == io.EOF {
				return // a torn last line, or the end
			}
			if err != nil {
				yield(Record{}, fmt.Errorf("read journal %s: %w", path, err))
				return
			}
			rec, err := parseRecord(data, decodePages)
			if err != nil {
				yield(Record{}, fmt.Errorf("read journal %s:%d: corrupt record: %w", path, line, err))
				return
			}
			rec.Offset = off
			off += int64(len(data))
			if !yield(rec, nil) {
				return
			}
		}
	}
}

// parseRecord decodes one journal line (with its newline).
func parseRecord(line []byte, decodePages bool) (Record, error) {
	line = bytes.TrimSuffix(line, []byte("\n"))
	if !decodePages && bytes.HasPrefix(line, pagePrefix) && bytes.HasSuffix(line, []byte("}")) {
		// Not validated: the writer made it with encoding/json, and a
		// torn line never reaches here.
		return Record{RawPage: line[len(pagePrefix) : len(line)-1]}, nil
	}
	var r Record
	if err := json.Unmarshal(line, &r.Entry); err != nil {
		return Record{}, err
	}
	if r.Page != nil && bytes.HasPrefix(line, pagePrefix) {
		r.RawPage = line[len(pagePrefix) : len(line)-1]
	}
	return r, nil
}

// JournalReader reads journal records at given offsets. Reading offsets in
// increasing order is sequential I/O.
type JournalReader struct {
	f   *os.File
	br  *bufio.Reader
	pos int64 // file offset of br's next byte
}

// OpenJournalReader opens the journal at path for ReadAt.
func OpenJournalReader(path string) (*JournalReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	return &JournalReader{f: f, br: bufio.NewReaderSize(f, 256<<10)}, nil
}

// ReadAt reads the record that starts at off (an offset Append returned or
// a Record carried). The RawPage of the result is valid until the next call.
func (r *JournalReader) ReadAt(off int64, decodePages bool) (Record, error) {
	if off != r.pos {
		if _, err := r.f.Seek(off, io.SeekStart); err != nil {
			return Record{}, fmt.Errorf("read journal record at %d: %w", off, err)
		}
		r.br.Reset(r.f)
		r.pos = off
	}
	data, err := r.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		long := append([]byte(nil), data...)
		var rest []byte
		rest, err = r.br.ReadBytes('\n')
		data = append(long, rest...)
	}
	r.pos += int64(len(data))
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return Record{}, fmt.Errorf("read journal record at %d: %w", off, err)
	}
	rec, err := parseRecord(data, decodePages)
	if err != nil {
		return Record{}, fmt.Errorf("read journal record at %d: %w", off, err)
	}
	rec.Offset = off
	return rec, nil
}

// Close closes the reader.
func (r *JournalReader) Close() error { return r.f.Close() }

// ReadRecordAt reads the record that starts at off in a journal file (an
// offset Append returned or a Record carried).
func ReadRecordAt(r io.ReaderAt, off int64, decodePages bool) (Record, error) {
	var line []byte
	chunk := make([]byte, 32<<10)
	for pos := off; ; {
		n, err := r.ReadAt(chunk, pos)
		if i := bytes.IndexByte(chunk[:n], '\n'); i >= 0 {
			line = append(line, chunk[:i+1]...)
			break
		}
		line = append(line, chunk[:n]...)
		pos += int64(n)
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return Record{}, fmt.Errorf("read journal record at %d: %w", off, err)
		}
		if len(chunk) < 1<<20 {
			chunk = make([]byte, 2*len(chunk))
		}
	}
	rec, err := parseRecord(line, decodePages)
	if err != nil {
		return Record{}, fmt.Errorf("read journal record at %d: %w", off, err)
	}
	rec.Offset = off
	return rec, nil
}
