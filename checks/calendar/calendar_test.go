package calendar

import (
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestIsWorkingDay(t *testing.T) {
	c := Default()
	tests := []struct {
		date string
		want bool
	}{
		{"2026-10-01", false}, // 国庆节
		{"2026-10-08", true},  // Thursday after the holiday
		{"2026-10-10", true},  // Saturday make-up day
		{"2026-10-11", false}, // plain Sunday
		{"2026-02-14", true},  // Saturday make-up day before 春节
		{"2026-02-23", false}, // Monday, last day of 春节
		{"2025-09-28", true},  // Sunday make-up day
		{"2024-06-10", false}, // 端午节 Monday
		{"2020-01-31", false}, // 春节 extended (COVID)
		{"2020-02-03", true},  // Monday after the extension
		{"2019-04-28", true},  // Sunday make-up day (amended 劳动节)
		{"2019-05-03", false}, // amended 劳动节
		{"2018-12-31", false}, // 元旦 2019 starts in 2018
		{"2027-01-01", true},  // 2027 unknown: a Friday counts as working day
		{"2027-01-02", false}, // Saturday
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(day(tt.date)); got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.want)
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-09-30", "2026-10-12", 4},  // Oct 8, 9, 10 (Sat make-up), 12
		{"2026-11-16", "2026-11-20", 4},  // Mon -> Fri: Tue..Fri
		{"2026-11-20", "2026-11-16", -4}, // reversed
		{"2026-11-20", "2026-11-20", 0},
		{"2022-01-27", "2022-01-28", 1},  // jl_tonggao: written Thu, published Fri
		{"2025-01-20", "2025-02-17", 16}, // 春节 2025-01-28..02-04 off; 01-26 and 02-08 make-up days
		{"2027-03-01", "2027-03-08", 5},  // unknown year: Mon-Fri
	}
	for _, tt := range tests {
		if got := WorkingDaysBetween(day(tt.a), day(tt.b)); got != tt.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestYearTotals checks each announced year against the count of working days
// it must have: 365/366 days minus weekends minus holidays on weekdays plus
// make-up days. The totals are those of the official arrangements.
func TestYearTotals(t *testing.T) {
	want := map[int]int{2019: 250, 2020: 249, 2021: 250, 2022: 249, 2023: 249, 2024: 251, 2025: 248, 2026: 248}
	c := Default()
	for y, w := range want {
		got := c.WorkingDaysBetween(time.Date(y-1, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
		if got != w {
			t.Errorf("%d: %d working days, want %d", y, got, w)
		}
		if !c.Known(y) {
			t.Errorf("%d not known", y)
		}
	}
	if c.Known(2027) || c.Known(2018) {
		t.Error("2027 and 2018 must be unknown")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"unknown field", "years:\n  2020:\n    known: true\n    extra: 1\n", "field extra not found"},
		{"bad date", "years:\n  2020:\n    known: true\n    workdays: [2020-13-01]\n", "bad date"},
		{"weekday make-up", "years:\n  2020:\n    known: true\n    workdays: [2020-01-20]\n", "not a weekend day"},
		{"inverted", "years:\n  2020:\n    known: true\n    holidays: [{name: x, from: 2020-01-05, to: 2020-01-01}]\n", "bad range"},
		{"unknown with dates", "years:\n  2020:\n    known: false\n    workdays: [2020-01-19]\n", "known is false"},
		{"both", "years:\n  2020:\n    known: true\n    holidays: [{name: x, from: 2020-01-18, to: 2020-01-19}]\n    workdays: [2020-01-19]\n", "also a holiday"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse error = %v, want containing %q", err, tt.want)
			}
		})
	}
}
