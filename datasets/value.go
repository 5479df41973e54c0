package datasets

import (
	"fmt"
	"time"
)

// Day is a calendar day, stored as days since 1970-01-01 (the Parquet DATE
// logical type). In CSV and JSON it is written as 2026-11-22. Nullable date
// columns use *Day.
type Day int32

// DayOf returns the calendar day of t in t's own location: a page that says
// 2026-11-22 stays 2026-11-22 whatever zone the parser attached.
func DayOf(t time.Time) Day {
	y, m, d := t.Date()
	return Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// NullDay returns nil for the zero time and a pointer to DayOf(t) otherwise.
func NullDay(t time.Time) *Day {
	if t.IsZero() {
		return nil
	}
	d := DayOf(t)
	return &d
}

// ParseDay parses a YYYY-MM-DD day.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("parse date %q: %w", s, err)
	}
	return DayOf(t), nil
}

// Time returns midnight UTC of the day.
func (d Day) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats the day as YYYY-MM-DD.
func (d Day) String() string { return d.Time().Format(time.DateOnly) }

// MarshalText formats the day as YYYY-MM-DD (and so does JSON).
func (d Day) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses YYYY-MM-DD.
func (d *Day) UnmarshalText(b []byte) error {
	v, err := ParseDay(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Timestamp normalises an instant for a timestamp column: UTC, millisecond
// precision (the Parquet unit), so that every format shows the same value.
func Timestamp(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// NullTimestamp returns nil for the zero time and a pointer to Timestamp(t)
// otherwise.
func NullTimestamp(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	v := Timestamp(t)
	return &v
}

// formatTimestamp is the text form of a timestamp in CSV: RFC 3339 with the
// zone, e.g. 2026-11-22T10:00:00Z (fractional seconds only when present).
func formatTimestamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
