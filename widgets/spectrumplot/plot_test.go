package spectrumplot

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"esodesk/fits"
	"esodesk/widgets/spectrumplot/render"
)

func TestRenderFillsAreaAndDrawsLine(t *testing.T) {
	s := synth("HD 1", 50000, 400, 800)
	f := newFixture(t, s)
	img := f.image()
	size := f.p.area.Size()
	if img.Bounds().Dx() != int(size.Width+0.5) || img.Bounds().Dy() != int(size.Height+0.5) {
		t.Fatalf("image %v for area %v", img.Bounds(), size)
	}
	if f.p.area.img.Image != img {
		t.Fatal("image not shown")
	}
	r := f.p.shown.r
	i := 20000
	if !hasColourNear(img, int(r.PixelX(s.Wave[i])), int(r.PixelY(s.Flux[i])), 2, render.SeriesColor(0)) {
		t.Error("spectrum not drawn where its data is")
	}
	if lo, hi := f.p.XRange(); lo != 400 || hi != 800 {
		t.Errorf("x range %v..%v", lo, hi)
	}
	// a new size gives a new image of that size
	f.w.Resize(fyne.NewSize(700, 420))
	f.settle()
	if f.image().Bounds().Dx() != int(f.p.area.Size().Width+0.5) {
		t.Errorf("after resize: image %v area %v", f.image().Bounds(), f.p.area.Size())
	}
}

func TestWheelZoomsAroundCursor(t *testing.T) {
	f := newFixture(t, synth("a", 30000, 400, 800))
	pos := f.areaPos(500, 1)
	before, _ := f.dataAt(pos)
	lo0, hi0 := f.p.XRange()
	f.p.area.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: pos}, Scrolled: fyne.Delta{DY: 10}})
	f.settle()
	lo, hi := f.p.XRange()
	if !(hi-lo < 0.9*(hi0-lo0)) {
		t.Fatalf("wheel up did not zoom in: %v..%v", lo, hi)
	}
	after, _ := f.dataAt(pos)
	// the y axis labels may change width when y refits: allow 3 pixels
	if px := (hi - lo) / float64(f.p.area.Size().Width); !approx(before, after, 3*px) {
		t.Errorf("point under cursor moved from %v to %v", before, after)
	}
	// wheel down zooms out again
	f.p.area.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: pos}, Scrolled: fyne.Delta{DY: -10}})
	f.settle()
	if lo2, hi2 := f.p.XRange(); !approx(lo2, lo0, 2) || !approx(hi2, hi0, 2) {
		t.Errorf("zoom out: %v..%v want %v..%v", lo2, hi2, lo0, hi0)
	}
	// with Shift the wheel zooms y and leaves x alone
	f.p.modifiers = func() fyne.KeyModifier { return fyne.KeyModifierShift }
	ylo, yhi := f.p.YRange()
	xlo, xhi := f.p.XRange()
	f.p.area.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: pos}, Scrolled: fyne.Delta{DY: 10}})
	f.settle()
	nylo, nyhi := f.p.YRange()
	if nxlo, nxhi := f.p.XRange(); nxlo != xlo || nxhi != xhi || !(nyhi-nylo < 0.9*(yhi-ylo)) {
		t.Errorf("shift-wheel: x %v..%v y %v..%v (was %v..%v)", nxlo, nxhi, nylo, nyhi, ylo, yhi)
	}
}

func TestDragBoxZoomsToBox(t *testing.T) {
	f := newFixture(t, synth("a", 30000, 400, 800))
	from := f.areaPos(500, 0.9)
	to := f.areaPos(600, 1.2)
	// the test driver's Drag sends one event at the end point with the whole delta
	test.Drag(f.w.Canvas(), f.abs(to), to.X-from.X, to.Y-from.Y)
	f.settle()
	lo, hi := f.p.XRange()
	ylo, yhi := f.p.YRange()
	if !approx(lo, 500, 1) || !approx(hi, 600, 1) || !approx(ylo, 0.9, 0.01) || !approx(yhi, 1.2, 0.01) {
		t.Fatalf("box zoom gave x %v..%v y %v..%v", lo, hi, ylo, yhi)
	}
	if f.p.area.box.Visible() {
		t.Error("zoom box still shown")
	}
	// double-click resets
	test.DoubleTap(f.p.area)
	f.settle()
	if lo, hi := f.p.XRange(); lo != 400 || hi != 800 {
		t.Errorf("after reset %v..%v", lo, hi)
	}
}

func TestKeysZoomPanReset(t *testing.T) {
	f := newFixture(t, synth("a", 10000, 400, 800))
	f.w.Canvas().Focus(f.p.area)
	test.Type(f.p.area, "+")
	f.settle()
	lo, hi := f.p.XRange()
	if !approx(hi-lo, 320, 0.01) || !approx((lo+hi)/2, 600, 0.5) {
		t.Fatalf("+ gave %v..%v", lo, hi)
	}
	f.p.area.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	f.settle()
	if lo2, hi2 := f.p.XRange(); !approx(lo2-lo, 32, 1) || !approx(hi2-hi, 32, 1) {
		t.Errorf("right arrow: %v..%v from %v..%v", lo2, hi2, lo, hi)
	}
	test.Type(f.p.area, "r")
	f.settle()
	if lo, hi := f.p.XRange(); lo != 400 || hi != 800 {
		t.Errorf("r: %v..%v", lo, hi)
	}
	f.p.SetXRange(500, 510)
	f.p.area.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	f.settle()
	if lo, hi := f.p.XRange(); lo != 400 || hi != 800 {
		t.Errorf("Home: %v..%v", lo, hi)
	}
	// Shift+drag pans instead of drawing a box
	f.p.area.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(100, 100)},
		Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierShift})
	f.p.area.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(150, 100)}, Dragged: fyne.Delta{DX: 50}})
	f.p.area.DragEnd()
	f.settle()
	if lo, _ := f.p.XRange(); !(lo < 400) {
		t.Errorf("shift-drag right should move the view left: %v", lo)
	}
}

func TestUnitSwitchAndReadout(t *testing.T) {
	s := synth("a", 20000, 400, 800)
	f := newFixture(t, s)
	f.p.SetXRange(500, 600)
	f.settle()
	i := 8000 // 560 nm: inside the view, a good pixel
	pos := f.areaPos(s.Wave[i], s.Flux[i])
	test.MoveMouse(f.w.Canvas(), f.abs(pos))
	got := f.p.Readout()
	want := []string{render.FormatValue(s.Wave[i]) + " nm", "flux " + render.FormatValue(s.Flux[i]), "err 0.05", "QUAL 0", "pixel 8000"}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("readout %q lacks %q", got, w)
		}
	}
	if !f.p.area.vline.Visible() || !f.p.area.marker.Visible() {
		t.Error("crosshair not shown")
	}
	f.p.SetXUnit("Angstrom")
	f.settle()
	if lo, hi := f.p.XRange(); !approx(lo, 5000, 1e-9) || !approx(hi, 6000, 1e-9) {
		t.Errorf("range in Å: %v..%v", lo, hi)
	}
	if f.p.shown.r.Frame.XUnit != render.UnitAngstrom || f.p.bar.unit.Selected != "Å" {
		t.Errorf("unit %q, select %q", f.p.shown.r.Frame.XUnit, f.p.bar.unit.Selected)
	}
	// the readout follows (the mouse is still there; the axes may have
	// moved by a pixel or two)
	got = f.p.Readout()
	var k int
	if _, err := fmt.Sscanf(got[strings.Index(got, "pixel"):], "pixel %d", &k); err != nil || k < i-30 || k > i+30 {
		t.Fatalf("readout after unit switch %q", got)
	}
	if !strings.HasPrefix(got, render.FormatValue(s.Wave[k]*10)+" Å  flux "+render.FormatValue(s.Flux[k])) {
		t.Errorf("readout after unit switch %q", got)
	}
	var svg bytes.Buffer
	if err := f.p.Export(t.Context(), &svg, render.FormatSVG); err != nil || !strings.Contains(svg.String(), "Wavelength [Å]") {
		t.Errorf("axis label in Å missing (%v)", err)
	}
	// the select drives the same setter
	f.p.bar.unit.SetSelected("µm")
	f.settle()
	if f.p.XUnit() != render.UnitMicron || f.p.shown.r.Frame.XUnit != render.UnitMicron {
		t.Errorf("select µm: %q", f.p.XUnit())
	}
	test.MoveMouse(f.w.Canvas(), fyne.NewPos(2000, 2000))
}

func TestTogglesChangeImage(t *testing.T) {
	f := newFixture(t, synth("a", 20000, 400, 800))
	base := f.image()
	f.p.bar.errors.SetChecked(true)
	f.settle()
	if !f.p.errorBand || sameImage(base, f.image()) {
		t.Error("error band toggle did not change the image")
	}
	f.p.SetErrorBand(false)
	f.settle()
	if !sameImage(base, f.image()) {
		t.Error("error band off did not restore the image")
	}
	f.p.SetQualityMask(true)
	f.settle()
	if f.p.bar.quality.Selected != qualityLabels[1] || sameImage(base, f.image()) {
		t.Error("quality mask did not change the image")
	}
	f.p.SetQualityMask(false)
	f.p.SetLogY(true)
	f.settle()
	if !f.p.shown.r.Frame.LogY || !f.p.bar.logY.Checked || sameImage(base, f.image()) {
		t.Error("log y")
	}
}

func TestExtraArraysMenu(t *testing.T) {
	s := synth("a", 5000, 400, 700)
	cont := make([]float64, s.Len())
	for i := range cont {
		cont[i] = 1.4
	}
	snr := make([]float64, s.Len())
	for i := range snr {
		snr[i] = 40
	}
	// an extra shares the flux axis only in the flux's unit: an SNR array
	// on it would squash the spectrum
	s.Extra = []fits.Array{{Name: "CONTINUUM", Unit: s.FluxUnit, Values: cont}, {Name: "SNR", Values: snr}}
	f := newFixture(t, s)
	if !f.p.bar.arrays.Visible() {
		t.Fatal("Arrays button hidden although the spectrum has extras")
	}
	base := f.image()
	f.p.toggleExtra("CONTINUUM")
	f.settle()
	// the dashed line at flux 1.4 changes about half the pixels of its row
	r := f.p.shown.r
	y := int(r.PixelY(1.4) + 0.5)
	changed := 0
	for x := r.Area.Min.X; x < r.Area.Max.X; x++ {
		if base.RGBAAt(x, y) != f.image().RGBAAt(x, y) || base.RGBAAt(x, y-1) != f.image().RGBAAt(x, y-1) {
			changed++
		}
	}
	if changed < r.Area.Dx()/3 {
		t.Errorf("CONTINUUM not drawn: %d of %d pixels changed at its height", changed, r.Area.Dx())
	}
	f.p.toggleExtra("CONTINUUM")
	f.settle()
	if len(f.p.extras) != 0 || !sameImage(base, f.image()) {
		t.Error("CONTINUUM not removed")
	}
	f.p.toggleExtra("SNR")
	f.settle()
	if notes := f.p.Frame().Notes; len(notes) != 1 || !strings.Contains(notes[0], "SNR of a not drawn: its unit (no unit) is not the flux's") {
		t.Errorf("notes %q", notes)
	}
	if ylo, yhi := f.p.YRange(); yhi > 2 || ylo < 0 {
		t.Errorf("the SNR array changed the flux axis: %v..%v", ylo, yhi)
	}
	f.p.SetSpectra([]*fits.Spectrum{synth("b", 100, 400, 500)})
	if f.p.bar.arrays.Visible() {
		t.Error("Arrays button shown without extras")
	}
}

func TestTwoSpectraLegendAndVisibility(t *testing.T) {
	a, b := synth("HD 1234 UVES", 5000, 400, 700), synth("NGC 300 XSHOOTER", 5000, 500, 900)
	f := newFixture(t, a)
	f.p.AddSpectrum(b)
	f.settle()
	if len(f.p.bar.legendChk) != 2 || f.p.bar.legendChk[0].Text != "HD 1234 UVES" || f.p.bar.legendChk[1].Text != "NGC 300 XSHOOTER" {
		t.Fatalf("legend %v", f.p.bar.legendChk)
	}
	if lo, hi := f.p.XRange(); lo != 400 || hi != 900 {
		t.Errorf("two spectra range %v..%v", lo, hi)
	}
	var buf bytes.Buffer
	if err := f.p.Export(t.Context(), &buf, render.FormatSVG); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "HD 1234 UVES") || !strings.Contains(buf.String(), "NGC 300 XSHOOTER") {
		t.Error("plot legend lacks the titles")
	}
	f.p.bar.legendChk[0].SetChecked(false)
	f.settle()
	if !f.p.hidden[0] {
		t.Fatal("not hidden")
	}
	if lo, _ := f.p.XRange(); lo != 500 {
		t.Errorf("hidden spectrum still fitted: %v", lo)
	}
	// the readout names the spectrum when there are several
	f.p.SetVisible(0, true)
	f.settle()
	test.MoveMouse(f.w.Canvas(), f.abs(f.areaPos(b.Wave[4000], b.Flux[4000])))
	if !strings.HasPrefix(f.p.Readout(), "NGC 300 XSHOOTER:") {
		t.Errorf("readout %q", f.p.Readout())
	}
	if f.p.headerSpectrum() != b {
		t.Error("header button would not show the spectrum under the mouse")
	}
	f.p.Clear()
	f.settle()
	if len(f.p.Spectra()) != 0 || len(f.p.bar.legendChk) != 0 {
		t.Error("Clear")
	}
}

func TestExportFiles(t *testing.T) {
	f := newFixture(t, synth("HD 1", 20000, 400, 800))
	f.p.SetXRange(500, 520)
	f.settle()
	dir := t.TempDir()
	errs := map[string]error{}
	for _, ext := range []string{"png", "svg", "pdf", "csv"} {
		ext := ext
		f.p.ExportFile(filepath.Join(dir, "out."+ext), func(err error) { errs[ext] = err })
	}
	f.settle()
	for ext, err := range errs {
		if err != nil {
			t.Errorf("%s: %v", ext, err)
		}
	}
	if len(errs) != 4 {
		t.Fatalf("done called %d times", len(errs))
	}
	read := func(ext string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, "out."+ext))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if img, err := png.Decode(bytes.NewReader(read("png"))); err != nil || img.Bounds().Dx() != f.image().Bounds().Dx() {
		t.Errorf("png: %v", err)
	}
	dec := xml.NewDecoder(bytes.NewReader(read("svg")))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("svg: %v", err)
		}
	}
	if !bytes.HasPrefix(read("pdf"), []byte("%PDF-")) {
		t.Error("pdf header")
	}
	rows, err := csv.NewReader(bytes.NewReader(read("csv"))).ReadAll()
	if err != nil || len(rows) < 100 || rows[0][1] != "wavelength_nm" {
		t.Fatalf("csv: %v %d rows %v", err, len(rows), rows[0])
	}
	// only the pixels in view
	if rows[1][1] < "500" || rows[len(rows)-1][1] > "520" {
		t.Errorf("csv rows outside the view: %v .. %v", rows[1], rows[len(rows)-1])
	}
	var bad error
	f.p.ExportFile(filepath.Join(dir, "out.gif"), func(err error) { bad = err })
	if bad == nil {
		t.Error("gif accepted")
	}
}

func TestLoadingAndErrorReplaceThePlot(t *testing.T) {
	f := newFixture(t)
	cancelled := false
	f.p.SetLoading("Downloading ADP.2020-01-01 (12 MB)", 0.4, func() { cancelled = true })
	if f.p.area.Visible() || f.p.Status() != "Downloading ADP.2020-01-01 (12 MB)" || f.p.status.bar.Value != 0.4 {
		t.Fatalf("loading state: %q", f.p.Status())
	}
	test.Tap(f.p.status.cancel)
	if !cancelled {
		t.Error("cancel not called")
	}
	f.p.SetError("HTTP 404")
	if f.p.Status() != "HTTP 404" || f.p.status.cancel.Visible() {
		t.Error("error state")
	}
	f.p.SetSpectra([]*fits.Spectrum{synth("x", 100, 400, 500)})
	f.settle()
	if f.p.Status() != "" || !f.p.area.Visible() || f.p.shown == nil {
		t.Error("spectra did not replace the error")
	}
}
