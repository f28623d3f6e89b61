package download

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestWritebackWaitsForTheChunkTwoBack follows the bookkeeping of early
// writeback on a file resumed at byte 1000: nothing happens below one chunk;
// then each full chunk is started and the chunk two back waited for.
func TestWritebackWaitsForTheChunkTwoBack(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "x.part"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const off, c = 1000, writebackChunk
	w := newWriteback(f, off)
	if runtime.GOOS != "linux" {
		if w.rc != nil {
			t.Fatal("writeback is Linux-only, but got a handle")
		}
		return
	}
	check := func(pos, started, prev, waited int64) {
		t.Helper()
		if w.pos != pos || w.started != started || w.prev != prev || w.waited != waited {
			t.Fatalf("pos/started/prev/waited = %d/%d/%d/%d, want %d/%d/%d/%d",
				w.pos, w.started, w.prev, w.waited, pos, started, prev, waited)
		}
	}
	w.wrote(c - 1)
	check(off+c-1, off, off, off) // below one chunk: nothing started
	w.wrote(1)
	check(off+c, off+c, off, off) // chunk 1 started
	w.wrote(c + 5)
	check(off+2*c+5, off+2*c+5, off+c, off) // chunk 2 started; chunk 1 still in flight
	w.wrote(c)
	check(off+3*c+5, off+3*c+5, off+2*c+5, off+c) // chunk 3 started; chunk 1 waited for
}

func TestCheckSpaceSkipsFoldersOfUnknownSpace(t *testing.T) {
	unknown := func(string) (int64, error) { return spaceUnknown, nil }
	if err := checkSpace(map[string]int64{"/x": 1 << 40}, unknown); err != nil {
		t.Fatalf("unknown free space must not stop the batch: %v", err)
	}
	small := func(string) (int64, error) { return 10, nil }
	if err := checkSpace(map[string]int64{"/x": 11}, small); err == nil {
		t.Fatal("11 bytes into 10 free: want an error")
	}
}
