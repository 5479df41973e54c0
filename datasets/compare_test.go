package datasets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var cmpOpts = []cmp.Option{cmpopts.EquateEmpty()}

// compareTableFiles asserts that two release directories hold byte-identical
// table files (everything but datapackage.json and SHA256SUMS), except the
// tables in skip.
func compareTableFiles(t *testing.T, a, b string, skip map[string]bool) {
	t.Helper()
	entries, err := os.ReadDir(a)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if name == PackageFile || name == SumsFile || skip[tableOfFile(name)] {
			continue
		}
		ha, err1 := hashFile(filepath.Join(a, name))
		hb, err2 := hashFile(filepath.Join(b, name))
		if err1 != nil || err2 != nil {
			t.Errorf("%s: %v %v", name, err1, err2)
			continue
		}
		if ha != hb {
			t.Errorf("%s differs between %s and %s", name, a, b)
		}
		n++
	}
	if n == 0 {
		t.Error("no table files compared")
	}
}

func tableOfFile(name string) string {
	name, _, _ = strings.Cut(name, ".")
	if i := strings.LastIndex(name, "-"); i > 0 {
		name = name[:i]
	}
	return name
}
