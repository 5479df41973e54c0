package sampleweb

import (
	"fmt"
	"strconv"
	"strings"
)

// expand fills the placeholders of content.yaml for item it (nil: site-level).
// Unknown placeholders are left as they are.
func (s *site) expand(text string, it *item) string {
	if !strings.Contains(text, "{") {
		return text
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		j := strings.IndexByte(text[max(i, 0):], '}')
		if i < 0 || j < 0 {
			b.WriteString(text)
			return b.String()
		}
		if v, ok := s.placeholder(text[i+1:i+j], it); ok {
			b.WriteString(text[:i])
			b.WriteString(v)
		} else {
			b.WriteString(text[:i+j+1])
		}
		text = text[i+j+1:]
	}
}

// placeholder returns the value of one placeholder.
func (s *site) placeholder(key string, it *item) (string, bool) {
	d := s.def
	switch key {
	case "org":
		return d.Name, true
	case "short":
		return d.Short, true
	case "place":
		return d.Place, true
	case "leader":
		return d.Leader, true
	case "address":
		return d.Footer.Address, true
	case "phone":
		return d.Footer.Phone, true
	case "fax":
		return d.Footer.Fax, true
	case "email":
		return d.Footer.Email, true
	}
	if it == nil {
		return "", false
	}
	switch key {
	case "issuer":
		if it.policy != nil && it.policy.Issuer == "office" {
			return d.Name + "办公室", true
		}
		return d.Name, true
	case "town":
		if len(d.Towns) == 0 {
			return "", true
		}
		return d.Towns[(it.id+it.n)%len(d.Towns)], true
	case "y":
		return strconv.Itoa(it.date.Year()), true
	case "py":
		return strconv.Itoa(it.date.Year() - 1), true
	case "n":
		return strconv.Itoa(1 + it.id%12), true
	case "md":
		return fmt.Sprintf("%d月%d日", it.date.Month(), it.date.Day()), true
	}
	return "", false
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
