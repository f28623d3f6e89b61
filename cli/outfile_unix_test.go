//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Output files get the mode of any new file, 0666 less the umask (the
// hidden file they are written to first must not keep a 0600 of its own).
func TestOutFileModeFollowsUmask(t *testing.T) {
	url := testbedTAP(t)
	dir := t.TempDir()
	spec := writeSpectrum(t, dir, 100)
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
	for umask, want := range map[int]os.FileMode{0o022: 0o644, 0o027: 0o640} {
		syscall.Umask(umask)
		for _, args := range [][]string{
			{"query", "--service", url, "--adql", "SELECT TOP 2 dp_id FROM dbo.raw", "--out", filepath.Join(dir, "q.csv")},
			{"plot", spec, "--out", filepath.Join(dir, "p.png")},
		} {
			out := args[len(args)-1]
			os.Remove(out)
			if code, _, errText := run(t, args...); code != ExitOK {
				t.Fatalf("%s: exit %d: %s", args[0], code, errText)
			}
			st, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != want {
				t.Errorf("%s under umask %03o: mode %v, want %v", args[0], umask, st.Mode().Perm(), want)
			}
		}
	}
}
