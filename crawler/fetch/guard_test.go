package fetch

import (
	"errors"
	"net/http"
	"net/netip"
	"sync/atomic"
	"testing"

	"gongkai/crawler/fetch/dnstest"
	"gongkai/crawler/snapshot"
)

func TestPublicAddr(t *testing.T) {
	tests := []struct {
		addr   string
		public bool
	}{
		{"1.2.3.4", true},
		{"202.108.22.5", true},
		{"2400:da00::6666", true},
		{"127.0.0.1", false},
		{"127.255.0.9", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"172.31.255.255", false},
		{"172.32.0.1", true},
		{"192.168.1.1", false},
		{"169.254.1.1", false},
		{"169.254.169.254", false},
		{"100.100.100.200", false},
		{"fd00:ec2::254", false},
		{"fe80::1", false},
		{"fe80::1%eth0", false},
		{"fc00::1", false},
		{"fdff::1", false},
		{"100.64.0.1", false},
		{"100.127.255.254", false},
		{"100.128.0.1", true},
		{"0.0.0.0", false},
		{"::", false},
		{"224.0.0.1", false},
		{"239.255.255.250", false},
		{"ff02::1", false},
		{"255.255.255.255", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"::ffff:169.254.169.254", false},
		{"::ffff:8.8.8.8", true},
		{"64:ff9b::a00:1", false},  // NAT64 of 10.0.0.1
		{"64:ff9b::808:808", true}, // NAT64 of 8.8.8.8
		{"2002:7f00:1::", false},   // 6to4 of 127.0.0.1
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := publicAddr(netip.MustParseAddr(tt.addr))
			if (err == nil) != tt.public {
				t.Fatalf("publicAddr(%s) = %v, want public %v", tt.addr, err, tt.public)
			}
			if err != nil && (!errors.Is(err, ErrPrivateAddress) || Classify(err) != snapshot.StatusPrivate) {
				t.Errorf("error %v is not classified private_address", err)
			}
		})
	}
}

// TestGuardRefusesAtConnect checks the guard on resolved addresses: a
// literal loopback URL, a name resolving to a refused address (DNS
// rebinding) and a redirect to a refused address. The test policy allows
// 127.0.0.1 (the fixtures) and refuses everything else non-public.
func TestGuardRefusesAtConnect(t *testing.T) {
	var v6hits atomic.Int32
	v6 := serveOn(t, "[::1]:0", func(w http.ResponseWriter, r *http.Request) { v6hits.Add(1) })
	v4 := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			http.Redirect(w, r, "http://[::1]:"+port(v6)+"/secret", http.StatusFound)
		}
	})
	dnsAddr := dnstest.Start(t, testZone)

	strict := newTestClient(t, Config{Resolver: dnsAddr})
	if _, err := strict.Fetch(t.Context(), Request{URL: v4.URL, NoRetry: true}); Classify(err) != snapshot.StatusPrivate {
		t.Errorf("default guard: loopback URL gave %v (%s), want private_address", err, Classify(err))
	}

	c := newTestClient(t, Config{Resolver: dnsAddr})
	c.policy = func(a netip.Addr) error {
		if a == netip.MustParseAddr("127.0.0.1") {
			return nil
		}
		return publicAddr(a)
	}
	tests := []struct {
		name string
		url  string
	}{
		{"literal", "http://[::1]:" + port(v6) + "/"},
		{"mapped literal", "http://[::ffff:127.0.0.2]:" + port(v6) + "/"},
		{"name resolving to ::1", "http://v6only.test-county.gov.cn:" + port(v6) + "/"},
		{"redirect", v4.URL + "/start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Fetch(t.Context(), Request{URL: tt.url})
			if got := Classify(err); got != snapshot.StatusPrivate {
				t.Fatalf("Fetch %s: %v (%s), want private_address", tt.url, err, got)
			}
		})
	}
	if n := v6hits.Load(); n != 0 {
		t.Errorf("the refused server saw %d requests", n)
	}
	// The same client still reaches the allowed address.
	if resp, err := c.Fetch(t.Context(), Request{URL: "http://v4only.test-county.gov.cn:" + port(v4) + "/"}); err != nil || resp.Status != http.StatusOK {
		t.Errorf("allowed address: %v %v", resp, err)
	}
}
