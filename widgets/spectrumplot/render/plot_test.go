package render

import (
	"bytes"
	"context"
	"encoding/csv"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	"esodesk/fits"
)

// differs counts pixels of the data area that are not the background.
func differs(r *Rendered, bg color.Color, area image.Rectangle) int {
	br, bgG, bb, _ := bg.RGBA()
	n := 0
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			cr, cg, cb, _ := r.Image.At(x, y).RGBA()
			if cr != br || cg != bgG || cb != bb {
				n++
			}
		}
	}
	return n
}

func inset(r image.Rectangle, d int) image.Rectangle { return r.Inset(d) }

func TestImageSizeAndLinePixels(t *testing.T) {
	s := synth(300000, 300, 1000)
	r, err := Image([]*fits.Spectrum{s}, Options{Width: 800, Height: 400})
	if err != nil {
		t.Fatal(err)
	}
	if b := r.Image.Bounds(); b.Dx() != 800 || b.Dy() != 400 {
		t.Fatalf("image %v", b)
	}
	if r.Area.Dx() < 600 || r.Area.Dy() < 250 || !r.Area.In(r.Image.Bounds()) {
		t.Fatalf("data area %v", r.Area)
	}
	if r.Frame.X.Min != 300 || r.Frame.X.Max != 1000 || r.Frame.XUnit != UnitNM {
		t.Errorf("frame %+v", r.Frame)
	}
	// the line passes through the pixel of a known data point
	i := 100000
	px, py := r.PixelX(s.Wave[i]), r.PixelY(s.Flux[i])
	if !nearColour(r.Image, int(px), int(py), 2, SeriesColor(0)) {
		t.Errorf("no line colour near (%.0f, %.0f)", px, py)
	}
	// pixel -> data -> pixel round trip
	if got := r.PixelX(r.DataX(333)); math.Abs(got-333) > 1e-9 {
		t.Errorf("x round trip %v", got)
	}
	if got := r.PixelY(r.DataY(222)); math.Abs(got-222) > 1e-9 {
		t.Errorf("y round trip %v", got)
	}
}

// nearColour reports whether a pixel within d of (x, y) has roughly colour c.
func nearColour(img image.Image, x, y, d int, c color.NRGBA) bool {
	for yy := y - d; yy <= y+d; yy++ {
		for xx := x - d; xx <= x+d; xx++ {
			p := color.NRGBAModel.Convert(img.At(xx, yy)).(color.NRGBA)
			if absDiff(p.R, c.R) < 40 && absDiff(p.G, c.G) < 40 && absDiff(p.B, c.B) < 40 {
				return true
			}
		}
	}
	return false
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func TestGapIsNotBridged(t *testing.T) {
	s := synth(3000, 400, 700)
	for i := 1000; i < 2000; i++ {
		s.Flux[i] = math.NaN()
	}
	r, err := Image([]*fits.Spectrum{s}, Options{Width: 600, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	// columns well inside the gap hold no line colour at all
	x0, x1 := int(r.PixelX(s.Wave[1100])), int(r.PixelX(s.Wave[1900]))
	for x := x0; x < x1; x++ {
		for y := r.Area.Min.Y; y < r.Area.Max.Y; y++ {
			if nearColour(r.Image, x, y, 0, SeriesColor(0)) {
				t.Fatalf("line drawn inside the gap at (%d, %d)", x, y)
			}
		}
	}
	if !nearColour(r.Image, int(r.PixelX(s.Wave[500])), int(r.PixelY(s.Flux[500])), 2, SeriesColor(0)) {
		t.Error("line missing left of the gap")
	}
}

func TestZoomAndLogAndUnits(t *testing.T) {
	s := synth(30000, 300, 1000)
	r, err := Image([]*fits.Spectrum{s}, Options{Width: 600, Height: 300, X: Range{6500, 6600}, XUnit: "Angstrom", LogY: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Frame.XUnit != UnitAngstrom || r.Frame.X != (Range{6500, 6600}) || !r.Frame.LogY || r.Frame.Y.Min <= 0 {
		t.Errorf("frame %+v", r.Frame)
	}
	// H-alpha at 6563 Å is in view: the line is near its pixel
	i := int(math.Round((656.3 - 300) / 700 * 29999))
	if !nearColour(r.Image, int(r.PixelX(s.Wave[i]*10)), int(r.PixelY(s.Flux[i])), 2, SeriesColor(0)) {
		t.Error("zoomed line not where expected")
	}
}

func TestErrorBandAndQualityChangeImage(t *testing.T) {
	s := synth(20000, 400, 700)
	for i := 5000; i < 6000; i++ {
		s.Quality[i] = 4
		s.Flux[i] += 0.8 // bad pixels stick out
	}
	opts := Options{Width: 500, Height: 300, Y: Range{0, 2.5}}
	plain, _ := Image([]*fits.Spectrum{s}, opts)
	opts.ErrorBand = true
	band, _ := Image([]*fits.Spectrum{s}, opts)
	opts.ErrorBand = false
	opts.Quality = QualityHide
	hidden, _ := Image([]*fits.Spectrum{s}, opts)
	opts.Quality = QualityMark
	marked, _ := Image([]*fits.Spectrum{s}, opts)
	bg := color.White
	a := inset(plain.Area, 1)
	if differs(band, bg, a) <= differs(plain, bg, a) {
		t.Error("error band added no pixels")
	}
	// hiding removes the raised bad pixels
	x := int(plain.PixelX(s.Wave[5500]))
	y := int(plain.PixelY(s.Flux[5500]))
	if !nearColour(plain.Image, x, y, 2, SeriesColor(0)) || nearColour(hidden.Image, x, y, 2, SeriesColor(0)) {
		t.Error("quality hide did not remove the bad pixels")
	}
	if !nearColour(marked.Image, x, marked.Area.Max.Y-3, 1, qualityColor) {
		t.Error("quality mark ticks missing")
	}
}

func TestTwoSpectraLegendAndLabels(t *testing.T) {
	a := synth(5000, 400, 700)
	a.Title = "HD 1234 UVES"
	b := synth(5000, 500, 900)
	b.Title = "NGC 300 XSHOOTER"
	b.Air = true
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, FormatSVG, []*fits.Spectrum{a, b}, Options{XUnit: "micron", Legend: true}); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	// a is in vacuum, b in air: b is converted to vacuum, and the plot says so
	for _, want := range []string{"HD 1234 UVES", "NGC 300 XSHOOTER", "Wavelength [µm]", "air wavelengths converted to vacuum", "Flux [erg s⁻¹ cm⁻² Å⁻¹]"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	a.Air = true
	buf.Reset()
	Write(context.Background(), &buf, FormatSVG, []*fits.Spectrum{a, b}, Options{XUnit: "micron"})
	if !strings.Contains(buf.String(), "Wavelength in air [µm]") {
		t.Error("two air-wavelength spectra: label should say in air")
	}
	a.Air = false
	// hidden spectra leave the legend; a single one becomes the title
	buf.Reset()
	Write(context.Background(), &buf, FormatSVG, []*fits.Spectrum{a, b}, Options{Hidden: []bool{true}, Legend: true})
	if strings.Contains(buf.String(), "HD 1234") || !strings.Contains(buf.String(), "NGC 300 XSHOOTER") {
		t.Error("hidden spectrum still drawn")
	}
}

func TestWriteFormats(t *testing.T) {
	s := synth(2000, 400, 700)
	s.Quality[3] = 1
	s.Flux[4] = math.NaN()
	ctx := context.Background()
	var buf bytes.Buffer
	if err := Write(ctx, &buf, FormatPNG, []*fits.Spectrum{s}, Options{Width: 640, Height: 320}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil || img.Bounds().Dx() != 640 || img.Bounds().Dy() != 320 {
		t.Fatalf("png %v %v", err, img)
	}
	buf.Reset()
	if err := Write(ctx, &buf, FormatPDF, []*fits.Spectrum{s}, Options{}); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("pdf %v %q", err, buf.Bytes()[:min(8, buf.Len())])
	}
	buf.Reset()
	if err := Write(ctx, &buf, FormatCSV, []*fits.Spectrum{s}, Options{XUnit: "Angstrom", X: Range{4000, 4010}}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "spectrum,wavelength_Angstrom,flux,error,quality,flux_unit" {
		t.Errorf("header %v", rows[0])
	}
	if len(rows) < 5 || rows[4][4] != "1" || rows[5][2] != "NaN" || rows[1][1] != "4000" {
		t.Errorf("rows %v", rows[:min(7, len(rows))])
	}
	if err := Write(ctx, &buf, "gif", []*fits.Spectrum{s}, Options{}); err == nil {
		t.Error("gif accepted")
	}
}

func BenchmarkZoomRender(b *testing.B) {
	s := synth(300000, 300, 1000)
	cache := &Cache{}
	specs := []*fits.Spectrum{s}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		// a different sub-range each time, as when zooming with the wheel
		lo := 500 + float64(i%50)
		i++
		if _, err := Image(specs, Options{Width: 1200, Height: 500, X: Range{lo, lo + 120}, Cache: cache}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFullRender300k(b *testing.B) {
	s := synth(300000, 300, 1000)
	specs := []*fits.Spectrum{s}
	for b.Loop() {
		if _, err := Image(specs, Options{Width: 1200, Height: 500, ErrorBand: true}); err != nil {
			b.Fatal(err)
		}
	}
}
