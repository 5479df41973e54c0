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
)

// Find returns the ids of the processes whose command line contains s.
// Processes that vanish while being read are skipped.
func Find(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	var pids []int
	needle := []byte(s)
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
		if bytes.Contains(cmd, needle) {
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
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, false
	}
	// The command name is in parentheses and may hold spaces: skip past it.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 2 {
		return 0, false
	}
	pp, err := strconv.Atoi(f[1])
	return pp, err == nil
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
