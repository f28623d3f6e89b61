//go:build linux

package download

import (
	"os"

	"golang.org/x/sys/unix"
)

// newWriteback prepares early writeback for f, whose end is at offset pos.
func newWriteback(f *os.File, pos int64) *writeback {
	w := &writeback{pos: pos, started: pos, prev: pos, waited: pos}
	if rc, err := f.SyscallConn(); err == nil {
		w.rc = rc
	}
	return w
}

// Errors are ignored in both: this only moves work earlier; the fsync
// before the rename still reports any write error.

func startWriteback(fd uintptr, off, n int64) {
	unix.SyncFileRange(int(fd), off, n, unix.SYNC_FILE_RANGE_WRITE)
}

func waitWriteback(fd uintptr, off, n int64) {
	unix.SyncFileRange(int(fd), off, n,
		unix.SYNC_FILE_RANGE_WAIT_BEFORE|unix.SYNC_FILE_RANGE_WRITE|unix.SYNC_FILE_RANGE_WAIT_AFTER)
}
