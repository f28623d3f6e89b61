//go:build !linux

package download

import "os"

// newWriteback returns a no-op tracker: sync_file_range is Linux-only, and
// elsewhere the fsync before the rename does all the writing.
func newWriteback(f *os.File, pos int64) *writeback {
	return &writeback{pos: pos, started: pos, prev: pos, waited: pos}
}

func startWriteback(fd uintptr, off, n int64) {}

func waitWriteback(fd uintptr, off, n int64) {}
