package render

import (
	"bytes"
	"encoding/xml"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"esodesk/internal/plotfont"
	"esodesk/services/conditions"
)

func nightOptions() Options {
	return Options{Width: 1400, Height: 900, Title: "Paranal — 2019-03-05 night",
		Range: conditions.Interval{Start: night0, End: night0.Add(11 * time.Hour)}}
}

// colourNear: within tol of c on every channel.
func colourNear(p, c color.NRGBA, tol int) bool {
	d := func(a, b uint8) bool { return int(a)-int(b) <= tol && int(b)-int(a) <= tol }
	return d(p.R, c.R) && d(p.G, c.G) && d(p.B, c.B)
}

// blueTint: the pale blue of a band over the white background.
func blueTint(c color.NRGBA) bool { return int(c.B)-int(c.R) > 20 && c.B > 200 }

func TestBandTintsAllPanelsWhereLayoutSays(t *testing.T) {
	opt := nightOptions()
	b := Band{Start: night0.Add(6 * time.Hour), End: night0.Add(7 * time.Hour)}
	opt.Bands = []Band{b}
	img, l, err := Render(testNight(), opt)
	if err != nil {
		t.Fatal(err)
	}
	in := int(l.X(b.Start.Add(20 * time.Minute))) // between tick columns
	out := int(l.X(b.End.Add(20 * time.Minute)))
	for i, p := range l.Panels {
		var tinted, outside, rows int
		for y := int(p.Top) + 2; y < int(p.Bottom)-2; y++ {
			rows++
			if blueTint(rgba(img, in, y)) {
				tinted++
			}
			if blueTint(rgba(img, out, y)) {
				outside++
			}
		}
		if tinted < rows*9/10 {
			t.Errorf("panel %d (%s): %d of %d rows tinted inside the band", i, p.Quantity, tinted, rows)
		}
		if outside > 3 { // the blue seeing line crossing that column, antialiased
			t.Errorf("panel %d (%s): %d rows tinted outside the band", i, p.Quantity, outside)
		}
	}
	// the band's edges are where Layout.X puts them
	y := int((l.Panels[1].Top + l.Panels[1].Bottom) / 2)
	x0, x1 := l.X(b.Start), l.X(b.End)
	if blueTint(rgba(img, int(x0)-2, y)) || !blueTint(rgba(img, int(x0)+2, y)) ||
		!blueTint(rgba(img, int(x1)-2, y)) || blueTint(rgba(img, int(x1)+2, y)) {
		t.Errorf("band edges not at x %.1f..%.1f", x0, x1)
	}
}

func TestGapIsNotBridged(t *testing.T) {
	series := testNight()
	img, l, err := Render(series, nightOptions())
	if err != nil {
		t.Fatal(err)
	}
	p := l.Panels[0] // seeing
	line := PanelColour(0)
	count := func(x0, x1 int) int {
		n := 0
		for x := x0; x <= x1; x++ {
			for y := int(p.Top); y <= int(p.Bottom); y++ {
				if colourNear(rgba(img, x, y), line, 60) {
					n++
				}
			}
		}
		return n
	}
	gx0, gx1 := int(l.X(gapFrom))+3, int(l.X(gapTo))-3
	if n := count(gx0, gx1); n > 0 {
		t.Errorf("%d line pixels across the gap (x %d..%d)", n, gx0, gx1)
	}
	// the same width of data next to the gap has the line: the count works
	w := gx1 - gx0
	if n := count(gx1+10, gx1+10+w); n < w {
		t.Errorf("only %d line pixels where there is data", n)
	}
	// the flagged 25″ sample neither shows nor stretches the axis
	f, err := build(series, nightOptions().withDefaults(), false)
	if err != nil {
		t.Fatal(err)
	}
	if ymax := f.plots[0].Y.Max; ymax > 1.1 {
		t.Errorf("seeing axis goes to %v: the invalid sample stretched it", ymax)
	}
}

func TestEmptySeriesShowsItsNote(t *testing.T) {
	img, l, err := Render(testNight(), nightOptions())
	if err != nil {
		t.Fatal(err)
	}
	p := l.Panels[2] // PWV at La Silla
	if p.Quantity != conditions.PWV {
		t.Fatalf("panel 2 is %s", p.Quantity)
	}
	var grey, line int
	midY := int((p.Top + p.Bottom) / 2)
	for y := int(p.Top); y <= int(p.Bottom); y++ {
		for x := int(l.Left); x < int(l.Right); x++ {
			c := rgba(img, x, y)
			if colourNear(c, PanelColour(2), 40) {
				line++
			}
			if y > midY-12 && y < midY+12 && c.R < 180 && colourNear(c, color.NRGBA{c.R, c.R, c.R, 255}, 12) {
				grey++
			}
		}
	}
	if line > 0 {
		t.Errorf("%d line pixels in the empty panel", line)
	}
	if grey < 200 {
		t.Errorf("no note text in the middle of the empty panel (%d grey pixels)", grey)
	}
	// no frame: the left edge of the data area is background there
	var frame int
	for y := int(p.Top) + 2; y < int(p.Bottom)-2; y++ {
		if c := rgba(img, int(l.Left), y); !isWhite(c) {
			frame++
		}
	}
	if frame > 0 {
		t.Errorf("the empty panel has a frame (%d pixels on its left edge)", frame)
	}
}

func TestTimeAtAndXRoundTrip(t *testing.T) {
	_, l, err := Render(testNight(), nightOptions())
	if err != nil {
		t.Fatal(err)
	}
	if l.Range.Start != night0 || len(l.Panels) != 5 || !(l.Right > l.Left) {
		t.Fatalf("layout %+v", l)
	}
	for _, d := range []time.Duration{0, 17 * time.Minute, 5*time.Hour + 12*time.Second, 11 * time.Hour} {
		want := night0.Add(d)
		got, ok := l.TimeAt(l.X(want))
		if !ok || got.Sub(want).Abs() > time.Millisecond {
			t.Errorf("TimeAt(X(%v)) = %v, %v", want, got, ok)
		}
	}
	if _, ok := l.TimeAt(l.Left - 1); ok {
		t.Error("a time left of the data area")
	}
	for i := 1; i < len(l.Panels); i++ {
		if l.Panels[i].Top <= l.Panels[i-1].Bottom {
			t.Errorf("panels %d and %d overlap", i-1, i)
		}
	}
}

func TestWriteFormats(t *testing.T) {
	dir := t.TempDir()
	opt := nightOptions()
	opt.Bands = []Band{{Start: night0.Add(time.Hour), End: night0.Add(2 * time.Hour), Label: "UVES.2019-03-06T00:00:00.000"}}
	for _, ext := range []string{"png", "svg", "pdf"} {
		path := filepath.Join(dir, "c."+ext)
		if err := Write(path, testNight(), opt); err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch ext {
		case "png":
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil || img.Bounds().Dx() != 1400 || img.Bounds().Dy() != 900 {
				t.Errorf("png: %v %v", err, img.Bounds())
			}
		case "svg":
			d := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("svg is not XML: %v", err)
				}
			}
			if !strings.Contains(string(data), "τ₀ (ms)") || !strings.Contains(string(data), "Seeing (″)") {
				t.Error("svg lacks the Unicode panel labels")
			}
		case "pdf":
			if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[len(data)-32:], []byte("%%EOF")) {
				t.Error("not a complete PDF")
			}
		}
	}
	err := Write(filepath.Join(dir, "c.jpg"), testNight(), opt)
	if err == nil || !strings.Contains(err.Error(), ".png, .svg or .pdf") {
		t.Errorf("jpg: %v", err)
	}
	if _, serr := os.Stat(filepath.Join(dir, "c.jpg")); serr == nil {
		t.Error("a c.jpg was left behind")
	}
}

func TestTextFallsBackForPDF(t *testing.T) {
	if got := drawable("Seeing (″)", true); got != "Seeing (arcsec)" {
		t.Errorf("pdf: %q", got)
	}
	if got := drawable("τ₀ (ms)", true); got != "tau0 (ms)" {
		t.Errorf("pdf: %q", got)
	}
	if got := drawable("τ₀ (ms)", false); got != "τ₀ (ms)" {
		t.Errorf("image: %q (the font has the glyphs)", got)
	}
	for _, r := range "″τθ₀°—" {
		if !plotfont.HasGlyph(r) {
			t.Errorf("font lacks %q", r)
		}
	}
}

func TestAxisTitleAndTicks(t *testing.T) {
	r := conditions.Interval{Start: night0, End: night0.Add(11 * time.Hour)}
	if got := axisTitle(r); got != "UTC, night of 2019-03-05" {
		t.Errorf("%q", got)
	}
	r2 := conditions.Interval{Start: night0, End: night0.Add(60 * time.Hour)}
	if got := axisTitle(r2); got != "UTC, 2019-03-05 to 2019-03-08" {
		t.Errorf("%q", got)
	}
	for _, c := range []struct {
		span time.Duration
		want time.Duration
	}{{3 * time.Hour, 30 * time.Minute}, {11 * time.Hour, 2 * time.Hour}, {20 * time.Hour, 3 * time.Hour}} {
		if got := tickStep(c.span, 8); got != c.want {
			t.Errorf("tickStep(%v) = %v, want %v", c.span, got, c.want)
		}
	}
	ticks := timeTicks{origin: night0, maxTicks: 8}.Ticks(0, 11*3600)
	if len(ticks) == 0 || ticks[0].Label != "00:00" || ticks[0].Value != 3600 {
		t.Errorf("ticks %+v", ticks)
	}
}

func BenchmarkRenderNight(b *testing.B) {
	series := testNight()
	series[2] = series[1] // five panels with data
	series[2].Quantity = conditions.PWV
	opt := nightOptions()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Render(series, opt); err != nil {
			b.Fatal(err)
		}
	}
}
