package urls

import "testing"

func TestIPv4Host(t *testing.T) {
	tests := []struct {
		host string
		want string // "" name, "!" invalid
	}{
		{"127.0.0.1", "127.0.0.1"}, {"2130706433", "127.0.0.1"}, {"0x7f000001", "127.0.0.1"},
		{"0177.0.0.1", "127.0.0.1"}, {"0x7f.0.0.1", "127.0.0.1"}, {"127.1", "127.0.0.1"},
		{"0x7f.1", "127.0.0.1"}, {"0", "0.0.0.0"}, {"0x", "0.0.0.0"}, {"10.0.0.1.", "10.0.0.1"},
		{"169.254.43518", "169.254.169.254"}, {"0xA9FEA9FE", "169.254.169.254"},
		{"www.gov.cn", ""}, {"1.2.3.example", ""}, {"x.0x1g", ""},
		{"256.0.0.1", "!"}, {"1.2.3.4.5", "!"}, {"4294967296", "!"}, {"09.1.1.1", "!"}, {"1..1", "!"},
	}
	for _, tt := range tests {
		a, ok, err := IPv4Host(tt.host)
		var got string
		switch {
		case !ok:
		case err != nil:
			got = "!"
		default:
			got = a.String()
		}
		if got != tt.want {
			t.Errorf("IPv4Host(%q) = %q, want %q", tt.host, got, tt.want)
		}
		if n, ok := Normalize(nil, "http://"+tt.host+"/x"); (tt.want == "!") == ok || tt.want != "" && tt.want != "!" && n != "http://"+tt.want+"/x" {
			t.Errorf("Normalize(http://%s/x) = %q %v", tt.host, n, ok)
		}
	}
}
