package render

import (
	"log/slog"
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
// whose command line names dir (the browser's profile), and SIGKILLs each
// one whose resident set is over limit. limit <= 0 watches nothing.
func watchMemory(dir string, limit int64, log *slog.Logger) *memoryWatch {
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
			pids, _ := proctree.FindAll(dir, "--type=renderer")
			for _, pid := range pids {
				if rss := proctree.RSS([]int{pid}); rss > limit {
					log.Warn("renderer over its memory cap, killed", "pid", pid, "rss_mib", rss>>20, "cap_mib", limit>>20)
					_ = syscall.Kill(pid, syscall.SIGKILL)
					w.kills.Add(1)
				}
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
