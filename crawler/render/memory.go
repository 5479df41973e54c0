package render

import (
	"log/slog"
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
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
			for _, p := range proctree.Tree(pid)[1:] {
				rss := proctree.RSS([]int{p})
				if rss <= limit || !strings.Contains(proctree.Cmdline(p), "--type=renderer") {
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

// close stops the watch and waits for it.
func (w *memoryWatch) close() {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	<-w.done
}
