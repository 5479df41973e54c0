package datasets

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const crashChildEnv = "GONGKAI_DATASETS_CRASH_CHILD"

// TestCrashSafety kills a publishing process (this test binary, re-executed)
// at random moments, ten times, while a reader keeps loading the latest
// release. The reader must always get a whole release whose checksums
// verify; every published directory must stay intact and unchanged; the
// leftovers of the killed publications must be gone after the next one.
//
// The child prints "start" before each publication; the parent kills it a
// random time after its first (or, every other time, second) start, up to
// 1.3 times the time a
// publication takes here, so kills land in every phase of a publication,
// after it, and between two.
func TestCrashSafety(t *testing.T) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	t.Parallel()
	dir := t.TempDir()
	start := time.Now()
	publishFixture(t, dir, crashFixture(), PublishOptions{Created: time.Now(), Parquet: crashLayout})
	pubDur := time.Since(start)

	stop := make(chan struct{})
	var loads, loadErrs atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() { // the reader
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := Load(dir, "latest", TableSites); err != nil { // verifies every file
				loadErrs.Add(1)
				t.Errorf("reader during publication: %v", err)
			}
			loads.Add(1)
		}
	})

	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("seed %d, one publication takes %v", seed, pubDur)
	sealed := map[string]string{} // release id -> its SHA256SUMS when first seen
	killedMidway := 0
	for i := range 10 {
		delay := time.Duration(rng.Int64N(int64(pubDur) * 13 / 10))
		midway := killChild(t, dir, 1+i%2, delay) // every other child completes one publication first
		if midway {
			killedMidway++
		}
		checkReleases(t, dir, sealed, false)
	}
	close(stop)
	wg.Wait()
	t.Logf("%d releases published by killed children, %d kills found a partial publication on disk, %d loads by the reader",
		len(sealed)-1, killedMidway, loads.Load())
	if loads.Load() == 0 || loadErrs.Load() > 0 {
		t.Errorf("reader: %d loads, %d errors", loads.Load(), loadErrs.Load())
	}
	if len(sealed) < 3 || killedMidway == 0 {
		t.Errorf("%d releases, %d partial publications: the kills did not cover enough", len(sealed), killedMidway)
	}
	// The next publication removes what the killed ones left behind.
	publishFixture(t, dir, crashFixture(), PublishOptions{Created: time.Now(), Parquet: crashLayout})
	entries, _ := os.ReadDir(filepath.Join(dir, "releases"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			t.Errorf("leftover %s after a clean publication", e.Name())
		}
	}
	checkReleases(t, dir, sealed, true)
}

// killChild starts a publishing child, waits for its nth "start", sleeps
// delay and kills it. It reports whether a partial publication was left.
func killChild(t *testing.T, dir string, nth int, delay time.Duration) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSafety$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for starts := 0; starts < nth && sc.Scan(); {
		if sc.Text() == "start" {
			starts++
		}
	}
	time.Sleep(delay)
	cmd.Process.Signal(syscall.SIGKILL)
	go func() {
		for sc.Scan() { // drain
		}
	}()
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Errorf("child ended by itself: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "releases"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			return true
		}
	}
	return false
}

var crashLayout = ParquetOptions{RowGroupRows: 64, PartRows: 200}

func crashFixture() *Tables { return fixture(6, 50) }

// crashChild publishes releases until it is killed.
func crashChild(dir string) {
	for {
		fmt.Println("start")
		if _, err := Publish(context.Background(), dir, crashFixture(), PublishOptions{Parquet: crashLayout}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
	}
}

// checkReleases loads latest, verifying all its checksums, and every
// release not seen before (all, with full); it checks that no release's
// SHA256SUMS changed since it was first seen.
func checkReleases(t *testing.T, dir string, sealed map[string]string, full bool) {
	t.Helper()
	latest, err := Load(dir, "latest")
	if err != nil {
		t.Fatalf("latest after kill: %v", err)
	}
	list, err := ListReleases(dir)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range list {
		found = found || r.ID == latest.ID
		rdir := filepath.Join(dir, "releases", r.ID)
		sums := string(mustRead(t, filepath.Join(rdir, SumsFile)))
		old, seen := sealed[r.ID]
		if seen && old != sums {
			t.Errorf("release %s changed after publication", r.ID)
		}
		if !seen || full {
			if _, err := Load(dir, r.ID, TableSites); err != nil {
				t.Errorf("published release %s is damaged: %v", r.ID, err)
			}
		}
		sealed[r.ID] = sums
	}
	if !found {
		t.Errorf("latest %s is not among the listed releases", latest.ID)
	}
}
