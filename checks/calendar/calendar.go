// Package calendar is the Chinese official working-day calendar: public
// holidays and make-up working days (调休) as announced each year by the
// 国务院办公厅, kept as data in calendar.yaml.
//
// Deadlines in the 政府信息公开条例 are counted in working days (第二十六条:
// 20个工作日). A year that is not in the data is counted as plain Monday to
// Friday; Known reports whether a year's arrangement is recorded, so callers
// can say when a count is approximate.
package calendar

import (
	"bytes"
	_ "embed"
	"fmt"
	"sort"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

//go:embed calendar.yaml
var calendarYAML []byte

// Calendar answers working-day questions. It is immutable and safe for
// concurrent use.
type Calendar struct {
	off   map[int]string // yyyymmdd -> holiday name
	work  map[int]bool   // yyyymmdd of make-up working days
	known map[int]bool   // year -> arrangement recorded
}

type fileYear struct {
	Notice   string        `yaml:"notice"`
	Known    bool          `yaml:"known"`
	Holidays []fileHoliday `yaml:"holidays"`
	Workdays []string      `yaml:"workdays"`
}

type fileHoliday struct {
	Name string `yaml:"name"`
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := Parse(calendarYAML)
	if err != nil {
		panic("calendar: embedded calendar.yaml: " + err.Error()) // caught by the package tests
	}
	return c
})

// Default returns the embedded calendar (2019–2026 announced; 2027 unknown).
func Default() *Calendar { return defaultCalendar() }

// Parse reads a calendar in the calendar.yaml format. Unknown fields, bad
// dates, inverted ranges, make-up days that are not weekends and days that are
// both holiday and working day are errors.
func Parse(data []byte) (*Calendar, error) {
	var f struct {
		Years map[int]fileYear `yaml:"years"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("parse calendar: %w", err)
	}
	c := &Calendar{off: map[int]string{}, work: map[int]bool{}, known: map[int]bool{}}
	years := make([]int, 0, len(f.Years))
	for y := range f.Years {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		if err := c.addYear(y, f.Years[y]); err != nil {
			return nil, fmt.Errorf("parse calendar: year %d: %w", y, err)
		}
	}
	return c, nil
}

func (c *Calendar) addYear(y int, fy fileYear) error {
	if !fy.Known && (len(fy.Holidays) > 0 || len(fy.Workdays) > 0) {
		return fmt.Errorf("known is false but dates are listed")
	}
	c.known[y] = fy.Known
	for _, h := range fy.Holidays {
		from, err := parseDay(h.From)
		if err != nil {
			return fmt.Errorf("holiday %s: %w", h.Name, err)
		}
		to, err := parseDay(h.To)
		if err != nil {
			return fmt.Errorf("holiday %s: %w", h.Name, err)
		}
		if to.Before(from) || to.Sub(from) > 15*24*time.Hour {
			return fmt.Errorf("holiday %s: bad range %s..%s", h.Name, h.From, h.To)
		}
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			c.off[key(d)] = h.Name
		}
	}
	for _, s := range fy.Workdays {
		d, err := parseDay(s)
		if err != nil {
			return fmt.Errorf("workday: %w", err)
		}
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			return fmt.Errorf("workday %s is a %s, not a weekend day", s, wd)
		}
		if name, ok := c.off[key(d)]; ok {
			return fmt.Errorf("workday %s is also a holiday (%s)", s, name)
		}
		c.work[key(d)] = true
	}
	return nil
}

func parseDay(s string) (time.Time, error) {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad date %q: %w", s, err)
	}
	return d, nil
}

func key(t time.Time) int { return t.Year()*10000 + int(t.Month())*100 + t.Day() }

func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Known reports whether the holiday arrangement of year is recorded. For other
// years the calendar counts Monday to Friday as working days.
func (c *Calendar) Known(year int) bool { return c.known[year] }

// Holiday returns the name of the public holiday that d falls in, if any.
func (c *Calendar) Holiday(d time.Time) (string, bool) {
	name, ok := c.off[key(d)]
	return name, ok
}

// IsWorkingDay reports whether the civil date of d is an official working day.
func (c *Calendar) IsWorkingDay(d time.Time) bool {
	k := key(d)
	if _, ok := c.off[k]; ok {
		return false
	}
	if c.work[k] {
		return true
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// WorkingDaysBetween counts the working days after a up to and including b
// (the day an act happens is not counted, as in Chinese deadline practice:
// a document written on a Monday and published the next day took 1 working
// day). It is negative when b is before a and 0 when both are the same day.
// Only the civil dates of a and b matter.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	a, b = civil(a), civil(b)
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

// WorkingDaysBetween counts working days with the embedded calendar; see
// (*Calendar).WorkingDaysBetween.
func WorkingDaysBetween(a, b time.Time) int { return Default().WorkingDaysBetween(a, b) }
