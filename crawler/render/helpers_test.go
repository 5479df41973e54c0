package render

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/fetch/dnstest"
)

// jsHost is the fixture site's name; only the test's DNS server knows it.
const jsHost = "js.test.gov.cn"

// needBrowser skips the test when no Chromium is installed, or fails it
// when CI=true.
func needBrowser(t testing.TB) {
	t.Helper()
	if _, err := lookBin("", os.Getenv(envBin)); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: %v", err)
		}
		t.Skip(err)
	}
}

// fixture is the test web site: pages whose navigation is built by
// script, redirects, errors, slow pages.
type fixture struct {
	srv  *httptest.Server
	base string // http://js.test.gov.cn:port

	mu     sync.Mutex
	agents map[string]int // User-Agent -> requests
	hits   map[string]int // path -> requests
	onHit  func(path string)
}

// newFixture serves the fixture site on loopback.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{agents: map[string]int{}, hits: map[string]int{}}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	_, port, _ := net.SplitHostPort(f.srv.Listener.Addr().String())
	f.base = "http://" + jsHost + ":" + port
	return f
}

// ServeHTTP serves the fixture pages.
func (f *fixture) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	f.mu.Lock()
	f.agents[req.UserAgent()]++
	f.hits[req.URL.Path]++
	hook := f.onHit
	f.mu.Unlock()
	if hook != nil {
		hook(req.URL.Path)
	}
	page, ok := fixturePages[req.URL.Path]
	switch {
	case req.URL.Path == "/old":
		http.Redirect(w, req, "/new/", http.StatusMovedPermanently)
	case req.URL.Path == "/poll":
		time.Sleep(20 * time.Millisecond)
		fmt.Fprint(w, "{}")
	case !ok:
		http.NotFound(w, req)
	default:
		w.Header().Set("Content-Type", page.ctype)
		fmt.Fprint(w, page.body)
	}
}

// hitCount returns how many requests path got.
func (f *fixture) hitCount(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

// userAgents returns the User-Agents seen so far.
func (f *fixture) userAgents() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, v := range f.agents {
		out[k] = v
	}
	return out
}

type fixturePage struct{ ctype, body string }

const htmlType = "text/html; charset=utf-8"

// fixturePages are the fixture's documents by path.
var fixturePages = map[string]fixturePage{
	// The homepage: its navigation exists only after nav.js runs, and one
	// more entry arrives by XHR after the load event.
	"/": {htmlType, `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>示范县人民政府</title><script src="/nav.js"></script><script src="/missing.js"></script></head>
<body style="font-size:20px"><h1>示范县人民政府门户网站</h1><div id="nav"></div>
<p>政务公开　通知公告　政策文件　办事服务　互动交流</p><img src="/logo.png" alt="">
<script>buildNav();</script></body></html>`},
	"/nav.js": {"application/javascript", `function buildNav() {
  var nav = document.getElementById("nav");
  [["/zwgk/", "政务公开"], ["/tzgg/", "通知公告"], ["/zcwj/", "政策文件"]].forEach(function (l) {
    var a = document.createElement("a"); a.href = l[0]; a.textContent = l[1]; nav.appendChild(a);
  });
  window.addEventListener("load", function () {
    setTimeout(function () {
      var x = new XMLHttpRequest();
      x.open("GET", "/api/menu.json");
      x.onload = function () {
        JSON.parse(x.responseText).forEach(function (l) {
          var a = document.createElement("a"); a.href = l.href; a.textContent = l.text; nav.appendChild(a);
        });
      };
      x.send();
    }, 100);
  });
}`},
	"/api/menu.json": {"application/json", `[{"href":"/hdjl/","text":"互动交流"}]`},
	"/logo.png":      {"image/png", "\x89PNG\r\n\x1a\n"},
	// The screenshot page: Chinese text and an image.
	"/shot": {htmlType, `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>截图</title></head>
<body style="font-size:20px"><h1>示范县人民政府门户网站</h1><p>政务公开　通知公告　政策文件　办事服务　互动交流</p>
<img src="/shot.png" alt="标志"></body></html>`},
	"/shot.png": {"image/png", "\x89PNG\r\n\x1a\n"},
	// A page reached through a redirect: its relative link must resolve
	// against the final URL.
	"/new/": {htmlType, `<!DOCTYPE html><html><head><title>新</title></head><body>
<script>document.write('<a href="a.html">相对链接</a>');</script></body></html>`},
	// A page that never becomes quiet: it polls forever.
	"/busy": {htmlType, `<!DOCTYPE html><html><head><title>忙</title></head><body><p id="n">0</p>
<script>var n = 0; function poll() { fetch("/poll").then(function () { document.getElementById("n").textContent = ++n; poll(); }); } poll();</script>
</body></html>`},
	// Cookies set by script, shown in the page: for context isolation.
	"/cookie": {htmlType, `<!DOCTYPE html><html><head><title>cookie</title></head><body>
<p id="before"></p><script>document.getElementById("before").textContent = "before:" + document.cookie; document.cookie = "visited=yes; path=/";</script>
</body></html>`},
	// A script with an endless loop: the tab hangs, the browser does not.
	"/loop": {htmlType, `<!DOCTYPE html><html><body><script>for (;;) {}</script></body></html>`},
	// Pages of one site sharing a script and a style sheet, for the asset
	// cache and tab reuse; a page with an analytics beacon.
	"/a1":       {htmlType, assetPage("a1")},
	"/a2":       {htmlType, assetPage("a2")},
	"/a3":       {htmlType, assetPage("a3")},
	"/site.js":  {"application/javascript", `document.addEventListener("DOMContentLoaded", function () { var p = document.createElement("p"); p.id = "built"; p.textContent = document.title; document.body.appendChild(p); });`},
	"/site.css": {"text/css", `body { font-size: 20px }`},
	"/beacon": {htmlType, `<!DOCTYPE html><html><head><title>beacon</title>
<script src="https://hm.baidu.com/hm.js?0123456789abcdef"></script><script src="/site.js"></script></head><body><a href="/x">x</a></body></html>`},
	// A plain page for pool and recycle tests.
	"/plain": {htmlType, `<!DOCTYPE html><html><head><title>plain</title></head><body><a href="/x">x</a></body></html>`},
}

// assetPage is a page of the asset-cache fixture titled title.
func assetPage(title string) string {
	return `<!DOCTYPE html><html><head><title>` + title + `</title><link rel="stylesheet" href="/site.css">
<script src="/site.js"></script><script src="/gone.js"></script></head><body><a href="/x">x</a></body></html>`
}

// newClient returns a fetch client resolving through dnsAddr, allowed to
// reach loopback, without politeness limits.
func newClient(t testing.TB, dnsAddr string) *fetch.Client {
	t.Helper()
	c, err := fetch.New(fetch.Config{
		Resolver: dnsAddr, AllowPrivate: true, Rate: -1, PerHost: -1, IgnoreRobots: true,
		Timeout: 5 * time.Second, Retries: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// env is a renderer with its fixture site.
type env struct {
	r   *Renderer
	fix *fixture
}

// newEnv starts a DNS server, the fixture site and a renderer; the
// renderer is closed when the test ends.
func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	needBrowser(t)
	fix := newFixture(t)
	dnsAddr := dnstest.Start(t, map[string][]string{jsHost: {"127.0.0.1"}})
	if cfg.Logger == nil {
		cfg.Logger = testLogger(t)
	}
	r, err := New(context.Background(), cfg, newClient(t, dnsAddr))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Error(err)
		}
		if n := countProcs(t, r.ProfileDir()); n != 0 {
			t.Errorf("%d browser processes outlive Close", n)
		}
	})
	return &env{r: r, fix: fix}
}

// shared is one renderer reused by the tests that need no special
// configuration: launching Chromium is slow on small machines.
var shared struct {
	once sync.Once
	env  *env
	err  error
	stop func() error
}

// sharedEnv returns the shared renderer and fixture. Their DNS server and
// HTTP server live until the test binary exits.
func sharedEnv(t *testing.T) *env {
	t.Helper()
	needBrowser(t)
	shared.once.Do(func() {
		fix := &fixture{agents: map[string]int{}, hits: map[string]int{}}
		fix.srv = httptest.NewServer(fix)
		_, port, _ := net.SplitHostPort(fix.srv.Listener.Addr().String())
		fix.base = "http://" + jsHost + ":" + port
		dnsAddr, stopDNS, err := serveDNS(map[string][]string{jsHost: {"127.0.0.1"}})
		if err != nil {
			shared.err = err
			return
		}
		c, err := fetch.New(fetch.Config{Resolver: dnsAddr, AllowPrivate: true, Rate: -1, PerHost: -1,
			IgnoreRobots: true, Timeout: 5 * time.Second, Retries: -1})
		if err != nil {
			shared.err = err
			return
		}
		r, err := New(context.Background(), Config{PageTimeout: 15 * time.Second, Pages: 2, Logger: sharedLogger()}, c)
		if err != nil {
			shared.err = err
			return
		}
		shared.env = &env{r: r, fix: fix}
		shared.stop = func() error {
			err := r.Close()
			if n := len(mustFind(r.ProfileDir())); n != 0 {
				err = fmt.Errorf("%d browser processes outlive Close", n)
			}
			fix.srv.Close()
			stopDNS()
			return err
		}
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.env
}

// closeShared closes the shared renderer, if it was started.
func closeShared() error {
	if shared.stop == nil {
		return nil
	}
	return shared.stop()
}

// serveDNS is dnstest.Start for code without a testing.TB.
func serveDNS(zone map[string][]string) (addr string, stop func(), err error) {
	var tb stopper
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("dns: %v", r)
		}
	}()
	addr = dnstest.Start(&tb, zone)
	return addr, tb.run, nil
}

// stopper is the little of testing.TB that dnstest.Start uses.
type stopper struct {
	testing.TB
	fns []func()
}

func (s *stopper) Helper()           {}
func (s *stopper) Cleanup(f func())  { s.fns = append(s.fns, f) }
func (s *stopper) Fatal(args ...any) { panic(fmt.Sprint(args...)) }
func (s *stopper) run() {
	for _, f := range s.fns {
		f()
	}
}

// testLogger logs through t.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// sharedLogger logs the shared renderer to stderr with -v, else nowhere.
func sharedLogger() *slog.Logger {
	if !testing.Verbose() {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
