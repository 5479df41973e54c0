package urls

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Reasons TrapReason returns. They are stable strings: the frontier counts
// skipped URLs by reason.
const (
	TrapLongURL       = "url-too-long"
	TrapDeepPath      = "path-too-deep"
	TrapRepeatSegment = "repeated-segment"
	TrapCalendar      = "calendar"
	TrapManyParams    = "too-many-params"
	TrapUnparsable    = "unparsable"
)

// TrapLimits holds the thresholds of the trap heuristics. The zero value is
// not useful; start from DefaultTrapLimits.
type TrapLimits struct {
	MaxLen       int // URL length in bytes
	MaxDepth     int // non-empty path segments
	MaxRepeat    int // occurrences of one path segment that make a loop
	MaxParams    int // query parameters
	MinYear      int // earliest plausible year in a calendar URL
	YearsAhead   int // latest plausible year is now.Year()+YearsAhead
	MinYearCheck int // 4-digit path segments below this are ids, not years
}

// DefaultTrapLimits returns the limits TrapReason uses: length 512, depth
// 12, a segment repeated 3 times, 8 query parameters, years 1990..now+2.
func DefaultTrapLimits() TrapLimits {
	return TrapLimits{MaxLen: 512, MaxDepth: 12, MaxRepeat: 3, MaxParams: 8,
		MinYear: 1990, YearsAhead: 2, MinYearCheck: 1800}
}

// TrapReason returns a non-empty reason when a URL looks like a crawler trap
// on its own: repeating path segments (/a/b/a/b/a/b..., any segment repeated
// 3 or more times), path depth over 12 segments, URL length over 512 bytes,
// a calendar-like query or path with a year outside [1990, now.Year()+2] or
// with month/day parameters, more than 8 query parameters. It uses
// DefaultTrapLimits.
func TrapReason(u string, now time.Time) string {
	return DefaultTrapLimits().Reason(u, now)
}

// Reason is TrapReason with these limits.
func (l TrapLimits) Reason(raw string, now time.Time) string {
	if len(raw) > l.MaxLen {
		return TrapLongURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return TrapUnparsable
	}
	segs := pathSegments(u.EscapedPath())
	if len(segs) > l.MaxDepth {
		return TrapDeepPath
	}
	if repeats(segs) >= l.MaxRepeat {
		return TrapRepeatSegment
	}
	params := queryParams(u.RawQuery)
	if len(params) > l.MaxParams {
		return TrapManyParams
	}
	maxYear := now.Year() + l.YearsAhead
	if l.calendarPath(segs, maxYear) || l.calendarQuery(params, maxYear) {
		return TrapCalendar
	}
	return ""
}

func pathSegments(p string) []string {
	var segs []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	return segs
}

// repeats returns the highest number of times one segment occurs.
func repeats(segs []string) int {
	best := 0
	for i, s := range segs {
		n := 0
		for _, t := range segs[i:] {
			if t == s {
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

type param struct{ name, value string }

func queryParams(q string) []param {
	var ps []param
	for _, kv := range strings.Split(q, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if uv, err := url.QueryUnescape(v); err == nil {
			v = uv
		}
		ps = append(ps, param{strings.ToLower(k), v})
	}
	return ps
}

// calendarPath finds date-shaped path segments (2099/01, 209901, 20990101,
// 2099-01-01) whose year is out of range. Numbers outside
// [MinYearCheck, 2999] are ids, not years.
func (l TrapLimits) calendarPath(segs []string, maxYear int) bool {
	for i, s := range segs {
		y, ok := segmentYear(s, i+1 < len(segs) && isMonth(segs[i+1]))
		if ok && y >= l.MinYearCheck && y <= 2999 && (y < l.MinYear || y > maxYear) {
			return true
		}
	}
	return false
}

// segmentYear extracts the year of a date-shaped segment.
func segmentYear(s string, monthFollows bool) (int, bool) {
	if y, m, _, ok := parseDate(s); ok && (m == 0 || m >= 1 && m <= 12) {
		return y, true
	}
	if allDigits(s) {
		switch len(s) {
		case 6: // yyyymm
			y, _ := strconv.Atoi(s[:4])
			return y, isMonth(s[4:])
		case 8: // yyyymmdd
			y, _ := strconv.Atoi(s[:4])
			return y, isMonth(s[4:6]) && isDay(s[6:])
		case 4: // a bare year counts only as yyyy/mm
			y, _ := strconv.Atoi(s)
			return y, monthFollows
		}
	}
	return 0, false
}

// calendarQuery reports month/day parameters and year or date parameters
// whose year is out of range.
func (l TrapLimits) calendarQuery(ps []param, maxYear int) bool {
	for _, p := range ps {
		switch p.name {
		case "month", "mon", "mm", "yue", "day", "dd", "ri", "week":
			return true
		case "year", "yr", "y", "yyyy", "nian":
			if y, err := strconv.Atoi(strings.TrimSpace(p.value)); err == nil && (y < l.MinYear || y > maxYear) {
				return true
			}
		}
		if y, _, _, ok := parseDate(p.value); ok && (y < l.MinYear || y > maxYear) {
			return true
		}
	}
	return false
}

// parseDate parses yyyy-mm, yyyy-mm-dd (also with / or . separators).
func parseDate(s string) (y, m, d int, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) < 6 || !allDigits(s[:4]) || (s[4] != '-' && s[4] != '/' && s[4] != '.') {
		return 0, 0, 0, false
	}
	parts := strings.Split(s, s[4:5])
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, false
	}
	y, _ = strconv.Atoi(parts[0])
	var err error
	if m, err = strconv.Atoi(parts[1]); err != nil || m < 1 || m > 12 {
		return 0, 0, 0, false
	}
	if len(parts) == 3 {
		dp := parts[2]
		if i := strings.IndexAny(dp, " T"); i > 0 {
			dp = dp[:i]
		}
		if d, err = strconv.Atoi(dp); err != nil || d < 1 || d > 31 {
			return 0, 0, 0, false
		}
	}
	return y, m, d, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isMonth(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && len(s) <= 2 && n >= 1 && n <= 12
}

func isDay(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && len(s) <= 2 && n >= 1 && n <= 31
}
