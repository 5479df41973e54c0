package checks

import (
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/crawler/snapshot"
)

// The shared harness of the per-kind tests (kind_*_test.go): a good site
// (site_test.go), helpers that break one thing in it, and runKindCases.

func pageByURL(s *snapshot.Snapshot, path string) *snapshot.Page {
	for i := range s.Pages {
		if s.Pages[i].URL == u(path) {
			return &s.Pages[i]
		}
	}
	panic("no page " + path)
}

func dropPages(s *snapshot.Snapshot, paths ...string) {
	var keep []snapshot.Page
	for _, p := range s.Pages {
		drop := false
		for _, path := range paths {
			drop = drop || p.URL == u(path)
		}
		if !drop {
			keep = append(keep, p)
		}
	}
	s.Pages = keep
}

func dropAnchor(s *snapshot.Snapshot, text string) {
	home := &s.Pages[0]
	var keep []snapshot.Anchor
	for _, an := range home.Anchors {
		if an.Text != text {
			keep = append(keep, an)
		}
	}
	home.Anchors = keep
}

func colPage(path, name string, depth int, items ...snapshot.Item) snapshot.Page {
	return snapshot.Page{URL: u(path), Depth: depth, Status: snapshot.StatusOK, Title: name,
		Meta: map[string]string{"columnname": name}, Items: items, Text: "列表"}
}

func guidePage(path string, kv ...string) snapshot.Page {
	return snapshot.Page{URL: u(path), Depth: 2, Status: snapshot.StatusOK, Title: "某事项办事指南", Blocks: blocks(kv...)}
}

// kindCase is one hand-built situation and what one rule must say about it.
type kindCase struct {
	name    string
	mutate  func(s *snapshot.Snapshot)
	asOf    time.Time // zero: the default as-of
	rule    string
	want    string  // outcomes of the rule's findings, joined by commas, in any order
	msg     string  // a substring of some finding's message
	points  float64 // total points of the rule's findings
	checkFn func(t *testing.T, res Result)
}

func runKindCases(t *testing.T, cases []kindCase) {
	t.Helper()
	c := Default()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := goodSite()
			if tc.mutate != nil {
				tc.mutate(s)
			}
			when := asOf
			if !tc.asOf.IsZero() {
				when = tc.asOf
			}
			res := c.Judge(s, when)
			var got []string
			pts, msgs := 0.0, ""
			for _, f := range res.Findings {
				if f.RuleID != tc.rule {
					continue
				}
				got = append(got, string(f.Outcome))
				pts += f.Points
				msgs += f.Message + "\n"
			}
			want := strings.Split(tc.want, ",")
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s outcomes = %q, want %q\n%s", tc.rule, got, tc.want, msgs)
			}
			if tc.msg != "" && !strings.Contains(msgs, tc.msg) {
				t.Errorf("%s messages lack %q:\n%s", tc.rule, tc.msg, msgs)
			}
			if round4(pts) != tc.points {
				t.Errorf("%s points = %g, want %g", tc.rule, pts, tc.points)
			}
			if tc.checkFn != nil {
				tc.checkFn(t, res)
			}
		})
	}
}
