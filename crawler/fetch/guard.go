package fetch

import (
	"errors"
	"fmt"
	"net/netip"
)

// ErrPrivateAddress is wrapped by errors for connections the SSRF guard
// refused: the resolved address is not a public unicast address.
var ErrPrivateAddress = errors.New("address is not public")

// blockedPrefix is one range the guard refuses, with the reason reported.
type blockedPrefix struct {
	prefix netip.Prefix
	reason string
}

// blockedPrefixes lists the non-public ranges. More specific entries (cloud
// metadata) come before the ranges that contain them so the reason is exact.
var blockedPrefixes = func() []blockedPrefix {
	rows := []struct{ cidr, reason string }{
		{"169.254.169.254/32", "cloud metadata"},
		{"fd00:ec2::254/128", "cloud metadata"},
		{"100.100.100.200/32", "cloud metadata"},
		{"0.0.0.0/8", "unspecified"},
		{"10.0.0.0/8", "private"},
		{"100.64.0.0/10", "carrier-grade nat"},
		{"127.0.0.0/8", "loopback"},
		{"169.254.0.0/16", "link-local"},
		{"172.16.0.0/12", "private"},
		{"192.0.0.0/24", "ietf protocol assignment"},
		{"192.168.0.0/16", "private"},
		{"198.18.0.0/15", "benchmarking"},
		{"224.0.0.0/4", "multicast"},
		{"240.0.0.0/4", "reserved"},
		{"::/128", "unspecified"},
		{"::1/128", "loopback"},
		{"fe80::/10", "link-local"},
		{"fc00::/7", "unique-local"},
		{"ff00::/8", "multicast"},
		{"100::/64", "discard"},
	}
	out := make([]blockedPrefix, len(rows))
	for i, r := range rows {
		out[i] = blockedPrefix{netip.MustParsePrefix(r.cidr), r.reason}
	}
	return out
}()

// Prefixes that embed an IPv4 address, which is checked in turn.
var (
	nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour   = netip.MustParsePrefix("2002::/16")
)

// publicAddr returns nil when addr is a public unicast address, else an
// error wrapping ErrPrivateAddress. IPv4-mapped, NAT64 and 6to4 forms are
// judged by the IPv4 address they carry.
func publicAddr(addr netip.Addr) error {
	if !addr.IsValid() {
		return fmt.Errorf("invalid address: %w", ErrPrivateAddress)
	}
	orig := addr
	addr = addr.Unmap().WithZone("")
	if addr.Is6() {
		b := addr.As16()
		switch {
		case nat64Prefix.Contains(addr):
			addr = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
		case sixToFour.Contains(addr):
			addr = netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})
		}
	}
	for _, p := range blockedPrefixes {
		if p.prefix.Contains(addr) {
			return fmt.Errorf("%s is %s: %w", orig, p.reason, ErrPrivateAddress)
		}
	}
	if addr.IsMulticast() || addr.IsUnspecified() || addr.IsLoopback() ||
		addr.IsLinkLocalUnicast() || addr.IsPrivate() {
		return fmt.Errorf("%s is not public: %w", orig, ErrPrivateAddress)
	}
	return nil
}
