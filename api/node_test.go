package api

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// nodeDir holds the npm tools the tests run: DuckDB and the n3 RDF parser
// (package.json; `npm ci` there installs them, as .ci/sysdeps.sh does).
const nodeDir = "testdata/node"

// needNode skips the test when node or the npm tools are missing, or fails
// it when CI=true.
func needNode(t testing.TB) {
	t.Helper()
	_, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(nodeDir, "node_modules", "@duckdb", "node-api"))
	}
	if err == nil {
		_, err = os.Stat(filepath.Join(nodeDir, "node_modules", "n3"))
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: node tools missing (run npm ci in api/%s): %v", nodeDir, err)
		}
		t.Skipf("node tools missing (run npm ci in api/%s): %v", nodeDir, err)
	}
}

// runNode runs a script of nodeDir with args and stdin, and decodes its
// JSON output into out.
func runNode(t testing.TB, stdin []byte, out any, script string, args ...string) {
	t.Helper()
	cmd := exec.Command("node", append([]string{script}, args...)...)
	cmd.Dir = nodeDir
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, stderr.String())
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, b)
	}
}
