package spectrumplot

import (
	"bytes"
	"encoding/csv"
	"image/png"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"esodesk/fits"
	"esodesk/fits/lines"
	"esodesk/fits/measure"
	"esodesk/fits/specunits"
	"esodesk/widgets/spectrumplot/render"
)

// testList has lines inside 400–800 nm (vacuum and air as the NIST/SDSS
// tables quote them) and one sky line, which z must not move.
var testList = lines.List{Name: "test", Lines: []lines.Line{
	{Name: "Hβ", Vacuum: 486.269e-9, Air: 486.133e-9, Kind: "emission"},
	{Name: "[O III] 5007", Vacuum: 500.824e-9, Air: 500.684e-9, Kind: "emission"},
	{Name: "Na D", Vacuum: 589.158e-9, Air: 588.995e-9, Kind: "absorption"},
	{Name: "Hα", Vacuum: 656.461e-9, Air: 656.280e-9, Kind: "emission"},
	{Name: "[N II] 6583", Vacuum: 658.527e-9, Air: 658.345e-9, Kind: "emission"},
	{Name: "[O I] sky", Vacuum: 557.889e-9, Air: 557.734e-9, Kind: "sky"},
}}

func lineNamed(name string) lines.Line {
	for _, l := range testList.Lines {
		if l.Name == name {
			return l
		}
	}
	panic(name)
}

// markerLines are the overlay's vertical lines (the markers), by area x.
func (f *fixture) markerLines() []float32 {
	var xs []float32
	for _, o := range f.p.area.overlay.Objects {
		if l, ok := o.(*canvas.Line); ok && l.Position1.X == l.Position2.X {
			xs = append(xs, l.Position1.X)
		}
	}
	return xs
}

func (f *fixture) overlayTexts() []string {
	var out []string
	for _, o := range f.p.area.overlay.Objects {
		if t, ok := o.(*canvas.Text); ok {
			out = append(out, t.Text)
		}
	}
	return out
}

func relClose(a, b, rel float64) bool { return math.Abs(a-b) <= rel*math.Abs(b) }

func TestIdentifyPutsMarkerOnClickedX(t *testing.T) {
	for _, air := range []bool{false, true} {
		s := synth("a", 20000, 400, 800)
		s.Air = air
		f := newFixture(t, s)
		var got []float64
		f.p.OnRedshiftChanged = func(z float64) { got = append(got, z) }
		f.p.SetLines(&testList)
		// the feature the user clicks on, mapped like a click is
		clicked, _ := f.dataAt(f.areaPos(702.3, 1))
		ha := lineNamed("Hα")
		f.p.IdentifyAt(clicked, ha)
		x, ok := f.p.markerX(ha)
		if !ok || !relClose(x, clicked, 1e-9) {
			t.Fatalf("air=%v: Hα marker at %v, clicked %v", air, x, clicked)
		}
		rest := ha.Vacuum
		if air {
			rest = ha.Air
		}
		if want := clicked*1e-9/rest - 1; !relClose(f.p.Redshift(), want, 1e-9) {
			t.Errorf("air=%v: z %v want %v", air, f.p.Redshift(), want)
		}
		if len(got) != 1 || got[0] != f.p.Redshift() {
			t.Errorf("OnRedshiftChanged got %v", got)
		}
		// the popup offers Hα among the lines nearest the click
		found := false
		for _, l := range f.p.candidates(clicked, 3) {
			found = found || l.Name == "Hα"
		}
		if !found {
			t.Error("Hα not among the identify candidates at its own marker")
		}
		// a sky line does not move with z, so it cannot set it
		f.p.IdentifyAt(600, lineNamed("[O I] sky"))
		if len(got) != 1 {
			t.Error("identifying a sky line changed z")
		}
	}
}

func TestIdentifyMenuFromClick(t *testing.T) {
	f := newFixture(t, synth("a", 20000, 400, 800))
	f.p.SetLines(&testList)
	f.p.SetRedshift(0.03)
	ha := lineNamed("Hα")
	xm, _ := f.p.markerX(ha)
	pos := f.areaPos(xm+0.8, 1) // a feature just beside the Hα marker
	clicked, _ := f.dataAt(pos)
	// Identify arms the next left click, which opens the menu
	test.Tap(f.p.bar.identify)
	test.TapAt(f.p.area, pos)
	if f.p.lines.identify {
		t.Error("Identify still armed after the click")
	}
	if f.w.Canvas().Overlays().Top() == nil {
		t.Fatal("no popup menu after Identify + click")
	}
	m := f.p.identifyItems(pos)
	if m == nil || m.Items[0].Label != "This is Hα" {
		t.Fatalf("menu %v", m)
	}
	m.Items[0].Action()
	if x, _ := f.p.markerX(ha); !relClose(x, clicked, 1e-9) {
		t.Errorf("Hα marker at %v after \"This is Hα\" at %v", x, clicked)
	}
}

func TestTypedRedshiftMovesMarkersToFramePixels(t *testing.T) {
	f := newFixture(t, synth("a", 20000, 400, 800))
	f.p.SetLines(&testList)
	test.Type(f.p.bar.zEntry, "") // focus
	f.p.bar.zEntry.SetText("")
	test.Type(f.p.bar.zEntry, "0.05")
	if z := f.p.Redshift(); z != 0.05 {
		t.Fatalf("typed z=0.05, Redshift() = %v", z)
	}
	if v := f.p.bar.velocity.Text; v != "cz = 14989.6 km/s" {
		t.Errorf("velocity shows %q", v)
	}
	r := f.p.shown.r
	xs := f.markerLines()
	for _, l := range testList.Lines {
		wantNM := l.Vacuum * 1e9 * 1.05
		if l.Kind == "sky" {
			wantNM = l.Vacuum * 1e9
		}
		x, _ := f.p.markerX(l)
		if !relClose(x, wantNM, 1e-12) {
			t.Errorf("%s at %v nm, want rest×(1+z) = %v", l.Name, x, wantNM)
		}
		if wantNM > 800 {
			continue
		}
		want := f.p.fromImage(r.PixelX(wantNM), 0).X // the Frame's mapping
		hit := false
		for _, ax := range xs {
			hit = hit || math.Abs(float64(ax-want)) <= 1
		}
		if !hit {
			t.Errorf("no marker within 1 px of %s at %v (markers at %v)", l.Name, want, xs)
		}
	}
	// Hα and [N II] are 2 nm apart, a few pixels: their labels are stacked,
	// and no two labels overlap
	var boxes []box
	for _, o := range f.p.area.overlay.Objects {
		if t, ok := o.(*canvas.Text); ok {
			sz := fyne.MeasureText(t.Text, t.TextSize, t.TextStyle)
			boxes = append(boxes, box{t.Position().X, t.Position().Y, t.Position().X + sz.Width, t.Position().Y + sz.Height})
		}
	}
	if len(boxes) < 2 {
		t.Fatalf("%d labels", len(boxes))
	}
	for i, a := range boxes {
		for _, b := range boxes[i+1:] {
			if a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 {
				t.Errorf("labels overlap: %v %v", a, b)
			}
		}
	}
	// L hides the labels, and brings them back
	test.Type(f.p.area, "l")
	if len(f.overlayTexts()) != 0 {
		t.Error("L did not hide the labels")
	}
	test.Type(f.p.area, "L")
	if len(f.overlayTexts()) == 0 {
		t.Error("L did not show the labels again")
	}
}

func TestPlaceLabelsSkipsCollisions(t *testing.T) {
	w := func(string) float32 { return 30 }
	got := placeLabels([]string{"a", "b", "c", "d", "e"}, []float32{100, 105, 110, 115, 200}, 0, 10, w)
	// a, b and c take the three rows; d collides everywhere; e is free
	if len(got) != 4 || got[3].name != "e" || got[3].y != 0 {
		t.Fatalf("placed %+v", got)
	}
	for i := 0; i < 3; i++ {
		if got[i].y != float32(i)*10 {
			t.Errorf("label %s in row y=%v", got[i].name, got[i].y)
		}
	}
}

func TestMarkerDragWithCtrlMovesRedshift(t *testing.T) {
	f := newFixture(t, synth("a", 20000, 400, 800))
	f.p.SetLines(&testList)
	ha := lineNamed("Hα")
	x0, _ := f.p.markerX(ha)
	from := f.areaPos(x0, 1)
	to := f.areaPos(700, 1)
	f.p.modifiers = func() fyne.KeyModifier { return fyne.KeyModifierControl }
	test.Drag(f.w.Canvas(), f.abs(to), to.X-from.X, to.Y-from.Y)
	f.settle()
	x, _ := f.p.markerX(ha)
	want, _ := f.dataAt(to)
	if !relClose(x, want, 1e-9) {
		t.Fatalf("after dragging Hα to %v its marker is at %v (z=%v)", want, x, f.p.Redshift())
	}
	if lo, hi := f.p.XRange(); lo != 400 || hi != 800 {
		t.Errorf("a marker drag zoomed: %v..%v", lo, hi)
	}
}

// gaussLine is a flat continuum of 2 with an emission line, in Å, so that
// the widget must convert x to its nm axis.
func gaussLine() *fits.Spectrum {
	s := &fits.Spectrum{Title: "line", Axis: "wavelength", WaveUnit: "Angstrom", FluxUnit: "erg/s/cm2/Angstrom"}
	for i := 0; i < 4000; i++ {
		w := 5800 + 0.1*float64(i)
		s.Wave = append(s.Wave, w)
		s.Flux = append(s.Flux, 2+3*math.Exp(-(w-6000)*(w-6000)/(2*4*4)))
		s.Err = append(s.Err, 0.05)
	}
	return s
}

func TestMeasureDragWiring(t *testing.T) {
	s := gaussLine()
	f := newFixture(t, s)
	if f.p.XUnit() != "nm" {
		t.Fatalf("x unit %q", f.p.XUnit())
	}
	lo0, hi0 := f.p.XRange()
	test.Type(f.p.area, "m")
	if !f.p.MeasureMode() || !f.p.bar.measure.Checked {
		t.Fatal("M did not switch Measure mode on")
	}
	from, to := f.areaPos(596, 2), f.areaPos(604, 2.5)
	test.Drag(f.w.Canvas(), f.abs(to), to.X-from.X, to.Y-from.Y)
	f.settle()
	ms := f.p.Measurements()
	if len(ms) != 1 {
		t.Fatalf("%d measurements after a drag in Measure mode", len(ms))
	}
	if lo, hi := f.p.XRange(); lo != lo0 || hi != hi0 {
		t.Errorf("the measuring drag zoomed: %v..%v", lo, hi)
	}
	lo, _ := f.dataAt(from)
	hi, _ := f.dataAt(to)
	got := ms[0]
	if !relClose(got.Range.Lo, lo, 1e-12) || !relClose(got.Range.Hi, hi, 1e-12) {
		t.Fatalf("range %v..%v, dragged %v..%v", got.Range.Lo, got.Range.Hi, lo, hi)
	}
	// the same call on the same data in nm: the widget passes x in its unit
	x := make([]float64, len(s.Wave))
	for i, w := range s.Wave {
		x[i] = w / 10
	}
	want, err := measure.Measure(x, s.Flux, s.Err, got.Range, measure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.LineFlux != want.LineFlux || got.EquivalentWidth != want.EquivalentWidth || got.Centroid != want.Centroid {
		t.Errorf("widget %+v\nmeasure %+v", got, want)
	}
	// and in the physical sense: flux 3·σ·√(2π) with σ = 0.4 nm, in erg s⁻¹ cm⁻² Å⁻¹ nm
	if !relClose(got.LineFlux, 3*0.4*math.Sqrt(2*math.Pi), 0.02) || !relClose(got.Centroid, 600, 1e-4) {
		t.Errorf("line flux %v centroid %v", got.LineFlux, got.Centroid)
	}
	if got.Unit != "nm" || got.FluxUnit != s.FluxUnit {
		t.Errorf("units %q %q", got.Unit, got.FluxUnit)
	}
	if !f.p.mpanel.box.Visible() || len(f.p.mpanel.table.Objects) != 2*len(measureColumns) {
		t.Errorf("panel shows %d cells", len(f.p.mpanel.table.Objects))
	}
	// the fit overlay is there (red segments over the range)
	segs := 0
	for _, o := range f.p.area.overlay.Objects {
		if l, ok := o.(*canvas.Line); ok && l.StrokeColor == fitColour {
			segs++
		}
	}
	if segs < 20 {
		t.Errorf("%d fit segments drawn", segs)
	}
	// M again: back to zooming
	test.Type(f.p.area, "M")
	if f.p.MeasureMode() {
		t.Error("M did not switch Measure mode off")
	}
}

func TestMeasureExportCSVAndClear(t *testing.T) {
	f := newFixture(t, gaussLine())
	f.p.Measure(596, 604)
	f.p.Measure(610, 590) // either order
	f.settle()
	var b bytes.Buffer
	if err := f.p.WriteMeasurementsCSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][1] != "lo" || rows[2][1] != "590" || rows[2][2] != "610" || rows[1][3] != "nm" {
		t.Fatalf("CSV rows %q", rows)
	}
	ms := f.p.Measurements()
	for i, row := range rows[1:] {
		// erg s⁻¹ cm⁻² Å⁻¹ × nm is written as 10 × erg s⁻¹ cm⁻²
		k, ok := fits.UnitFactor(ms[i].FluxUnit+" "+ms[i].Unit, row[10])
		if v, _ := strconv.ParseFloat(row[8], 64); !ok || math.Abs(v-ms[i].LineFlux*k) > 1e-12*math.Abs(v) {
			t.Errorf("row %d line flux %v %s, want %v %s %s", i, row[8], row[10], ms[i].LineFlux, ms[i].FluxUnit, ms[i].Unit)
		}
	}
	if rows[1][10] != "erg/s/cm2" {
		t.Errorf("line flux unit %q, want erg/s/cm2", rows[1][10])
	}
	f.p.ClearMeasurements()
	if len(f.p.Measurements()) != 0 || f.p.WriteMeasurementsCSV(&b) == nil {
		t.Error("Clear left rows")
	}
}

func TestSmoothingIsForDisplayOnly(t *testing.T) {
	s := synth("a", 5000, 400, 800)
	for i := range s.Flux { // noise the smoothing visibly removes
		if i%2 == 0 {
			s.Flux[i] += 0.3
		}
	}
	orig := append([]float64(nil), s.Flux...)
	f := newFixture(t, s)
	before := f.image()
	f.p.SetSmoothing("Boxcar 9 px")
	f.settle()
	if sameImage(before, f.image()) {
		t.Error("smoothing did not change the picture")
	}
	got := f.p.Spectra()
	if len(got) != 1 || got[0] != s {
		t.Fatal("Spectra() no longer returns the original")
	}
	for i := range orig {
		if s.Flux[i] != orig[i] {
			t.Fatalf("flux %d changed", i)
		}
	}
	// the readout gives the file's value
	f.p.hover(f.areaPos(s.Wave[1000], s.Flux[1000]))
	if want := "flux " + fmtG(s.Flux[1000]); !bytes.Contains([]byte(f.p.Readout()), []byte(want)) {
		t.Errorf("readout %q, want the unsmoothed %q", f.p.Readout(), want)
	}
	// and measurements use the unsmoothed data
	f.p.Measure(640, 670)
	f.settle()
	want, _ := measure.Measure(s.Wave, s.Flux, s.Err, measure.Range{Lo: 640, Hi: 670}, measure.Options{})
	if m := f.p.Measurements(); len(m) != 1 || m[0].LineFlux != want.LineFlux {
		t.Errorf("measured %+v want %+v", m, want)
	}
}

func fmtG(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

func TestZFocusesRedshiftEntry(t *testing.T) {
	f := newFixture(t, synth("a", 1000, 400, 800))
	f.w.Canvas().Focus(f.p.area)
	test.Type(f.p.area, "z")
	if f.w.Canvas().Focused() != f.p.bar.zEntry {
		t.Error("Z did not focus the redshift entry")
	}
}

// TestScreenshot writes the widget with markers and a measurement to
// $SPECTRUMPLOT_SHOT (a PNG) for a person to look at.
func TestScreenshot(t *testing.T) {
	out := os.Getenv("SPECTRUMPLOT_SHOT")
	if out == "" {
		t.Skip("set SPECTRUMPLOT_SHOT=/tmp/x.png")
	}
	s := synth("NGC 1234", 20000, 400, 800)
	for i, w := range s.Wave { // emission lines at z = 0.02
		for _, l := range testList.Lines[:5] {
			c := l.Vacuum * 1e9 * 1.02
			s.Flux[i] += 1.5 * math.Exp(-(w-c)*(w-c)/(2*0.3*0.3))
		}
	}
	f := newFixture(t, s)
	f.w.Resize(fyne.NewSize(1000, 640))
	f.p.SetLines(&testList)
	f.p.SetRedshift(0.02)
	f.p.SetMeasureMode(true)
	f.p.Measure(667, 671)
	f.settle()
	capture(t, f, out)
	f.p.SetXRange(655, 680) // the measured line up close, with its fit
	f.p.SetSmoothing("Gaussian σ≈2 px")
	f.settle()
	capture(t, f, strings.TrimSuffix(out, ".png")+"-zoom.png")
	f.p.ResetZoom()
	f.p.SetSmoothing("")
	f.p.ClearMeasurements()
	f.p.SetMeasureMode(false)
	all := lines.Builtin()
	f.p.SetLines(&all[0])
	f.settle()
	capture(t, f, strings.TrimSuffix(out, ".png")+"-builtin.png")
	// Hα in velocity (rest entry shown) and the flux in AB magnitudes
	f.p.SetLines(&testList)
	f.p.SetXUnit(render.UnitKMS)
	f.p.SetFluxUnit(specunits.ABMag, false)
	f.settle()
	f.p.SetXRange(-3000, 12000)
	f.settle()
	capture(t, f, strings.TrimSuffix(out, ".png")+"-velocity.png")
}

func capture(t *testing.T, f *fixture, path string) {
	img := f.w.Canvas().Capture()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, img); err != nil {
		t.Fatal(err)
	}
}

// TestRebinIsForDisplayOnly: rebinning draws the means of every n pixels
// (wavelength, flux, and the error of a mean), leaves out bad pixels, and
// leaves the data alone.
func TestRebinIsForDisplayOnly(t *testing.T) {
	s := synth("a", 5000, 400, 800)
	s.Err = make([]float64, len(s.Flux))
	for i := range s.Err {
		s.Err[i] = 0.2
	}
	s.Quality = make([]int32, len(s.Flux))
	s.Quality[5] = 1
	orig := append([]float64(nil), s.Flux...)
	f := newFixture(t, s)
	before := f.image()
	f.p.SetSmoothing("Rebin ×4")
	f.settle()
	if sameImage(before, f.image()) {
		t.Error("rebinning did not change the picture")
	}
	c := rebinnedCopy(s, 4)
	if len(c.Wave) != len(s.Wave)/4 || len(c.Flux) != len(c.Wave) || len(c.Err) != len(c.Wave) || c.Quality != nil {
		t.Fatalf("copy: %d waves, %d fluxes, %d errors, quality %v", len(c.Wave), len(c.Flux), len(c.Err), c.Quality)
	}
	if want := (s.Flux[0] + s.Flux[1] + s.Flux[2] + s.Flux[3]) / 4; math.Abs(c.Flux[0]-want) > 1e-12 {
		t.Errorf("bin 0: %v, want %v", c.Flux[0], want)
	}
	if want := (s.Flux[4] + s.Flux[6] + s.Flux[7]) / 3; math.Abs(c.Flux[1]-want) > 1e-12 { // pixel 5 is bad
		t.Errorf("bin 1: %v, want %v (without the bad pixel)", c.Flux[1], want)
	}
	if want := math.Sqrt(4*0.04) / 4; math.Abs(c.Err[0]-want) > 1e-12 {
		t.Errorf("error of bin 0: %v, want %v", c.Err[0], want)
	}
	for i := range orig {
		if s.Flux[i] != orig[i] {
			t.Fatalf("flux %d changed", i)
		}
	}
}
