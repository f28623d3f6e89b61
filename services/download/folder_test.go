package download

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A batch into a folder that does not exist yet creates it; a folder that
// cannot be made is named as such, never reported as a full disk.
func TestAddBatchMakesItsFolders(t *testing.T) {
	dir := t.TempDir()
	q, err := New(Options{Dir: dir, Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()

	nested := filepath.Join(dir, "new", "data_with_raw_calibs")
	if _, err := q.AddBatch([]Job{{URL: "http://127.0.0.1:1/a.fits", Dir: nested, Size: 10}}); err != nil {
		t.Fatalf("a batch into a new folder: %v", err)
	}
	if fi, err := os.Stat(nested); err != nil || !fi.IsDir() {
		t.Fatalf("the folder was not made: %v", err)
	}

	file := filepath.Join(dir, "plain-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = q.AddBatch([]Job{{URL: "http://127.0.0.1:1/b.fits", Dir: filepath.Join(file, "sub"), Size: 10}})
	if err == nil || !strings.Contains(err.Error(), "cannot create the download folder "+filepath.Join(file, "sub")) ||
		strings.Contains(err.Error(), "free space") {
		t.Fatalf("a folder below a file: %v", err)
	}
}
