package render

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/launcher/flags"
	"github.com/go-rod/rod/lib/proto"

	"gongkai/crawler/internal/proctree"
)

// envBin names the environment variable that points at the browser.
const envBin = "GONGKAI_CHROMIUM"

// binNames are looked up in PATH, in order, when neither Config.Bin nor
// $GONGKAI_CHROMIUM is set.
var binNames = [...]string{"chromium", "chromium-browser", "google-chrome"}

// profilePrefix starts the name of every renderer's temp directory; the
// creating process id follows, so stale ones can be swept.
const profilePrefix = "gongkai-render-"

// lookBin returns the browser executable: explicit, then env, then PATH.
// It never downloads anything.
func lookBin(explicit, env string) (string, error) {
	for _, p := range []string{explicit, env} {
		if p == "" {
			continue
		}
		abs, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("%w (%s: %v)", ErrNoBrowser, p, err)
		}
		return abs, nil
	}
	for _, name := range binNames {
		if abs, err := exec.LookPath(name); err == nil {
			return abs, nil
		}
	}
	return "", ErrNoBrowser
}

// preferences are written into every fresh profile before launch: no
// "did you mean" error pages (they query a Google service), no password
// manager, no translate, no safe browsing lookups, no network prediction.
var preferences = map[string]any{
	"alternate_error_pages":      map[string]any{"enabled": false},
	"credentials_enable_service": false,
	"translate":                  map[string]any{"enabled": false},
	"safebrowsing":               map[string]any{"enabled": false},
	"search":                     map[string]any{"suggest_enabled": false},
	"net":                        map[string]any{"network_prediction_options": 2},
}

// writeProfile creates dir/Default/Preferences.
func writeProfile(dir string) error {
	b, err := json.Marshal(preferences)
	if err != nil {
		return err
	}
	def := filepath.Join(dir, "Default")
	if err := os.MkdirAll(def, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(def, "Preferences"), b, 0o600)
}

// chromiumFlags are added to rod's defaults (which already disable
// background networking, sync, default apps, breakpad and site isolation,
// so iframes stay in the intercepted page). The omnibox popup features
// would start a WebUI renderer process for every tab (measured: it doubled
// the browser's CPU per page). The last four are the safety
// net of the one-network-path rule: should a request ever escape the
// interception (a WebSocket does: the Fetch domain does not pause it), no
// name resolves and every connection, loopback included, goes to a proxy
// port where nothing listens; WebRTC may not send UDP past the proxy.
var chromiumFlags = map[flags.Flag][]string{
	"disable-component-update":   nil,
	"in-process-gpu":             nil, // one process fewer (~40 MiB PSS, ~100 MiB RSS)
	"disable-quic":               nil,
	"disable-domain-reliability": nil,
	"disable-crash-reporter":     nil,
	"no-default-browser-check":   nil,
	"no-pings":                   nil,
	"mute-audio":                 nil,
	"hide-scrollbars":            nil,
	"lang":                       {"zh-CN"},
	"window-size":                {"1366,900"},
	"host-resolver-rules":        {"MAP * ~NOTFOUND"},
	flags.ProxyServer:            {"127.0.0.1:9"},
	"proxy-bypass-list":          {"<-loopback>"},
	// WebRTC sends UDP (STUN, ICE) around any proxy unless told not to.
	"force-webrtc-ip-handling-policy": {"disable_non_proxied_udp"},
	// BackForwardCache would keep every page a reused tab navigates away
	// from alive in memory, for a Back that never comes.
	"disable-features": {"site-per-process", "TranslateUI", "OptimizationHints", "MediaRouter", "AutofillServerCommunication", "CertificateTransparencyComponentUpdater", "PreloadTopChromeWebUI", "WebUIOmniboxPopup", "WebUIOmniboxFullPopup", "WebUIOmniboxAimPopup", "BackForwardCache"},
}

// instance is one running browser.
type instance struct {
	name    string // b<slot>-<generation>, for logs
	dir     string // its user-data-dir
	pid     int
	l       *launcher.Launcher
	browser *rod.Browser
	mem     *memoryWatch

	// guarded by Renderer.mu
	active  int  // pages open now
	served  int  // pages rendered so far
	retired bool // takes no new pages; killed when active drops to 0
	killed  bool

	killOnce sync.Once
}

// launch starts a browser with a fresh profile dir and connects to it;
// its renderers are killed when they grow past maxRenderer bytes.
func launch(ctx context.Context, bin, dir, name string, maxRenderer int64, log *slog.Logger) (*instance, error) {
	if err := writeProfile(dir); err != nil {
		return nil, fmt.Errorf("launch %s: profile: %w", name, err)
	}
	l := launcher.New().Context(ctx).Bin(bin).UserDataDir(dir).
		Headless(true).Leakless(true).NoSandbox(os.Geteuid() == 0)
	for f, v := range chromiumFlags {
		l.Set(f, v...)
	}
	// Crashpad's handlers outlive the browser's process group; with their
	// database inside the profile their command lines name it, so the
	// cleanup that looks for the profile dir finds them too.
	l.Env(append(os.Environ(), "BREAKPAD_DUMP_LOCATION="+filepath.Join(dir, "crashpad"))...)
	u, err := l.Launch()
	if err != nil {
		if pid := l.PID(); pid > 0 {
			killGroup(pid)
		}
		return nil, fmt.Errorf("launch %s: %w", name, err)
	}
	in := &instance{name: name, dir: dir, pid: l.PID(), l: l, mem: watchMemory(l.PID(), maxRenderer, log)}
	b := rod.New().ControlURL(u).NoDefaultDevice() // keep --window-size, no UA override
	if err := b.Connect(); err != nil {
		in.kill()
		return nil, fmt.Errorf("launch %s: connect: %w", name, err)
	}
	in.browser = b
	// Open and close one tab: the first renderer process of a browser is
	// slow to start (fonts, caches), and that should not count against the
	// first page's timeout.
	t, err := proto.TargetCreateTarget{URL: "about:blank"}.Call(b.Context(ctx))
	if err != nil {
		in.kill()
		return nil, fmt.Errorf("launch %s: warm-up tab: %w", name, err)
	}
	_, _ = proto.TargetCloseTarget{TargetID: t.TargetID}.Call(b.Context(ctx))
	log.Debug("browser launched", "browser", name, "pid", in.pid)
	return in, nil
}

// kill ends the browser's process group, waits (bounded) for it to exit
// and removes its profile. Safe to call more than once.
func (in *instance) kill() {
	in.killOnce.Do(func() {
		in.mem.close()
		if in.pid > 0 {
			killGroup(in.pid)
		}
		done := make(chan struct{})
		go func() { in.l.Cleanup(); close(done) }() // waits for exit, removes dir
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
		killLeftovers(in.dir, nil)
		_ = os.RemoveAll(in.dir)
	})
}

// alive reports whether the browser answers a trivial call quickly.
func (in *instance) alive(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	_, err := in.browser.Context(ctx).Version()
	return err == nil
}

// killGroup sends SIGKILL to the process group led by pid and to pid.
func killGroup(pid int) {
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	_ = syscall.Kill(pid, syscall.SIGKILL)
}

// killLeftovers kills any process whose command line mentions dir: the
// browser's helpers should have died with it, this makes sure.
func killLeftovers(dir string, log *slog.Logger) {
	pids, _ := proctree.Find(dir)
	for _, pid := range pids {
		if pid == os.Getpid() {
			continue
		}
		if log != nil {
			log.Warn("killing leftover browser process", "pid", pid)
		}
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// killAll kills every process whose command line mentions dir until none
// is left (or timeout passes), so that the caller returns only once the
// browser's processes are gone. It reports whether none is left.
func killAll(dir string, timeout time.Duration, log *slog.Logger) bool {
	deadline := time.Now().Add(timeout)
	for {
		pids, _ := proctree.Find(dir)
		pids = slices.DeleteFunc(pids, func(pid int) bool { return pid == os.Getpid() })
		if len(pids) == 0 {
			return true
		}
		if time.Now().After(deadline) {
			log.Warn("browser processes still running", "pids", pids)
			return false
		}
		for _, pid := range pids {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sweepProfiles removes profile dirs left in tmp by renderers whose
// process no longer exists (killed with SIGKILL: leakless killed their
// browsers, nobody removed the files).
func sweepProfiles(tmp string, log *slog.Logger) {
	matches, _ := filepath.Glob(filepath.Join(tmp, profilePrefix+"*"))
	for _, m := range matches {
		rest := strings.TrimPrefix(filepath.Base(m), profilePrefix)
		pidStr, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidStr)
		if !ok || err != nil || pid <= 0 || processExists(pid) {
			continue
		}
		killLeftovers(m, log)
		if err := os.RemoveAll(m); err == nil {
			log.Debug("removed stale browser profile", "dir", m)
		}
	}
}

// processExists reports whether pid names a live process.
func processExists(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
