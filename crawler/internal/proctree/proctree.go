// Package proctree finds processes by command line and measures their
// memory by reading /proc. The renderer uses it to make sure no browser
// process outlives it; its tests and benchmark use it to count and weigh
// browser processes.
package proctree

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Find returns the ids of the processes whose command line contains s.
// Processes that vanish while being read are skipped.
func Find(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	return FindAll(s)
}

// FindAll returns the ids of the processes whose command line contains
// every one of needles (none: every process). Processes that vanish while
// being read, and zombies, are skipped.
func FindAll(needles ...string) ([]int, error) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmd, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || len(cmd) == 0 {
			continue // gone, or a zombie
		}
		cmd = bytes.ReplaceAll(cmd, []byte{0}, []byte{' '})
		all := true
		for _, n := range needles {
			all = all && bytes.Contains(cmd, []byte(n))
		}
		if all {
			pids = append(pids, pid)
		}
	}
	return pids, nil
}

// RSS returns the summed resident set size, in bytes, of pids. Processes
// that vanished count zero.
func RSS(pids []int) int64 {
	var total int64
	for _, pid := range pids {
		b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
		if err != nil {
			continue
		}
		total += field(string(b), "VmRSS:")
	}
	return total
}

// PeakRSS returns the peak resident set size of pid alone (VmHWM), in
// bytes, or 0 if it cannot be read. Unlike getrusage's ru_maxrss of a
// reaped child it does not include the largest of that child's own
// children.
func PeakRSS(pid int) int64 {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0
	}
	return field(string(b), "VmHWM:")
}

// Tree returns pid and every process below it, found by following the
// kernel's children lists (/proc/PID/task/TID/children): it reads a few
// small files per process of the tree instead of all of /proc, so it is
// cheap enough to call many times a second.
func Tree(pid int) []int {
	out := []int{pid}
	for i := 0; i < len(out); i++ {
		out = append(out, Children(out[i])...)
	}
	return out
}

// Children returns the processes whose parent is pid, from the children
// lists of its threads (one small file per thread).
func Children(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "children"))
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for f := range strings.FieldsSeq(string(b)) {
			if c, err := strconv.Atoi(f); err == nil {
				out = append(out, c)
			}
		}
	}
	return out
}

// Resident returns the resident set size of pid in bytes, from
// /proc/PID/statm (one short line, cheaper for the kernel to write than
// status), or 0 when it cannot be read.
func Resident(pid int) int64 {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "statm"))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return 0
	}
	return pages * int64(os.Getpagesize())
}

// Cmdline returns the command line of pid with its arguments separated
// by spaces, or "" when it cannot be read (gone, or a zombie).
func Cmdline(pid int) string {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if err != nil {
		return ""
	}
	return string(bytes.ReplaceAll(b, []byte{0}, []byte{' '}))
}

// Descendants returns pid and every process below it in the process tree.
func Descendants(pid int) []int {
	children := map[int][]int{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pp, ok := parent(p); ok {
			children[pp] = append(children[pp], p)
		}
	}
	out := []int{pid}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}

// parent reads the parent id from /proc/pid/stat.
func parent(pid int) (int, bool) {
	f := stat(pid)
	if len(f) < 2 {
		return 0, false
	}
	pp, err := strconv.Atoi(f[1])
	return pp, err == nil
}

// clockTick is the unit of the CPU times in /proc/pid/stat (USER_HZ, 100
// on every Linux architecture Go supports).
const clockTick = 10 * time.Millisecond

// CPUTime returns the user plus system CPU time pid has used so far, or
// zero if it cannot be read.
func CPUTime(pid int) time.Duration {
	f := stat(pid)
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * clockTick
}

// stat returns the fields of /proc/pid/stat after the command name: the
// state is field 0, the parent id field 1, utime field 11, stime field 12.
func stat(pid int) []string {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return nil
	}
	// The command name is in parentheses and may hold spaces: skip past it.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(string(b[i+1:]))
}

// PSS returns the summed proportional set size, in bytes, of pids: shared
// pages are divided among the processes sharing them, so the sum over a
// process tree does not count a shared library once per process.
// Processes that vanished or cannot be read count zero.
func PSS(pids []int) int64 {
	var total int64
	for _, pid := range pids {
		b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "smaps_rollup"))
		if err != nil {
			continue
		}
		total += field(string(b), "Pss:")
	}
	return total
}

// field returns the value in bytes of a "Name:   123 kB" line of s.
func field(s, name string) int64 {
	for line := range strings.Lines(s) {
		if rest, ok := strings.CutPrefix(line, name); ok {
			f := strings.Fields(rest)
			if len(f) == 0 {
				return 0
			}
			kb, _ := strconv.ParseInt(f[0], 10, 64)
			return kb << 10
		}
	}
	return 0
}
