package datasets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadRefusesDamagedReleases: every kind of damage fails with an error
// naming the file.
func TestLoadRefusesDamagedReleases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		damage func(t *testing.T, rdir string)
		want   string
	}{
		{"missing csv", func(t *testing.T, rdir string) { remove(t, rdir, "links.csv") }, "links.csv: missing"},
		{"missing parquet", func(t *testing.T, rdir string) { remove(t, rdir, "sites.parquet") }, "sites.parquet"},
		{"missing sums", func(t *testing.T, rdir string) { remove(t, rdir, SumsFile) }, SumsFile},
		{"missing datapackage", func(t *testing.T, rdir string) { remove(t, rdir, PackageFile) }, PackageFile},
		{"flipped byte", func(t *testing.T, rdir string) { flip(t, rdir, "findings.csv.gz") }, "findings.csv.gz: checksum mismatch"},
		{"flipped parquet byte", func(t *testing.T, rdir string) { flip(t, rdir, "pages.parquet") }, "pages.parquet: checksum mismatch"},
		{"extra file", func(t *testing.T, rdir string) { write(t, rdir, "notes.txt", "x") }, "notes.txt: unexpected file"},
		{"truncated parquet, sums fixed", func(t *testing.T, rdir string) {
			truncate(t, rdir, "scores.parquet")
			rehash(t, rdir, "scores.parquet")
		}, "scores.parquet"},
		{"datapackage edited, sums fixed", func(t *testing.T, rdir string) {
			b := mustRead(t, filepath.Join(rdir, PackageFile))
			write(t, rdir, PackageFile, strings.ReplaceAll(string(b), `"rows": 2,`, `"rows": 3,`))
			rehash(t, rdir, PackageFile)
		}, "sites-parquet: 2 rows, datapackage.json says 3"},
		{"bad sums line", func(t *testing.T, rdir string) { write(t, rdir, SumsFile, "nonsense\n") }, "SHA256SUMS line 1: malformed"},
		{"sums escape", func(t *testing.T, rdir string) {
			write(t, rdir, SumsFile, strings.Repeat("0", 64)+"  ../latest.json\n")
		}, "bad file name"},
	}
	pristine := t.TempDir()
	id := publishFixture(t, pristine, fixture(2, 4), PublishOptions{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(pristine)); err != nil {
				t.Fatal(err)
			}
			tt.damage(t, filepath.Join(dir, "releases", id))
			_, err := Load(dir, "latest")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load: err = %v, want it to contain %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), id) {
				t.Errorf("error %q does not name the release", err)
			}
		})
	}
}

func TestLoadRefusesBadIDs(t *testing.T) {
	dir := t.TempDir()
	for _, id := range []string{"../x", "20261123T023000Z-001/../..", "nope"} {
		if _, err := Load(dir, id); err == nil || !strings.Contains(err.Error(), "not a release id") {
			t.Errorf("Load(%q): %v", id, err)
		}
	}
	if _, err := Load(dir, ""); err == nil || !strings.Contains(err.Error(), "none published") {
		t.Errorf("Load latest of empty dir: %v", err)
	}
}

func remove(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func flip(t *testing.T, dir, name string) {
	t.Helper()
	b := mustRead(t, filepath.Join(dir, name))
	b[len(b)/2] ^= 0x40
	write(t, dir, name, string(b))
}

func truncate(t *testing.T, dir, name string) {
	t.Helper()
	b := mustRead(t, filepath.Join(dir, name))
	write(t, dir, name, string(b[:len(b)*2/3]))
}

// rehash rewrites the SHA256SUMS line of name, as an attacker or a
// careless hand would, so that the damage must be caught by reading.
func rehash(t *testing.T, dir, name string) {
	t.Helper()
	sum, err := hashFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(mustRead(t, filepath.Join(dir, SumsFile))), "\n")
	for i, l := range lines {
		if strings.HasSuffix(l, "  "+name) {
			lines[i] = sum + "  " + name
		}
	}
	write(t, dir, SumsFile, strings.Join(lines, "\n"))
}
