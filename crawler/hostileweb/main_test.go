package hostileweb

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
)

// TestMain runs the tests inside a network namespace of their own (see
// Reexec): the hostile web's addresses exist there only.
func TestMain(m *testing.M) {
	if InNetns() {
		code := m.Run()
		if shared.web != nil {
			_ = shared.web.Close()
		}
		os.Exit(code)
	}
	out, err := Reexec(os.Args[1:]...)
	os.Stdout.Write(out)
	var ee *exec.ExitError
	switch {
	case errors.Is(err, ErrNoNetns) && os.Getenv("CI") != "true":
		fmt.Println("hostileweb tests skipped:", err)
		os.Exit(0)
	case errors.As(err, &ee):
		os.Exit(ee.ExitCode())
	case err != nil:
		fmt.Println("hostileweb tests:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// shared is the one hostile web of the test binary: its addresses and
// ports exist once per namespace.
var shared struct {
	once sync.Once
	web  *Web
	err  error
}

// startWeb returns the hostile web, started on first use.
func startWeb(t *testing.T) *Web {
	t.Helper()
	shared.once.Do(func() { shared.web, shared.err = Start(context.Background(), Config{}) })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.web
}
