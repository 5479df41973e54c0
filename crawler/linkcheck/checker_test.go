package linkcheck

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/crawler/fetch"
	"gongkai/crawler/fetch/dnstest"
	"gongkai/crawler/snapshot"
)

// env is one fixture web with its resolver and request counter.
type env struct {
	port     string
	resolver string
	hits     *hits
}

// newEnv serves fixture() on 127.0.0.1 behind a DNS server that knows the
// fixture host names.
func newEnv(t *testing.T) *env {
	t.Helper()
	h := &hits{}
	srv := httptest.NewServer(h.wrap(fixture()))
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	lo := []string{"127.0.0.1"}
	z := map[string][]string{}
	for _, n := range []string{"honest", "soft", "mirror", "redir", "errpage", "named"} {
		z[n+".test.gov.cn"] = lo
	}
	return &env{port: port, resolver: dnstest.Start(t, z), hits: h}
}

// url returns the fixture URL of path on host.
func (e *env) url(host, path string) string {
	return "http://" + host + ":" + e.port + path
}

// client returns a fetch client for the fixture web; edit adjusts its config.
func (e *env) client(t *testing.T, edit func(*fetch.Config)) *fetch.Client {
	t.Helper()
	cfg := fetch.Config{
		Resolver: e.resolver, AllowPrivate: true, Rate: -1, PerHost: -1,
		RetryBase: 5 * time.Millisecond, Timeout: 5 * time.Second,
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := fetch.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// verdict is the part of a Result the table tests compare.
type verdict struct {
	HTTPStatus             int
	Status                 snapshot.Status
	Dead, Soft404, Blocked bool
}

func verdictOf(r Result) verdict {
	return verdict{r.HTTPStatus, r.Status, r.Dead, r.Soft404, r.Blocked}
}

var (
	alive   = verdict{200, snapshot.StatusOK, false, false, false}
	soft404 = verdict{200, snapshot.StatusOK, false, true, false}
)

func dead(code int) verdict               { return verdict{code, snapshot.StatusHTTPError, true, false, false} }
func blocked(code int) verdict            { return verdict{code, snapshot.StatusBlocked, false, false, true} }
func transport(s snapshot.Status) verdict { return verdict{0, s, true, false, false} }

func TestCheck(t *testing.T) {
	e := newEnv(t)
	c := New(e.client(t, nil), Config{RetryPause: 10 * time.Millisecond}, nil)
	tests := []struct {
		name, host, path string
		want             verdict
	}{
		{"200 alive", "honest", "/ok.html", alive},
		{"404 dead", "honest", "/nothing.html", dead(404)},
		{"500 dead", "honest", "/500.html", dead(500)},
		{"plain 503 dead after retries", "honest", "/503.html", dead(503)},
		{"too many redirects dead", "honest", "/loop.html", transport(snapshot.StatusTooManyRedirs)},
		{"soft 404 by chinese phrase", "honest", "/soft-cn.html", soft404},
		{"soft 404 by english title", "honest", "/soft-en.html", soft404},
		{"article mentioning the phrase deep in its text", "honest", "/deep.html", alive},
		{"waf challenge 403 blocked", "honest", "/waf.html", blocked(403)},
		{"cloudflare challenge 503 blocked", "honest", "/cf.html", blocked(503)},
		{"405 with waf header blocked", "honest", "/waf-header.html", blocked(405)},
		{"bare 403 blocked", "honest", "/bare403.html", blocked(403)},
		{"403 saying page missing dead", "honest", "/403-missing.html", dead(403)},
		{"429 after retries blocked", "honest", "/429.html", blocked(429)},
		{"connection reset then 200 alive", "honest", "/flaky-reset.html", alive},
		{"503 then 200 alive", "honest", "/flaky-503.html", alive},
		{"head refused with 405 falls back to get", "honest", "/files/report.pdf", alive},
		{"head answered", "honest", "/files/plain.pdf", alive},
		{"get after refused head asks for a range", "honest", "/files/ranged.pdf", verdict{206, snapshot.StatusOK, false, false, false}},
		{"empty attachment refusing the range alive", "honest", "/files/empty.pdf", verdict{416, snapshot.StatusOK, false, false, false}},
		{"attachment answered by a missing-page html", "honest", "/files/deleted.pdf", soft404},
		{"missing attachment dead", "honest", "/files/gone.pdf", dead(404)},
		{"soft 404 by random-path baseline", "soft", "/gone.html", soft404},
		{"same title, real article alive", "soft", "/news/1.html", alive},
		{"homepage of a soft-404 host alive", "soft", "/", alive},
		{"homepage of a host answering home everywhere alive", "mirror", "/", alive},
		{"missing page answered with home content soft 404", "mirror", "/no/such/page.html", soft404},
		{"redirect to home soft 404", "redir", "/old-column/", soft404},
		{"index redirecting to home alive", "redir", "/index.html", alive},
		{"real page on redirecting host alive", "redir", "/news/2.html", alive},
		{"short page with a not-found word soft 404", "honest", "/withdrawn.html", soft404},
		{"phrase after a long navigation soft 404", "honest", "/bignav-missing.html", soft404},
		{"short real notice alive", "honest", "/short-notice.html", alive},
		{"long article with a not-found word alive", "honest", "/revoked-notice.html", alive},
		{"redirect where missing pages go soft 404", "errpage", "/old/column/a.html", soft404},
		{"real page beside an error page alive", "errpage", "/news/3.html", alive},
		{"near-duplicate title of the missing-page answer soft 404", "named", "/old/gone.html", soft404},
		{"real page sharing the title words alive", "named", "/news/4.html", alive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Check(t.Context(), e.url(tt.host+".test.gov.cn", tt.path))
			if got := verdictOf(r); got != tt.want {
				t.Errorf("got %+v, want %+v (error %q)", got, tt.want, r.Error)
			}
			if r.Attempts < 1 || r.CheckedAt.IsZero() {
				t.Errorf("attempts %d, checked at %v", r.Attempts, r.CheckedAt)
			}
		})
	}
	t.Run("head fallback made one head and one get", func(t *testing.T) {
		if h, g := e.hits.get("honest.test.gov.cn", "HEAD", "/files/report.pdf"), e.hits.get("honest.test.gov.cn", "GET", "/files/report.pdf"); h != 1 || g != 1 {
			t.Errorf("HEAD %d GET %d, want 1 and 1", h, g)
		}
		if g := e.hits.get("honest.test.gov.cn", "GET", "/files/plain.pdf"); g != 0 {
			t.Errorf("GET of a HEAD-answered attachment %d times", g)
		}
	})
	t.Run("flaky 503 asked twice", func(t *testing.T) {
		if n := e.hits.get("honest.test.gov.cn", "GET", "/flaky-503.html"); n != 2 {
			t.Errorf("hits %d, want 2", n)
		}
	})
}

func TestCheckTransport(t *testing.T) {
	e := newEnv(t)
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	c := New(e.client(t, nil), Config{RetryPause: 10 * time.Millisecond}, nil)
	slow := New(e.client(t, func(cfg *fetch.Config) { cfg.Timeout = 200 * time.Millisecond; cfg.Retries = -1 }),
		Config{RetryPause: 10 * time.Millisecond}, nil)
	tests := []struct {
		name string
		c    *Checker
		url  string
		want verdict
	}{
		{"nxdomain", c, e.url("nope.test.gov.cn", "/"), transport(snapshot.StatusDNSError)},
		{"refused", c, "http://127.0.0.2:" + e.port + "/", transport(snapshot.StatusRefused)},
		{"tls error", c, tlsSrv.URL + "/", transport(snapshot.StatusTLSError)},
		{"timeout", slow, e.url("honest.test.gov.cn", "/slow.html"), transport(snapshot.StatusTimeout)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.c.Check(t.Context(), tt.url)
			if got := verdictOf(r); got != tt.want {
				t.Errorf("got %+v, want %+v (error %q)", got, tt.want, r.Error)
			}
			if r.Error == "" {
				t.Error("no error text")
			}
		})
	}
	t.Run("timeout tried twice", func(t *testing.T) {
		if n := e.hits.get("honest.test.gov.cn", "GET", "/slow.html"); n != 2 {
			t.Errorf("hits %d, want 2 (one extra try)", n)
		}
	})
}

func TestCheckNotHTTP(t *testing.T) {
	c := New(nil, Config{}, nil)
	for _, u := range []string{"mailto:xxgk@nanshan.gov.cn", "javascript:void(0)", "ftp://ftp.example.gov.cn/a.pdf", "http:///x"} {
		if r := c.Check(t.Context(), u); r.Status != snapshot.StatusNotChecked || r.Dead || !strings.Contains(r.Error, "http") {
			t.Errorf("%s: %+v, want not_checked", u, r)
		}
	}
}

func TestCheckRobots(t *testing.T) {
	e := newEnv(t)
	c := New(e.client(t, nil), Config{}, nil)
	r := c.Check(t.Context(), e.url("honest.test.gov.cn", "/private/report.html"))
	if r.Status != snapshot.StatusRobotsBlocked || r.Dead || r.Blocked || r.Soft404 {
		t.Errorf("got %+v, want robots_blocked and no verdict", r)
	}
	if n := e.hits.get("honest.test.gov.cn", "GET", "/private/report.html"); n != 0 {
		t.Errorf("disallowed link requested %d times", n)
	}
}

func TestCheckOncePerURL(t *testing.T) {
	e := newEnv(t)
	c := New(e.client(t, nil), Config{}, nil)
	const urls, workers = 8, 24
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range urls {
				path := fmt.Sprintf("/busy/%d.html", (i+w)%urls)
				if r := c.Check(context.Background(), e.url("honest.test.gov.cn", path)+"#frag"); r.Status != snapshot.StatusOK {
					t.Errorf("%s: %+v", path, r)
				}
			}
		})
	}
	wg.Wait()
	for i := range urls {
		if n := e.hits.get("honest.test.gov.cn", "GET", fmt.Sprintf("/busy/%d.html", i)); n != 1 {
			t.Errorf("/busy/%d.html requested %d times, want 1", i, n)
		}
	}
	probe := strings.TrimPrefix(c.probeURL(mustParse(t, e.url("honest.test.gov.cn", "/"))), e.url("honest.test.gov.cn", ""))
	if n := e.hits.get("honest.test.gov.cn", "GET", probe); n != 1 {
		t.Errorf("baseline probe %s requested %d times, want 1", probe, n)
	}
}

func TestRecord(t *testing.T) {
	e := newEnv(t)
	client := e.client(t, nil)
	c := New(client, Config{}, nil)
	u := e.url("honest.test.gov.cn", "/soft-cn.html")
	resp, err := client.Fetch(t.Context(), fetch.Request{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Record(t.Context(), u, resp, nil); !r.Soft404 {
		t.Errorf("Record: %+v, want soft 404", r)
	}
	if r := c.Check(t.Context(), u); !r.Soft404 {
		t.Errorf("Check after Record: %+v, want soft 404", r)
	}
	if n := e.hits.get("honest.test.gov.cn", "GET", "/soft-cn.html"); n != 1 {
		t.Errorf("recorded page requested %d times, want 1 (the crawler's)", n)
	}
	bad := e.url("nope.test.gov.cn", "/")
	_, err = client.Fetch(t.Context(), fetch.Request{URL: bad})
	if r := c.Record(t.Context(), bad, nil, err); verdictOf(r) != transport(snapshot.StatusDNSError) {
		t.Errorf("Record of an error: %+v", r)
	}
}

func TestCheckCancelled(t *testing.T) {
	e := newEnv(t)
	c := New(e.client(t, nil), Config{}, nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	u := e.url("honest.test.gov.cn", "/ok.html")
	if r := c.Check(ctx, u); r.Status != snapshot.StatusNotChecked || r.Dead {
		t.Errorf("cancelled check: %+v, want not_checked", r)
	}
	if r := c.Check(t.Context(), u); verdictOf(r) != alive {
		t.Errorf("check after a cancelled one: %+v, want alive (nothing cached)", r)
	}
}

func TestApply(t *testing.T) {
	now := time.Now()
	r := Result{HTTPStatus: 403, Status: snapshot.StatusBlocked, Error: "e", FinalURL: "f", Attempts: 2, Blocked: true, CheckedAt: now}
	var l snapshot.Link
	r.Apply(&l)
	want := snapshot.Link{HTTPStatus: 403, Status: snapshot.StatusBlocked, Error: "e", FinalURL: "f", Attempts: 2, Blocked: true, CheckedAt: now}
	if l != want {
		t.Errorf("got %+v, want %+v", l, want)
	}
}

// TestHeadNeverAnswered: an attachment whose HEAD is never answered is
// asked with GET after one HEAD timeout (not three), and judged alive.
func TestHeadNeverAnswered(t *testing.T) {
	var heads, gets atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			heads.Add(1)
			<-r.Context().Done() // never answered
			return
		}
		gets.Add(1)
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write([]byte("%PDF-1.4\n"))
	}))
	t.Cleanup(s.Close)
	// The HEAD costs one timeout; the GET after it must fit in one too,
	// which a loaded machine does easily in a second.
	cl, err := fetch.New(fetch.Config{AllowPrivate: true, Rate: -1, Timeout: time.Second, RetryBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	r := New(cl, Config{RetryPause: -1}, nil).Check(t.Context(), s.URL+"/files/report.pdf")
	if r.Status != snapshot.StatusOK || r.Dead || heads.Load() != 1 || gets.Load() == 0 {
		t.Errorf("verdict %+v after %d HEAD and %d GET, want alive after one HEAD", r, heads.Load(), gets.Load())
	}
}

// mapShare is a Share in memory: what two workers' Checkers see through
// the cluster's.
type mapShare struct {
	mu  sync.Mutex
	m   map[string]Result
	put int
}

func (s *mapShare) Claim(_ context.Context, url string) (Result, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.m[url]
	return r, !ok
}

func (s *mapShare) Release(context.Context, string) {}

func (s *mapShare) Put(_ context.Context, url string, r Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[url] = r
	s.put++
}

// TestCheckShared: a verdict one Checker shares is another's without a
// request; a URL not yet shared is checked and then shared; a page the
// crawler judged (Record) stays its own.
func TestCheckShared(t *testing.T) {
	e := newEnv(t)
	share := &mapShare{m: map[string]Result{}}
	a := New(e.client(t, nil), Config{Share: share}, nil)
	b := New(e.client(t, nil), Config{Share: share}, nil)
	dead, alive := e.url("honest.test.gov.cn", "/gone.html"), e.url("honest.test.gov.cn", "/busy/1.html")
	first := a.Check(t.Context(), dead+"#x")
	second := b.Check(t.Context(), dead)
	if !first.Dead || second != first {
		t.Errorf("shared verdict %+v, want the first checker's %+v", second, first)
	}
	if n := e.hits.get("honest.test.gov.cn", "GET", "/gone.html"); n != 1 {
		t.Errorf("/gone.html requested %d times by two checkers sharing verdicts, want 1", n)
	}
	a.Record(t.Context(), alive, &fetch.Response{Status: 200, FinalURL: alive, ContentType: "text/html", Body: []byte("<title>x</title>")}, nil)
	if _, mine := share.Claim(t.Context(), alive); !mine || share.put != 1 {
		t.Errorf("a recorded page was shared (%d puts)", share.put)
	}
}
