package render

import (
	"fmt"
	"os"
	"os/exec"
	"testing"

	"gongkai/crawler/internal/proctree"
)

// Environment variables of the test binary's own re-executions.
const (
	envNetns  = "GONGKAI_RENDER_NETNS"  // set inside the loopback-only namespace
	envHelper = "GONGKAI_RENDER_HELPER" // run helperMain instead of the tests
)

// TestMain runs the tests inside a network namespace that has only a
// loopback interface, so that any traffic of Chromium's own would fail
// visibly instead of leaving the machine. It re-executes the test binary
// under `unshare -n` (root) or `unshare -rn` (user namespace). DNS and
// HTTP fixtures are started by the tests, hence inside the namespace.
func TestMain(m *testing.M) {
	if os.Getenv(envHelper) != "" {
		os.Exit(helperMain())
	}
	if os.Getenv(envNetns) == "" {
		if code, ran := runInNetns(); ran {
			os.Exit(code)
		}
	}
	code := m.Run()
	if err := closeShared(); err != nil {
		fmt.Fprintln(os.Stderr, "render tests:", err)
		code = 1
	}
	os.Exit(code)
}

// runInNetns re-executes the test binary in a fresh network namespace and
// returns its exit code. ran is false when namespaces are not available;
// then the tests run here (a failure when CI=true).
func runInNetns() (code int, ran bool) {
	prefix, why := netnsPrefix()
	if prefix == nil {
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "render tests: CI=true but no loopback-only network namespace:", why)
			return 1, true
		}
		fmt.Fprintln(os.Stderr, "render tests: running in the host network namespace:", why)
		return 0, false
	}
	args := append(prefix, "sh", "-c", `ip link set lo up && exec "$@"`, "sh")
	args = append(args, os.Args...)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), envNetns+"=1")
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), true
		}
		fmt.Fprintln(os.Stderr, "render tests: unshare:", err)
		return 1, true
	}
	return 0, true
}

// netnsPrefix returns the unshare command that gives a new network
// namespace, or nil and the reason it cannot.
func netnsPrefix() ([]string, string) {
	for _, tool := range []string{"unshare", "ip"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, tool + " not found (apt-get install util-linux iproute2)"
		}
	}
	prefix := []string{"unshare", "-n", "--"}
	if os.Geteuid() != 0 {
		prefix = []string{"unshare", "-r", "-n", "--"}
	}
	probe := exec.Command(prefix[0], append(prefix[1:], "ip", "link", "set", "lo", "up")...)
	if out, err := probe.CombinedOutput(); err != nil {
		return nil, fmt.Sprintf("%s: %v: %s", prefix, err, out)
	}
	return prefix, ""
}

// countProcs returns the number of processes whose command line mentions
// dir (every browser process of a renderer mentions its profile dir).
func countProcs(t testing.TB, dir string) int {
	t.Helper()
	pids, err := proctree.Find(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(pids)
}

// mustFind is proctree.Find without the error (an unreadable /proc finds
// nothing).
func mustFind(s string) []int {
	pids, _ := proctree.Find(s)
	return pids
}
