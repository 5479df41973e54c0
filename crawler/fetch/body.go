package fetch

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"strings"

	"github.com/andybalholm/brotli"
)

// acceptEncoding is sent on every request; decodeBody undoes both.
const acceptEncoding = "gzip, br"

// decodeBody wraps r to undo the Content-Encoding header value enc. An
// unknown coding is an error; identity and the empty value pass through.
func decodeBody(r io.Reader, enc string) (io.Reader, error) {
	codings := strings.Split(enc, ",")
	// Codings are listed in the order applied; undo them in reverse.
	for i := len(codings) - 1; i >= 0; i-- {
		switch c := strings.ToLower(strings.TrimSpace(codings[i])); c {
		case "", "identity":
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(r)
			if err != nil {
				return nil, fmt.Errorf("gzip: %w", err)
			}
			r = zr
		case "br":
			r = brotli.NewReader(r)
		case "deflate":
			r = inflate(r)
		default:
			return nil, fmt.Errorf("unsupported content-encoding %q", c)
		}
	}
	return r, nil
}

// inflate reads "deflate" content, which servers send either zlib-wrapped
// (as specified) or raw.
func inflate(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	head, _ := br.Peek(2)
	if len(head) == 2 && head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 {
		if zr, err := zlib.NewReader(br); err == nil {
			return zr
		}
	}
	return flate.NewReader(br)
}

// readCapped reads at most limit bytes of r, reporting whether more
// followed. It never holds more than limit+1 bytes. sizeHint (the
// Content-Length, or -1) presizes the buffer.
func readCapped(r io.Reader, limit, sizeHint int64) (body []byte, truncated bool, err error) {
	initial := int64(16 << 10)
	if sizeHint >= 0 {
		initial = sizeHint + 1
	}
	buf := make([]byte, 0, min(initial, limit+1))
	for int64(len(buf)) <= limit {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(2*int64(cap(buf))+1, limit+1))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, false, nil
		}
		if err != nil {
			return buf, false, err
		}
	}
	return buf[:limit], true, nil
}
