package skyview

import (
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"esodesk/internal/runtest"
	"esodesk/services/hips"
)

// paintingDriver behaves like Fyne's GL driver where the test driver does
// not: CanvasForObject knows only the objects that were visible at the last
// paint (the GL canvas records them while it paints the visible tree), so a
// canvas.Refresh of any other object is lost. dirty says whether a Refresh
// reached the canvas since that paint, i.e. whether the window repaints.
type paintingDriver struct {
	fyne.Driver
	mu      sync.Mutex
	c       fyne.Canvas
	painted map[fyne.CanvasObject]bool
	dirty   bool
}

type paintingApp struct {
	fyne.App
	d *paintingDriver
}

func (a *paintingApp) Driver() fyne.Driver { return a.d }

type recordingCanvas struct {
	fyne.Canvas
	d *paintingDriver
}

func (c *recordingCanvas) Refresh(obj fyne.CanvasObject) {
	c.d.mu.Lock()
	c.d.dirty = true
	c.d.mu.Unlock()
	c.Canvas.Refresh(obj)
}

func (d *paintingDriver) CanvasForObject(obj fyne.CanvasObject) fyne.Canvas {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.painted[obj] {
		return nil
	}
	return &recordingCanvas{Canvas: d.c, d: d}
}

// paint walks the visible tree as the GL painter does, and clears dirty.
func (d *paintingDriver) paint() {
	painted := map[fyne.CanvasObject]bool{}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		painted[o] = true
		switch o := o.(type) {
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		}
	}
	walk(d.c.Content())
	d.mu.Lock()
	d.painted, d.dirty = painted, false
	d.mu.Unlock()
}

// TestSkyFirstFrameReachesTheScreen: the view's first frame must make the
// window repaint. The frame image used to stay hidden until that frame, so
// the canvas had never seen it and the Refresh that showed it was lost: the
// Sky tab, when it was the tab on show at start, stayed empty until some
// other change repainted the window.
func TestSkyFirstFrameReachesTheScreen(t *testing.T) {
	test.NewTempApp(t)
	app := fyne.CurrentApp()
	w := test.NewTempWindow(t, nil)
	d := &paintingDriver{Driver: app.Driver(), c: w.Canvas()}
	fyne.SetCurrentApp(&paintingApp{App: app, d: d})
	t.Cleanup(func() { fyne.SetCurrentApp(app) })

	var ui runtest.Queue
	s := New(w, hips.New(nil, t.TempDir(), 0), ui.Run)
	t.Cleanup(func() { s.Close(); s.WaitIdle() })
	s.SetGrid(true)
	w.SetContent(s)
	// the app's layout passes: sizes below zero first, then real ones
	s.area.Resize(fyne.NewSize(-214, -154))
	w.Resize(fyne.NewSize(700, 500))
	w.Resize(fyne.NewSize(800, 600))

	d.paint() // the window's first paint, before any frame is ready
	ui.Settle(s.WaitIdle)

	if s.Image() == nil {
		t.Fatal("no frame was rendered")
	}
	d.mu.Lock()
	dirty := d.dirty
	d.mu.Unlock()
	if !dirty {
		t.Fatal("the first frame was set without a refresh reaching the canvas: the window does not repaint and the view stays empty")
	}
	d.paint()
	if !d.painted[s.area.img] {
		t.Fatal("the frame image is not painted (hidden)")
	}
	if s.area.img.Image != s.Image() {
		t.Fatal("the image painted is not the last frame")
	}
	if v := s.View(); s.Image().Bounds().Dx() != v.Width || s.Image().Bounds().Dy() != v.Height {
		t.Fatalf("frame %v for a view of %d x %d", s.Image().Bounds(), v.Width, v.Height)
	}
}
