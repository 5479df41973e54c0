package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"gongkai/checks"
	"gongkai/datasets"
)

// TestServeCommand: gongkai serve refuses bad flags with one message per
// problem, and serves an audit's --out (the stored sample web judged and
// published) until its context ends.
func TestServeCommand(t *testing.T) {
	t.Parallel()
	e := &env{stdout: io.Discard, stderr: io.Discard, logger: slog.New(slog.DiscardHandler)}
	for _, args := range [][]string{
		{},
		{"--data", "/nonexistent"},
		{"--data", t.TempDir(), "--addr", "nohostport"},
		{"--data", t.TempDir(), "--poll", "0s"},
		{"--data", t.TempDir(), "--token-file", "/nonexistent"},
	} {
		if err := runServe(context.Background(), e, args); err == nil {
			t.Errorf("serve %q: no error", args)
		}
	}

	out := t.TempDir()
	id, err := judgeAndPublish(context.Background(), goldenAudit, out, checks.Default(), asOf, datasets.PublishOptions{SoftwareVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, &env{stdout: pw, stderr: io.Discard, logger: slog.New(slog.DiscardHandler)},
			[]string{"--data", out, "--addr", "127.0.0.1:0"})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("no URL printed: %q", line)
	}
	url := strings.Fields(line[i:])[0]
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Get(url + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), id) {
		t.Errorf("healthz: %d %q, want release %s", resp.StatusCode, b, id)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve ended with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
}
