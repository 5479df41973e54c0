package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Search is a parsed package_search request.
type Search struct {
	// Q is free text (matched in name, title, notes and tags); "" or "*:*"
	// matches everything.
	Q string
	// Since keeps packages modified at or after it (fq metadata_modified).
	Since time.Time
	// Organization, Format and Name restrict by organization name,
	// resource format and package name (fq).
	Organization, Format, Name string
}

// errSearch is a query the search cannot understand (CKAN answers such
// queries with a "Search Query Error", 409).
var errSearch = errors.New("search query error")

// ParseFilter parses a CKAN fq: clauses separated by spaces or AND, each
// field:value or field:[FROM TO *]; a leading + is allowed. Supported
// fields: metadata_modified (a range ending in *), organization,
// res_format, name, dataset_type (dataset only), state (active only).
func ParseFilter(fq string, s *Search) error {
	for _, clause := range splitClauses(fq) {
		clause = strings.TrimPrefix(clause, "+")
		field, value, ok := strings.Cut(clause, ":")
		if !ok || value == "" {
			return fmt.Errorf("%w: cannot read %q", errSearch, clause)
		}
		value = strings.Trim(value, `"`)
		switch field {
		case "metadata_modified":
			t, err := parseRangeStart(value)
			if err != nil {
				return err
			}
			s.Since = t
		case "organization":
			s.Organization = value
		case "res_format":
			s.Format = value
		case "name":
			s.Name = value
		case "dataset_type", "type":
			if value != "dataset" {
				return fmt.Errorf("%w: only dataset_type:dataset exists", errSearch)
			}
		case "state":
			if value != "active" {
				return fmt.Errorf("%w: only state:active exists", errSearch)
			}
		default:
			return fmt.Errorf("%w: unsupported field %q", errSearch, field)
		}
	}
	return nil
}

// splitClauses splits fq on spaces outside brackets, dropping AND.
func splitClauses(fq string) []string {
	var out []string
	depth, start := 0, 0
	flush := func(end int) {
		if c := strings.TrimSpace(fq[start:end]); c != "" && c != "AND" {
			out = append(out, c)
		}
	}
	for i, r := range fq {
		switch r {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case ' ':
			if depth <= 0 {
				flush(i)
				start = i + 1
			}
		}
	}
	flush(len(fq))
	return out
}

// parseRangeStart reads [FROM TO *] (or {FROM TO *]) and returns FROM.
func parseRangeStart(v string) (time.Time, error) {
	if len(v) < 2 || (v[0] != '[' && v[0] != '{') || (v[len(v)-1] != ']' && v[len(v)-1] != '}') {
		return time.Time{}, fmt.Errorf("%w: want [FROM TO *], got %q", errSearch, v)
	}
	parts := strings.Fields(v[1 : len(v)-1])
	if len(parts) != 3 || parts[1] != "TO" || parts[2] != "*" {
		return time.Time{}, fmt.Errorf("%w: want [FROM TO *], got %q", errSearch, v)
	}
	if parts[0] == "*" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, parts[0]); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: bad date %q", errSearch, parts[0])
}

// IsSearchError reports whether err is a query the search refused.
func IsSearchError(err error) bool { return errors.Is(err, errSearch) }

// Match reports whether a package passes the search.
func (s *Search) Match(p *Package) bool {
	if !s.Since.IsZero() {
		mod, err := time.Parse(ckanTime, p.MetadataModified)
		if err != nil || mod.Before(s.Since) {
			return false
		}
	}
	if s.Organization != "" && s.Organization != p.Organization.Name && s.Organization != p.OwnerOrg {
		return false
	}
	if s.Name != "" && s.Name != p.Name {
		return false
	}
	if s.Format != "" && !slices.ContainsFunc(p.Resources, func(r Resource) bool { return strings.EqualFold(r.Format, s.Format) }) {
		return false
	}
	q := strings.TrimSpace(s.Q)
	if q == "" || q == "*:*" {
		return true
	}
	if field, value, ok := strings.Cut(q, ":"); ok && (field == "name" || field == "id") {
		return value == p.Name || value == p.ID
	}
	hay := strings.ToLower(p.Name + " " + p.Title + " " + p.Notes)
	for _, t := range p.Tags {
		hay += " " + strings.ToLower(t.Name)
	}
	for _, word := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(hay, word) {
			return false
		}
	}
	return true
}

// SortPackages sorts by a CKAN sort ("id asc", "name desc",
// "metadata_modified desc"; several keys separated by commas).
func SortPackages(ps []Package, sort string) error {
	type key struct {
		field string
		desc  bool
	}
	var keys []key
	for _, part := range strings.Split(sort, ",") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		k := key{field: f[0]}
		if len(f) > 2 || (len(f) == 2 && f[1] != "asc" && f[1] != "desc") {
			return fmt.Errorf("%w: bad sort %q", errSearch, part)
		}
		k.desc = len(f) == 2 && f[1] == "desc"
		switch k.field {
		case "id", "name", "title", "metadata_modified", "metadata_created", "score", "title_string":
		default:
			return fmt.Errorf("%w: cannot sort by %q", errSearch, k.field)
		}
		keys = append(keys, k)
	}
	val := func(p *Package, f string) string {
		switch f {
		case "id":
			return p.ID
		case "title", "title_string":
			return p.Title
		case "metadata_modified":
			return p.MetadataModified
		case "metadata_created":
			return p.MetadataCreated
		case "score":
			return ""
		}
		return p.Name
	}
	slices.SortStableFunc(ps, func(a, b Package) int {
		for _, k := range keys {
			c := strings.Compare(val(&a, k.field), val(&b, k.field))
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return strings.Compare(a.Name, b.Name)
	})
	return nil
}
