// Package natstest runs a real NATS server with JetStream for tests:
// Debian's nats-server as a process of its own, so that a test can kill
// it and start it again on the same port and store.
package natstest

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is a nats-server process with JetStream, its store in a
// directory that outlives restarts.
type Server struct {
	URL  string // nats://127.0.0.1:PORT
	Addr string // 127.0.0.1:PORT

	bin, dir string
	cmd      *exec.Cmd
	out      *syncBuffer
}

// Binary returns the nats-server binary; when it is missing the test
// fails under CI (CI=true) and is skipped elsewhere.
func Binary(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("nats-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("nats-server not found but CI=true: install it with apt-get install -y nats-server")
		}
		t.Skip("nats-server not found")
	}
	return bin
}

// Start runs a server on a free loopback port until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &Server{URL: "nats://" + addr, Addr: addr, bin: Binary(t), dir: t.TempDir()}
	s.start(t)
	t.Cleanup(s.Kill)
	return s
}

// start runs the server and waits until it accepts connections.
func (s *Server) start(t testing.TB) {
	t.Helper()
	_, port, _ := net.SplitHostPort(s.Addr)
	s.out = &syncBuffer{}
	s.cmd = exec.Command(s.bin, "-a", "127.0.0.1", "-p", port, "-js", "-sd", s.dir)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("nats-server: %v", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.Dial("tcp", s.Addr)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nats-server does not listen: %v\n%s", err, s.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Restart kills the server (SIGKILL, no goodbye) and starts it again on
// the same port and store.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Kill()
	s.start(t)
}

// Kill kills the server and waits for it to exit.
func (s *Server) Kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// Output returns what the server has logged.
func (s *Server) Output() string { return s.out.String() }

// syncBuffer is a bytes.Buffer safe for a process writing and a test
// reading.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
