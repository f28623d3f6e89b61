package imageview

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"esodesk/internal/uitest"
	"esodesk/preview/imgrender"
)

// The first view fits the whole image in the area and the picture covers
// exactly the area, in device pixels.
func TestFitsAndRendersTheVisibleArea(t *testing.T) {
	f := newFixture(t, &gradient{w: 300, h: 200, planes: 1}, nil)
	size := f.v.area.Size()
	W, H := int(size.Width+0.5), int(size.Height+0.5)
	if got, want := f.v.View(), imgrender.Fit(300, 200, W, H); got != want {
		t.Fatalf("view %+v, want the fit %+v", got, want)
	}
	img := f.v.Image()
	if img == nil || img.Bounds().Dx() != W || img.Bounds().Dy() != H {
		t.Fatalf("image %v for an area of %dx%d", img.Bounds(), W, H)
	}
	if f.v.area.img.Image != img || f.v.Message() != "" {
		t.Fatalf("image not shown (message %q)", f.v.Message())
	}
	// the corners of the image land at the corners of the fitted box
	x0, y0 := f.v.imageAt(f.v.areaPos(-0.5, -0.5))
	if !near(x0, -0.5, 1e-4) || !near(y0, -0.5, 1e-4) {
		t.Errorf("corner maps to %v,%v", x0, y0)
	}
	// a resize fits again while the user has not moved the view
	f.w.Resize(fyne.NewSize(600, 500))
	f.settle()
	size = f.v.area.Size()
	if got, want := f.v.View(), imgrender.Fit(300, 200, int(size.Width+0.5), int(size.Height+0.5)); got != want {
		t.Errorf("after resize: view %+v, want %+v", got, want)
	}
	if f.v.Image().Bounds().Dx() != int(size.Width+0.5) {
		t.Errorf("after resize: image %v", f.v.Image().Bounds())
	}
	// the 2-D image has no plane bar and no grid toggle (no Coords)
	if f.v.PlaneLabel() != "" || f.v.bar.grid.Visible() {
		t.Errorf("plane bar %q, grid toggle visible %v", f.v.PlaneLabel(), f.v.bar.grid.Visible())
	}
}

// The wheel zooms around the pointer: the image point under it stays put.
func TestWheelZoomKeepsThePointUnderThePointer(t *testing.T) {
	f := newFixture(t, &gradient{w: 400, h: 300, planes: 1}, nil)
	pos := fyne.NewPos(210, 150)
	x0, y0 := f.v.imageAt(pos)
	z0 := f.v.View().Zoom
	for range 3 { // a burst: one render at its end
		f.v.area.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: pos}, Scrolled: fyne.Delta{DY: 10}})
	}
	f.settle()
	if z := f.v.View().Zoom; !(z > 1.8*z0) {
		t.Fatalf("three notches up: zoom %v from %v", z, z0)
	}
	x1, y1 := f.v.imageAt(pos)
	if !near(x0, x1, 1e-9) || !near(y0, y1, 1e-9) {
		t.Errorf("point under the pointer moved from %v,%v to %v,%v", x0, y0, x1, y1)
	}
	// the readout agrees with the maths, and so does the picture's scale
	if got, want := f.hoverAt(pos), fmt.Sprintf("x %.1f  y %.1f", x0+1, y0+1); !strings.HasPrefix(got, want) {
		t.Errorf("readout %q, want it to start with %q", got, want)
	}
	f.v.area.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: pos}, Scrolled: fyne.Delta{DY: -30}})
	f.settle()
	if z := f.v.View().Zoom; !near(z, z0, 1e-9) {
		t.Errorf("zoom back out: %v want %v", z, z0)
	}
}

// Dragging pans: the pixel that was under the press follows the pointer.
func TestDragPans(t *testing.T) {
	f := newFixture(t, &gradient{w: 400, h: 300, planes: 1}, nil)
	f.v.OneToOne()
	f.settle()
	a := fyne.NewPos(300, 200)
	xa, ya := f.v.imageAt(a)
	f.v.area.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: a}, Button: desktop.MouseButtonPrimary})
	b := a
	for _, d := range []fyne.Delta{{DX: 10, DY: 5}, {DX: 30, DY: -20}, {DX: 7, DY: 3}} {
		b = b.Add(fyne.NewPos(d.DX, d.DY))
		f.v.area.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: b}, Dragged: d})
	}
	f.v.area.DragEnd()
	f.settle()
	xb, yb := f.v.imageAt(b)
	if !near(xa, xb, 1e-9) || !near(ya, yb, 1e-9) {
		t.Errorf("pixel %v,%v dragged to %v but %v,%v is there", xa, ya, b, xb, yb)
	}
	if f.v.fitted {
		t.Error("still marked as fitted")
	}
	// keys: 0 fits again, 1 is 1:1, + zooms in, arrows pan
	f.v.area.TypedRune('0')
	if got, want := f.v.View(), imgrender.Fit(400, 300, f.v.View().W, f.v.View().H); got != want {
		t.Errorf("0: view %+v want %+v", got, want)
	}
	f.v.area.TypedRune('1')
	if f.v.View().Zoom != 1 {
		t.Errorf("1: zoom %v", f.v.View().Zoom)
	}
	f.v.area.TypedRune('+')
	if f.v.View().Zoom != 2 {
		t.Errorf("+: zoom %v", f.v.View().Zoom)
	}
	cx := f.v.View().CX
	f.v.area.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if want := cx + 0.1*float64(f.v.View().W)/2; !near(f.v.View().CX, want, 1e-9) {
		t.Errorf("Right: CX %v want %v", f.v.View().CX, want)
	}
	f.settle()
}

// The readout gives the FITS pixel under the pointer, its value (blank for
// NaN) with the unit, and the sky position of the synthetic TAN WCS.
func TestReadoutUnderThePointer(t *testing.T) {
	g := &gradient{w: 120, h: 80, planes: 1, unit: "erg/s/cm2/Angstrom"}
	wcs := &tan{crpix1: 60, crpix2: 40, crval1: 168.78, crval2: -61.26, cdelt: 0.5 / 3600}
	f := newFixture(t, g, wcs)
	// the centre of 0-based pixel (56, 32) = FITS (57, 33)
	pos := f.v.areaPos(56, 32)
	got := f.hoverAt(pos)
	ra, dec, _ := wcs.SkyAt(57, 33)
	t.Logf("readout: %s", got)
	for _, part := range []string{
		"x 57.0  y 33.0  ",
		"value 3.206e+04 ", // 56 + 1000*32
		fmt.Sprintf("(%.5f° −%.5f°)", ra, -dec),
		"RA 11:15:", "Dec −61:15:",
	} {
		if !strings.Contains(got, part) {
			t.Errorf("readout %q lacks %q", got, part)
		}
	}
	if !strings.Contains(got, "  l ") || !strings.Contains(got, " b −0.") {
		t.Errorf("readout %q lacks l, b near the Galactic plane", got)
	}
	// the blank pixel, and Readout straight from a FITS pixel
	if got := f.v.Readout(6, 8); !strings.Contains(got, "value blank") {
		t.Errorf("blank pixel: %q", got)
	}
	if got := f.v.Readout(1, 1); !strings.HasPrefix(got, "x 1.0  y 1.0  value 0 ") {
		t.Errorf("first pixel: %q", got)
	}
	// outside the image: position but no value
	if got := f.v.Readout(-10, 1); strings.Contains(got, "value") || !strings.Contains(got, "RA ") {
		t.Errorf("outside: %q", got)
	}
	// the grid toggle is offered with Coords, and a grid render works
	if !f.v.bar.grid.Visible() {
		t.Error("no grid toggle with Coords")
	}
	before := f.v.Image()
	f.v.bar.grid.SetChecked(true)
	f.settle()
	if !f.v.Grid() || f.v.Image() == before {
		t.Error("the grid check did not render again with the grid")
	}
}

// The plane slider shows another plane: label, readout value and picture.
func TestPlaneSliderShowsThePlane(t *testing.T) {
	g := &gradient{w: 64, h: 48, planes: 4}
	wcs := &tan{crpix1: 32, crpix2: 24, crval1: 10, crval2: 20, cdelt: 1.0 / 3600}
	f := newFixture(t, g, wcs)
	uitest.Shows(t, f.v, "plane 1 / 4 · 6563 Å")
	first := f.v.Image()
	f.v.planeBar.slider.SetValue(3) // plane 3 of 4 = index 2
	if f.v.Plane() != 2 {
		t.Fatalf("plane %d after the slider went to 3", f.v.Plane())
	}
	uitest.Shows(t, f.v, "plane 3 / 4 · 6565.5 Å")
	f.settle()
	if f.v.dataPlane != 2 || wcs.plane != 3 {
		t.Errorf("data of plane %d, WCS plane %v", f.v.dataPlane, wcs.plane)
	}
	if got := f.v.Readout(11, 2); !strings.Contains(got, "value 3030 ") && !strings.HasSuffix(got, "value 3030") {
		t.Errorf("plane 3 readout %q, want value 3030 = (10+1000)*3", got)
	}
	f.v.SetPlane(1) // an odd plane is negated: the picture changes
	f.settle()
	if same(f.v.Image().Pix, first.Pix) {
		t.Error("plane 2 looks like plane 1")
	}
	f.v.planeBar.entry.SetText("4")
	f.v.planeBar.entry.OnSubmitted("4")
	if f.v.Plane() != 3 || f.v.planeBar.slider.Value != 4 {
		t.Errorf("entry 4: plane %d slider %v", f.v.Plane(), f.v.planeBar.slider.Value)
	}
	f.settle()
}

func same(a, b []byte) bool { return bytes.Equal(a, b) }

// Shift+drag and the Spaxel toggle give OnRegion 0-based inclusive pixels,
// whatever the zoom and pan.
func TestRegionAfterZoomAndPan(t *testing.T) {
	f := newFixture(t, &gradient{w: 200, h: 150, planes: 3}, nil)
	var got [][4]int
	f.v.OnRegion = func(x0, y0, x1, y1 int) { got = append(got, [4]int{x0, y0, x1, y1}) }
	f.v.SetView(imgrender.View{CX: 70.3, CY: 40.2, Zoom: 3.5})
	f.settle()
	f.v.bar.sync()                                           // the region toggles appear with OnRegion
	a, b := f.v.areaPos(60.2, 50.4), f.v.areaPos(80.6, 30.3) // dragged up and right
	f.v.area.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: a}, Modifier: fyne.KeyModifierShift})
	f.v.area.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: b}, Dragged: fyne.NewDelta(b.X-a.X, b.Y-a.Y)})
	if !f.v.area.box.Visible() {
		t.Error("no box shown while dragging")
	}
	f.v.area.DragEnd()
	if f.v.View().CX != 70.3 {
		t.Errorf("a box drag panned: CX %v", f.v.View().CX)
	}
	f.v.bar.spaxelChk.SetChecked(true)
	f.v.area.Tapped(&fyne.PointEvent{Position: f.v.areaPos(66.8, 44.1)})
	want := [][4]int{{60, 30, 81, 50}, {67, 44, 67, 44}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("regions %v, want %v", got, want)
	}
	// a box partly off the image is clipped to it
	got = nil
	f.v.bar.boxChk.SetChecked(true) // a plain drag draws a box now
	if f.v.bar.spaxelChk.Checked {
		t.Error("Box and Spaxel both on")
	}
	a, b = f.v.areaPos(-20, -20), f.v.areaPos(10.2, 5)
	f.v.area.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: a}})
	f.v.area.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: b}, Dragged: fyne.NewDelta(b.X-a.X, b.Y-a.Y)})
	f.v.area.DragEnd()
	if fmt.Sprint(got) != fmt.Sprint([][4]int{{0, 0, 10, 5}}) {
		t.Errorf("clipped region %v", got)
	}
	f.settle()
}

// Export writes the view as shown.
func TestExportWritesTheShownView(t *testing.T) {
	f := newFixture(t, &gradient{w: 300, h: 200, planes: 1}, nil)
	f.v.SetView(imgrender.View{CX: 100, CY: 50, Zoom: 2.5})
	f.v.SetParams(imgrender.Params{Scale: "minmax", Stretch: "sqrt", Colormap: "viridis", Invert: true})
	f.settle()
	path := filepath.Join(t.TempDir(), "view.png")
	var done error = fmt.Errorf("not called")
	f.v.ExportFile(path, func(err error) { done = err })
	f.settle()
	if done != nil {
		t.Fatal(done)
	}
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	img, err := png.Decode(r)
	if err != nil {
		t.Fatal(err)
	}
	shown := f.v.Image()
	if img.Bounds() != shown.Bounds() {
		t.Fatalf("PNG %v, shown %v", img.Bounds(), shown.Bounds())
	}
	for y := 0; y < shown.Bounds().Dy(); y += 7 {
		for x := 0; x < shown.Bounds().Dx(); x += 7 {
			r1, g1, b1, a1 := img.At(x, y).RGBA()
			r2, g2, b2, a2 := shown.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				t.Fatalf("pixel %d,%d differs", x, y)
			}
		}
	}
	// the PNG is the zoomed view, not the fitted one
	want, _ := imgrender.Render(t.Context(), mustPlane(t, f.v), 300, 200, f.v.lo, f.v.hi, f.v.Params(), f.v.View())
	if !same(want.Pix, shown.Pix) {
		t.Error("shown image is not the render of the view asked for")
	}
}

func mustPlane(t *testing.T, v *Viewer) []float32 {
	t.Helper()
	if v.data == nil {
		t.Fatal("no plane in hand")
	}
	return v.data
}

// slow holds plane 1 until released, so it arrives after plane 2.
type slow struct {
	gradient
	release chan struct{}
}

func (s *slow) Plane(ctx context.Context, p int) ([]float32, error) {
	if p == 1 {
		<-s.release // ignores ctx: a reader that cannot stop
	}
	return s.gradient.Plane(ctx, p)
}

// Latest wins: plane 1, asked first but read last, is never shown over plane 2.
func TestLatestPlaneWins(t *testing.T) {
	s := &slow{gradient: gradient{w: 50, h: 40, planes: 3}, release: make(chan struct{})}
	f := newFixture(t, s, nil)
	f.v.SetPlane(1)
	f.v.SetPlane(2)
	deadline := time.Now().Add(10 * time.Second)
	for f.v.dataPlane != 2 || f.v.renderTask.Running() {
		if time.Now().After(deadline) {
			t.Fatal("plane 2 never shown")
		}
		f.v.renderTask.Wait()
		f.ui.Drain()
		time.Sleep(time.Millisecond)
	}
	shown := f.v.Image()
	close(s.release)
	f.settle()
	if f.v.dataPlane != 2 || f.v.Image() != shown || f.v.Plane() != 2 {
		t.Errorf("the late plane 1 replaced plane 2: data plane %d", f.v.dataPlane)
	}
	if got := f.v.Readout(2, 2); !strings.Contains(got, "value 3003") {
		t.Errorf("readout %q, want plane 3's value 3003", got)
	}
}

// Nothing to show, and a plane that cannot be read, say so.
func TestMessages(t *testing.T) {
	f := newFixture(t, nil, nil)
	if f.v.Message() != "No image." || f.v.Image() != nil {
		t.Errorf("empty viewer: message %q", f.v.Message())
	}
	f.v.SetImage(&failing{gradient{w: 10, h: 10, planes: 5}}, nil, nil, "bad")
	f.settle()
	if f.v.Message() != "" {
		t.Errorf("plane 1 readable but message %q", f.v.Message())
	}
	f.v.SetPlane(2)
	f.settle()
	if want := "Plane 3 could not be read: disk on fire."; f.v.Message() != want {
		t.Errorf("message %q, want %q", f.v.Message(), want)
	}
	uitest.Shows(t, f.v, "Plane 3 could not be read")
	f.v.SetImage(nil, nil, nil, "")
	f.settle()
	if f.v.Message() != "No image." || f.v.Image() != nil || f.v.Readout(1, 1) != "" {
		t.Errorf("cleared viewer: message %q", f.v.Message())
	}
}

type failing struct{ gradient }

func (s *failing) Plane(ctx context.Context, p int) ([]float32, error) {
	if p == 2 {
		return nil, fmt.Errorf("disk on fire")
	}
	return s.gradient.Plane(ctx, p)
}
