package urls

import "testing"

func TestRegistrableDomain(t *testing.T) {
	tests := []struct{ host, want string }{
		{"xxgk.ga.gov.cn", "ga.gov.cn"},
		{"www.hd.gov.cn", "hd.gov.cn"},
		{"hdzfxxgk.hd.gov.cn", "hd.gov.cn"},
		{"HDZFXXGK.HD.GOV.CN:8080", "hd.gov.cn"},
		{"www.hd.gov.cn.", "hd.gov.cn"},
		{"www.example.com.cn", "example.com.cn"},
		{"www.ccgp-hebei.gov.cn", "ccgp-hebei.gov.cn"},
		{"fgw.zj.gov.cn", "zj.gov.cn"},
		{"www.gov.cn", "www.gov.cn"},
		{"gov.cn", "gov.cn"},
		{"127.0.0.1", "127.0.0.1"},
		{"127.0.0.1:8080", "127.0.0.1"},
		{"[::1]", "::1"},
		{"[::1]:443", "::1"},
		{"::1", "::1"},
		{"localhost", "localhost"},
		{"localhost:8080", "localhost"},
		{"agency.test", "agency.test"},
		{"www.agency.test", "agency.test"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			if got := RegistrableDomain(tt.host); got != tt.want {
				t.Errorf("RegistrableDomain(%q) = %q, want %q", tt.host, got, tt.want)
			}
		})
	}
}

func TestSameSite(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"http://www.hd.gov.cn/", "http://hdzfxxgk.hd.gov.cn/zfwj/", true},
		{"http://www.hd.gov.cn/", "https://HD.gov.cn:8443/x", true},
		{"http://www.hd.gov.cn/", "http://www.hebei.gov.cn/", false},
		{"http://www.hd.gov.cn/", "http://www.gov.cn/", false},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:9090/a", true},
		{"http://127.0.0.1/", "http://127.0.0.2/", false},
		{"http://[::1]/", "http://[::1]:80/", true},
		{"/relative", "/relative", false},
		{"http://a.gov.cn/", "%zz", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+" "+tt.b, func(t *testing.T) {
			if got := SameSite(tt.a, tt.b); got != tt.want {
				t.Errorf("SameSite(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestIsAttachment(t *testing.T) {
	tests := []struct {
		u    string
		want bool
	}{
		{"http://a.gov.cn/files/2020年报.pdf", true},
		{"http://a.gov.cn/files/a.PDF?v=1", true},
		{"http://a.gov.cn/a.doc", true},
		{"http://a.gov.cn/a.docx#page", true},
		{"http://a.gov.cn/a.xls", true},
		{"http://a.gov.cn/a.xlsx", true},
		{"http://a.gov.cn/a.wps", true},
		{"http://a.gov.cn/a.et", true},
		{"http://a.gov.cn/a.dps", true},
		{"http://a.gov.cn/a.ofd", true},
		{"http://a.gov.cn/a.zip", true},
		{"http://a.gov.cn/a.rar", true},
		{"http://a.gov.cn/a.7z", true},
		{"http://a.gov.cn/a.ppt", true},
		{"http://a.gov.cn/a.pptx", true},
		{"http://a.gov.cn/a.csv", true},
		{"http://a.gov.cn/a.txt", false},
		{"http://a.gov.cn/a.html", false},
		{"http://a.gov.cn/pdf/", false},
		{"http://a.gov.cn/download.jsp?file=a.pdf", false},
		{"http://a.gov.cn/", false},
		{"/relative/a.pdf", true},
		{"%zz/a.pdf?x", true},
	}
	for _, tt := range tests {
		t.Run(tt.u, func(t *testing.T) {
			if got := IsAttachment(tt.u); got != tt.want {
				t.Errorf("IsAttachment(%q) = %v, want %v", tt.u, got, tt.want)
			}
		})
	}
}
