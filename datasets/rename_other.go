//go:build !linux

package datasets

// renameNoReplace renames oldpath to newpath unless newpath exists (check
// then rename; the release lock keeps other gongkai publishers out).
func renameNoReplace(oldpath, newpath string) error { return checkedRename(oldpath, newpath) }
