package api

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Pagination bounds.
const (
	defaultLimit = 50
	maxLimit     = 1000
	// maxPage keeps offsets far from overflow.
	maxPage = 1_000_000
	// maxParamLen bounds one parameter value.
	maxParamLen = 200
)

// paramError is a bad query parameter: 400 with its message.
type paramError struct{ msg string }

func (e *paramError) Error() string { return e.msg }

func badParam(format string, args ...any) error {
	return &paramError{msg: fmt.Sprintf(format, args...)}
}

// params reads a query string strictly: every parameter must be known,
// given once and short; the getters then check each value's form.
type params struct {
	v   url.Values
	err error
}

// parseParams parses raw, refusing parameters not in known.
func parseParams(raw string, known ...string) *params {
	v, err := url.ParseQuery(raw)
	if err != nil {
		return &params{err: badParam("malformed query string")}
	}
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		switch {
		case !slices.Contains(known, k):
			return &params{err: badParam("unknown parameter %q (known: %s)", k, strings.Join(known, ", "))}
		case len(v[k]) > 1:
			return &params{err: badParam("parameter %q given more than once", k)}
		case len(v[k][0]) > maxParamLen:
			return &params{err: badParam("parameter %q is longer than %d bytes", k, maxParamLen)}
		}
	}
	return &params{v: v}
}

// str returns a parameter's value ("" when absent).
func (p *params) str(name string) string {
	if p.err != nil {
		return ""
	}
	return p.v.Get(name)
}

// oneOf returns a parameter that must be one of allowed (or absent).
func (p *params) oneOf(name string, allowed ...string) string {
	s := p.str(name)
	if s != "" && !slices.Contains(allowed, s) && p.err == nil {
		p.err = badParam("parameter %s: want one of %s, got %q", name, strings.Join(allowed, ", "), s)
	}
	return s
}

// boolean returns a true/false parameter as a pointer (nil when absent).
func (p *params) boolean(name string) *bool {
	switch s := p.str(name); s {
	case "":
		return nil
	case "true", "false":
		b := s == "true"
		return &b
	default:
		if p.err == nil {
			p.err = badParam("parameter %s: want true or false, got %q", name, s)
		}
		return nil
	}
}

// intIn returns an integer parameter in [lo, hi], or def when absent.
func (p *params) intIn(name string, def, lo, hi int) int {
	s := p.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if (err != nil || n < lo || n > hi) && p.err == nil {
		p.err = badParam("parameter %s: want an integer from %d to %d, got %q", name, lo, hi, s)
		return def
	}
	return n
}

// page is a window of a list: offset and limit, from page/limit or from
// an opaque cursor.
type page struct {
	offset, limit int
}

// window reads page, limit and cursor. A cursor belongs to one release:
// after a switch it is refused (the list changed under it).
func (p *params) window(releaseID string) page {
	limit := p.intIn("limit", defaultLimit, 1, maxLimit)
	cursor := p.str("cursor")
	if cursor == "" {
		n := p.intIn("page", 1, 1, maxPage)
		return page{offset: (n - 1) * limit, limit: limit}
	}
	if p.str("page") != "" && p.err == nil {
		p.err = badParam("give page or cursor, not both")
	}
	id, off, ok := decodeCursor(cursor)
	switch {
	case p.err != nil:
	case !ok:
		p.err = badParam("parameter cursor: malformed")
	case id != releaseID:
		p.err = badParam("parameter cursor: it belongs to release %s, now %s is served; start again", id, releaseID)
	}
	return page{offset: off, limit: limit}
}

// encodeCursor makes the cursor of the list position off in a release.
func encodeCursor(releaseID string, off int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(releaseID + ":" + strconv.Itoa(off)))
}

func decodeCursor(c string) (string, int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", 0, false
	}
	id, n, ok := strings.Cut(string(b), ":")
	off, err := strconv.Atoi(n)
	if !ok || err != nil || off < 0 || off > maxPage*maxLimit {
		return "", 0, false
	}
	return id, off, true
}
