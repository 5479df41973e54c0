package checks

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	// fullDateRE finds y-m-d in any of the separators Chinese sites use:
	// 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日, 2026 年 8 月 2 日.
	fullDateRE = regexp.MustCompile(`(?:^|[^0-9])([0-9]{4})\s*(?:[-/.]|年)\s*([0-9]{1,2})\s*(?:[-/.]|月)\s*([0-9]{1,2})(?:[^0-9]|$)`)
	// hanDateRE finds dates written in Chinese numerals: 二〇二二年一月二十七日.
	hanDateRE = regexp.MustCompile(`([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日`)
	// partialDateRE is a month and day standing alone (after labels and
	// brackets are removed): 11-20, 11/20, 11.20, 11月20日, optionally with a time.
	partialDateRE = regexp.MustCompile(`^([0-9]{1,2})\s*(?:[-/.]|月)\s*([0-9]{1,2})日?(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$`)
	// dateLabelRE is a short label before a colon: 发布时间：, 日期:.
	dateLabelRE = regexp.MustCompile(`^[^0-9]{0,10}?[:]`)
)

// widthFold maps full-width digits and punctuation to ASCII so one set of
// patterns reads ２０２６－１１－２０ and 2026-11-20 alike.
var widthFold = strings.NewReplacer(
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
	"５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"－", "-", "／", "/", "．", ".", "：", ":", "\u3000", " ", "\u00a0", " ",
	"［", "[", "］", "]", "（", "(", "）", ")", "【", "[", "】", "]",
)

// ParseDate finds the first date in s and returns it as a civil Date.
//
// Full dates are found anywhere in s: 2026-11-20, 2026/11/20, 2026.11.20,
// 2026年11月20日, 2026年08月02日, "发布时间：2026-11-20 10:30", meta PubDate
// "2026-11-20 10:30:00", ISO timestamps, full-width digits and dates in
// Chinese numerals (二〇二二年一月二十七日). A month and day without a year
// ([11-20], (11-20), 11-20, 11月20日, "日期：11-20 10:30") are accepted only when
// they are the whole value; their year is the one that makes the date the
// latest not after asOf. ok is false when s holds no valid date (or only a
// partial date and asOf is zero).
func ParseDate(s string, asOf time.Time) (Date, bool) {
	if s == "" {
		return Date{}, false
	}
	s = widthFold.Replace(s)
	for _, m := range fullDateRE.FindAllStringSubmatch(s, -1) {
		if d, ok := civilDate(atoi(m[1]), atoi(m[2]), atoi(m[3])); ok {
			return d, true
		}
	}
	if m := hanDateRE.FindStringSubmatch(s); m != nil {
		if d, ok := civilDate(hanYear(m[1]), hanNumber(m[2]), hanNumber(m[3])); ok {
			return d, true
		}
	}
	return partialDate(s, asOf)
}

func partialDate(s string, asOf time.Time) (Date, bool) {
	if asOf.IsZero() {
		return Date{}, false
	}
	v := strings.TrimSpace(s)
	v = strings.TrimSpace(dateLabelRE.ReplaceAllString(v, ""))
	v = strings.Trim(v, "[]()<> ")
	m := partialDateRE.FindStringSubmatch(v)
	if m == nil {
		return Date{}, false
	}
	month, day := atoi(m[1]), atoi(m[2])
	limit := DateOf(asOf)
	// The latest valid date not after asOf; Feb 29 may need a few years back.
	for y := limit.Year(); y >= limit.Year()-8; y-- {
		d, ok := civilDate(y, month, day)
		if ok && !d.After(limit) {
			return d, true
		}
	}
	return Date{}, false
}

// civilDate validates y-m-d (years 1900–2100) and returns it.
func civilDate(y, m, d int) (Date, bool) {
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}, false
	}
	t := NewDate(y, time.Month(m), d)
	if t.Day() != d || int(t.Month()) != m {
		return Date{}, false // 2026-02-30
	}
	return t, true
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

var hanDigits = map[rune]int{
	'〇': 0, '○': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

// hanYear reads a year written digit by digit: 二〇二二 -> 2022.
func hanYear(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + hanDigits[r]
	}
	return n
}

// hanNumber reads 1–31 in Chinese numerals: 七, 十, 十二, 二十, 二十七, 三十一.
func hanNumber(s string) int {
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1:
		return hanDigitOr(rs[0])
	case len(rs) == 2 && rs[0] == '十':
		return 10 + hanDigitOr(rs[1])
	case len(rs) == 2 && rs[1] == '十':
		return hanDigitOr(rs[0]) * 10
	case len(rs) == 3 && rs[1] == '十':
		return hanDigitOr(rs[0])*10 + hanDigitOr(rs[2])
	}
	return -1
}

func hanDigitOr(r rune) int {
	if d, ok := hanDigits[r]; ok && d > 0 {
		return d
	}
	return -100 // makes the number invalid
}
