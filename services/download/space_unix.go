//go:build unix

package download

import (
	"fmt"
	"syscall"
)

// freeSpace returns the bytes available to us in dir (which exists: the
// queue makes its folders before it measures them).
func freeSpace(dir string) (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("cannot check free space in %s: %w", dir, err)
	}
	return int64(st.Bavail) * int64(st.Bsize), nil
}
