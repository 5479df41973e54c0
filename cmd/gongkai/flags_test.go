package main

import (
	"strings"
	"testing"
	"time"
)

func TestByteSizeFlag(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // -1: an error
	}{
		{"512MiB", 512 << 20}, {"1GiB", 1 << 30}, {"64KiB", 64 << 10}, {"300MB", 300e6}, {"2GB", 2e9},
		{"4096", 4096}, {"0", 0}, {" 8 MiB ", 8 << 20}, {"12B", 12},
		{"-1MiB", -1}, {"lots", -1}, {"1.5GiB", -1}, {"", -1}, {"99999999999GiB", -1},
	}
	for _, tt := range tests {
		var b byteSize
		err := b.Set(tt.in)
		if (err != nil) != (tt.want < 0) || (err == nil && int64(b) != tt.want) {
			t.Errorf("Set(%q) = %d, %v; want %d", tt.in, b, err, tt.want)
		}
	}
	if b := byteSize(512 << 20); b.String() != "512MiB" {
		t.Errorf("String = %s", b.String())
	}
}

// TestAuditBudgetFlags: the budget flags reach the crawl and fetch
// configurations, and nonsense values are refused with the flag's name.
func TestAuditBudgetFlags(t *testing.T) {
	var f auditFlags
	fs := newFlagSet("audit", &strings.Builder{})
	f.register(fs)
	err := fs.Parse([]string{"--sites", "s.csv", "--out", "o", "--site-timeout", "90s", "--timeout", "2h",
		"--max-bytes", "64MiB", "--max-page-bytes", "1MiB"})
	if err != nil || f.validate(true) != nil {
		t.Fatalf("parse: %v %v", err, f.validate(true))
	}
	c, fc := f.crawlConfig(), f.fetchConfig()
	if c.SiteTimeout != 90*time.Second || c.MaxBytes != 64<<20 || fc.MaxBody != 1<<20 || f.timeout != 2*time.Hour {
		t.Errorf("crawl %+v fetch max body %d timeout %v", c, fc.MaxBody, f.timeout)
	}
	var d auditFlags
	fs = newFlagSet("audit", &strings.Builder{})
	d.register(fs)
	_ = fs.Parse([]string{"--sites", "s", "--out", "o"})
	if c := d.crawlConfig(); c.SiteTimeout != 20*time.Minute || c.MaxBytes != 512<<20 || d.fetchConfig().MaxBody != 8<<20 || d.timeout != 0 {
		t.Errorf("defaults: %+v", c)
	}
	for _, bad := range [][]string{{"--site-timeout", "-1s"}, {"--timeout", "-5m"}, {"--max-page-bytes", "10"}} {
		var b auditFlags
		fs = newFlagSet("audit", &strings.Builder{})
		b.register(fs)
		_ = fs.Parse(append([]string{"--sites", "s", "--out", "o"}, bad...))
		if err := b.validate(true); err == nil || !strings.Contains(err.Error(), bad[0]) {
			t.Errorf("%v: %v", bad, err)
		}
	}
}
