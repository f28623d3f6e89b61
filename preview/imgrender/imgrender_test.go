package imgrender

import (
	"context"
	"encoding/json"
	"image"
	"image/color"
	"math"
	"os/exec"
	"testing"
)

type reference struct {
	Data          []*float64            `json:"data"`
	ZScale        [2]float64            `json:"zscale"`
	MinMax        [2]float64            `json:"minmax"`
	Percentile    map[string][2]float64 `json:"percentile"`
	StretchLimits [2]float64            `json:"stretch_limits"`
	StretchValues []float64             `json:"stretch_values"`
	Stretch       map[string][]float64  `json:"stretch"`
}

// astropyReference runs testdata/reference.py (astropy.visualization).
func astropyReference(t *testing.T) (reference, []float32) {
	t.Helper()
	out, err := exec.Command("/usr/bin/python3", "testdata/reference.py").Output()
	if err != nil {
		t.Skipf("no astropy reference (/usr/bin/python3 with astropy): %v", err)
	}
	var r reference
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	data := make([]float32, len(r.Data))
	for i, v := range r.Data {
		data[i] = float32(math.NaN())
		if v != nil {
			data[i] = float32(*v)
		}
	}
	return r, data
}

func near(a, b, rel float64) bool { return math.Abs(a-b) <= rel*math.Max(1, math.Abs(b)) }

// TestLimitsMatchAstropy: zscale equals ZScaleInterval, percentiles equal
// PercentileInterval, minmax nanmin/nanmax, on data with NaNs (ignored).
func TestLimitsMatchAstropy(t *testing.T) {
	r, data := astropyReference(t)
	check := func(scale string, want [2]float64) {
		lo, hi, err := Limits(data, scale)
		if err != nil {
			t.Fatal(err)
		}
		if !near(lo, want[0], 1e-6) || !near(hi, want[1], 1e-6) {
			t.Errorf("%s: limits %v %v, astropy %v", scale, lo, hi, want)
		}
	}
	check("zscale", r.ZScale)
	check("minmax", r.MinMax)
	for p, want := range r.Percentile {
		check(p, want)
	}
	if _, _, err := Limits([]float32{float32(math.NaN())}, "zscale"); err == nil {
		t.Error("all-NaN data: no error")
	}
	if _, _, err := Limits(data, "101"); err == nil {
		t.Error("scale 101: no error")
	}
}

// TestStretchesMatchAstropy: Normalize with each stretch equals astropy's
// ManualInterval(lo, hi) + clip + LinearStretch / LogStretch(a=1000) /
// SqrtStretch / AsinhStretch(a=0.1) to 1e-6, values outside [lo, hi] included.
func TestStretchesMatchAstropy(t *testing.T) {
	r, _ := astropyReference(t)
	lo, hi := r.StretchLimits[0], r.StretchLimits[1]
	for name, want := range r.Stretch {
		for i, v := range r.StretchValues {
			if got := Normalize(v, lo, hi, name); math.Abs(got-want[i]) > 1e-6 {
				t.Errorf("%s(%v) = %v, astropy %v", name, v, got, want[i])
			}
		}
	}
}

// tiny is a 4x3 image whose value is 10*row+col (row 0 at the bottom).
func tiny() []float32 {
	d := make([]float32, 12)
	for j := range 3 {
		for i := range 4 {
			d[j*4+i] = float32(10*j + i)
		}
	}
	return d
}

func grayOf(v, lo, hi float64) uint8 {
	return colormap("gray").at(Normalize(v, lo, hi, "linear")).R
}

// TestRenderGeometry: Fit shows the whole image north up (image row 0 at
// the bottom of the output), each image pixel as a Zoom x Zoom block; a
// panned view puts its centre pixel in the middle; outside the image is
// transparent.
func TestRenderGeometry(t *testing.T) {
	d := tiny()
	p := Params{Scale: "minmax", Stretch: "linear", Colormap: "gray"}
	v := Fit(4, 3, 8, 6)
	if v.Zoom != 2 || v.CX != 1.5 || v.CY != 1 {
		t.Fatalf("Fit = %+v", v)
	}
	img, err := Render(context.Background(), d, 4, 3, 0, 23, p, v)
	if err != nil {
		t.Fatal(err)
	}
	for oy := range 6 {
		for ox := range 8 {
			i, j := ox/2, 2-oy/2
			if got, want := img.RGBAAt(ox, oy).R, grayOf(float64(10*j+i), 0, 23); got != want {
				t.Errorf("output (%d,%d) = %d, want image pixel (%d,%d) = %d", ox, oy, got, i, j, want)
			}
		}
	}
	// Pan: pixel (3, 0) at the centre of a 3x3 output at zoom 1; what
	// lies right of and below it is outside the image.
	v = View{CX: 3, CY: 0, Zoom: 1, W: 3, H: 3}
	img, _ = Render(context.Background(), d, 4, 3, 0, 23, p, v)
	if got, want := img.RGBAAt(1, 1).R, grayOf(3, 0, 23); got != want {
		t.Errorf("centre = %d, want pixel (3,0) = %d", got, want)
	}
	if got, want := img.RGBAAt(0, 0).R, grayOf(12, 0, 23); got != want {
		t.Errorf("top left = %d, want pixel (2,1) = %d", got, want)
	}
	if img.RGBAAt(2, 1).A != 0 || img.RGBAAt(1, 2).A != 0 {
		t.Error("outside the image is not transparent")
	}
	// ToOutput and ToImage are inverses.
	v = View{CX: 10.3, CY: -4, Zoom: 3.5, W: 101, H: 77}
	x, y := v.ToImage(v.ToOutput(7.25, 2.5))
	if !near(x, 7.25, 1e-12) || !near(y, 2.5, 1e-12) {
		t.Errorf("round trip: %v %v", x, y)
	}
}

// TestRenderZoomOutAveragesAndNaN: at zoom 1/2 each output pixel is the
// mean of the finite pixels of its 2x2 block; a NaN pixel alone draws
// NaNColor, inside a block it is skipped.
func TestRenderZoomOutAveragesAndNaN(t *testing.T) {
	d := []float32{ // 4x4, row 0 at the bottom
		0, 2, 4, 6,
		8, 10, 12, 14,
		16, float32(math.NaN()), 20, 22,
		float32(math.NaN()), float32(math.NaN()), 28, 30,
	}
	p := Params{Scale: "minmax", Stretch: "linear", Colormap: "gray"}
	img, err := Render(context.Background(), d, 4, 4, 0, 30, p, Fit(4, 4, 2, 2))
	if err != nil {
		t.Fatal(err)
	}
	want := map[image.Point]float64{{0, 1}: 5, {1, 1}: 9, {0, 0}: 16, {1, 0}: 25}
	for pt, m := range want {
		if got := img.RGBAAt(pt.X, pt.Y).R; got != grayOf(m, 0, 30) {
			t.Errorf("block at %v = %d, want mean %v (%d)", pt, got, m, grayOf(m, 0, 30))
		}
	}
	img, _ = Render(context.Background(), d, 4, 4, 0, 30, p, Fit(4, 4, 4, 4))
	if got := img.RGBAAt(1, 1); got != NaNColor {
		t.Errorf("NaN pixel drawn %v, want %v", got, NaNColor)
	}
	// Inverted: the lowest value is white.
	p.Invert = true
	img, _ = Render(context.Background(), d, 4, 4, 0, 30, p, Fit(4, 4, 4, 4))
	if got := img.RGBAAt(0, 3); got != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("inverted minimum = %v", got)
	}
}

// TestColormapsAndParams: every listed map renders, ends at its anchors,
// and unknown names are refused.
func TestColormapsAndParams(t *testing.T) {
	names := Colormaps()
	for _, want := range []string{"gray", "heat", "cool", "viridis", "inferno", "magma", "rainbow"} {
		m := colormap(want)
		if m == nil {
			t.Fatalf("no colour map %s in %v", want, names)
		}
		if c := m.at(1); c != (color.RGBA{m[len(m)-1][0], m[len(m)-1][1], m[len(m)-1][2], 255}) {
			t.Errorf("%s at 1 = %v", want, c)
		}
	}
	for _, p := range []Params{{Colormap: "nope"}, {Stretch: "cube"}, {Scale: "median"}} {
		if _, err := Render(context.Background(), tiny(), 4, 3, 0, 1, p, Fit(4, 3, 4, 3)); err == nil {
			t.Errorf("%+v: no error", p)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Render(ctx, tiny(), 4, 3, 0, 1, Params{}, Fit(4, 3, 4, 3)); err == nil {
		t.Error("cancelled: no error")
	}
}

// TestDrawGrid: with a linear sky (RA decreasing to the right, 1"/px),
// lines are drawn, and nothing when the sky function fails everywhere.
func TestDrawGrid(t *testing.T) {
	v := Fit(600, 400, 600, 400)
	sky := func(x, y float64) (float64, float64, bool) { return 150 - x/3600, 2 + y/3600, true }
	pix := func(ra, dec float64) (float64, float64, bool) { return (150 - ra) * 3600, (dec - 2) * 3600, true }
	img := image.NewRGBA(image.Rect(0, 0, 600, 400))
	DrawGrid(img, v, 600, 400, sky, pix)
	// Dec lines are horizontal every 1' (60 px): count the rows with grid colour.
	rows := 0
	for y := range 400 {
		if img.RGBAAt(300, y).G > 0 && img.RGBAAt(10, y).G > 0 && img.RGBAAt(590, y).G > 0 {
			rows++
		}
	}
	if rows < 3 || rows > 8 {
		t.Errorf("%d horizontal Dec lines, want 3..8 (every 1')", rows)
	}
	empty := image.NewRGBA(image.Rect(0, 0, 600, 400))
	DrawGrid(empty, v, 600, 400, func(x, y float64) (float64, float64, bool) { return 0, 0, false }, pix)
	for _, b := range empty.Pix {
		if b != 0 {
			t.Fatal("grid drawn without a sky")
		}
	}
}
