package sampleweb

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// testAsOf is the as-of date of every test.
var testAsOf = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// shared is the web most tests use; TestMain closes it.
var shared struct {
	once sync.Once
	web  *Web
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.web != nil {
		if err := shared.web.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "close shared web:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// startWeb returns the shared web, with its request counts reset. Tests
// that close or cancel a web start their own with Start.
func startWeb(t testing.TB) *Web {
	t.Helper()
	shared.once.Do(func() { shared.web, shared.err = Start(context.Background(), Config{AsOf: testAsOf}) })
	if shared.err != nil {
		t.Fatalf("Start: %v", shared.err)
	}
	shared.web.ResetRequests()
	return shared.web
}

// client returns an HTTP client whose connections use only the given
// family ("tcp4" or "tcp6"), resolving names with the web's DNS. It does
// not follow redirects.
func client(w *Web, network string) *http.Client {
	dial := w.Dialer()
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
				return dial(ctx, network, addr)
			},
			TLSClientConfig: &tls.Config{RootCAs: w.RootCAs()},
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func fetch(c *http.Client, url string) (response, error) {
	resp, err := c.Get(url)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: b}, err
}

func mustFetch(t *testing.T, c *http.Client, url string) response {
	t.Helper()
	r, err := fetch(c, url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return r
}

// siteURL returns the homepage URL of a site, or fails.
func siteURL(t testing.TB, w *Web, id string) string {
	t.Helper()
	for _, s := range w.Sites {
		if s.ID == id {
			return s.URL
		}
	}
	t.Fatalf("no site %s", id)
	return ""
}

// at joins a path to a homepage URL.
func at(home, path string) string { return strings.TrimSuffix(home, "/") + path }

// decodeGBK decodes GBK bytes.
func decodeGBK(t *testing.T, b []byte) string {
	t.Helper()
	out, err := simplifiedchinese.GBK.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatalf("decode gbk: %v", err)
	}
	return string(out)
}

// testSites returns the model and pages of the shared web (with its ports).
func testSites(t testing.TB) (map[string]*site, map[string]pageSet) {
	t.Helper()
	w := startWeb(t)
	return w.sites, w.pages
}

// buildSites builds the sites again, in memory, with the ports of w.
func buildSites(t testing.TB, w *Web) (map[string]*site, map[string]pageSet) {
	cat, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRenderer()
	if err != nil {
		t.Fatal(err)
	}
	a, err := newAssetSet()
	if err != nil {
		t.Fatal(err)
	}
	sites, pages := map[string]*site{}, map[string]pageSet{}
	for i := range cat.Sites {
		s, err := newSite(&cat.Sites[i], cat, testAsOf, ports{HTTP: w.HTTPPort, HTTPS: w.HTTPSPort})
		if err != nil {
			t.Fatal(err)
		}
		sites[s.def.ID] = s
		if !s.def.NXDomain {
			if pages[s.def.ID], err = buildPages(s, r, a); err != nil {
				t.Fatal(err)
			}
		}
	}
	return sites, pages
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// recordingWriter is a dns.ResponseWriter that keeps the reply.
type recordingWriter struct{ msg *dns.Msg }

func (r *recordingWriter) LocalAddr() net.Addr {
	return &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 53}
}
func (r *recordingWriter) RemoteAddr() net.Addr {
	return &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5353}
}
func (r *recordingWriter) WriteMsg(m *dns.Msg) error { r.msg = m; _, err := m.Pack(); return err }
func (r *recordingWriter) Write(b []byte) (int, error) {
	return len(b), nil
}
func (r *recordingWriter) Close() error        { return nil }
func (r *recordingWriter) TsigStatus() error   { return nil }
func (r *recordingWriter) TsigTimersOnly(bool) {}
func (r *recordingWriter) Hijack()             {}

// pageBytes renders a prepared page.
func pageBytes(t testing.TB, p *page) []byte {
	t.Helper()
	b, err := p.content()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
