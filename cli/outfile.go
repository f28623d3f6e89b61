package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// checkOutFolder tells, before any work, that --out's folder is missing,
// in words that say what to do.
func checkOutFolder(out string) error {
	dir := filepath.Dir(out)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("the folder %s does not exist: create it or choose another --out", dir)
	case err != nil:
		return fmt.Errorf("cannot use the folder %s: %w", dir, err)
	case !st.IsDir():
		return fmt.Errorf("%s is not a folder: choose another --out", dir)
	}
	return nil
}

// writeOut writes out through a hidden file beside it that is renamed at
// the end, so a failed or interrupted write never leaves a half file under
// the final name. Errors name out, never the hidden file.
func writeOut(out string, write func(io.Writer) error) error {
	if err := checkOutFolder(out); err != nil {
		return err
	}
	tmp, err := createHidden(out)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", out, unwrapPath(err))
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", out, unwrapPath(err))
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("cannot write %s: %w", out, unwrapPath(err))
	}
	return nil
}

// createHidden creates a new ".NAME.RANDOM" file beside out with mode
// 0666, which the umask trims as for any new file (os.CreateTemp's 0600
// would stay on the renamed file).
func createHidden(out string) (*os.File, error) {
	for i := 0; ; i++ {
		name := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+"."+strconv.FormatUint(uint64(rand.Uint32()), 10))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) && i < 100 {
			continue
		}
		return f, err
	}
}

// unwrapPath drops the path of a file-system error, which would be the
// hidden file's: "permission denied" rather than "open .x.csv.123: ...".
func unwrapPath(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}
