package render

import (
	"log/slog"
	"maps"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"gongkai/crawler/internal/proctree"
)

// memoryPoll is how often a browser's renderer processes are weighed.
const memoryPoll = 100 * time.Millisecond

// memoryWatch kills the renderer processes of one browser that grow past a
// limit: a page that builds an endless DOM or fills its heap costs at most
// that much, and its tab crashes (the render fails with render_error)
// instead of the machine swapping.
type memoryWatch struct {
	kills atomic.Int64 // renderers killed so far
	stop  chan struct{}
	done  chan struct{}
}

// watchMemory starts weighing, every memoryPoll, the renderer processes
// below the browser process pid, and SIGKILLs each one whose resident set
// is over limit. limit <= 0 watches nothing.
func watchMemory(pid int, limit int64, log *slog.Logger) *memoryWatch {
	w := &memoryWatch{stop: make(chan struct{}), done: make(chan struct{})}
	if limit <= 0 {
		close(w.done)
		return w
	}
	go func() {
		defer close(w.done)
		t := time.NewTicker(memoryPoll)
		defer t.Stop()
		var f rendererFinder
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
			for _, p := range f.find(pid) {
				rss := proctree.Resident(p)
				if rss <= limit {
					continue
				}
				log.Warn("renderer over its memory cap, killed", "pid", p, "rss_mib", rss>>20, "cap_mib", limit>>20)
				_ = syscall.Kill(p, syscall.SIGKILL)
				w.kills.Add(1)
			}
		}
	}()
	return w
}

// rendererFinder finds the renderer processes below a browser ten times a
// second at little cost. Of Chromium's processes only the browser and its
// zygotes start others, and renderers come from the zygotes: each poll
// reads the zygotes' children lists (a file per zygote thread), and a walk
// from the browser down through the zygotes, every walkEvery polls, finds
// the zygotes again and any renderer started otherwise. The command line
// of a renderer or helper is read once, when it first appears. Walking
// every thread of every browser process each time cost the driver 5% of a
// core while rendering (renderbench, pprof).
type rendererFinder struct {
	kinds   map[int]string // pid -> its --type ("" for the browser), settled ones only
	zygotes []int
	polls   int
}

// walkEvery is how many polls pass between walks from the browser.
const walkEvery = 10

// find returns the renderer processes below the browser process pid.
func (f *rendererFinder) find(pid int) []int {
	f.polls++
	if f.polls%walkEvery == 1 || len(f.zygotes) == 0 {
		return f.walk([]int{pid}, pid, true)
	}
	return f.walk(f.zygotes, pid, false)
}

// walk visits the processes below roots, descending through the browser
// and zygotes, and returns the renderers found. A full walk (from the
// browser) also renews the known zygotes and forgets processes gone.
func (f *rendererFinder) walk(roots []int, browser int, full bool) []int {
	seen := map[int]string{}
	var out, zygotes []int
	queue := append([]int(nil), roots...)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		kind, ok := f.kinds[p]
		if !ok && p != browser {
			kind = processType(proctree.Cmdline(p))
		}
		if settled(kind) {
			seen[p] = kind
		}
		switch kind {
		case "zygote":
			zygotes = append(zygotes, p)
			queue = append(queue, proctree.Children(p)...)
		case "":
			queue = append(queue, proctree.Children(p)...)
		case "renderer":
			out = append(out, p)
		}
	}
	if full {
		f.kinds, f.zygotes = seen, zygotes
	} else {
		if f.kinds == nil {
			f.kinds = map[int]string{}
		}
		maps.Copy(f.kinds, seen)
	}
	return out
}

// settled reports whether a process's type is known for good. A process
// forked by a zygote shows the zygote's command line until it sets its own,
// and one the browser starts shows the browser's until it execs: those are
// read again at the next walk.
func settled(kind string) bool { return kind != "" && kind != "zygote" && kind != "gone" }

// processType returns the value of a Chromium command line's --type=, ""
// for the browser process, or "gone" when the command line could not be
// read (a process that exited, or a zombie).
func processType(cmdline string) string {
	if cmdline == "" {
		return "gone"
	}
	_, rest, ok := strings.Cut(cmdline, "--type=")
	if !ok {
		return ""
	}
	kind, _, _ := strings.Cut(rest, " ")
	return kind
}

// close stops the watch and waits for it.
func (w *memoryWatch) close() {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	<-w.done
}
