package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"
)

// cpuAt is the process CPU time (user+sys) when the crawl ended, before
// any verification.
var cpuAt float64

// markDone records cpuAt.
func markDone() {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		cpuAt = tv(ru.Utime) + tv(ru.Stime)
	}
}

// child runs one crawler and reports on stdout.
func child(impl, home string, pages, workers int, profile, memprof string) {
	if memprof != "" {
		go heapProfiles(memprof)
	}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	var (
		n    int
		wall time.Duration
		err  error
	)
	switch impl {
	case "gongkai":
		n, wall, err = crawlGongkai(home, pages, workers)
	case "bare":
		n, err = crawlBare(home, workers)
	case "colly":
		n, err = crawlColly(home, workers)
	default:
		log.Fatalf("unknown crawler %q", impl)
	}
	if err != nil {
		log.Fatalf("%s: %v", impl, err)
	}
	if wall == 0 {
		wall = time.Since(start)
		markDone()
	}
	json.NewEncoder(os.Stdout).Encode(result{Impl: impl, Pages: n, Wall: wall.Seconds(), CPU: cpuAt})
}

// heapProfiles writes a heap profile to path.1, path.2, ... every 10
// seconds.
func heapProfiles(path string) {
	n := 0
	for range time.Tick(10 * time.Second) {
		n++
		f, err := os.Create(fmt.Sprintf("%s.%d", path, n))
		if err != nil {
			log.Fatal(err)
		}
		runtime.GC()
		pprof.WriteHeapProfile(f)
		f.Close()
	}
}
