package hostileweb

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai/crawler/internal/proctree"
)

// TreeMemory is the peak memory of a process tree while it was watched.
type TreeMemory struct {
	RSS int64 // the largest sum of resident set sizes seen (shared pages counted in each process)
	PSS int64 // the largest sum of proportional set sizes seen (shared pages divided among their processes)
	// Root is the peak resident set size of the root process alone (its
	// VmHWM when last read, shortly before it exited).
	Root int64
	// AtPeak describes each process when the PSS sum peaked: "kind rss/pss
	// MiB", kind being the --type of a browser process or the command.
	AtPeak []string
}

// WatchTree samples the memory of pid and its descendants every interval
// until stop is called, and returns the peaks. The sums over a browser's
// zygote-forked processes double-count shared pages in RSS; PSS does not.
func WatchTree(pid int, every time.Duration) (stop func() TreeMemory) {
	var (
		mu   sync.Mutex
		peak TreeMemory
		done = make(chan struct{})
		quit = make(chan struct{})
	)
	sample := func() {
		var rss, pss int64
		var procs []string
		for _, p := range proctree.Descendants(pid) {
			r, s := proctree.RSS([]int{p}), proctree.PSS([]int{p})
			rss, pss = rss+r, pss+s
			procs = append(procs, fmt.Sprintf("%s %d/%d MiB", kindOf(p), r>>20, s>>20))
		}
		root := proctree.PeakRSS(pid)
		mu.Lock()
		defer mu.Unlock()
		if pss > peak.PSS {
			peak.AtPeak = procs
		}
		peak.RSS, peak.PSS, peak.Root = max(peak.RSS, rss), max(peak.PSS, pss), max(peak.Root, root)
	}
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			sample()
			select {
			case <-quit:
				return
			case <-t.C:
			}
		}
	}()
	return func() TreeMemory {
		close(quit)
		<-done
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// BrowserProcesses returns the ids of the processes still running of the
// headless browsers that the gongkai process pid started (their command
// lines name the renderer's profile directory, gongkai-render-<pid>-...).
func BrowserProcesses(pid int) []int {
	pids, _ := proctree.Find(fmt.Sprintf("gongkai-render-%d-", pid))
	return pids
}

// kindOf names a process: the --type of a browser process, else its
// program.
func kindOf(pid int) string {
	cmd, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if err != nil || len(cmd) == 0 {
		return "?"
	}
	// Chromium rewrites its command line into one string.
	line := strings.ReplaceAll(string(cmd), "\x00", " ")
	if _, t, ok := strings.Cut(line, "--type="); ok {
		kind, _, _ := strings.Cut(t, " ")
		return kind
	}
	prog, _, _ := strings.Cut(line, " ")
	return filepath.Base(prog)
}
