package datasets

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// renameNoReplace renames oldpath to newpath and fails if newpath exists,
// atomically (renameat2 RENAME_NOREPLACE). On file systems without it, it
// falls back to a check then rename, which the release lock makes safe
// against other gongkai publishers.
func renameNoReplace(oldpath, newpath string) error {
	err := unix.Renameat2(unix.AT_FDCWD, oldpath, unix.AT_FDCWD, newpath, unix.RENAME_NOREPLACE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return checkedRename(oldpath, newpath)
	}
	if err != nil {
		return fmt.Errorf("rename %s to %s: %w", oldpath, newpath, err)
	}
	return nil
}
