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

// checkSpace fails when the known sizes of the jobs going to each folder
// exceed its free space.
func checkSpace(need map[string]int64, free func(string) (int64, error)) error {
	for dir, n := range need {
		if n <= 0 {
			continue
		}
		have, err := free(dir)
		if err != nil {
			return err
		}
		if n > have {
			return fmt.Errorf("not enough free space in %s: need %s, have %s", dir, HumanBytes(n), HumanBytes(have))
		}
	}
	return nil
}
