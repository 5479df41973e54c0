//go:build unix

package htmlfacts

import (
	"syscall"
	"testing"
	"time"
)

// cpuClock reports process CPU time (user+system), so benchmark figures
// stay meaningful on a machine shared with other jobs, where wall-clock
// ns/op mostly measures waiting for a core.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds cpu-ns/op and cpu-MB/s (bytes per op over CPU time).
func reportCPU(b *testing.B, start time.Duration, n int, bytesPerOp int) {
	cpu := cpuClock() - start
	if cpu <= 0 || n == 0 {
		return
	}
	perOp := float64(cpu.Nanoseconds()) / float64(n)
	b.ReportMetric(perOp, "cpu-ns/op")
	b.ReportMetric(float64(bytesPerOp)/perOp*1e3, "cpu-MB/s")
}
