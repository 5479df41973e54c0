package crawler

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"gongkai/crawler/snapshot"
)

// SiteError is one problem found in a sites file. Its message names the
// file, the line and, when there is one, the field.
type SiteError struct {
	File  string // as given to ParseSites
	Line  int    // 1-based; 0 when the problem concerns the whole file
	Field string // column name, or empty
	Msg   string
}

// Error formats the problem as `file:line: field "x": message`.
func (e *SiteError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// maxSiteErrors bounds how many problems ParseSites reports at once.
const maxSiteErrors = 20

var (
	siteIDPattern = regexp.MustCompile(`^[a-z0-9._-]+$`)
	siteColumns   = []string{"site_id", "name", "url", "level", "kind", "region"}
	siteRequired  = []string{"site_id", "name", "url"}
	siteLevels    = []string{"national", "province", "city", "county", "township"}
	siteKinds     = []string{"portal", "department"}
)

// ReadSites reads and validates the sites file at path (see ParseSites).
func ReadSites(path string) ([]snapshot.Site, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read sites: %w", err)
	}
	defer f.Close()
	return ParseSites(path, f)
}

// ParseSites parses a sites file (DESIGN.md §2.2): CSV, UTF-8 with or
// without a byte order mark, a header row naming the columns site_id, name,
// url and optionally level, kind and region, in any order. Every problem is
// reported as a *SiteError naming the file, line and field; when there are
// several (at most 20) they are joined with errors.Join, one per line.
func ParseSites(name string, r io.Reader) ([]snapshot.Site, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	p := &siteParser{file: name, seen: map[string]int{}}
	return p.parse(bytes.TrimPrefix(data, []byte("\uFEFF")))
}

type siteParser struct {
	file string
	errs []error
	seen map[string]int // site_id -> line
	cols map[string]int // column -> index
}

func (p *siteParser) fail(line int, field, format string, args ...any) {
	if len(p.errs) < maxSiteErrors {
		p.errs = append(p.errs, &SiteError{File: p.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
}

func (p *siteParser) err() error { return errors.Join(p.errs...) }

func (p *siteParser) parse(data []byte) ([]snapshot.Site, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		p.fail(0, "", "empty file, want a header row (%s)", strings.Join(siteColumns, ","))
		return nil, p.err()
	}
	if err != nil {
		p.csvError(err)
		return nil, p.err()
	}
	if !p.header(header) {
		return nil, p.err()
	}
	var sites []snapshot.Site
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			p.csvError(err)
			break
		}
		line, _ := cr.FieldPos(0)
		if s, ok := p.record(line, len(header), rec); ok {
			sites = append(sites, s)
		}
	}
	if len(sites) == 0 && len(p.errs) == 0 {
		p.fail(0, "", "no sites: the file has a header row but no data rows")
	}
	if len(p.errs) > 0 {
		return nil, p.err()
	}
	return sites, nil
}

func (p *siteParser) csvError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		p.fail(pe.Line, "", "malformed CSV at column %d: %v", pe.Column, pe.Err)
		return
	}
	p.fail(0, "", "malformed CSV: %v", err)
}

// header checks the column names and records their positions.
func (p *siteParser) header(cols []string) bool {
	p.cols = map[string]int{}
	ok := true
	for i, c := range cols {
		c = strings.TrimSpace(c)
		switch {
		case c == "":
			p.fail(1, "", "column %d has an empty name", i+1)
			ok = false
		case !slices.Contains(siteColumns, c):
			p.fail(1, c, "unknown column (allowed: %s)", strings.Join(siteColumns, ", "))
			ok = false
		default:
			if _, dup := p.cols[c]; dup {
				p.fail(1, c, "duplicate column")
				ok = false
			}
			p.cols[c] = i
		}
	}
	for _, c := range siteRequired {
		if _, has := p.cols[c]; !has {
			p.fail(1, c, "required column is missing")
			ok = false
		}
	}
	return ok
}

// record validates one data row.
func (p *siteParser) record(line, width int, rec []string) (snapshot.Site, bool) {
	if len(rec) != width {
		p.fail(line, "", "row has %d fields, the header has %d", len(rec), width)
		return snapshot.Site{}, false
	}
	before := len(p.errs)
	get := func(col string) string {
		i, ok := p.cols[col]
		if !ok {
			return ""
		}
		v := strings.TrimSpace(rec[i])
		if !utf8.ValidString(v) {
			p.fail(line, col, "not valid UTF-8")
			return ""
		}
		return v
	}
	s := snapshot.Site{ID: get("site_id"), Name: get("name"), URL: get("url"),
		Level: get("level"), Kind: get("kind"), Region: get("region")}
	switch {
	case s.ID == "":
		p.fail(line, "site_id", "empty")
	case !siteIDPattern.MatchString(s.ID):
		p.fail(line, "site_id", "%q must match [a-z0-9._-]+", s.ID)
	case p.seen[s.ID] > 0:
		p.fail(line, "site_id", "%q duplicates line %d", s.ID, p.seen[s.ID])
	default:
		p.seen[s.ID] = line
	}
	if s.Name == "" {
		p.fail(line, "name", "empty")
	}
	if msg := checkSiteURL(s.URL); msg != "" {
		p.fail(line, "url", "%q %s", s.URL, msg)
	}
	if s.Level != "" && !slices.Contains(siteLevels, s.Level) {
		p.fail(line, "level", "%q is not one of %s", s.Level, strings.Join(siteLevels, ", "))
	}
	if s.Kind == "" {
		s.Kind = "portal"
	} else if !slices.Contains(siteKinds, s.Kind) {
		p.fail(line, "kind", "%q is not one of %s", s.Kind, strings.Join(siteKinds, ", "))
	}
	return s, len(p.errs) == before
}

// checkSiteURL returns why raw is not a usable homepage URL, or "".
func checkSiteURL(raw string) string {
	if raw == "" {
		return "is empty"
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "is not a valid URL"
	case u.Scheme != "http" && u.Scheme != "https":
		return "is not an http(s) URL"
	case u.Host == "" || u.Hostname() == "":
		return "has no host"
	case u.User != nil:
		return "must not carry user information"
	}
	return ""
}
