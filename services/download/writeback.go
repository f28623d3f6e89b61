package download

import "syscall"

// writebackChunk is how many freshly written bytes of a .part file we let
// pile up before asking the kernel to start writing them to disk. Without
// it the page cache holds most of a big file when the transfer ends, and the
// fsync before the rename (which must stay: a crash may never leave a
// truncated file under the final name) then writes it all while the user
// waits. Started early, that writing overlaps the download.
const writebackChunk = 32 << 20

// writeback tracks how far a .part file has been handed to the kernel's
// writeback. The platform files supply startWriteback and waitWriteback.
type writeback struct {
	rc      syscall.RawConn // nil: no support here; every call is a no-op
	pos     int64           // file offset after the last write
	started int64           // bytes below this are being written to disk
	waited  int64           // bytes below this have reached the disk (as far as we asked)
}

// wrote records n more bytes written at the end of the file. Every
// writebackChunk it starts writeback of the new chunk and waits for the
// chunk before it, so the dirty pages of one download stay bounded (about
// two chunks) and the final fsync has at most that much left to do.
func (w *writeback) wrote(n int) {
	w.pos += int64(n)
	if w.rc == nil || w.pos-w.started < writebackChunk {
		return
	}
	start, end, waitFrom := w.started, w.pos, w.waited
	w.rc.Control(func(fd uintptr) {
		startWriteback(fd, start, end-start)
		if start > waitFrom {
			waitWriteback(fd, waitFrom, start-waitFrom)
		}
	})
	w.waited = start
	w.started = w.pos
}
