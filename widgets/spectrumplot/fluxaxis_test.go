package spectrumplot

import (
	"context"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"esodesk/fits"
	"esodesk/fits/specunits"
	"esodesk/widgets/spectrumplot/render"
)

// TestFluxSelect: the toolbar's Flux menu converts the plot (the same
// render option files use), inverts AB magnitudes, normalises, and says
// when a spectrum cannot be converted.
func TestFluxSelect(t *testing.T) {
	a := synth("calibrated", 2000, 400, 800)
	b := synth("relative", 2000, 400, 800)
	b.FluxUnit = "relative"
	f := newFixture(t, a, b)
	if f.p.bar.flux.Selected != fluxChoices[0].label || f.p.Frame().Flux != render.FluxNormalised {
		t.Fatalf("default: menu %q frame %+v", f.p.bar.flux.Selected, f.p.Frame())
	}
	f.p.bar.flux.SetSelected("F_ν in Jy")
	f.settle()
	if u, n := f.p.FluxUnit(); u != "Jy" || n {
		t.Errorf("FluxUnit %q %v", u, n)
	}
	fr := f.p.Frame()
	if fr.YLabel != "Flux [Jy]" || !strings.Contains(strings.Join(fr.Notes, "\n"), "relative (relative flux)") {
		t.Errorf("Jy: %q notes %q", fr.YLabel, fr.Notes)
	}
	// the readout gives the converted value, with the file's beside it
	jy, _ := specunits.ConvertFlux(a.Flux, a.FluxUnit, a.Wave, a.WaveUnit, "Jy")
	i := 700
	f.moveTo(a.Wave[i], jy[i])
	if got := f.p.Readout(); !strings.Contains(got, "Jy") || !strings.Contains(got, render.FormatValue(jy[i])) {
		t.Errorf("readout %q, want %s Jy", got, render.FormatValue(jy[i]))
	}
	f.p.bar.flux.SetSelected("AB mag")
	f.settle()
	if fr := f.p.Frame(); !fr.YInverted || fr.YLabel != "AB magnitude" || !f.p.bar.logY.Disabled() {
		t.Errorf("AB: %+v", fr)
	}
	f.p.bar.flux.SetSelected("Normalised (median)")
	f.settle()
	if fr := f.p.Frame(); fr.Flux != render.FluxNormalised || fr.YInverted || len(f.p.shown.r.Frame.Notes) == 0 {
		t.Errorf("normalised: %+v", fr)
	}
}

func (f *fixture) moveTo(x, y float64) {
	test.MoveMouse(f.w.Canvas(), f.abs(f.areaPos(x, y)))
}

// TestSpectralAxisSelect: the unit menu offers frequency, energy,
// wavenumber and velocity; km/s shows the rest entry, markers sit at each
// line's velocity relative to the rest, and measuring says it needs a
// wavelength axis instead of giving numbers in km/s.
func TestSpectralAxisSelect(t *testing.T) {
	s := synth("star", 3000, 400, 800)
	f := newFixture(t, s)
	f.p.SetLines(&testList)
	f.settle()
	for _, want := range []string{"GHz", "THz", "eV", "keV", "cm⁻¹", "km/s"} {
		if !contains(f.p.bar.unit.Options, want) {
			t.Errorf("unit menu lacks %s: %q", want, f.p.bar.unit.Options)
		}
	}
	f.p.bar.unit.SetSelected("THz")
	f.settle()
	if fr := f.p.Frame(); fr.XUnit != render.UnitTHz || fr.XLabel != "Frequency [THz]" || f.p.bar.restBox.Visible() {
		t.Errorf("THz: %+v", fr)
	}
	f.p.bar.unit.SetSelected("km/s")
	f.settle()
	if !f.p.bar.restBox.Visible() || f.p.bar.rest.Text != "656.28" {
		t.Errorf("rest entry: visible %v text %q", f.p.bar.restBox.Visible(), f.p.bar.rest.Text)
	}
	// Hβ's marker: (λ_Hβ − λ_rest)/λ_rest × c, optical convention
	hb := lineNamed("Hβ")
	want := (hb.Vacuum - render.DefaultRest) / render.DefaultRest * 299792.458
	x, ok := f.p.markerX(hb)
	if !ok || math.Abs(x-want) > 1e-6*math.Abs(want) {
		t.Errorf("Hβ marker at %g km/s, want %g", x, want)
	}
	found := false
	for _, mx := range f.markerLines() {
		if math.Abs(float64(mx-f.areaPos(want, 0).X)) < 1.5 {
			found = true
		}
	}
	if !found {
		t.Errorf("no marker line drawn at %g km/s", want)
	}
	f.p.bar.rest.SetText("486.269")
	f.settle()
	if x, _ := f.p.markerX(hb); math.Abs(x) > 1e-6 {
		t.Errorf("with rest = Hβ its marker is at %g km/s", x)
	}
	f.p.Measure(-500, 500)
	f.settle()
	if !f.p.mpanel.problem.Visible() || !strings.Contains(f.p.mpanel.problem.Text, "wavelength axis") || len(f.p.Measurements()) != 0 {
		t.Errorf("measure in km/s: %q", f.p.mpanel.problem.Text)
	}
	f.p.bar.unit.SetSelected("nm")
	f.settle()
	if f.p.XUnit() != render.UnitNM || f.p.bar.restBox.Visible() {
		t.Error("back to nm")
	}
}

// TestMixedAirVacuum: an air spectrum beside a vacuum one is drawn in
// vacuum, the notes say so, and markers use vacuum wavelengths.
func TestMixedAirVacuum(t *testing.T) {
	a := synth("vacuum", 2000, 400, 800)
	b := synth("air", 2000, 400, 800)
	b.Air = true
	f := newFixture(t, a, b)
	if !strings.Contains(strings.Join(f.p.Frame().Notes, "\n"), "air wavelengths converted to vacuum") || f.p.airSpectrum() {
		t.Errorf("notes %q", f.p.Frame().Notes)
	}
	f.p.SetSpectra([]*fits.Spectrum{b})
	f.settle()
	if !f.p.airSpectrum() {
		t.Error("one air spectrum: the axis is in air")
	}
}

// TestExportDrawsMarkers: a picture exported from the window has the line
// markers render draws (the same as `esodesk plot --lines`); a CSV has none.
func TestExportDrawsMarkers(t *testing.T) {
	f := newFixture(t, synth("star", 2000, 400, 800))
	f.p.SetLines(&testList)
	f.p.SetRedshift(0.01)
	f.settle()
	_, o := f.p.exportJob(render.FormatSVG)
	if len(o.Markers) != len(testList.Lines) {
		t.Fatalf("%d markers", len(o.Markers))
	}
	hb := lineNamed("Hβ")
	if m := o.Markers[0]; m.Label != "Hβ" || math.Abs(m.Vacuum-hb.Vacuum*1.01) > 1e-15 {
		t.Errorf("Hβ marker %+v", m)
	}
	var buf strings.Builder
	if err := f.p.Export(context.Background(), &buf, render.FormatSVG); err != nil || !strings.Contains(buf.String(), "[O III] 5007") {
		t.Errorf("SVG lacks the marker labels (%v)", err)
	}
	if _, o := f.p.exportJob(render.FormatCSV); o.Markers != nil {
		t.Error("CSV export with markers")
	}
}
