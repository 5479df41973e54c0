package sampleweb

import (
	"fmt"
	"strconv"
	"strings"
)

// expand fills the placeholders of content.yaml for item it (nil: site-level).
func (s *site) expand(text string, it *item) string {
	d := s.def
	org := d.Name
	pairs := []string{"{org}", org, "{short}", d.Short, "{place}", d.Place, "{leader}", d.Leader,
		"{address}", d.Footer.Address, "{phone}", d.Footer.Phone, "{fax}", d.Footer.Fax, "{email}", d.Footer.Email}
	if it != nil {
		issuer := org
		if it.policy != nil && it.policy.Issuer == "office" {
			issuer = org + "办公室"
		}
		town := ""
		if len(d.Towns) > 0 {
			town = d.Towns[(it.id+it.n)%len(d.Towns)]
		}
		y := it.date.Year()
		pairs = append(pairs, "{issuer}", issuer, "{town}", town, "{y}", strconv.Itoa(y), "{py}", strconv.Itoa(y-1),
			"{n}", strconv.Itoa(1+it.id%12), "{md}", fmt.Sprintf("%d月%d日", it.date.Month(), it.date.Day()))
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

// url returns an absolute URL on a host of this site (or another sample host).
func (s *site) url(host, path string) string {
	scheme, port := "http", s.ports.HTTP
	if s.def.TLS {
		scheme, port = "https", s.ports.HTTPS
	}
	return fmt.Sprintf("%s://%s:%d%s", scheme, host, port, path)
}

// href returns how a page on fromHost links to path on toHost.
func (s *site) href(fromHost, toHost, path string) string {
	if fromHost == toHost {
		return path
	}
	return s.url(toHost, path)
}

// itemHref is the link to an item from a page on fromHost.
func (s *site) itemHref(fromHost string, it *item) string {
	if it.href != "" {
		return s.fill(it.href)
	}
	return s.href(fromHost, it.host, it.path)
}

// fill replaces {P}, {Q} and {ASOF} in a URL from the site data.
func (s *site) fill(u string) string {
	return strings.NewReplacer("{P}", strconv.Itoa(s.ports.HTTP), "{Q}", strconv.Itoa(s.ports.HTTPS),
		"{ASOF}", s.asOf.Format("2006-01-02")).Replace(u)
}
