package download

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestWritebackKeepsAtMostTwoChunksUnwaited follows the bookkeeping of
// early writeback on a file resumed at byte 1000: nothing happens below one
// chunk; then each full chunk is started and the one before it waited for.
func TestWritebackKeepsAtMostTwoChunksUnwaited(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "x.part"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const off = 1000
	w := newWriteback(f, off)
	if runtime.GOOS != "linux" {
		if w.rc != nil {
			t.Fatal("writeback is Linux-only, but got a handle")
		}
		return
	}
	check := func(pos, started, waited int64) {
		t.Helper()
		if w.pos != pos || w.started != started || w.waited != waited {
			t.Fatalf("pos/started/waited = %d/%d/%d, want %d/%d/%d", w.pos, w.started, w.waited, pos, started, waited)
		}
	}
	w.wrote(writebackChunk - 1)
	check(off+writebackChunk-1, off, off)
	w.wrote(1)
	check(off+writebackChunk, off+writebackChunk, off) // first chunk started, nothing to wait for yet
	w.wrote(writebackChunk + 5)
	check(off+2*writebackChunk+5, off+2*writebackChunk+5, off+writebackChunk) // second started, first waited
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
