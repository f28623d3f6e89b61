package uitest

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
)

// SaveShot saves what w shows as the PNG name, in the folder named by the
// environment variable dirEnv (to keep it) or else in a temporary one, and
// returns its path. A capture narrower than minWidth fails the test: the
// window was not laid out.
func SaveShot(t testing.TB, w fyne.Window, dirEnv, name string, minWidth int) string {
	t.Helper()
	img := w.Canvas().Capture()
	if img.Bounds().Dx() < minWidth {
		t.Fatalf("capture of %s is %v, narrower than %d", name, img.Bounds(), minWidth)
	}
	dir := os.Getenv(dirEnv)
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	t.Logf("screenshot: %s", path)
	return path
}
