package imageview

import (
	"context"
	"fmt"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"esodesk/internal/runtest"
)

// gradient is a synthetic cube: pixel (i, j) of plane p holds
// (i + 1000 j) times (p+1), negated on odd planes (so every plane looks
// different even after its own scaling); pixel (5, 7) is blank.
type gradient struct {
	w, h, planes int
	unit         string
	reads        chan int // when set, gets each plane asked for
}

func (g *gradient) Size() (int, int, int) { return g.w, g.h, g.planes }
func (g *gradient) Unit() string          { return g.unit }

func (g *gradient) value(i, j, p int) float32 {
	if i == 5 && j == 7 {
		return float32(math.NaN())
	}
	v := float32((i + 1000*j) * (p + 1))
	if p%2 == 1 {
		v = -v
	}
	return v
}

func (g *gradient) Plane(ctx context.Context, p int) ([]float32, error) {
	if g.reads != nil {
		g.reads <- p
	}
	out := make([]float32, g.w*g.h)
	for j := range g.h {
		for i := range g.w {
			out[j*g.w+i] = g.value(i, j, p)
		}
	}
	return out, nil
}

// tan is a gnomonic (TAN) projection with a diagonal CDELT, north up and
// east left: enough WCS for the readout, written from the projection's
// definition (Calabretta & Greisen 2002).
type tan struct {
	crpix1, crpix2, crval1, crval2, cdelt float64 // degrees per pixel
	plane                                 float64
}

func (c *tan) SetPlane(p float64) { c.plane = p }

func (c *tan) SkyAt(x, y float64) (float64, float64, error) {
	const d = math.Pi / 180
	// intermediate world coordinates, radians; east is -x
	xi := -(x - c.crpix1) * c.cdelt * d
	eta := (y - c.crpix2) * c.cdelt * d
	a0, d0 := c.crval1*d, c.crval2*d
	den := math.Cos(d0) - eta*math.Sin(d0)
	ra := a0 + math.Atan2(xi, den)
	dec := math.Atan2(math.Sin(d0)+eta*math.Cos(d0), math.Hypot(xi, den))
	ra = math.Mod(ra/d+360, 360)
	return ra, dec / d, nil
}

func (c *tan) PixelAt(ra, dec float64) (float64, float64, error) {
	const d = math.Pi / 180
	a, dd := ra*d, dec*d
	a0, d0 := c.crval1*d, c.crval2*d
	cosc := math.Sin(d0)*math.Sin(dd) + math.Cos(d0)*math.Cos(dd)*math.Cos(a-a0)
	if cosc <= 0 {
		return 0, 0, fmt.Errorf("behind the projection")
	}
	xi := math.Cos(dd) * math.Sin(a-a0) / cosc
	eta := (math.Cos(d0)*math.Sin(dd) - math.Sin(d0)*math.Cos(dd)*math.Cos(a-a0)) / cosc
	return c.crpix1 - xi/d/c.cdelt, c.crpix2 + eta/d/c.cdelt, nil
}

type fixture struct {
	t  *testing.T
	v  *Viewer
	w  fyne.Window
	ui runtest.Queue
}

func (f *fixture) settle() { f.ui.Settle(f.v.WaitIdle) }

// newFixture shows src (nil: nothing) in an 800 x 600 window.
func newFixture(t *testing.T, src Source, c Coords) *fixture {
	t.Helper()
	test.NewTempApp(t)
	f := &fixture{t: t}
	f.w = test.NewTempWindow(t, nil)
	f.v = New(f.w, f.ui.Run)
	f.w.SetContent(f.v)
	f.w.Resize(fyne.NewSize(800, 600))
	if src != nil {
		f.v.SetImage(src, c, spectralOf, "NGC 3603")
	}
	f.settle()
	return f
}

// spectralOf: planes 6563.0 Å + 1.25 Å per plane.
func spectralOf(p int) (float64, string, bool) { return 6563 + 1.25*float64(p), "Angstrom", true }

// hoverAt moves the mouse to pos in the area and returns the readout.
func (f *fixture) hoverAt(pos fyne.Position) string {
	f.v.area.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}})
	return f.v.ReadoutText()
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
