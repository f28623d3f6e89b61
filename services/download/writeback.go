package download

import "syscall"

// writebackChunk is how many freshly written bytes of a .part file we let
// pile up before asking the kernel to start writing them to disk. Without
// it the page cache holds most of a big file when the transfer ends, and the
// fsync before the rename (which must stay: a crash may never leave a
// truncated file under the final name) then writes it all while the user
// waits. Started early, that writing overlaps the download. On the 1 GiB
// loopback benchmark 2-8 MiB chunks did best (32 and 64 MiB left up to
// 10% on the table, 1 MiB cost syscalls); 8 MiB keeps the calls few.
const writebackChunk = 8 << 20

// writeback tracks how far a .part file has been handed to the kernel's
// writeback. The platform files supply startWriteback and waitWriteback.
type writeback struct {
	rc      syscall.RawConn // nil: no support here; every call is a no-op
	pos     int64           // file offset after the last write
	started int64           // bytes below this are being written to disk
	prev    int64           // where the chunk started before the latest one begins
	waited  int64           // bytes below this have reached the disk (as far as we asked)
}

// wrote records n more bytes written at the end of the file. Every
// writebackChunk it starts writeback of the new chunk and waits for the
// chunk two back (waiting for the one just before stalled the download
// measurably more), so the dirty pages of one download stay bounded (about
// three chunks) and the final fsync has at most that much left to do.
func (w *writeback) wrote(n int) {
	w.pos += int64(n)
	if w.rc == nil || w.pos-w.started < writebackChunk {
		return
	}
	start, end, waitFrom, waitTo := w.started, w.pos, w.waited, w.prev
	w.rc.Control(func(fd uintptr) {
		startWriteback(fd, start, end-start)
		if waitTo > waitFrom {
			waitWriteback(fd, waitFrom, waitTo-waitFrom)
		}
	})
	w.waited = max(waitTo, waitFrom)
	w.prev = start
	w.started = w.pos
}
