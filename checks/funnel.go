package checks

import (
	"fmt"
	"net/url"
	"strings"

	"gongkai/crawler/snapshot"
)

// redirectFunnels finds the links that a site funnels, with many others,
// into one page by redirects: a site that sends its missing pages to one
// page (an error page, a column index, its homepage) answers 200 for each,
// and only their number gives them away. When at least
// understanding.redirect_funnel_min distinct link URLs redirect to the same
// final URL, each of them is a missing page (a soft 404). Redirects that
// only change the scheme, add a slash or an index file, and links to the
// target itself, do not count. The map holds each funnelled URL with its
// target.
func (c *Catalog) redirectFunnels(links []snapshot.Link) map[string]string {
	min := c.Understanding.RedirectFunnelMin
	byTarget := map[string][]string{}
	for _, l := range links {
		if l.HTTPStatus != 200 || l.FinalURL == "" || l.Dead || l.Blocked || l.Soft404 {
			continue
		}
		if samePage(l.URL, l.FinalURL) {
			continue
		}
		byTarget[l.FinalURL] = append(byTarget[l.FinalURL], l.URL)
	}
	out := map[string]string{}
	for target, from := range byTarget {
		if len(from) < min {
			continue
		}
		for _, u := range from {
			out[u] = target
		}
	}
	return out
}

// samePage reports whether a redirect from a to b stays on one page: the
// same host and path once the scheme, a trailing slash and an index file
// are set aside.
func samePage(a, b string) bool {
	return pageKey(a) == pageKey(b)
}

func pageKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	p := strings.TrimSuffix(pageSuffixRE.ReplaceAllString(u.Path, "$5"), "/")
	return strings.ToLower(u.Host) + p + "?" + u.RawQuery
}

// funnelReasons maps each funnelled link to why it is a missing page, or
// nil when there is none.
func (v *siteView) funnelReasons() map[string]string {
	if len(v.funnels) == 0 {
		return nil
	}
	size := map[string]int{}
	for _, t := range v.funnels {
		size[t]++
	}
	out := make(map[string]string, len(v.funnels))
	for u, t := range v.funnels {
		out[u] = fmt.Sprintf("soft 404: one of %d links redirected to %s", size[t], t)
	}
	return out
}

// funnelNote says why a funnelled link counts as missing.
func funnelNote(target string, n int) string {
	return fmt.Sprintf("HTTP 200，但被重定向至 %s（共%d个不同地址被转到此页，视为软404）", target, n)
}
