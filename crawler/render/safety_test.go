package render

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// TestNoTrafficOfItsOwn launches a browser the way the renderer does and
// drives it WITHOUT the interception: the safety net alone (no name
// resolves, every connection goes to a dead proxy) must keep it from
// reaching even a loopback server. It also checks the launch flags and the
// profile preferences.
func TestNoTrafficOfItsOwn(t *testing.T) {
	t.Parallel()
	needBrowser(t)
	fix := newFixture(t)
	bin, _ := lookBin("", os.Getenv(envBin))
	dir := t.TempDir()
	in, err := launch(context.Background(), bin, filepath.Join(dir, "b"), "safety", 0, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.kill(); waitGone(t, dir) })

	cmdline, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(in.pid), "cmdline"))
	if err != nil {
		t.Fatal(err)
	}
	args := strings.Split(string(cmdline), "\x00")
	want := []string{"--headless", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-first-run", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND",
		"--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--user-data-dir=" + in.dir}
	for _, w := range want {
		if !slices.Contains(args, w) {
			t.Errorf("browser started without %s: %q", w, args)
		}
	}
	if root := os.Geteuid() == 0; slices.Contains(args, "--no-sandbox") != root {
		t.Errorf("--no-sandbox present %v, running as root %v", !root, root)
	}

	prefs, err := os.ReadFile(filepath.Join(in.dir, "Default", "Preferences"))
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		AlternateErrorPages struct {
			Enabled *bool `json:"enabled"`
		} `json:"alternate_error_pages"`
	}
	if err := json.Unmarshal(prefs, &p); err != nil || p.AlternateErrorPages.Enabled == nil || *p.AlternateErrorPages.Enabled {
		t.Errorf("preferences %s: %v", prefs, err)
	}

	_, port, _ := net.SplitHostPort(fix.srv.Listener.Addr().String())
	for _, u := range []string{"http://127.0.0.1:" + port + "/plain", fix.base + "/plain", "http://[::1]:" + port + "/plain"} {
		page, err := in.browser.Page(proto.TargetCreateTarget{})
		if err != nil {
			t.Fatal(err)
		}
		err = page.Navigate(u)
		var nav *rod.NavigationError
		if !errors.As(err, &nav) {
			t.Errorf("unintercepted navigation to %s: err %v, want a navigation error", u, err)
		}
		_ = page.Close()
	}
	if n := len(fix.userAgents()); n != 0 {
		t.Errorf("the browser reached the fixture by itself: %v", fix.userAgents())
	}
}

// TestNetworkNamespace checks that the tests really run with loopback
// only, when TestMain could arrange it.
func TestNetworkNamespace(t *testing.T) {
	if os.Getenv(envNetns) == "" {
		t.Skip("not in a network namespace (see TestMain's message)")
	}
	ifs, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range ifs {
		if i.Flags&net.FlagLoopback == 0 {
			t.Errorf("interface %s in the test namespace", i.Name)
		}
	}
}
