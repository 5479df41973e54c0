package render

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gongkai/crawler/htmlfacts"
)

func TestParseMode(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Mode
		wantErr bool
	}{
		{"auto", Auto, false},
		{"ALWAYS", Always, false},
		{" never ", Never, false},
		{"", "", true},
		{"sometimes", "", true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseMode(tc.in)
			if got != tc.want || (err != nil) != tc.wantErr {
				t.Errorf("ParseMode(%q) = %q, %v", tc.in, got, err)
			}
		})
	}
}

func TestDecide(t *testing.T) {
	static := htmlfacts.RenderHints{Scripts: 3, ScriptBytes: 20000, Links: 120, BodyTextLen: 5000}
	for _, tc := range []struct {
		name   string
		mode   Mode
		h      htmlfacts.RenderHints
		want   bool
		reason string // substring
	}{
		{"static page", Auto, static, false, "static"},
		{"no scripts, no links", Auto, htmlfacts.RenderHints{Links: 0, BodyTextLen: 10}, false, "static"},
		{"script shell", Auto, htmlfacts.RenderHints{Scripts: 2, Links: 2, BodyTextLen: 500}, true, "2 links"},
		{"empty nav", Auto, with(static, func(h *htmlfacts.RenderHints) { h.EmptyContainers = []string{"#nav"} }), true, "#nav"},
		{"noscript zh", Auto, with(static, func(h *htmlfacts.RenderHints) {
			h.NoScript = "您的浏览器未开启 JavaScript，请开启后访问"
		}), true, "noscript"},
		{"noscript en", Auto, with(static, func(h *htmlfacts.RenderHints) { h.NoScript = "Please enable JavaScript." }), true, "noscript"},
		{"noscript other", Auto, with(static, func(h *htmlfacts.RenderHints) { h.NoScript = "<img src=stat.gif>" }), false, "static"},
		{"framework", Auto, with(static, func(h *htmlfacts.RenderHints) { h.Loaders = []string{"innerHTML", "vue"} }), true, "framework: vue"},
		{"weak loader, many links", Auto, with(static, func(h *htmlfacts.RenderHints) { h.Loaders = []string{"document.write", "innerHTML"} }), false, "static"},
		{"weak loader, few links", Auto, htmlfacts.RenderHints{Scripts: 5, Links: 5, BodyTextLen: 900, Loaders: []string{"$.ajax", "document.write"}}, true, "loader $.ajax, document.write"},
		{"unknown loader", Auto, htmlfacts.RenderHints{Scripts: 5, Links: 5, BodyTextLen: 900, Loaders: []string{"something-new"}}, false, "static"},
		{"empty body", Auto, htmlfacts.RenderHints{Scripts: 1, Links: 10, BodyTextLen: 5}, true, "body text"},
		{"always", Always, static, true, "always"},
		{"never", Never, htmlfacts.RenderHints{Scripts: 9, EmptyContainers: []string{"#nav"}}, false, "never"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, reason := Decide(tc.mode, tc.h)
			if got != tc.want || !strings.Contains(reason, tc.reason) {
				t.Errorf("Decide = %v, %q; want %v, %q", got, reason, tc.want, tc.reason)
			}
		})
	}
}

func with(h htmlfacts.RenderHints, f func(*htmlfacts.RenderHints)) htmlfacts.RenderHints {
	f(&h)
	return h
}

// TestRules checks the embedded data file.
func TestRules(t *testing.T) {
	r := rules()
	if r.MinLinks < 1 || r.MinScripts < 1 || len(r.NoScriptPhrases) == 0 {
		t.Errorf("rules %+v", r)
	}
	for _, p := range r.NoScriptPhrases {
		if p != strings.ToLower(p) || strings.ContainsAny(p, " \t") {
			t.Errorf("phrase %q must be lower-case without blanks", p)
		}
	}
	for typ := range r.FetchTypes {
		if !r.ShotTypes[typ] {
			t.Errorf("%s fetched for the DOM but not for screenshots", typ)
		}
	}
	if !r.FetchTypes["Document"] || !r.FetchTypes["Script"] || r.FetchTypes["Image"] || !r.ShotTypes["Image"] {
		t.Errorf("types %v / %v", r.FetchTypes, r.ShotTypes)
	}
}

func TestLookBin(t *testing.T) {
	dir := t.TempDir()
	exe := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Setenv("PATH", dir)
	if _, err := lookBin("", ""); !errors.Is(err, ErrNoBrowser) ||
		err.Error() != "chromium not found: install it with `apt-get install -y chromium fonts-noto-cjk`, or pass --render never" {
		t.Errorf("empty PATH: %v", err)
	}
	if _, err := lookBin(filepath.Join(dir, "nope"), ""); !errors.Is(err, ErrNoBrowser) {
		t.Errorf("missing explicit bin: %v", err)
	}
	chrome := exe("google-chrome")
	if got, err := lookBin("", ""); got != chrome || err != nil {
		t.Errorf("google-chrome: %q %v", got, err)
	}
	chromium := exe("chromium")
	if got, _ := lookBin("", ""); got != chromium {
		t.Errorf("chromium first: %q", got)
	}
	custom := exe("my-chrome")
	if got, _ := lookBin("", custom); got != custom {
		t.Errorf("env: %q", got)
	}
	if got, _ := lookBin(chrome, custom); got != chrome {
		t.Errorf("explicit over env: %q", got)
	}
}

// TestNewNoBrowser checks that a missing browser is one clear error at
// New, before anything is started.
func TestNewNoBrowser(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv(envBin, "")
	_, err := New(t.Context(), Config{}, newClient(t, ""))
	if !errors.Is(err, ErrNoBrowser) {
		t.Fatalf("New without chromium: %v", err)
	}
}

func TestConfigDefaults(t *testing.T) {
	cfg, err := Config{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Browsers != 1 || cfg.Pages != min(4, 2*runtime.NumCPU()) || cfg.PageTimeout.Seconds() != 20 || cfg.RecycleAfter != 200 {
		t.Errorf("defaults %+v", cfg)
	}
	if _, err := (Config{Pages: -1}).withDefaults(); err == nil {
		t.Error("negative Pages accepted")
	}
}

func TestIsHome(t *testing.T) {
	for u, want := range map[string]bool{
		"http://www.example.gov.cn":             true,
		"http://www.example.gov.cn/":            true,
		"http://www.example.gov.cn/index.html":  true,
		"http://www.example.gov.cn/INDEX.SHTML": true,
		"http://www.example.gov.cn/zwgk/":       false,
		"http://www.example.gov.cn/?page=2":     false,
	} {
		if got := isHome(u); got != want {
			t.Errorf("isHome(%q) = %v", u, got)
		}
	}
}

// TestProcessType checks the reading of Chromium's --type.
func TestProcessType(t *testing.T) {
	for cmd, want := range map[string]string{
		"/usr/lib/chromium/chromium --type=renderer --lang=zh-CN": "renderer",
		"/usr/lib/chromium/chromium --type=zygote":                "zygote",
		"/usr/lib/chromium/chromium --headless --user-data-dir=x": "",
		"": "gone",
	} {
		if got := processType(cmd); got != want {
			t.Errorf("processType(%q) = %q, want %q", cmd, got, want)
		}
	}
	for kind, want := range map[string]bool{"renderer": true, "utility": true, "zygote": false, "": false, "gone": false} {
		if settled(kind) != want {
			t.Errorf("settled(%q) = %v", kind, !want)
		}
	}
}
