package htmlfacts

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var dumpDir = flag.String("dump", "", "write the facts of every corpus page as JSON into this directory")

// TestDumpCorpus writes Extract's output for each corpus page when -dump is
// set; it is a debugging aid for reading what the extractor sees.
func TestDumpCorpus(t *testing.T) {
	if *dumpDir == "" {
		t.Skip("set -dump DIR to write the corpus facts")
	}
	for _, p := range loadLabels(t).Pages {
		f := extractCorpus(t, p)
		b, err := json.MarshalIndent(f, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*dumpDir, p.File+".json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
