//go:build windows

package download

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockFile locks one byte far past the pid the file holds, so that other
// processes can still read the pid (a locked range cannot be read on
// Windows). Windows drops the lock when the handle closes or the process
// ends.
func lockFile(f *os.File) error {
	ol := &windows.Overlapped{OffsetHigh: 1} // offset 4 GiB
	err := windows.LockFileEx(windows.Handle(f.Fd()),
		windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return errLocked
	}
	return err
}
