package crawler

import (
	"strings"
	"sync"

	"gongkai/crawler/snapshot"
	"gongkai/crawler/urls"
)

// scope decides which URLs belong to a site: those under the registrable
// domain of its homepage (and of the homepage's final URL, if it moved).
// Answers are cached per host. It is safe for concurrent use.
type scope struct {
	mu      sync.Mutex
	domains []string // [0] is the homepage's: links there are internal
	cache   map[string]uint8
}

const (
	scopeIn       uint8 = 1 << iota // crawlable host
	scopeInternal                   // same registrable domain as the homepage
	scopeKnown
)

const scopeCacheMax = 4096

func newScope(home string) *scope {
	return &scope{domains: []string{urls.RegistrableDomain(snapshot.HostName(home))}, cache: map[string]uint8{}}
}

// add brings the registrable domain of u into scope.
func (s *scope) add(u string) {
	d := urls.RegistrableDomain(snapshot.HostName(u))
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, have := range s.domains {
		if have == d {
			return
		}
	}
	s.domains = append(s.domains, d)
	clear(s.cache)
}

// classify reports whether u is in scope and whether it is internal.
func (s *scope) classify(u string) (in, internal bool) {
	host := snapshot.HostName(u)
	if host == "" {
		return false, false
	}
	s.mu.Lock()
	bits := s.cache[host]
	s.mu.Unlock()
	if bits&scopeKnown == 0 {
		bits = scopeKnown
		d := urls.RegistrableDomain(host)
		s.mu.Lock()
		for i, have := range s.domains {
			if d != "" && d == have {
				bits |= scopeIn
				if i == 0 {
					bits |= scopeInternal
				}
			}
		}
		if len(s.cache) >= scopeCacheMax {
			clear(s.cache)
		}
		s.cache[strings.Clone(host)] = bits
		s.mu.Unlock()
	}
	return bits&scopeIn != 0, bits&scopeInternal != 0
}

// inScope reports whether u belongs to the site.
func (s *scope) inScope(u string) bool {
	in, _ := s.classify(u)
	return in
}

// crawlable reports whether u may be crawled as a page: in scope and not
// an attachment.
func (s *scope) crawlable(u string) bool {
	return s.inScope(u) && !urls.IsAttachment(u)
}
