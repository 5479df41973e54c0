package datasets

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMain removes the release shared by the datapackage tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if packageOnce.rdir != "" {
		os.RemoveAll(filepath.Dir(filepath.Dir(packageOnce.rdir)))
	}
	os.Exit(code)
}
