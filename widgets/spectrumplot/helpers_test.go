package spectrumplot

import (
	"image"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"esodesk/fits"
	"esodesk/internal/runtest"
)

// synth makes an n-pixel spectrum from lo to hi nm with absorption lines,
// errors and a block of bad pixels.
func synth(title string, n int, lo, hi float64) *fits.Spectrum {
	s := &fits.Spectrum{Title: title, Axis: "wavelength", WaveUnit: "nm", FluxUnit: "erg/s/cm2/Angstrom"}
	s.Wave = make([]float64, n)
	s.Flux = make([]float64, n)
	s.Err = make([]float64, n)
	s.Quality = make([]int32, n)
	for i := range n {
		w := lo + (hi-lo)*float64(i)/float64(n-1)
		s.Wave[i] = w
		s.Flux[i] = 1 + 0.3*math.Sin(w/40) - 0.5*math.Exp(-(w-656.3)*(w-656.3)/2)
		s.Err[i] = 0.05
	}
	for i := n / 3; i < n/3+n/50; i++ {
		s.Quality[i] = 2
		s.Flux[i] += 0.6
	}
	s.Headers = []fits.Header{{Index: 0, Name: "PRIMARY", Cards: []fits.Card{{Key: "OBJECT", Value: "'" + title + "'", Comment: "target"}}}}
	return s
}

type fixture struct {
	t  *testing.T
	p  *Plot
	w  fyne.Window
	ui runtest.Queue // stands in for the UI goroutine
}

// settle waits for the plot's background work and runs what it posted on
// the test's goroutine, until nothing more comes.
func (f *fixture) settle() { f.ui.Settle(f.p.WaitIdle) }

func newFixture(t *testing.T, spectra ...*fits.Spectrum) *fixture {
	t.Helper()
	test.NewTempApp(t)
	f := &fixture{t: t}
	f.w = test.NewTempWindow(t, nil)
	f.p = New(f.w, f.ui.Run)
	f.w.SetContent(f.p)
	f.w.Resize(fyne.NewSize(900, 520))
	f.p.SetSpectra(spectra)
	f.settle()
	if len(spectra) > 0 && f.p.shown == nil {
		t.Fatal("nothing rendered")
	}
	return f
}

// areaPos converts data coordinates to a position in the plot area.
func (f *fixture) areaPos(x, y float64) fyne.Position {
	r := f.p.shown.r
	return f.p.fromImage(r.PixelX(x), r.PixelY(y))
}

// abs converts an area position to a canvas position.
func (f *fixture) abs(pos fyne.Position) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(f.p.area).Add(pos)
}

// dataAt maps an area position to data with the shown render.
func (f *fixture) dataAt(pos fyne.Position) (float64, float64) {
	px, py, _ := f.p.toImage(pos)
	return f.p.shown.r.DataX(px), f.p.shown.r.DataY(py)
}

func (f *fixture) image() *image.RGBA { return f.p.shown.r.Image }

// sameImage reports whether two renders are pixel-identical.
func sameImage(a, b *image.RGBA) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for i := range a.Pix {
		if a.Pix[i] != b.Pix[i] {
			return false
		}
	}
	return true
}

// hasColourNear reports whether a pixel within d of (x, y) is close to c.
func hasColourNear(img image.Image, x, y, d int, c color.NRGBA) bool {
	for yy := y - d; yy <= y+d; yy++ {
		for xx := x - d; xx <= x+d; xx++ {
			p := color.NRGBAModel.Convert(img.At(xx, yy)).(color.NRGBA)
			if near(p.R, c.R) && near(p.G, c.G) && near(p.B, c.B) {
				return true
			}
		}
	}
	return false
}

func near(a, b uint8) bool { return math.Abs(float64(a)-float64(b)) < 40 }

func approx(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
