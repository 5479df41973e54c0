package blindweb

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// manifest is manifest.yaml: the audited sites and how every host of the
// web behaves. Page content lives in site/<host>/.
type manifest struct {
	AsOf  string              `yaml:"as_of"`
	Sites []siteDef           `yaml:"sites"`
	Hosts map[string]*hostDef `yaml:"hosts"`
}

// siteDef is one audited site: a row of the sites file plus the links the
// fixture plants as dead (the fixture test checks they are exactly the
// dead ones, so a typo cannot plant an extra one).
type siteDef struct {
	ID     string `yaml:"id"`
	Name   string `yaml:"name"`
	Host   string `yaml:"host"`
	Level  string `yaml:"level"`
	Kind   string `yaml:"kind"`
	Region string `yaml:"region"`
	// Crawl lists the other hosts the fixture test walks as part of the
	// site (a province 政务服务网 holding its guides).
	Crawl []string `yaml:"crawl"`
	// DeadLinks lists the planted dead links ("host/path?query" without
	// scheme and port) found on the homepage and on other pages.
	DeadLinks struct {
		Home  []string `yaml:"home"`
		Other []string `yaml:"other"`
	} `yaml:"dead_links"`
}

// IPv6 modes of a host.
const (
	v6OK           = "ok"            // AAAA ::1, served like IPv4
	v6None         = "none"          // no AAAA record
	v6HomeOnly     = "home-only"     // AAAA ::1, only the homepage answers; other paths 502
	v6DefaultVhost = "default-vhost" // AAAA ::1, a bare nginx default server: welcome page, other paths 404
)

// hostDef is how one host name answers.
type hostDef struct {
	// IPv6 is one of the v6 modes; empty means ok.
	IPv6 string `yaml:"ipv6"`
	// TLS serves the host over HTTPS; plain HTTP redirects there.
	TLS bool `yaml:"tls"`
	// Both serves the host over HTTP and HTTPS alike (national hosts).
	Both bool `yaml:"both"`
	// Charset is the encoding pages are sent in (utf-8 or gb2312);
	// files are stored as UTF-8 and transcoded when served.
	Charset string `yaml:"charset"`
	// NoCharsetHeader leaves the charset out of Content-Type: only the
	// page's <meta> says it.
	NoCharsetHeader bool `yaml:"no_charset_header"`
	// Server is the Server header.
	Server string `yaml:"server"`
	// Index is the file a directory path serves (index.html by default).
	Index []string `yaml:"index"`
	// Down answers every request with this status (a dead backend).
	Down int `yaml:"down"`
	// Missing says what a path without a file answers; the first rule
	// whose prefix matches applies. Without a rule: 404.
	Missing []missingRule `yaml:"missing"`
	// Types maps a path prefix to a Content-Type for files whose name
	// does not say (API answers without an extension).
	Types map[string]string `yaml:"types"`
	// Redirects maps a path (with query, if any) to a target URL.
	Redirects map[string]redirect `yaml:"redirects"`
}

// missingRule answers a missing path under Prefix: with File and Status
// (a custom error page, or a 200 "soft 404"), with a redirect to
// Redirect ({path} is replaced by the requested path), or with the
// server's bare error page for Status.
type missingRule struct {
	Prefix   string `yaml:"prefix"`
	Status   int    `yaml:"status"`
	File     string `yaml:"file"`
	Redirect string `yaml:"redirect"`
}

type redirect struct {
	To     string `yaml:"to"`
	Status int    `yaml:"status"`
}

// loadManifest reads and checks manifest.yaml against the content tree.
func loadManifest(content fs.FS, raw []byte) (*manifest, time.Time, error) {
	var m manifest
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, time.Time{}, fmt.Errorf("load manifest.yaml: %w", err)
	}
	asOf, err := time.Parse(time.DateOnly, m.AsOf)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("load manifest.yaml: as_of: %w", err)
	}
	if err := m.check(content); err != nil {
		return nil, time.Time{}, fmt.Errorf("load manifest.yaml: %w", err)
	}
	return &m, asOf, nil
}

func (m *manifest) check(content fs.FS) error {
	ids := map[string]bool{}
	for _, s := range m.Sites {
		if ids[s.ID] {
			return fmt.Errorf("site %s listed twice", s.ID)
		}
		ids[s.ID] = true
		for _, h := range append([]string{s.Host}, s.Crawl...) {
			if m.Hosts[h] == nil {
				return fmt.Errorf("site %s: host %s is not in hosts", s.ID, h)
			}
		}
		if s.Kind != "portal" && s.Kind != "department" {
			return fmt.Errorf("site %s: kind %q", s.ID, s.Kind)
		}
	}
	for name, h := range m.Hosts {
		if name != strings.ToLower(name) {
			return fmt.Errorf("host %s: not lower case", name)
		}
		if !slices.Contains([]string{"", v6OK, v6None, v6HomeOnly, v6DefaultVhost}, h.IPv6) {
			return fmt.Errorf("host %s: ipv6 %q", name, h.IPv6)
		}
		if h.TLS && h.Both {
			return fmt.Errorf("host %s: tls and both", name)
		}
		if !slices.Contains([]string{"", "utf-8", "gb2312"}, h.Charset) {
			return fmt.Errorf("host %s: charset %q", name, h.Charset)
		}
		if h.Down == 0 {
			if _, err := fs.Stat(content, name); err != nil {
				return fmt.Errorf("host %s: no content directory: %w", name, err)
			}
		}
		for _, r := range h.Missing {
			if r.File != "" {
				if _, err := fs.Stat(content, name+"/"+r.File); err != nil {
					return fmt.Errorf("host %s: missing page: %w", name, err)
				}
			}
			if r.File == "" && r.Redirect == "" && http.StatusText(r.Status) == "" {
				return fmt.Errorf("host %s: missing rule %q answers nothing", name, r.Prefix)
			}
		}
	}
	return nil
}
