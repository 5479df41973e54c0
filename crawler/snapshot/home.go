package snapshot

import (
	"cmp"
	"strings"
)

// BodyRead reports a page or site status whose body was read: ok,
// too_large (the prefix was parsed) or render_error (the browser failed,
// the static facts stand). The empty status of a page built by hand counts
// as read.
func (st Status) BodyRead() bool {
	return st == StatusOK || st == StatusTooLarge || st == StatusRenderError || st == ""
}

// HomePage returns the homepage as fetched: the depth-0 page whose body
// was read, the one at Home.URL or Home.FinalURL when there are several;
// nil when no homepage body was read. Checks judge it and the sites table
// shows what they read from it, so both use this one definition.
func (s *Snapshot) HomePage() *Page {
	var home *Page
	for i := range s.Pages {
		p := &s.Pages[i]
		if p.Depth != 0 || !p.Status.BodyRead() {
			continue
		}
		if home == nil || p.URL == s.Home.URL || p.URL == s.Home.FinalURL {
			home = p
		}
	}
	return home
}

// HomeHost returns the record of the homepage's host: the level-1 host
// named by the homepage's final URL (else its URL, else the site's), or
// any host of that name; nil when none was recorded.
func (s *Snapshot) HomeHost() *Host {
	name := HostName(cmp.Or(s.Home.FinalURL, s.Home.URL, s.Site.URL))
	for i := range s.Hosts {
		if s.Hosts[i].Level == 1 && (name == "" || strings.EqualFold(s.Hosts[i].Name, name)) {
			return &s.Hosts[i]
		}
	}
	for i := range s.Hosts {
		if strings.EqualFold(s.Hosts[i].Name, name) {
			return &s.Hosts[i]
		}
	}
	return nil
}

// HostName returns the host of an absolute URL as Host.Name records it:
// lower-cased, without user info, port or IPv6 brackets; "" when the URL
// has no host. It does not parse the URL fully (the crawler calls it for
// every anchor), so it never fails: a malformed host is returned as it
// stands.
func HostName(rawURL string) string {
	i := strings.Index(rawURL, "://")
	if i < 0 {
		return ""
	}
	h := rawURL[i+3:]
	if j := strings.IndexAny(h, "/?#"); j >= 0 {
		h = h[:j]
	}
	if j := strings.LastIndexByte(h, '@'); j >= 0 {
		h = h[j+1:]
	}
	if strings.HasPrefix(h, "[") {
		if j := strings.IndexByte(h, ']'); j > 0 {
			return strings.ToLower(h[1:j])
		}
	}
	if j := strings.LastIndexByte(h, ':'); j >= 0 && !strings.Contains(h[:j], ":") {
		h = h[:j]
	}
	return strings.ToLower(h)
}
