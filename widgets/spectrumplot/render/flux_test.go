package render

import (
	"bytes"
	"context"
	"image/color"
	"math"
	"strings"
	"testing"

	"esodesk/fits"
	"esodesk/fits/specunits"
	"esodesk/internal/fixtures"
)

func xshooter(t *testing.T) *fits.Spectrum {
	t.Helper()
	s, err := fits.Open(fixtures.Path(t, "linetools/XShooter_XQ100.fits.gz"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The flux drawn in a chosen unit is specunits.ConvertFlux's (which the
// specunits tests hold to astropy's spectral_density), errors included.
func TestYUnitMatchesSpecunits(t *testing.T) {
	s := xshooter(t)
	for _, unit := range []string{"Jy", "erg/s/cm2/nm", "erg/s/cm2", specunits.ABMag} {
		l, err := makeLayout([]*fits.Spectrum{s}, Options{YUnit: unit}.withDefaults())
		if err != nil || len(l.series) != 1 {
			t.Fatalf("%s: %v", unit, err)
		}
		want, err := specunits.ConvertFlux(s.Flux, s.FluxUnit, s.Wave, s.WaveUnit, unit)
		if err != nil {
			t.Fatal(err)
		}
		got := l.series[0].pr.flux
		for i := 0; i < len(want); i += len(want) / 50 {
			if !same(got[i], want[i]) {
				t.Fatalf("%s pixel %d: %g, want %g", unit, i, got[i], want[i])
			}
		}
		if s.Err != nil {
			we, _ := specunits.ConvertFluxErr(s.Err, s.Flux, s.FluxUnit, s.Wave, s.WaveUnit, unit)
			if ge := l.series[0].pr.err; len(ge) != len(we) || !same(ge[len(we)/2], we[len(we)/2]) {
				t.Errorf("%s: errors not converted alike", unit)
			}
		}
	}
	r, err := Image([]*fits.Spectrum{s}, Options{YUnit: "Jy", Width: 600, Height: 300})
	if err != nil || r.Frame.YLabel != "Flux [Jy]" || r.Frame.Flux != FluxConverted {
		t.Errorf("Jy frame: %+v %v", r.Frame, err)
	}
}

func same(a, b float64) bool {
	return (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) <= 1e-12*math.Abs(b)
}

// A relative spectrum beside a calibrated one is never drawn on the
// converted axis; the plot says it left it out.
func TestYUnitLeavesOutRelativeWithNote(t *testing.T) {
	a := synth(2000, 400, 700)
	a.Title = "calibrated"
	b := synth(2000, 400, 700)
	b.Title, b.FluxUnit = "relative one", "relative"
	c := synth(2000, 400, 700)
	c.Title, c.FluxUnit = "raw", "adu"
	r, err := Image([]*fits.Spectrum{a, b, c}, Options{YUnit: "mJy", Width: 600, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := makeLayout([]*fits.Spectrum{a, b, c}, Options{YUnit: "mJy"}.withDefaults())
	if len(l.series) != 1 || l.series[0].index != 0 {
		t.Fatalf("drawn: %d series", len(l.series))
	}
	notes := strings.Join(r.Frame.Notes, "\n")
	for _, want := range []string{"not drawn", "relative one (relative flux)", "raw (counts)"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q lack %q", notes, want)
		}
	}
	// without a chosen unit the automatic default still normalises both
	r, _ = Image([]*fits.Spectrum{a, b}, Options{Width: 600, Height: 300})
	if r.Frame.Flux != FluxNormalised || len(r.Frame.Notes) == 0 {
		t.Errorf("automatic: %+v", r.Frame)
	}
}

// AB magnitudes: the y axis is inverted, brighter (smaller) up.
func TestABMagInverted(t *testing.T) {
	s := synth(2000, 400, 700)
	r, err := Image([]*fits.Spectrum{s}, Options{YUnit: specunits.ABMag, Width: 600, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Frame.YInverted || r.Frame.YLabel != "AB magnitude" {
		t.Fatalf("frame %+v", r.Frame)
	}
	if !(r.PixelY(r.Frame.Y.Min) < r.PixelY(r.Frame.Y.Max)) {
		t.Error("the smaller magnitude is not above the larger")
	}
	if y := r.DataY(r.PixelY(r.Frame.Y.Min + 0.3*(r.Frame.Y.Max-r.Frame.Y.Min))); math.Abs(y-(r.Frame.Y.Min+0.3*(r.Frame.Y.Max-r.Frame.Y.Min))) > 1e-9 {
		t.Errorf("DataY does not invert PixelY: %g", y)
	}
	// the brightest pixel (largest F_λ at ~fixed λ) is drawn near the top
	i := 0
	mags, _ := specunits.ConvertFlux(s.Flux, s.FluxUnit, s.Wave, s.WaveUnit, specunits.ABMag)
	for k, m := range mags {
		if m < mags[i] {
			i = k
		}
	}
	if py := r.PixelY(mags[i]); py > float64(r.Area.Min.Y)+0.1*float64(r.Area.Dy()) {
		t.Errorf("brightest pixel at row %g, area %v", py, r.Area)
	}
}

// A frequency, energy, wavenumber or velocity axis converts the spectra
// with specunits and labels the axis; markers land at their converted x.
func TestOtherSpectralAxes(t *testing.T) {
	s := synth(2000, 400, 700)
	for _, unit := range OtherXUnits {
		opts := Options{XUnit: unit, Width: 800, Height: 300, Markers: []Marker{{Label: "Hα", Vacuum: 656.46e-9, Air: 656.28e-9}}}
		r, err := Image([]*fits.Spectrum{s}, opts)
		if err != nil {
			t.Fatalf("%s: %v", unit, err)
		}
		if r.Frame.XUnit != unit || !strings.Contains(r.Frame.XLabel, UnitSymbol(unit)) {
			t.Errorf("%s: frame %+v", unit, r.Frame)
		}
		want, _ := specunits.ConvertSpectral([]float64{400e-9, 700e-9}, "m", specunits.Axis{Unit: unit, Rest: DefaultRest})
		lo, hi := math.Min(want[0], want[1]), math.Max(want[0], want[1])
		if math.Abs(r.Frame.X.Min-lo) > 1e-9*math.Abs(hi) || math.Abs(r.Frame.X.Max-hi) > 1e-9*math.Abs(hi) {
			t.Errorf("%s: x range %v, want %g..%g", unit, r.Frame.X, lo, hi)
		}
		mx, _ := ToAxis([]float64{656.46e-9}, unit, 0)
		if !columnHas(r, int(math.Round(r.PixelX(mx[0]))), markerColor) {
			t.Errorf("%s: no marker at x=%g", unit, mx[0])
		}
	}
}

func columnHas(r *Rendered, x int, c color.NRGBA) bool {
	for dx := -1; dx <= 1; dx++ {
		for y := r.Area.Min.Y; y < r.Area.Max.Y; y++ {
			if nearColour(r.Image, x+dx, y, 0, c) {
				return true
			}
		}
	}
	return false
}

// Markers in SVG/PDF too: the label is in the file.
func TestMarkersInSVG(t *testing.T) {
	var buf bytes.Buffer
	err := Write(context.Background(), &buf, FormatSVG, []*fits.Spectrum{synth(2000, 400, 700)},
		Options{Markers: []Marker{{Label: "Hβ", Vacuum: 486.27e-9}, {Label: "far away", Vacuum: 2e-6}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Hβ") || strings.Contains(buf.String(), "far away") {
		t.Error("marker labels: want Hβ (in range) and not the one outside")
	}
}
