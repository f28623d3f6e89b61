package previewpane

import (
	"image"
	"image/png"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"esodesk/internal/fixtures"
	"esodesk/internal/runtest"
	"esodesk/internal/uitest"
	"esodesk/preview"
)

const realPNG = "eso_astroquery_examples/ADP.2025-12-18T13_16_13.402.png"

func newCache(t testing.TB) *preview.Cache {
	t.Helper()
	c, err := preview.New(preview.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// realPreview returns the real ESO preview's bytes and its decoding by
// image/png.
func realPreview(t testing.TB) ([]byte, image.Image) {
	t.Helper()
	data, err := os.ReadFile(fixtures.Path(t, realPNG))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(fixtures.Path(t, realPNG))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return data, img
}

// newPane puts a pane in a 450x700 window.
func newPane(t *testing.T, cache *preview.Cache) (*Pane, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	p := New(w, cache, uiQueue.Run)
	w.SetContent(p)
	w.Resize(fyne.NewSize(450, 700))
	return p, w
}

// shownImages returns the images of the visible canvas.Images below obj.
func shownImages(obj fyne.CanvasObject) []image.Image {
	var out []image.Image
	for _, x := range uitest.Find(obj, func(x *canvas.Image) bool { return x.Image != nil }) {
		out = append(out, x.Image)
	}
	return out
}

// capture saves what w shows as name (PREVIEWPANE_SHOTS keeps it).
func capture(t *testing.T, w fyne.Window, name string) string {
	t.Helper()
	return uitest.SaveShot(t, w, "PREVIEWPANE_SHOTS", name, 0)
}

// uiQueue stands in for the UI goroutine: what the widgets post waits there
// until settle runs it on the test's goroutine.
var uiQueue = &runtest.Queue{}

// settle waits for w's background work and runs what it posted, until
// nothing more comes.
func settle(w interface{ WaitIdle() }) { uiQueue.Settle(w.WaitIdle) }
