package render

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationmonoregular"

	"esodesk/fits"
	"esodesk/internal/plotfont"
)

func TestDecideFlux(t *testing.T) {
	const ergA = "erg cm**(-2) s**(-1) angstrom**(-1)"
	cases := []struct {
		name    string
		units   []string
		mode    FluxMode
		factors []float64
		note    string
		ylabel  string
	}{
		{"one spectrum", []string{ergA}, FluxAsIs, []float64{1}, "", "Flux [erg cm⁻² s⁻¹ Å⁻¹]"},
		{"same unit spelled twice", []string{ergA, "erg/cm2/s/Angstrom"}, FluxAsIs, []float64{1, 1}, "", "Flux [erg cm⁻² s⁻¹ Å⁻¹]"},
		{"per nm to per Å", []string{ergA, "erg s**(-1) cm**(-2) nm**(-1)", "W m-2 um-1"}, FluxConverted, []float64{1, 0.1, 0.1},
			"flux converted to erg cm⁻² s⁻¹ Å⁻¹ (from erg s⁻¹ cm⁻² nm⁻¹, W m⁻² µm⁻¹)", "Flux [erg cm⁻² s⁻¹ Å⁻¹]"},
		{"scaled unit", []string{"1e-17 erg/s/cm2/A", ergA}, FluxConverted, []float64{1, 1e17},
			"flux converted to ×10⁻¹⁷ erg s⁻¹ cm⁻² Å⁻¹ (from erg cm⁻² s⁻¹ Å⁻¹)", "Flux [×10⁻¹⁷ erg s⁻¹ cm⁻² Å⁻¹]"},
		{"calibrated and relative", []string{ergA, ""}, FluxNormalised, []float64{1, 1},
			"normalised: the flux units differ (erg cm⁻² s⁻¹ Å⁻¹ vs no unit)", "Normalised flux"},
		{"F_lambda and F_nu", []string{ergA, "Jy"}, FluxNormalised, []float64{1, 1},
			"normalised: the flux units differ (erg cm⁻² s⁻¹ Å⁻¹ vs Jy)", "Normalised flux"},
		{"counts", []string{"adu", ergA, "erg s**(-1) cm**(-2) nm**(-1)"}, FluxNormalised, []float64{1, 1, 1},
			"normalised: the flux units differ (adu vs erg cm⁻² s⁻¹ Å⁻¹ vs erg s⁻¹ cm⁻² nm⁻¹)", "Normalised flux"},
		{"no units at all", []string{"", ""}, FluxAsIs, []float64{1, 1}, "", "Flux"},
	}
	for _, c := range cases {
		d := DecideFlux(c.units)
		if d.Mode != c.mode || d.Note != c.note || d.YLabel() != c.ylabel || len(d.Factors) != len(c.factors) {
			t.Errorf("%s: %+v (label %q)", c.name, d, d.YLabel())
			continue
		}
		for i, k := range c.factors {
			if d.Factors[i] != k {
				t.Errorf("%s: factor %d = %v, want %v", c.name, i, d.Factors[i], k)
			}
		}
	}
}

// flat is a spectrum from lo to hi nm at flux level (with a dip, so the
// median is level).
func flat(title, unit string, level float64, lo, hi float64) *fits.Spectrum {
	s := synth(2001, lo, hi)
	s.Title, s.FluxUnit = title, unit
	for i := range s.Flux {
		s.Flux[i] = level * (1 + 0.1*math.Sin(float64(i)/40))
		s.Err[i] = level / 50
	}
	return s
}

func TestCalibratedAndRelativeFluxAreNormalisedAndSaySo(t *testing.T) {
	cal := flat("UVES", "erg cm**(-2) s**(-1) angstrom**(-1)", 6e-12, 400, 700)
	rel := flat("FEROS", "", 1, 400, 700)
	for i := range rel.Flux { // another shape, so the two lines do not overlap
		rel.Flux[i] = 1 + 0.1*math.Cos(float64(i)/40)
	}
	opts := Options{Width: 800, Height: 400}
	r, err := Image([]*fits.Spectrum{cal, rel}, opts)
	if err != nil {
		t.Fatal(err)
	}
	fr := r.Frame
	if fr.Flux != FluxNormalised || fr.YLabel != "Normalised flux" || len(fr.Notes) != 1 ||
		fr.Notes[0] != "normalised: the flux units differ (erg cm⁻² s⁻¹ Å⁻¹ vs no unit)" {
		t.Fatalf("frame %+v", fr)
	}
	// both around 1: neither squashed against the axis
	if fr.Y.Min > 0.9 || fr.Y.Max < 1.1 || fr.Y.Max > 1.5 {
		t.Errorf("y range %v", fr.Y)
	}
	// the calibrated line is drawn at its normalised height
	i := 1000
	want := cal.Flux[i] / medianOf(cal.Flux)
	if !nearColour(r.Image, int(r.PixelX(cal.Wave[i])), int(r.PixelY(want)), 2, SeriesColor(0)) {
		t.Error("calibrated spectrum not drawn at flux/median")
	}
	hit, ok := Nearest([]*fits.Spectrum{cal, rel}, opts, r, r.PixelX(cal.Wave[i]), r.PixelY(want))
	if !ok || hit.Spectrum != 0 || math.Abs(hit.Flux-want) > 1e-12 || hit.FluxUnit != "" || !hit.Scaled || hit.FileFlux != cal.Flux[i] {
		t.Errorf("hit %+v, want flux %v", hit, want)
	}
	// hiding the relative one gives the calibrated one its own unit back
	opts.Hidden = []bool{false, true}
	r, _ = Image([]*fits.Spectrum{cal, rel}, opts)
	if r.Frame.Flux != FluxAsIs || r.Frame.YLabel != "Flux [erg cm⁻² s⁻¹ Å⁻¹]" || len(r.Frame.Notes) != 0 || r.Frame.Y.Max < 6e-12 {
		t.Errorf("calibrated alone: %+v", r.Frame)
	}
}

func TestConvertibleFluxUnitsShareTheFirstUnit(t *testing.T) {
	perA := flat("A", "erg cm**(-2) s**(-1) angstrom**(-1)", 2e-16, 400, 700)
	perNM := flat("B", "erg s**(-1) cm**(-2) nm**(-1)", 2e-15, 500, 800) // the same flux per nm
	opts := Options{Width: 800, Height: 400}
	r, err := Image([]*fits.Spectrum{perA, perNM}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if r.Frame.Flux != FluxConverted || r.Frame.YLabel != "Flux [erg cm⁻² s⁻¹ Å⁻¹]" {
		t.Fatalf("frame %+v", r.Frame)
	}
	// the same physical flux: on the same height, not ten times higher
	if r.Frame.Y.Max > 3e-16 {
		t.Errorf("y range %v: B not converted", r.Frame.Y)
	}
	i := 1500
	want := perNM.Flux[i] / 10
	hit, ok := Nearest([]*fits.Spectrum{perA, perNM}, opts, r, r.PixelX(perNM.Wave[i]), r.PixelY(want))
	if !ok || hit.Spectrum != 1 || math.Abs(hit.Flux-want) > 1e-9*want || hit.FluxUnit != perA.FluxUnit || hit.FileFlux != perNM.Flux[i] {
		t.Errorf("hit %+v, want %v", hit, want)
	}
	// the CSV keeps each file's values, with each file's unit
	var buf bytes.Buffer
	if err := WriteCSV(context.Background(), &buf, []*fits.Spectrum{perA, perNM}, opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), ",erg s**(-1) cm**(-2) nm**(-1)\n") || !strings.Contains(buf.String(), ",erg cm**(-2) s**(-1) angstrom**(-1)\n") {
		t.Error("CSV rows lack their flux unit")
	}
}

func TestSpectraOnAnotherXAxisAreLeftOutAndNamed(t *testing.T) {
	nm := flat("optical", "Jy", 1, 400, 700)
	radio := flat("radio", "Jy", 1, 1, 2)
	radio.Axis, radio.WaveUnit = "frequency", "GHz"
	r, err := Image([]*fits.Spectrum{nm, radio}, Options{Width: 600, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	if r.Frame.XUnit != UnitNM || r.Frame.X != (Range{400, 700}) || len(r.Frame.Notes) != 1 ||
		r.Frame.Notes[0] != "not drawn, on another x axis than nm: radio (GHz)" {
		t.Errorf("frame %+v", r.Frame)
	}
	// two frequency units convert to the first one's
	mhz := flat("radio 2", "Jy", 1, 1500, 2500)
	mhz.Axis, mhz.WaveUnit = "frequency", "MHz"
	r, _ = Image([]*fits.Spectrum{radio, mhz}, Options{Width: 600, Height: 300})
	if r.Frame.XUnit != "GHz" || r.Frame.X != (Range{1, 2.5}) || len(r.Frame.Notes) != 0 || r.Frame.XLabel != "Frequency [GHz]" {
		t.Errorf("GHz and MHz: %+v", r.Frame)
	}
}

func TestAssumedAngstromIsLabelled(t *testing.T) {
	s := flat("no unit", "", 1, 4000, 7000)
	s.WaveUnit, s.WaveUnitAssumed = fits.UnitAngstrom, true
	for _, c := range []struct{ unit, label string }{
		{DefaultXUnit([]*fits.Spectrum{s}), "Wavelength [Å (assumed)]"},
		{UnitNM, "Wavelength [nm (Å assumed)]"},
	} {
		r, err := Image([]*fits.Spectrum{s}, Options{Width: 600, Height: 300, XUnit: c.unit})
		if err != nil {
			t.Fatal(err)
		}
		if r.Frame.XLabel != c.label || !r.Frame.XAssumed {
			t.Errorf("in %s: %+v", c.unit, r.Frame)
		}
	}
	s.WaveUnit, s.WaveUnitAssumed = "", false // implausible values: no unit at all
	r, _ := Image([]*fits.Spectrum{s}, Options{Width: 600, Height: 300})
	if r.Frame.XUnit != "" || r.Frame.XLabel != "Wavelength (no unit in the file)" {
		t.Errorf("unknown unit: %+v", r.Frame)
	}
}

// darkPixels counts pixels close to the text colour in rect.
func darkPixels(img image.Image, rect image.Rectangle, text color.NRGBA) int {
	n := 0
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if absDiff(p.R, text.R) < 60 && absDiff(p.G, text.G) < 60 && absDiff(p.B, text.B) < 60 {
				n++
			}
		}
	}
	return n
}

// TestLegendIsNeverInsideTheDataArea: the legend of a file sits above the
// data area; the window's picture (its legend row is a widget) has none.
func TestLegendIsNeverInsideTheDataArea(t *testing.T) {
	a, b := flat("HD 1234 UVES", "", 1, 400, 700), flat("NGC 300 XSHOOTER", "", 2, 400, 700)
	text := color.NRGBA{0x20, 0x20, 0x20, 0xff} // the light theme's text colour
	for _, legend := range []bool{true, false} {
		r, err := Image([]*fits.Spectrum{a, b}, Options{Width: 800, Height: 400, Legend: legend})
		if err != nil {
			t.Fatal(err)
		}
		// nothing but lines, grid and background inside the axes
		if n := darkPixels(r.Image, r.Area.Inset(2), text); n != 0 {
			t.Errorf("legend %v: %d text-coloured pixels inside the data area %v", legend, n, r.Area)
		}
		above := image.Rect(0, 0, r.Image.Bounds().Dx(), max(0, r.Area.Min.Y-2))
		if n := darkPixels(r.Image, above, text); (n > 0) != legend {
			t.Errorf("legend %v: %d text pixels above the data area", legend, n)
		}
	}
}

// TestTextIsInTheRegisteredFont: the font the window registers (its
// theme's) is the font of every text of the plot, tick labels included.
// (The widget's tests check that the theme font has the unit glyphs:
// Liberation Sans, the fallback, lacks ⁻.)
func TestTextIsInTheRegisteredFont(t *testing.T) {
	svg := func() string {
		var buf bytes.Buffer
		if err := Write(context.Background(), &buf, FormatSVG, []*fits.Spectrum{synth(500, 400, 700)}, Options{}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if s := svg(); strings.Contains(s, "Serif") || !strings.Contains(s, "font-family:Liberation Sans") {
		t.Errorf("fallback text is not Liberation Sans: %s", s[:min(len(s), 600)])
	}
	t.Cleanup(plotfont.Reset)
	if err := plotfont.Use(liberationmonoregular.TTF); err != nil {
		t.Fatal(err)
	}
	if s := svg(); strings.Contains(s, "font-family:Liberation Sans") || !strings.Contains(s, "font-family:Liberation Mono") {
		t.Errorf("SVG text is not in the registered font: %s", s[:min(len(s), 600)])
	}
	if err := plotfont.Use([]byte("not a font")); err == nil {
		t.Error("plotfont.Use took junk")
	}
}
