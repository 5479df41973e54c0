package blindweb

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// linkWalk is what a plain walk of one site found: every page reached
// from the homepage (within the site's hosts) and the dead links, split
// into those on the homepage and those on other pages.
type linkWalk struct {
	pages     map[string]bool // "host/path?query"
	deadHome  map[string]string
	deadOther map[string]string
	problems  []string
}

// walkSite fetches the homepage of s and every page it leads to on the
// site's hosts, over IPv4, and checks every link found.
func walkSite(t *testing.T, w *Web, s siteDef) *linkWalk {
	t.Helper()
	c := w.Client("tcp4")
	hosts := append([]string{s.Host}, s.Crawl...)
	lw := &linkWalk{pages: map[string]bool{}, deadHome: map[string]string{}, deadOther: map[string]string{}}
	checked := map[string]string{} // link key -> "" alive or why dead
	home := w.siteURL(s.Host, "/")
	queue := []string{home}
	lw.pages[key(home)] = true
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		body, ctype, final, err := w.get(c, u)
		if err != nil {
			lw.problems = append(lw.problems, fmt.Sprintf("page %s: %v", u, err))
			continue
		}
		if strings.Contains(string(body), "<!--#include") {
			lw.problems = append(lw.problems, fmt.Sprintf("page %s: unexpanded include", u))
		}
		for _, link := range extractLinks(body, ctype, final) {
			k := key(link)
			why, seen := checked[k]
			if !seen {
				why = w.deadReason(c, link)
				checked[k] = why
			}
			if why != "" {
				if key(u) == key(home) {
					lw.deadHome[k] = why
				} else {
					lw.deadOther[k] = why
				}
				continue
			}
			lu, _ := url.Parse(link)
			if slices.Contains(hosts, lu.Hostname()) && !lw.pages[k] && isPage(lu.Path) {
				lw.pages[k] = true
				queue = append(queue, link)
			}
		}
	}
	return lw
}

// key is a link without scheme and port: "host/path?query".
func key(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	k := u.Hostname() + u.EscapedPath()
	if u.Path == "" {
		k += "/"
	}
	if u.RawQuery != "" {
		k += "?" + u.RawQuery
	}
	return k
}

func isPage(p string) bool {
	switch strings.ToLower(p[strings.LastIndex(p, ".")+1:]) {
	case "css", "png", "jpg", "gif", "pdf", "doc", "docx", "xls":
		return false
	}
	return true
}

// siteURL is the URL of path on host with the web's port and scheme.
func (w *Web) siteURL(host, path string) string {
	if w.m.Hosts[host].TLS {
		return fmt.Sprintf("https://%s:%d%s", host, w.HTTPSPort, path)
	}
	return fmt.Sprintf("http://%s:%d%s", host, w.HTTPPort, path)
}

// get fetches u following redirects, decodes GB2312 bodies, and returns
// the body, its Content-Type and the final URL; a status other than 200
// is an error.
func (w *Web) get(c *http.Client, u string) ([]byte, string, *url.URL, error) {
	for range 6 {
		resp, err := c.Get(u)
		if err != nil {
			return nil, "", nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, "", nil, err
		}
		if loc := resp.Header.Get("Location"); resp.StatusCode >= 300 && resp.StatusCode < 400 && loc != "" {
			next, err := resp.Request.URL.Parse(loc)
			if err != nil {
				return nil, "", nil, err
			}
			u = next.String()
			continue
		}
		if resp.StatusCode != http.StatusOK {
			return nil, "", nil, fmt.Errorf("status %d", resp.StatusCode)
		}
		ctype := resp.Header.Get("Content-Type")
		if strings.Contains(ctype, "gb2312") {
			if body, err = simplifiedchinese.GBK.NewDecoder().Bytes(body); err != nil {
				return nil, "", nil, err
			}
		}
		return body, ctype, resp.Request.URL, nil
	}
	return nil, "", nil, errors.New("too many redirects")
}

// deadReason tells why link is dead ("" when it is alive): it cannot be
// fetched, answers an error status, or its path has no file on a host of
// the web (a soft 404, whatever the status).
func (w *Web) deadReason(c *http.Client, link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return "bad URL"
	}
	if h := w.hosts[u.Hostname()]; h != nil && h.files != nil {
		if _, ok := h.def.Redirects[u.RequestURI()]; !ok {
			if name, dir := h.lookup(u.Path, u.RawQuery); name == "" && !dir {
				return "no such file (soft 404 or error page)"
			}
		}
	}
	if _, _, _, err := w.get(c, link); err != nil {
		return err.Error()
	}
	return ""
}

var (
	jsURL = regexp.MustCompile(`(?:https?://[A-Za-z0-9.\-:]+)?/[A-Za-z0-9_\-./%]*[A-Za-z0-9_\-/]\.(?:html?|jhtml|aspx|php|shtml)(?:\?[^"'\s<>]*)?|https?://[A-Za-z0-9.\-:]+/[^"'\s<>)]*`)
)

// extractLinks returns the absolute URLs a page links to: a, area, img,
// script, link and iframe references in HTML; URL-like strings in
// scripts and JSON.
func extractLinks(body []byte, ctype string, base *url.URL) []string {
	var raw []string
	if strings.HasPrefix(ctype, "text/html") {
		doc, err := html.Parse(bytes.NewReader(body))
		if err != nil {
			return nil
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			for _, a := range n.Attr {
				if (a.Key == "href" && (n.Data == "a" || n.Data == "area" || n.Data == "link")) ||
					(a.Key == "src" && (n.Data == "img" || n.Data == "script" || n.Data == "iframe")) {
					raw = append(raw, a.Val)
				}
			}
			if n.Data == "script" && n.FirstChild != nil {
				raw = append(raw, jsURL.FindAllString(n.FirstChild.Data, -1)...)
			}
		}
	} else if strings.Contains(ctype, "javascript") || strings.Contains(ctype, "json") {
		raw = jsURL.FindAllString(string(body), -1)
	}
	var out []string
	for _, r := range raw {
		r = strings.TrimSpace(r)
		if r == "" || strings.HasPrefix(r, "#") || strings.HasPrefix(r, "javascript:") || strings.HasPrefix(r, "mailto:") {
			continue
		}
		u, err := base.Parse(r)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		u.Fragment = ""
		out = append(out, u.String())
	}
	return out
}
