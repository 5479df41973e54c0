package politeness

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"gongkai/crawler/fetch"
	"gongkai/crawler/jobqueue/natstest"
	"gongkai/crawler/linkcheck"
)

// open connects a "worker" of its own to srv and opens the shared state.
func open(t *testing.T, srv *natstest.Server) *Cluster { return openBench(t, srv) }

func openBench(t testing.TB, srv *natstest.Server) *Cluster {
	t.Helper()
	nc, err := nats.Connect(srv.URL, nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(t.Context(), js, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestKVKey(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"host/www.gov.cn:443", "host/www.gov.cn_3A443"},
		{"ip/203.0.113.7", "ip/203.0.113.7"},
		{"ip/2001:db8::1", "ip/2001_3Adb8_3A_3A1"},
		{"host/[::1]:8080", "host/_5B_3A_3A1_5D_3A8080"},
		{"http://a..b_c.", "http_3A//a._2Eb_5Fc_2E"},
		{".x", "_2Ex"},
	} {
		if got := kvKey(tt.in); got != tt.want {
			t.Errorf("kvKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPacerAcrossWorkers: three workers, four requests at once each, on
// one address: every start is an interval after the one before, and the
// starts on each worker's own host key are that host's interval apart.
func TestPacerAcrossWorkers(t *testing.T) {
	srv := natstest.Start(t)
	const ipEvery, hostEvery = 50 * time.Millisecond, 200 * time.Millisecond
	var mu sync.Mutex
	starts := map[string][]time.Time{}
	var wg sync.WaitGroup
	for w, host := range []string{"host/a.gov.cn:80", "host/b.gov.cn:80", "host/c.gov.cn:80"} {
		p := open(t, srv).Pacer()
		for range 4 {
			wg.Go(func() {
				slots := []fetch.Slot{{Key: "ip/203.0.113.7", Interval: ipEvery}, {Key: host, Interval: hostEvery}}
				at, err := p.Reserve(t.Context(), slots)
				if err != nil {
					t.Errorf("worker %d: %v", w, err)
					return
				}
				mu.Lock()
				starts["ip"] = append(starts["ip"], at)
				starts[host] = append(starts[host], at)
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	for key, ts := range starts {
		want := hostEvery
		if key == "ip" {
			want = ipEvery
		}
		slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
		for i := 1; i < len(ts); i++ {
			if gap := ts[i].Sub(ts[i-1]); gap < want {
				t.Errorf("%s: starts %d and %d are %v apart, want >= %v", key, i-1, i, gap, want)
			}
		}
	}
	if n := len(starts["ip"]); n != 12 {
		t.Errorf("%d reservations, want 12", n)
	}
}

// TestPacerWithoutServer: a worker whose server is gone paces on its own
// instead of failing requests.
func TestPacerWithoutServer(t *testing.T) {
	srv := natstest.Start(t)
	p := open(t, srv).Pacer()
	srv.Kill()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	slots := []fetch.Slot{{Key: "host/a.gov.cn:80", Interval: 100 * time.Millisecond}}
	t0, err := p.Reserve(ctx, slots)
	if err != nil {
		t.Fatal(err)
	}
	t1, err := p.Reserve(ctx, slots)
	if err != nil || t1.Sub(t0) < 100*time.Millisecond {
		t.Errorf("second start %v after the first (%v), want the interval kept locally", t1.Sub(t0), err)
	}
}

// TestRobotsClaim: the first worker of an audit to ask for a host's
// robots.txt fetches it; the others wait for its answer; another audit
// asks again; a released claim passes on; a stale claim is taken over.
func TestRobotsClaim(t *testing.T) {
	srv := natstest.Start(t)
	a, b := open(t, srv), open(t, srv)
	ctx := t.Context()
	key := "https://www.gov.cn"
	ans := fetch.RobotsAnswer{Status: "ok", HTTPStatus: 200, Body: []byte("User-agent: *\nDisallow: /x\n"), Bytes: 27}

	if _, mine := a.Robots("audit1").Claim(ctx, key); !mine {
		t.Fatalf("first claim: mine %v", mine)
	}
	got := make(chan fetch.RobotsAnswer, 1)
	go func() {
		ans, mine := b.Robots("audit1").Claim(ctx, key)
		if mine {
			t.Errorf("second claim: mine %v, want the first worker's answer", mine)
		}
		got <- ans
	}()
	time.Sleep(100 * time.Millisecond)
	a.Robots("audit1").Put(ctx, key, ans)
	if g := <-got; string(g.Body) != string(ans.Body) || g.HTTPStatus != 200 {
		t.Errorf("second worker got %+v", g)
	}
	if _, mine := b.Robots("audit2").Claim(ctx, key); !mine {
		t.Error("another audit's first claim is not its own")
	}

	if _, mine := a.Robots("audit3").Claim(ctx, key); !mine {
		t.Fatal("audit3: first claim not mine")
	}
	a.Robots("audit3").Release(ctx, key)
	if _, mine := b.Robots("audit3").Claim(ctx, key); !mine {
		t.Error("audit3: a released claim did not pass on")
	}

	b.claimTTL = 300 * time.Millisecond
	if _, mine := a.Robots("audit4").Claim(ctx, key); !mine {
		t.Fatal("audit4: first claim not mine")
	}
	start := time.Now()
	if _, mine := b.Robots("audit4").Claim(ctx, key); !mine {
		t.Errorf("audit4: a stale claim was not taken over: %v", mine)
	}
	if time.Since(start) < 300*time.Millisecond {
		t.Error("audit4: a fresh claim was taken over")
	}
}

// TestRobotsOncePerAudit: two workers' fetch clients, each asking for the
// robots.txt of three hosts at once, fetch each once per audit.
func TestRobotsOncePerAudit(t *testing.T) {
	srv := natstest.Start(t)
	var robots atomic.Int32
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robots.Add(1)
			time.Sleep(50 * time.Millisecond)
			_, _ = w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
		}
	}))
	defer web.Close()
	var clients []*fetch.Client
	for range 2 {
		c, err := fetch.New(fetch.Config{AllowPrivate: true, Rate: -1})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		clients = append(clients, c)
	}
	for _, audit := range []string{"audit1", "audit2"} {
		robots.Store(0)
		var wg sync.WaitGroup
		for w, c := range clients {
			ac := c.ForAudit(open(t, srv).Robots(audit))
			for range 3 {
				wg.Go(func() {
					ok, err := ac.Allowed(t.Context(), web.URL+"/private/a")
					if err != nil || ok {
						t.Errorf("worker %d: /private/ allowed %v %v", w, ok, err)
					}
				})
			}
		}
		wg.Wait()
		if n := robots.Load(); n != 1 {
			t.Errorf("%s: robots.txt fetched %d times by two workers, want once", audit, n)
		}
	}
}

// TestLinks: the first worker to claim a URL checks it; a verdict it puts
// is the others' in the same audit, whole; another audit checks again.
func TestLinks(t *testing.T) {
	srv := natstest.Start(t)
	a, b := open(t, srv), open(t, srv)
	url := "https://www.gov.cn/zhengce/content/2026-11/01/content_1.htm"
	r := linkcheck.Result{HTTPStatus: 404, Status: "http_error", Error: "HTTP 404", FinalURL: url, Attempts: 1, Dead: true,
		CheckedAt: time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)}
	if _, mine := a.Links("audit1").Claim(t.Context(), url); !mine {
		t.Fatal("the first claim is not mine")
	}
	got := make(chan linkcheck.Result, 1)
	go func() {
		r, mine := b.Links("audit1").Claim(t.Context(), url)
		if mine {
			t.Error("a second worker checks a URL under way")
		}
		got <- r
	}()
	time.Sleep(100 * time.Millisecond)
	a.Links("audit1").Put(t.Context(), url, r)
	g := <-got
	if g.Status != r.Status || g.HTTPStatus != 404 || !g.Dead || g.Attempts != 1 || !g.CheckedAt.Equal(r.CheckedAt) {
		t.Errorf("shared verdict %+v, want %+v", g, r)
	}
	if _, mine := b.Links("audit2").Claim(t.Context(), url); !mine {
		t.Error("another audit sees the verdict")
	}
}

// TestPacerAcrossRestart: after its server restarts, a worker paces
// through the bucket again (the state outlives the restart).
func TestPacerAcrossRestart(t *testing.T) {
	srv := natstest.Start(t)
	c := open(t, srv)
	slots := []fetch.Slot{{Key: "host/a.gov.cn:80", Interval: time.Hour}}
	t0, err := c.Pacer().Reserve(t.Context(), slots)
	if err != nil {
		t.Fatal(err)
	}
	srv.Restart(t)
	deadline := time.Now().Add(30 * time.Second)
	for !c.connected() && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	t1, err := c.Pacer().Reserve(t.Context(), slots)
	if err != nil || t1.Sub(t0) != time.Hour {
		t.Errorf("after the restart the next turn is %v after the first (%v), want the hour kept in the bucket", t1.Sub(t0), err)
	}
}
