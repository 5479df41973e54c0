package urls

import (
	"strings"
	"testing"
	"time"
)

func TestTrapReason(t *testing.T) {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, u, want string
	}{
		{"plain article", "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html", ""},
		{"hanweb article", "http://fgw.zj.gov.cn/art/2016/11/22/art_1599544_1.html", ""},
		{"pagination", "http://a.gov.cn/col/col123/index.html?uid=1&pageNum=7", ""},
		{"in-range date query", "http://a.gov.cn/list?date=2026-11-20", ""},
		{"year list", "http://a.gov.cn/nb/?year=2008", ""},
		{"next year allowed", "http://a.gov.cn/cal/2028/01/", ""},
		{"id that looks like a year", "http://a.gov.cn/col/3000/index.html", ""},
		{"six digit id", "http://a.gov.cn/c/123456/", ""},
		{"too long", "http://a.gov.cn/" + strings.Repeat("a", 600), TrapLongURL},
		{"too deep", "http://a.gov.cn/1/2/3/4/5/6/7/8/9/10/11/12/13", TrapDeepPath},
		{"depth 12 ok", "http://a.gov.cn/1/2/3/4/5/6/7/8/9/10/11/12", ""},
		{"repeating pair", "http://a.gov.cn/a/b/a/b/a/b/c.html", TrapRepeatSegment},
		{"same segment thrice", "http://a.gov.cn/images/x/images/y/images/z.png", TrapRepeatSegment},
		{"twice ok", "http://a.gov.cn/xxgk/a/xxgk/b.html", ""},
		{"far future yyyy/mm", "http://a.gov.cn/cal/2099/12/", TrapCalendar},
		{"far past yyyymm", "http://a.gov.cn/news/198001/t1.html", TrapCalendar},
		{"far future yyyymmdd", "http://a.gov.cn/news/20990101/", TrapCalendar},
		{"far future iso", "http://a.gov.cn/day/2099-01-01/", TrapCalendar},
		{"year param out of range", "http://a.gov.cn/list?year=2150", TrapCalendar},
		{"year param too old", "http://a.gov.cn/list?year=1900", TrapCalendar},
		{"date param out of range", "http://a.gov.cn/list?date=1970-01-01", TrapCalendar},
		{"any date value out of range", "http://a.gov.cn/list?from=2100-01", TrapCalendar},
		{"month param", "http://a.gov.cn/list?year=2020&month=5", TrapCalendar},
		{"day param", "http://a.gov.cn/cal.jsp?day=12", TrapCalendar},
		{"many params", "http://a.gov.cn/s?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9", TrapManyParams},
		{"eight params ok", "http://a.gov.cn/s?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8", ""},
		{"unparsable", "http://a b.gov.cn/%zz", TrapUnparsable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TrapReason(tt.u, now); got != tt.want {
				t.Errorf("TrapReason(%q) = %q, want %q", tt.u, got, tt.want)
			}
		})
	}
}

func TestTrapLimitsCustom(t *testing.T) {
	l := DefaultTrapLimits()
	l.MaxParams = 1
	if got := l.Reason("http://a.gov.cn/?a=1&b=2", time.Now()); got != TrapManyParams {
		t.Errorf("custom MaxParams: got %q", got)
	}
}

func TestPatternKey(t *testing.T) {
	tests := []struct{ u, want string }{
		{"http://a.gov.cn/col/col123/index_4.html?page=7&cat=2", "a.gov.cn/col/col9/index_9.html?cat&page"},
		{"https://A.gov.cn/col/col123/index_5.html?cat=3&page=8", "a.gov.cn/col/col9/index_9.html?cat&page"},
		{"http://a.gov.cn/list?date=2026-11-20", "a.gov.cn/list?date"},
		{"http://a.gov.cn/list?date=2026-11-21&date=x", "a.gov.cn/list?date"},
		{"http://a.gov.cn", "a.gov.cn/"},
		{"http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html", "hdzfxxgk.hd.gov.cn/gszbm/auto9/9/t9_9.html"},
		{"http://a.gov.cn/s?p1=1&p2=2", "a.gov.cn/s?p9"},
	}
	for _, tt := range tests {
		t.Run(tt.u, func(t *testing.T) {
			if got := PatternKey(tt.u); got != tt.want {
				t.Errorf("PatternKey(%q) = %q, want %q", tt.u, got, tt.want)
			}
		})
	}
	if PatternKey("http://a.gov.cn/list?page=1") == PatternKey("http://a.gov.cn/list?cat=1") {
		t.Error("different parameter names must give different keys")
	}
}
