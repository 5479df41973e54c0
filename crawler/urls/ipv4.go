package urls

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"
)

// errIPv4 is returned by IPv4Host for a host that must be an IPv4 address
// (its last label is a number) but is not a valid one.
var errIPv4 = errors.New("invalid IPv4 address")

// IPv4Host parses host the way browsers do (the WHATWG URL standard's
// IPv4 parser): a host whose last label is a number is an IPv4 address
// written in up to four parts, each decimal, octal (leading 0) or
// hexadecimal (0x), the last part filling the remaining bytes. So
// 2130706433, 0x7f000001, 0177.0.0.1, 0x7f.1 and 127.1 are all
// 127.0.0.1. ok is false for a host that is a name; err is set for one
// that ends in a number but is no valid address (browsers refuse it).
func IPv4Host(host string) (addr netip.Addr, ok bool, err error) {
	host = strings.TrimSuffix(host, ".")
	parts := strings.Split(host, ".")
	if host == "" || !isNumberPart(parts[len(parts)-1]) {
		return netip.Addr{}, false, nil
	}
	if len(parts) > 4 {
		return netip.Addr{}, true, errIPv4
	}
	var nums []uint64
	for _, p := range parts {
		n, err := parseIPv4Part(p)
		if err != nil {
			return netip.Addr{}, true, errIPv4
		}
		nums = append(nums, n)
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return netip.Addr{}, true, errIPv4
	}
	v := last
	for i, n := range nums[:len(nums)-1] {
		if n > 255 {
			return netip.Addr{}, true, errIPv4
		}
		v += n << (8 * (3 - i))
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true, nil
}

// isNumberPart reports whether a label is a number for the "ends in a
// number" test: all digits, or 0x followed by hex digits (or nothing).
func isNumberPart(p string) bool {
	if p == "" {
		return false
	}
	if h, ok := strings.CutPrefix(strings.ToLower(p), "0x"); ok {
		return strings.Trim(h, "0123456789abcdef") == ""
	}
	return strings.Trim(p, "0123456789") == ""
}

// parseIPv4Part parses one part: hexadecimal after 0x, octal after a
// leading 0, decimal otherwise.
func parseIPv4Part(p string) (uint64, error) {
	base := 10
	switch lp := strings.ToLower(p); {
	case strings.HasPrefix(lp, "0x"):
		p, base = lp[2:], 16
		if p == "" {
			return 0, nil
		}
	case len(p) > 1 && p[0] == '0':
		p, base = p[1:], 8
	}
	if p == "" {
		return 0, errIPv4
	}
	return strconv.ParseUint(p, base, 32)
}
