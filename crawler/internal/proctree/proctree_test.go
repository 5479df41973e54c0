package proctree

import (
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"
)

func TestFindAndMeasure(t *testing.T) {
	marker := "proctree-test-" + t.Name()
	cmd := exec.Command("sh", "-c", "sleep 30", marker)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	// Right after fork the child's cmdline is still the test binary's
	// until it execs: poll briefly.
	var pids []int
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var err error
		if pids, err = Find(marker); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(pids, cmd.Process.Pid) || time.Now().After(deadline) {
			break
		}
	}
	if !slices.Contains(pids, cmd.Process.Pid) {
		t.Fatalf("Find(%q) = %v, want %d", marker, pids, cmd.Process.Pid)
	}
	if got := Descendants(os.Getpid()); !slices.Contains(got, cmd.Process.Pid) || got[0] != os.Getpid() {
		t.Errorf("Descendants = %v", got)
	}
	if got := Children(os.Getpid()); !slices.Contains(got, cmd.Process.Pid) {
		t.Errorf("Children = %v, want %d among them", got, cmd.Process.Pid)
	}
	if got := Tree(os.Getpid()); !slices.Contains(got, cmd.Process.Pid) || got[0] != os.Getpid() {
		t.Errorf("Tree = %v", got)
	}
	self := []int{os.Getpid()}
	if RSS(self) <= 0 || PSS(self) <= 0 {
		t.Errorf("RSS %d PSS %d of the test process", RSS(self), PSS(self))
	}
	// statm and status count the same pages: within a few MiB of each
	// other however the test process grows between the two reads.
	if r, s := Resident(os.Getpid()), RSS(self); r <= 0 || r < s-(8<<20) || r > s+(8<<20) {
		t.Errorf("Resident %d, VmRSS %d", r, s)
	}
	if Resident(-1) != 0 {
		t.Error("Resident of a missing process")
	}
	if CPUTime(os.Getpid()) < 0 || CPUTime(-1) != 0 {
		t.Errorf("CPUTime %v", CPUTime(os.Getpid()))
	}
	if RSS([]int{-1}) != 0 {
		t.Error("RSS of a missing process")
	}
}

func TestField(t *testing.T) {
	if got := field("Name:\tx\nVmRSS:\t  1234 kB\n", "VmRSS:"); got != 1234<<10 {
		t.Errorf("field = %d", got)
	}
	if got := field("nothing", "VmRSS:"); got != 0 {
		t.Errorf("field = %d", got)
	}
}
