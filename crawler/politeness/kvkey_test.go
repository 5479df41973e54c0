package politeness

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// validKey is what NATS KV accepts as a key.
var validKey = regexp.MustCompile(`^[-/_=.a-zA-Z0-9]+$`)

// unKVKey inverts kvKey.
func unKVKey(k string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(k); i++ {
		if k[i] != '_' {
			b.WriteByte(k[i])
			continue
		}
		if i+2 >= len(k) {
			return "", false
		}
		n, err := strconv.ParseUint(k[i+1:i+3], 16, 8)
		if err != nil {
			return "", false
		}
		b.WriteByte(byte(n))
		i += 2
	}
	return b.String(), true
}

// FuzzKVKey: any politeness key (a host name, an address, a URL's scheme
// and host, an audit id: all crawled input) maps to a valid KV key, and
// two keys never to one.
func FuzzKVKey(f *testing.F) {
	for _, s := range []string{"host/www.gov.cn:443", "ip/2001:db8::1", "https://例子.政府.cn", "..", "a./.b", "_5F", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" {
			return
		}
		k := kvKey(s)
		if !validKey.MatchString(k) || strings.HasPrefix(k, ".") || strings.HasSuffix(k, ".") || strings.Contains(k, "..") {
			t.Fatalf("kvKey(%q) = %q, not a valid KV key", s, k)
		}
		if back, ok := unKVKey(k); !ok || back != s {
			t.Fatalf("kvKey(%q) = %q reads back as %q", s, k, back)
		}
	})
}
