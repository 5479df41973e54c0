package urls

import (
	"net/url"
	"slices"
	"strings"
)

// PatternKey collapses a URL to its shape so the frontier can cap pages per
// pattern (endless pagination ?page=N, calendars ?date=...): the scheme is
// dropped, the host is lower-cased, every run of digits in the path and in
// parameter names becomes a single "9", query values are dropped and the
// distinct parameter names are kept sorted. Example:
//
//	http://a.gov.cn/col/col123/index_4.html?page=7&cat=2 -> a.gov.cn/col/col9/index_9.html?cat&page
//
// Note that sibling articles share a key too (TRS t20200802_1352104.html ->
// t9_9.html), so the per-pattern cap must be large enough for a column.
func PatternKey(u string) string {
	pu, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return collapseDigits(u)
	}
	var b strings.Builder
	b.WriteString(strings.ToLower(pu.Host))
	p := pu.EscapedPath()
	if p == "" {
		p = "/"
	}
	b.WriteString(collapseDigits(p))
	if pu.RawQuery == "" {
		return b.String()
	}
	var names []string
	for _, p := range queryParams(pu.RawQuery) {
		names = append(names, collapseDigits(p.name))
	}
	slices.Sort(names)
	names = slices.Compact(names)
	b.WriteByte('?')
	b.WriteString(strings.Join(names, "&"))
	return b.String()
}

// collapseDigits replaces every run of ASCII digits with "9".
func collapseDigits(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	inRun := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			if !inRun {
				b.WriteByte('9')
			}
			inRun = true
			continue
		}
		inRun = false
		b.WriteByte(c)
	}
	return b.String()
}
