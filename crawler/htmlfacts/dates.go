package htmlfacts

import "strings"

// findDate returns the first date-looking substring of s: a full date
// (2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日) or, failing that, a
// month-day in brackets ([11-20], (11-20), 【11-20】, （11-20）) or standing
// alone between spaces (11-20). It returns the date text only, without
// brackets or time. Month and day are range-checked; digits must not run on.
func findDate(s string) string {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || (i > 0 && isDigit(s[i-1])) {
			continue
		}
		if d := fullDateAt(s, i); d != "" {
			return d
		}
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || (i > 0 && isDigit(s[i-1])) {
			continue
		}
		if d := monthDayAt(s, i); d != "" {
			return d
		}
	}
	return ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digitRun returns the end of the run of ASCII digits starting at i.
func digitRun(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func atoi2(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// fullDateAt parses a year-month-day date starting at i.
func fullDateAt(s string, i int) string {
	j := digitRun(s, i)
	if j-i != 4 || j >= len(s) {
		return ""
	}
	if y := atoi2(s[i:j]); y < 1900 || y > 2199 {
		return ""
	}
	if strings.HasPrefix(s[j:], "年") {
		return cjkDate(s, i, j+len("年"))
	}
	sep := s[j]
	if sep != '-' && sep != '/' && sep != '.' {
		return ""
	}
	m0 := j + 1
	m1 := digitRun(s, m0)
	if m1-m0 < 1 || m1-m0 > 2 || m1 >= len(s) || s[m1] != sep {
		return ""
	}
	d0 := m1 + 1
	d1 := digitRun(s, d0)
	if d1-d0 < 1 || d1-d0 > 2 || !validMD(s[m0:m1], s[d0:d1]) {
		return ""
	}
	return s[i:d1]
}

// cjkDate parses the 11月20日 part of 2026年11月20日; k is after 年.
func cjkDate(s string, i, k int) string {
	m1 := digitRun(s, k)
	if m1-k < 1 || m1-k > 2 || !strings.HasPrefix(s[m1:], "月") {
		return ""
	}
	d0 := m1 + len("月")
	d1 := digitRun(s, d0)
	if d1-d0 < 1 || d1-d0 > 2 || !validMD(s[k:m1], s[d0:d1]) {
		return ""
	}
	end := d1
	if strings.HasPrefix(s[d1:], "日") {
		end += len("日")
	}
	return s[i:end]
}

func validMD(m, d string) bool {
	mm, dd := atoi2(m), atoi2(d)
	return mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31
}

// monthDayAt parses a bracketed or free-standing MM-DD at i.
func monthDayAt(s string, i int) string {
	j := digitRun(s, i)
	if j-i < 1 || j-i > 2 || j >= len(s) || s[j] != '-' {
		return ""
	}
	d0 := j + 1
	d1 := digitRun(s, d0)
	if d1-d0 < 1 || d1-d0 > 2 || !validMD(s[i:j], s[d0:d1]) {
		return ""
	}
	before, after := s[:i], s[d1:]
	if strings.HasSuffix(before, "-") || strings.HasPrefix(after, "-") {
		return ""
	}
	for _, br := range [...][2]string{{"[", "]"}, {"(", ")"}, {"【", "】"}, {"（", "）"}} {
		if strings.HasSuffix(before, br[0]) && strings.HasPrefix(after, br[1]) {
			return s[i:d1]
		}
	}
	alone := func(r string, prefix bool) bool {
		if r == "" {
			return true
		}
		if prefix {
			return r[0] == ' '
		}
		return r[len(r)-1] == ' '
	}
	if alone(before, false) && alone(after, true) {
		return s[i:d1]
	}
	return ""
}
