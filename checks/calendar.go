package checks

import "gongkai/checks/calendar"

// WorkingDaysBetween counts the official working days after a up to and
// including b with the embedded holiday calendar (package checks/calendar):
// 国务院办公厅 holidays and make-up working days 2019–2026; later years count
// Monday to Friday.
func WorkingDaysBetween(a, b Date) int { return calendar.WorkingDaysBetween(a, b) }
