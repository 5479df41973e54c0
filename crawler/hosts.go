package crawler

import (
	"cmp"
	"context"
	"encoding/json"
	"maps"
	"slices"
	"sync"

	"gongkai/crawler/snapshot"
	"gongkai/crawler/urls"
)

// hostTarget is one host to probe and the URL to probe it with.
type hostTarget struct {
	name, url string
	level     int
}

// probe runs the DNS and IPv6 probes of the national method: the homepage
// host (level 1), every distinct host linked at levels 2 and 3 (probed
// with its first link), and the homepage over IPv4 and IPv6. Probes an
// earlier run journaled are not repeated.
func (c *siteCrawl) probe(ctx context.Context) error {
	blocked := c.homeRec != nil && c.homeRec.Status == snapshot.StatusRobotsBlocked
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, c.cfg.LinkWorkers)
	)
	var todo []hostTarget
	targets, err := c.hostTargets()
	if err != nil {
		return err
	}
	for _, t := range targets {
		if _, done := c.hosts[t.name]; !done {
			todo = append(todo, t)
		}
	}
	for _, t := range todo {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			var h snapshot.Host
			if blocked {
				h = c.lookupHost(ctx, t)
			} else {
				h = c.env.prober.Host(ctx, t.url, t.level)
			}
			if ctx.Err() != nil {
				return
			}
			h.Name, h.Level = t.name, t.level // the prober's cache is shared by all sites
			_, err := c.journal.Append(snapshot.Entry{Host: &h})
			mu.Lock()
			defer mu.Unlock()
			c.hosts[t.name] = h
			if err != nil {
				errs = append(errs, err)
			}
		})
	}
	wg.Wait()
	if err := cmp.Or(ctx.Err(), firstOf(errs)); err != nil {
		return err
	}
	if c.ipv6 != nil || blocked {
		return nil
	}
	v := c.env.prober.Home(ctx, c.home)
	if err := ctx.Err(); err != nil {
		return err
	}
	c.ipv6 = &v
	_, err = c.journal.Append(snapshot.Entry{IPv6: &v})
	return err
}

// hostTargets lists the hosts to probe: the homepage's (and its final
// URL's) at level 1, then each host of a level 2 or 3 link, first link
// first. The homepage's host is probed with its first other page linked
// from the homepage, when there is one: the homepage has its own IPv4/IPv6
// comparison, and the host's record stands for its pages in the link
// ratios (a proxy may serve the homepage over IPv6 and nothing else).
func (c *siteCrawl) hostTargets() ([]hostTarget, error) {
	var out []hostTarget
	seen := map[string]int{} // host name -> index in out
	homes := map[string]bool{c.home: true}
	add := func(u string, level int) {
		if n := snapshot.HostName(u); n != "" {
			if _, ok := seen[n]; !ok {
				seen[n] = len(out)
				out = append(out, hostTarget{name: n, url: u, level: level})
			}
		}
	}
	add(c.home, 1)
	if c.homeRec != nil && c.homeRec.Probe.FinalURL != "" {
		homes[c.homeRec.Probe.FinalURL] = true
		add(c.homeRec.Probe.FinalURL, 1)
	}
	for l, err := range c.links.log.all() {
		if err != nil {
			return nil, err
		}
		if l.level > 3 {
			continue
		}
		if i, ok := seen[snapshot.HostName(l.url)]; ok {
			if t := &out[i]; t.level == 1 && homes[t.url] && l.level == 2 && !homes[l.url] && pageLink(l) {
				t.url = l.url // the home host is probed with its first other page
			}
			continue
		}
		add(l.url, l.level)
	}
	return out, nil
}

// pageLink reports a logged link that is an <a> to a page (not an
// attachment, image, stylesheet or script).
func pageLink(l logged) bool {
	var link struct {
		Tag string `json:"tag"`
	}
	return json.Unmarshal(l.raw, &link) == nil && link.Tag == "a" && !urls.IsAttachment(l.url)
}

// lookupHost records only the DNS answers of a host, for a site whose
// robots.txt forbids requesting its pages.
func (c *siteCrawl) lookupHost(ctx context.Context, t hostTarget) snapshot.Host {
	h := snapshot.Host{Name: t.name, Level: t.level}
	a, aaaa, err := c.env.client.Lookup(ctx, t.name)
	for _, ip := range a {
		h.A = append(h.A, ip.String())
	}
	for _, ip := range aaaa {
		h.AAAA = append(h.AAAA, ip.String())
	}
	if err != nil && len(a)+len(aaaa) == 0 {
		h.DNSError = err.Error()
	}
	h.IPv4Error = "not probed: robots.txt disallows the site"
	h.IPv6Error = h.IPv4Error
	return h
}

// sortedHosts returns the hosts sorted by name.
func sortedHosts(m map[string]snapshot.Host) []snapshot.Host {
	out := slices.Collect(maps.Values(m))
	slices.SortFunc(out, func(a, b snapshot.Host) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

func firstOf(errs []error) error {
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}
