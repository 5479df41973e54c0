package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// measure is one timed audit: its wall time, the CPU time (user + system)
// of each of its processes, and the machine's 1-minute load average
// before and after it.
type measure struct {
	wall        time.Duration
	coordinator time.Duration // the in-process audit, or the coordinator
	workers     time.Duration // every worker process, summed
	nats        time.Duration // the nats-server
	load        [2]float64
}

// cpu is the CPU time of every process of the run.
func (m measure) cpu() time.Duration { return m.coordinator + m.workers + m.nats }

// runner runs audits of one web with one set of audit flags.
type runner struct {
	bin, natsBin string
	dir          string   // scratch directory of the scenario
	work         string   // where the workers' --work directories go; "" is dir
	audit        []string // the audit's flags, --sites included
}

// inProcess runs the single-process audit (its default sites at once).
func (r runner) inProcess() (measure, error) {
	var m measure
	m.load[0] = loadAvg()
	out, err := r.scratch("inproc")
	if err != nil {
		return m, err
	}
	c := command(r.bin, append([]string{"audit", "--out", out, "--allow-private"}, r.audit...)...)
	start := time.Now()
	err = runCmd(c)
	m.wall = time.Since(start)
	m.coordinator = cpuTime(c.ProcessState)
	m.load[1] = loadAvg()
	if err != nil {
		return m, fmt.Errorf("in-process audit: %w", err)
	}
	return m, nil
}

// queued runs a fresh nats-server, n workers (sitesAtOnce sites each) and
// the coordinator on a directory store; the wall time is the
// coordinator's, the workers already started.
func (r runner) queued(n, sitesAtOnce int) (m measure, err error) {
	dir, err := r.scratch(fmt.Sprintf("q%d", n))
	if err != nil {
		return m, err
	}
	m.load[0] = loadAvg()
	nats, url, err := r.startNATS(dir)
	if err != nil {
		return m, err
	}
	defer func() { m.nats = stop(nats, syscall.SIGTERM) }()
	store := filepath.Join(dir, "store")
	work, err := r.workDir(dir)
	if err != nil {
		return m, err
	}
	defer os.RemoveAll(work)
	var workers []*exec.Cmd
	defer func() {
		for _, w := range workers {
			m.workers += stop(w, os.Interrupt)
		}
		m.load[1] = loadAvg()
	}()
	for i := range n {
		w := command(r.bin, "worker", "--queue", url, "--store", store, "--allow-private",
			"--sites-at-once", strconv.Itoa(sitesAtOnce), "--work", filepath.Join(work, fmt.Sprint("w", i)))
		if err := w.Start(); err != nil {
			return m, fmt.Errorf("start worker: %w", err)
		}
		workers = append(workers, w)
	}
	c := command(r.bin, append([]string{"audit", "--out", filepath.Join(dir, "out"), "--queue", url, "--store", store}, r.audit...)...)
	start := time.Now()
	err = runCmd(c)
	m.wall = time.Since(start)
	m.coordinator = cpuTime(c.ProcessState)
	if err != nil {
		return m, fmt.Errorf("coordinator with %d workers: %w", n, err)
	}
	return m, nil
}

// startNATS starts a JetStream nats-server with its store in dir and
// returns it with its URL once it listens.
func (r runner) startNATS(dir string) (*exec.Cmd, string, error) {
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	c := exec.Command(r.natsBin, "-a", "127.0.0.1", "-p", strconv.Itoa(port), "-js", "-sd", filepath.Join(dir, "nats"))
	if err := c.Start(); err != nil {
		return nil, "", fmt.Errorf("start nats-server: %w", err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	if err := waitListen(addr); err != nil {
		stop(c, syscall.SIGTERM)
		return nil, "", err
	}
	return c, "nats://" + addr, nil
}

// scratch makes a fresh directory for a run (a run's audit must not be
// compared with an earlier run's release).
func (r runner) scratch(name string) (string, error) {
	d, err := os.MkdirTemp(r.dir, name+"-")
	if err != nil {
		return "", fmt.Errorf("run directory: %w", err)
	}
	return d, nil
}

// workDir makes the directory of a run's worker directories: under r.work
// when set, else in dir.
func (r runner) workDir(dir string) (string, error) {
	if r.work == "" {
		return filepath.Join(dir, "work"), nil
	}
	d, err := os.MkdirTemp(r.work, "queuebench-")
	if err != nil {
		return "", fmt.Errorf("workers' directory: %w", err)
	}
	return d, nil
}

// command is a gongkai command logging errors only; its stderr (progress
// lines and errors) is kept in a buffer for run to show when it fails.
func command(bin string, args ...string) *exec.Cmd {
	c := exec.CommandContext(context.Background(), bin, args...)
	c.Stderr = new(bytes.Buffer)
	c.Env = append(os.Environ(), "GONGKAI_LOG=error")
	return c
}

// runCmd runs c; a failure carries the tail of its stderr.
func runCmd(c *exec.Cmd) error {
	err := c.Run()
	if err != nil {
		out := c.Stderr.(*bytes.Buffer).Bytes()
		out = out[max(0, len(out)-2000):]
		return fmt.Errorf("%s: %w\n%s", filepath.Base(c.Path), err, out)
	}
	return nil
}

// stop signals a started process, waits for it and returns its CPU time.
func stop(c *exec.Cmd, sig os.Signal) time.Duration {
	_ = c.Process.Signal(sig)
	_ = c.Wait()
	return cpuTime(c.ProcessState)
}

// cpuTime is a finished process's user and system CPU time.
func cpuTime(ps *os.ProcessState) time.Duration {
	if ps == nil {
		return 0
	}
	return ps.UserTime() + ps.SystemTime()
}

// loadAvg is the machine's 1-minute load average (-1 when unknown).
func loadAvg() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	fields := strings.Fields(string(data))
	if len(fields) == 0 {
		return -1
	}
	f, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return -1
	}
	return f
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func waitListen(addr string) error {
	for range 600 {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("nothing listens on %s", addr)
}
