package preview

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"
)

func TestThumbnailAreaAverage(t *testing.T) {
	// 6x4 of 2x2 checker cells → 3x2: every output pixel averages one cell.
	src := image.NewNRGBA(image.Rect(0, 0, 6, 4))
	for y := 0; y < 4; y++ {
		for x := 0; x < 6; x++ {
			src.SetNRGBA(x, y, color.NRGBA{uint8(40 * (x/2 + 3*(y/2))), 10, 250, 255})
		}
	}
	got := Thumbnail(src, 3).(*image.RGBA)
	if b := got.Bounds(); b.Dx() != 3 || b.Dy() != 2 {
		t.Fatalf("bounds %v", b)
	}
	for y := 0; y < 2; y++ {
		for x := 0; x < 3; x++ {
			want := color.RGBA{uint8(40 * (x + 3*y)), 10, 250, 255}
			if c := got.RGBAAt(x, y); c != want {
				t.Errorf("(%d,%d) = %v, want %v", x, y, c, want)
			}
		}
	}

	// Non-integer factor (300 → 70): each output column is the white share
	// of the 300/70 source columns under it, and the aspect ratio is kept.
	stripes := image.NewGray(image.Rect(0, 0, 300, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 300; x += 2 {
			stripes.SetGray(x, y, color.Gray{255})
		}
	}
	th := Thumbnail(stripes, 70).(*image.RGBA)
	if b := th.Bounds(); b.Dx() != 70 || b.Dy() != 23 {
		t.Fatalf("bounds %v, want 70x23", b)
	}
	scale := 300.0 / 70
	for x := 0; x < 70; x++ {
		lo, hi := float64(x)*scale, float64(x+1)*scale
		white := 0.0
		for i := 0; i < 300; i += 2 { // white columns span [i, i+1)
			white += math.Max(0, math.Min(hi, float64(i+1))-math.Max(lo, float64(i)))
		}
		want := 255 * white / scale
		if v := float64(th.RGBAAt(x, 10).R); math.Abs(v-want) > 1 {
			t.Errorf("column %d = %g, want %.1f", x, v, want)
		}
	}

	// Transparent pixels do not darken their neighbours' colour.
	half := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	half.SetNRGBA(0, 0, color.NRGBA{255, 0, 0, 255})
	half.SetNRGBA(1, 0, color.NRGBA{0, 0, 0, 0})
	c := color.NRGBAModel.Convert(Thumbnail(half, 1).At(0, 0)).(color.NRGBA)
	if c.R < 250 || c.A < 126 || c.A > 129 {
		t.Errorf("red next to transparent = %v, want red at half opacity", c)
	}

	if small := Thumbnail(src, 10); small != image.Image(src) {
		t.Error("an image that fits was copied")
	}
}

// The NRGBA fast path (what PNGs decode to) agrees with converting to
// premultiplied RGBA first.
func TestThumbnailNRGBAMatchesRGBA(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 97, 61))
	for i := range src.Pix {
		src.Pix[i] = uint8(i * 37 % 251)
	}
	rgba := image.NewRGBA(src.Bounds())
	draw.Draw(rgba, rgba.Bounds(), src, image.Point{}, draw.Src)
	a, b := Thumbnail(src, 20).(*image.RGBA), Thumbnail(rgba, 20).(*image.RGBA)
	for i := range a.Pix {
		if d := int(a.Pix[i]) - int(b.Pix[i]); d < -1 || d > 1 {
			t.Fatalf("byte %d: NRGBA path %d, RGBA path %d", i, a.Pix[i], b.Pix[i])
		}
	}
}
