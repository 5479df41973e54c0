package hostileweb

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// envNetns is set in a process the hostile web re-executed inside a fresh
// network namespace: only there may Start add addresses to lo.
const envNetns = "GONGKAI_HOSTILE_NETNS"

// InNetns reports whether this process runs inside a network namespace
// made by Reexec (or TestMain of this package's tests).
func InNetns() bool { return os.Getenv(envNetns) == "1" }

// ErrNoNetns is returned by Reexec when no network namespace can be made
// (no unshare or ip, or not permitted). Tests must fail on it under CI.
var ErrNoNetns = errors.New("no network namespace for the hostile web")

// Reexec runs this program again, with args, inside a new network
// namespace that has only a loopback interface (`unshare -n`, or `unshare
// -rn` without root), with InNetns true, and returns its combined output
// and exit error. Nothing the child does can reach another machine: the
// hostile web's public-looking addresses exist on its lo only.
func Reexec(args ...string) ([]byte, error) {
	prefix, why := netnsPrefix()
	if prefix == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoNetns, why)
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	argv := append(prefix, "sh", "-c", `ip link set lo up && exec "$@"`, "sh", self)
	argv = append(argv, args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), envNetns+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	return out.Bytes(), err
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

// addAddrs puts addrs on lo. It refuses outside a namespace of Reexec.
func addAddrs(addrs []string) error {
	if !InNetns() {
		return errors.New("hostileweb: refusing to add addresses outside its own network namespace (see Reexec)")
	}
	for _, a := range addrs {
		args := []string{"addr", "add", a + "/32", "dev", "lo"}
		if bytes.ContainsRune([]byte(a), ':') {
			// nodad: usable at once. Without it the address may still be
			// tentative when the web binds it on a loaded machine
			// ("bind: cannot assign requested address").
			args = []string{"addr", "add", a + "/128", "dev", "lo", "nodad"}
		}
		out, err := exec.Command("ip", args...).CombinedOutput()
		if err != nil && !bytes.Contains(out, []byte("File exists")) && !bytes.Contains(out, []byte("already assigned")) {
			return fmt.Errorf("ip addr add %s: %v: %s", a, err, out)
		}
	}
	return nil
}
