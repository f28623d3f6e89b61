package spectrumplot

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font/opentype"

	"esodesk/fits"
	"esodesk/widgets/spectrumplot/render"
)

// TestThemeFontDrawsTheUnits: the plot's text is in the app's theme font
// (registered by this package), which has every glyph unit labels use, as
// has the monospace font of the readout.
func TestThemeFontDrawsTheUnits(t *testing.T) {
	for name, res := range map[string]fyne.Resource{"text": theme.DefaultTextFont(), "monospace": theme.DefaultTextMonospaceFont()} {
		f, err := opentype.Parse(res.Content())
		if err != nil {
			t.Fatal(err)
		}
		if missing := render.MissingGlyphs(f); missing != "" {
			t.Errorf("the theme's %s font lacks %q", name, missing)
		}
	}
	s := synth("a", 500, 400, 700)
	var svg strings.Builder
	f := newFixture(t, s)
	if err := f.p.Export(t.Context(), &svg, render.FormatSVG); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(svg.String(), "font-family:Noto Sans") || strings.Contains(svg.String(), "Liberation") {
		t.Error("the plot's text is not in the theme font")
	}
}

// TestCrosshairStaysInTheDataArea: after a box zoom the nearest point can
// lie outside the view, below the x axis; the crosshair and its ring are
// drawn inside the data area only, never over the axis labels.
func TestCrosshairStaysInTheDataArea(t *testing.T) {
	data := box{50, 10, 450, 300}
	cases := []struct {
		name           string
		x, y, mx, my   float32
		show, withMark bool
	}{
		{"inside, point inside", 200, 100, 205, 120, true, true},
		{"inside, point below the x axis", 200, 290, 205, 340, true, false},
		{"over the x axis labels", 200, 320, 205, 120, false, false},
		{"over the y axis labels", 20, 100, 55, 100, false, false},
	}
	for _, c := range cases {
		got := crosshairAt(data, c.x, c.y, c.mx, c.my, true)
		if got.show != c.show || got.mark != c.withMark || (got.show && got.area != data) {
			t.Errorf("%s: %+v", c.name, got)
		}
	}

	s := synth("a", 20000, 400, 800)
	f := newFixture(t, s)
	// zoom on a box above the H-alpha dip: its pixels lie below the view
	from, to := f.areaPos(650, 1.1), f.areaPos(662, 1.3)
	test.Drag(f.w.Canvas(), f.abs(to), to.X-from.X, to.Y-from.Y)
	f.settle()
	d := f.p.dataBox()
	i := 0
	for s.Wave[i] < 656.3 {
		i++
	}
	if ylo, _ := f.p.YRange(); s.Flux[i] > ylo {
		t.Fatalf("the dip at %v is in view (y from %v): no case to test", s.Flux[i], ylo)
	}
	// the mouse near the bottom of the data area, right above the dip
	pos := fyne.NewPos(f.areaPos(s.Wave[i], 1.15).X, d.y1-3)
	test.MoveMouse(f.w.Canvas(), f.abs(pos))
	a := f.p.area
	if !a.vline.Visible() || a.marker.Visible() {
		t.Errorf("crosshair %v, ring %v: the ring is on a point outside the view", a.vline.Visible(), a.marker.Visible())
	}
	if a.vline.Position2.Y > d.y1+0.5 || a.hline.Position1.X < d.x0-0.5 || a.vline.Position1.Y < d.y0-0.5 {
		t.Errorf("crosshair %v–%v, %v–%v outside the data area %+v", a.vline.Position1, a.vline.Position2, a.hline.Position1, a.hline.Position2, d)
	}
	// over the x axis labels: no crosshair
	test.MoveMouse(f.w.Canvas(), f.abs(fyne.NewPos(pos.X, d.y1+12)))
	if a.vline.Visible() || a.marker.Visible() {
		t.Error("crosshair drawn over the axis labels")
	}
	test.MoveMouse(f.w.Canvas(), fyne.NewPos(2000, 2000))
}

// TestUnitMenuSaysWhatTheAxisShows: a wavelength column without a unit,
// taken as Ångström, reads "Å (assumed)" in the menu and on the axis, and
// the plot shows the file's numbers; an axis the menu cannot convert
// greys the menu out with its own unit instead of claiming nm.
func TestUnitMenuSaysWhatTheAxisShows(t *testing.T) {
	s := synth("no unit", 3000, 4000, 7000)
	s.WaveUnit, s.WaveUnitAssumed = fits.UnitAngstrom, true
	f := newFixture(t, s)
	if f.p.bar.unit.Selected != "Å (assumed)" || f.p.Frame().XLabel != "Wavelength [Å (assumed)]" {
		t.Errorf("menu %q, axis %q", f.p.bar.unit.Selected, f.p.Frame().XLabel)
	}
	if lo, hi := f.p.XRange(); lo != 4000 || hi != 7000 {
		t.Errorf("x range %v..%v, want the file's 4000..7000", lo, hi)
	}
	f.p.bar.unit.SetSelected("nm (Å assumed)")
	f.settle()
	if f.p.XUnit() != render.UnitNM || f.p.Frame().XLabel != "Wavelength [nm (Å assumed)]" {
		t.Errorf("in nm: unit %q axis %q", f.p.XUnit(), f.p.Frame().XLabel)
	}
	// the user's choice stays for the next spectra
	f.p.SetSpectra([]*fits.Spectrum{s})
	f.settle()
	if f.p.XUnit() != render.UnitNM {
		t.Errorf("the chosen unit was dropped: %q", f.p.XUnit())
	}

	radio := synth("radio", 100, 1, 2)
	radio.Axis, radio.WaveUnit = "frequency", "GHz"
	bare := synth("pixels", 100, 1, 100)
	bare.WaveUnit = ""
	// a frequency axis converts to the other spectral units (the menu
	// stays enabled); an axis without a unit cannot
	for _, c := range []struct {
		s     *fits.Spectrum
		label string
		fixed bool
	}{{radio, "GHz", false}, {bare, "no unit", true}} {
		f.p.SetSpectra([]*fits.Spectrum{c.s})
		f.settle()
		if f.p.bar.unit.Selected != c.label || f.p.bar.unit.Disabled() != c.fixed {
			t.Errorf("%s: menu %q (disabled %v)", c.s.Title, f.p.bar.unit.Selected, f.p.bar.unit.Disabled())
		}
	}
	f.p.SetSpectra([]*fits.Spectrum{synth("nm", 100, 400, 500)})
	f.settle()
	if f.p.bar.unit.Selected != "nm" || f.p.bar.unit.Disabled() {
		t.Errorf("back to nm: menu %q (disabled %v)", f.p.bar.unit.Selected, f.p.bar.unit.Disabled())
	}
}

// TestLegendRowWrapsAndNamesUnits: many spectra wrap onto more legend rows
// instead of widening the window; when their units differ each entry
// says its unit, and the readout gives the file's value beside the
// normalised one.
func TestLegendRowWrapsAndNamesUnits(t *testing.T) {
	var spectra []*fits.Spectrum
	for i := range 8 {
		s := synth(fmt.Sprintf("NGC %d XSHOOTER UVB+VIS+NIR merged %d", 1000+i, i), 2000, 400, 800)
		if i == 3 {
			s.FluxUnit = "" // a relative flux among calibrated ones
		}
		spectra = append(spectra, s)
	}
	f := newFixture(t, spectra...)
	width := f.w.Canvas().Size().Width
	if w := f.p.MinSize().Width; w > width {
		t.Errorf("plot needs %v wide, the window is %v", w, width)
	}
	rows := map[float32]bool{}
	for _, c := range f.p.bar.legendChk {
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(c)
		rows[pos.Y] = true
		if pos.X+c.Size().Width > width+1 {
			t.Errorf("legend entry %q ends at %v, past the window (%v)", c.Text, pos.X+c.Size().Width, width)
		}
	}
	if len(rows) < 2 {
		t.Errorf("8 long legend entries on %d row(s)", len(rows))
	}
	if got := f.p.bar.legendChk[0].Text; got != "NGC 1000 XSHOOTER UVB+VIS+NIR merged 0 (erg s⁻¹ cm⁻² Å⁻¹)" {
		t.Errorf("legend entry %q", got)
	}
	if got := f.p.bar.legendChk[3].Text; !strings.HasSuffix(got, "(no unit)") {
		t.Errorf("legend entry %q", got)
	}
	if f.p.Frame().Flux != render.FluxNormalised || f.p.Frame().YLabel != "Normalised flux" {
		t.Errorf("frame %+v", f.p.Frame())
	}
	s := spectra[0]
	i := 1000
	test.MoveMouse(f.w.Canvas(), f.abs(f.areaPos(s.Wave[i], f.p.Frame().Y.Min+0.5*(f.p.Frame().Y.Max-f.p.Frame().Y.Min))))
	got := f.p.Readout()
	if !strings.Contains(got, "(normalised; file ") || !strings.Contains(got, "erg s⁻¹ cm⁻² Å⁻¹)") {
		t.Errorf("readout %q", got)
	}
	test.MoveMouse(f.w.Canvas(), fyne.NewPos(2000, 2000))
}
