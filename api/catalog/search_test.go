package catalog

import (
	"testing"
	"time"
)

// TestParseFilter: the fq forms harvesters send, and refusals.
func TestParseFilter(t *testing.T) {
	cases := []struct {
		fq    string
		since string
		org   string
		bad   bool
	}{
		{fq: ""},
		{fq: "metadata_modified:[2026-11-20T00:00:00.000Z TO *]", since: "2026-11-20T00:00:00Z"},
		{fq: "+metadata_modified:[2026-11-20T08:00:00Z TO *] AND organization:gongkai", since: "2026-11-20T08:00:00Z", org: "gongkai"},
		{fq: "metadata_modified:{2026-11-20 TO *}", since: "2026-11-20T00:00:00Z"},
		{fq: "+dataset_type:dataset", org: ""},
		{fq: "metadata_modified:[2026-11-20 TO 2026-12-01]", bad: true},
		{fq: "metadata_modified:[soon TO *]", bad: true},
		{fq: "secret:1", bad: true},
		{fq: "nofield", bad: true},
		{fq: "dataset_type:harvest", bad: true},
		{fq: "metadata_modified:[2026", bad: true},
	}
	for _, c := range cases {
		var s Search
		err := ParseFilter(c.fq, &s)
		if (err != nil) != c.bad {
			t.Errorf("%q: err %v", c.fq, err)
			continue
		}
		if c.bad {
			if !IsSearchError(err) {
				t.Errorf("%q: %v is not a search error", c.fq, err)
			}
			continue
		}
		if c.since != "" && s.Since.Format(time.RFC3339) != c.since {
			t.Errorf("%q: since %v", c.fq, s.Since)
		}
		if s.Organization != c.org {
			t.Errorf("%q: organization %q", c.fq, s.Organization)
		}
	}
}

// FuzzParseFilter: any fq is parsed or refused as a search error, never
// a panic.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"metadata_modified:[2026-11-20T00:00:00.000Z TO *]", "+a:b AND c:[", "{]}", "res_format:CSV name:x", "metadata_modified:[* TO *]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, fq string) {
		var s Search
		if err := ParseFilter(fq, &s); err != nil && !IsSearchError(err) {
			t.Fatalf("%q: %v", fq, err)
		}
	})
}

// FuzzSortPackages: any sort is applied or refused, never a panic.
func FuzzSortPackages(f *testing.F) {
	for _, s := range []string{"id asc", "metadata_modified desc, name asc", ",,", "id sideways"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sort string) {
		ps := []Package{{Name: "b", ID: "2"}, {Name: "a", ID: "1"}}
		if err := SortPackages(ps, sort); err != nil && !IsSearchError(err) {
			t.Fatal(err)
		}
	})
}
