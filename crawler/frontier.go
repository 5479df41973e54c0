package crawler

import (
	"time"

	"gongkai/crawler/urls"
)

// frontier is the crawl's frontier policy: which of the URLs a site links
// to are crawled as pages, level by level. It collects the candidates of
// the next level and admits them in sorted order, so that neither the
// pages crawled nor their order depend on timing. It does no I/O:
// robots.txt is asked through the predicate admit is given, and the caller
// records the refusals (stats, log, journal). It is used by the
// page-processing goroutine only.
type frontier struct {
	maxPages, maxDepth, patternCap, maxGuidePages int

	asOf    time.Time         // "today" of the trap heuristics
	onGuide func(string) bool // a URL on a guide host outside the site's scope

	patterns     map[string]int // pages planned per urls.PatternKey
	planned      int            // pages planned, the homepage included
	guidePlanned int            // pages planned on guide hosts
	next         urlList        // candidates for the next level
}

// refusal says why the frontier did not plan a URL; refusedNone is no
// refusal.
type refusal uint8

// The refusals, in the order the rules apply.
const (
	refusedNone        refusal = iota
	refusedDepth               // linked from a page at MaxDepth
	refusedCandidates          // over the bound of one level's candidates
	refusedTrap                // a calendar, session or loop trap (urls.TrapReason)
	refusedPattern             // PatternCap pages of its URL pattern are planned
	refusedBudget              // MaxPages pages are planned
	refusedGuideBudget         // MaxGuidePages pages on guide hosts are planned
	refusedRobots              // robots.txt disallows it
)

// refused is one candidate admit refused and why; detail is the trap's
// reason, or the URL pattern over the cap.
type refused struct {
	url    string
	why    refusal
	detail string
}

// maxCandidateBytes bounds the URLs collected for the next level.
const maxCandidateBytes = 32 << 20

// newFrontier returns the frontier policy of cfg's budgets; onGuide tells
// a URL on a guide host outside the site's scope.
func newFrontier(cfg Config, asOf time.Time, onGuide func(string) bool) *frontier {
	return &frontier{
		maxPages: cfg.MaxPages, maxDepth: cfg.MaxDepth, patternCap: cfg.PatternCap, maxGuidePages: cfg.MaxGuidePages,
		asOf: asOf, onGuide: onGuide, patterns: map[string]int{},
	}
}

// seed plans the homepage as the first level.
func (f *frontier) seed(home string) level {
	f.patterns[urls.PatternKey(home)]++
	f.planned = 1
	var lb levelBuilder
	lb.add(home)
	return lb.level()
}

// offer collects u, a new URL linked from a page at depth, as a candidate
// for the next level, or refuses it: beyond MaxDepth, or over the bound of
// one level's candidates.
func (f *frontier) offer(u string, depth int) refusal {
	switch {
	case depth >= f.maxDepth:
		return refusedDepth
	case len(f.next.buf)+len(u) > maxCandidateBytes:
		return refusedCandidates
	}
	f.next.add(u)
	return refusedNone
}

// guideBudget reports whether pages on guide hosts may still be planned.
func (f *frontier) guideBudget() bool {
	return f.guidePlanned < f.maxGuidePages
}

// admit turns the candidates offered since the last call into the next
// level. Each candidate, in sorted order, is refused by the first rule it
// breaks (a trap, the pattern cap, MaxPages, MaxGuidePages on a guide
// host, robots.txt as allowed says) or planned. A refused candidate
// costs no budget. The refusals are returned in that order, those made
// before an error of allowed included; allowed's error ends admission.
func (f *frontier) admit(allowed func(u string) (bool, error)) (level, []refused, error) {
	sorted := f.next.sorted()
	f.next.reset()
	var (
		next levelBuilder
		out  []refused
	)
	for i := range sorted.len() {
		u := sorted.url(i)
		if why := urls.TrapReason(u, f.asOf); why != "" {
			out = append(out, refused{url: u, why: refusedTrap, detail: why})
			continue
		}
		key := urls.PatternKey(u)
		guide := f.onGuide(u)
		why := f.budgets(key, guide)
		if why == refusedNone {
			ok, err := allowed(u)
			if err != nil {
				return level{}, out, err
			}
			if !ok {
				why = refusedRobots
			}
		}
		if why != refusedNone {
			r := refused{url: u, why: why}
			if why == refusedPattern {
				r.detail = key
			}
			out = append(out, r)
			continue
		}
		f.patterns[key]++
		f.planned++
		if guide {
			f.guidePlanned++
		}
		next.add(u)
	}
	if len(next.end) == 0 {
		f.next = urlList{} // no next level: the crawl is over and the candidates' memory goes
	}
	return next.level(), out, nil
}

// budgets returns the budget a URL of pattern key (on a guide host, when
// guide) is over, if any.
func (f *frontier) budgets(key string, guide bool) refusal {
	switch {
	case f.patternCap > 0 && f.patterns[key] >= f.patternCap:
		return refusedPattern
	case f.planned >= f.maxPages:
		return refusedBudget
	case guide && !f.guideBudget():
		return refusedGuideBudget
	}
	return refusedNone
}
