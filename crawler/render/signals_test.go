package render

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"gongkai/crawler/fetch"
)

// helperMain is the child process of TestSignals: it renders one page,
// prints "READY <profile dir>" and waits. SIGINT and SIGTERM cancel the
// context given to New, the way the gongkai command does; SIGKILL leaves
// the cleanup to leakless.
func helperMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `<html><body><script>document.write("<a href=/x>x</a>")</script></body></html>`)
	}))
	defer srv.Close()
	client, err := fetch.New(fetch.Config{AllowPrivate: true, Rate: -1, PerHost: -1, Retries: -1})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	r, err := New(ctx, Config{}, client)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if _, err := r.Render(ctx, "s", srv.URL+"/"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fmt.Println("READY", r.ProfileDir())
	<-ctx.Done()
	if err := r.Close(); err != nil { // already closed by the context; waits for it
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

// TestSignals runs a renderer in a child process, signals the child and
// counts the browser processes left: none may outlive it.
func TestSignals(t *testing.T) {
	needBrowser(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), envHelper+"=1")
			cmd.Stderr = testWriter{t}
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
			dir := readyDir(t, out)
			if n := countProcs(t, dir); n < 2 {
				t.Fatalf("%d browser processes while rendering; the count is broken", n)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			waitExit(t, cmd, 20*time.Second)
			deadline := time.Now().Add(10 * time.Second)
			for countProcs(t, dir) > 0 && time.Now().Before(deadline) {
				time.Sleep(100 * time.Millisecond)
			}
			if n := countProcs(t, dir); n > 0 {
				t.Errorf("%d browser processes outlive the child after %v", n, sig)
			}
			if sig != syscall.SIGKILL {
				if _, err := os.Stat(dir); !os.IsNotExist(err) {
					t.Errorf("profile dir %s left after %v: %v", dir, sig, err)
				}
			}
			sweepProfiles(os.TempDir(), testLogger(t)) // the SIGKILLed child's profile
		})
	}
}

// readyDir reads the child's READY line.
func readyDir(t *testing.T, out interface{ Read([]byte) (int, error) }) string {
	t.Helper()
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if dir, ok := strings.CutPrefix(sc.Text(), "READY "); ok {
				lines <- dir
				return
			}
		}
		close(lines)
	}()
	select {
	case dir, ok := <-lines:
		if !ok {
			t.Fatal("child exited before READY")
		}
		return dir
	case <-time.After(60 * time.Second):
		t.Fatal("child not ready after 60s")
	}
	return ""
}

// waitExit waits for cmd to exit, at most d.
func waitExit(t *testing.T, cmd *exec.Cmd, d time.Duration) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("child still running %v after the signal", d)
	}
}
