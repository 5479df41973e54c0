package snapshot

import "testing"

func TestHostName(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://www.Shifan.GOV.cn/zwgk/", "www.shifan.gov.cn"},
		{"http://www.shifan.gov.cn:8080/a?b#c", "www.shifan.gov.cn"},
		{"http://user:pw@www.shifan.gov.cn:81/", "www.shifan.gov.cn"},
		{"http://www.shifan.gov.cn?q=a:b", "www.shifan.gov.cn"},
		{"http://[2001:DB8::1]:8080/", "2001:db8::1"},
		{"http://[::1]/", "::1"},
		{"http://127.0.0.1:38833/x", "127.0.0.1"},
		{"mailto:ban@shifan.gov.cn", ""},
		{"javascript:void(0)", ""},
		{"/relative/path", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := HostName(tt.url); got != tt.want {
			t.Errorf("HostName(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestHomePage(t *testing.T) {
	page := func(url string, depth int, st Status) Page { return Page{URL: url, Depth: depth, Status: st} }
	tests := []struct {
		name  string
		home  HomeProbe
		pages []Page
		want  string // URL of the homepage, "" for none
	}{
		{"first depth-0 page", HomeProbe{URL: "http://a/"},
			[]Page{page("http://a/x", 1, StatusOK), page("http://a/", 0, StatusOK)}, "http://a/"},
		{"the one at the final URL", HomeProbe{URL: "http://a/", FinalURL: "https://a/"},
			[]Page{page("http://b/", 0, StatusOK), page("https://a/", 0, StatusOK)}, "https://a/"},
		{"body too large still read", HomeProbe{URL: "http://a/"},
			[]Page{page("http://a/", 0, StatusTooLarge)}, "http://a/"},
		{"failed fetch is no homepage", HomeProbe{URL: "http://a/"},
			[]Page{page("http://a/", 0, StatusTimeout), page("http://a/x", 1, StatusOK)}, ""},
		{"nothing fetched", HomeProbe{URL: "http://a/"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Snapshot{Home: tt.home, Pages: tt.pages}
			got := ""
			if p := s.HomePage(); p != nil {
				got = p.URL
			}
			if got != tt.want {
				t.Errorf("HomePage() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHomeHost(t *testing.T) {
	hosts := []Host{{Name: "cdn.a.gov.cn", Level: 2}, {Name: "www.a.gov.cn", Level: 1}, {Name: "a.gov.cn", Level: 1}}
	tests := []struct {
		name string
		s    Snapshot
		want string
	}{
		{"final URL's host", Snapshot{Home: HomeProbe{URL: "http://a.gov.cn/", FinalURL: "https://WWW.a.gov.cn:443/"}, Hosts: hosts}, "www.a.gov.cn"},
		{"site URL when never fetched", Snapshot{Site: Site{URL: "http://a.gov.cn/"}, Hosts: hosts}, "a.gov.cn"},
		{"a host seen only at a link level", Snapshot{Home: HomeProbe{URL: "http://cdn.a.gov.cn/"}, Hosts: hosts}, "cdn.a.gov.cn"},
		{"none recorded", Snapshot{Home: HomeProbe{URL: "http://b.gov.cn/"}, Hosts: hosts}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if h := tt.s.HomeHost(); h != nil {
				got = h.Name
			}
			if got != tt.want {
				t.Errorf("HomeHost() = %q, want %q", got, tt.want)
			}
		})
	}
}
