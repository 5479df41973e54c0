package datasets

import (
	"fmt"
	"io/fs"
	"os"
)

// checkedRename renames oldpath to newpath unless newpath exists.
func checkedRename(oldpath, newpath string) error {
	if _, err := os.Lstat(newpath); err == nil {
		return fmt.Errorf("rename %s to %s: %w", oldpath, newpath, fs.ErrExist)
	}
	if err := os.Rename(oldpath, newpath); err != nil {
		return fmt.Errorf("rename %s to %s: %w", oldpath, newpath, err)
	}
	return nil
}
