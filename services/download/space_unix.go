//go:build unix

package download

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// freeSpace returns the bytes available to us in dir (or its nearest
// existing parent, since the folder may not exist yet).
func freeSpace(dir string) (int64, error) {
	d := dir
	for {
		var st syscall.Statfs_t
		err := syscall.Statfs(d, &st)
		if err == nil {
			return int64(st.Bavail) * int64(st.Bsize), nil
		}
		parent := filepath.Dir(d)
		if !os.IsNotExist(err) || parent == d {
			return 0, fmt.Errorf("cannot check free space in %s: %w", dir, err)
		}
		d = parent
	}
}
