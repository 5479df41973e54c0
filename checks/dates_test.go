package checks

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	asOf := time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want string // "" = not ok
	}{
		{"2026-11-20", "2026-11-20"},
		{"2026年11月20日", "2026-11-20"},
		{"2020年08月02日", "2020-08-02"},
		{"2026 年 8 月 2 日", "2026-08-02"},
		{"2026/11/20", "2026-11-20"},
		{"2026.11.20", "2026-11-20"},
		{"发布时间：2026-11-20 10:30", "2026-11-20"},
		{"2026-11-20 10:30", "2026-11-20"},
		{"2025-03-27 09:36:38", "2025-03-27"},
		{"2026-11-20T10:30:00+08:00", "2026-11-20"},
		{"(2018-10-12)", "2018-10-12"},
		{"[2025-06-03]", "2025-06-03"},
		{"２０２６－１１－２０", "2026-11-20"},
		{"二〇二二年一月二十七日", "2022-01-27"},
		{"二〇二〇年十二月三十一日", "2020-12-31"},
		{"二〇二〇年十月十日", "2020-10-10"},
		{"[11-20]", "2026-11-20"},
		{"11-20", "2026-11-20"},
		{"(11-20)", "2026-11-20"},
		{"11月20日", "2026-11-20"},
		{"日期：11-20 10:30", "2026-11-20"},
		{"[12-25]", "2025-12-25"}, // would be after as-of in 2026
		{"11-22", "2026-11-22"},   // as-of day itself
		{"11-23", "2025-11-23"},
		{"02-29", "2024-02-29"}, // latest Feb 29 not after as-of
		{"索引号：000014348/2020-35147", ""},
		{"第1-2条", ""},
		{"2026-02-30", ""},
		{"2026-13-01", ""},
		{"", ""},
		{"无", ""},
		{"12026-11-20", ""},
		{"版权所有 2008-2026", ""},
		{"2021年06月10日 17:35", "2021-06-10"},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in, asOf)
		switch {
		case tt.want == "" && ok:
			t.Errorf("ParseDate(%q) = %s, want no date", tt.in, got.Format(dateLayout))
		case tt.want != "" && (!ok || got.Format(dateLayout) != tt.want):
			t.Errorf("ParseDate(%q) = %s, %v; want %s", tt.in, got.Format(dateLayout), ok, tt.want)
		case ok && (got.Location() != time.UTC || got.Hour() != 0):
			t.Errorf("ParseDate(%q) = %v, want midnight UTC", tt.in, got)
		}
	}
	if _, ok := ParseDate("11-20", time.Time{}); ok {
		t.Error("partial date without as-of parsed")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-20", "[11-20]", "2026年08月02日", "发布时间：2026-11-20 10:30", "二〇二二年一月二十七日", "02-29", "２０２６－１１－２０"} {
		f.Add(s)
	}
	asOf := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s, asOf)
		if !ok {
			return
		}
		if d.Hour() != 0 || d.Minute() != 0 || d.Location() != time.UTC || d.Year() < 1900 || d.Year() > 2100 {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
		// A date parsed from its own rendering is itself.
		if d2, ok2 := ParseDate(d.Format(dateLayout), asOf); !ok2 || !d2.Equal(d) {
			t.Fatalf("round trip of %v gave %v %v", d, d2, ok2)
		}
	})
}
