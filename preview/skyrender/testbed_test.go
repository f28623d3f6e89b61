package skyrender

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"math"
	"math/bits"
	"testing"

	"esodesk/internal/testbedenv"
	"esodesk/services/healpix"
	"esodesk/services/hips"
)

type loadedTiles map[[2]int64]image.Image

func (l loadedTiles) Tile(order int, npix int64) (image.Image, bool) {
	img, ok := l[[2]int64{int64(order), npix}]
	return img, ok
}

// TestTestbedHiPS renders the testbed's all-sky HiPS (a healpy map cut into
// PNG tiles by HipsGen, fetched through services/hips) and checks, at the
// centres of its HEALPix pixels in view, that the pixel drawn there is the
// PNG tile's pixel for that HEALPix cell.
func TestTestbedHiPS(t *testing.T) {
	base := testbedenv.URL(t) + "/hips/q/s/static/allsky"
	ctx := context.Background()
	c := hips.New(nil, t.TempDir(), 0)
	p, err := c.Properties(ctx, base)
	if err != nil {
		t.Skipf("the testbed has no all-sky HiPS at %s: %v", base, err)
	}
	if p.ImageFormat() != "png" {
		t.Fatalf("testbed HiPS formats %v: want png", p.Formats)
	}
	for _, v := range []View{
		{Center: [2]float64{266.4, -29}, FOV: 40, Projection: TAN, Width: 640, Height: 400},
		{Center: [2]float64{30, 60}, FOV: 30, Projection: TAN, Width: 640, Height: 400, Galactic: true},
		{Center: [2]float64{100, -20}, FOV: 100, Projection: AIT, Width: 640, Height: 400},
	} {
		order, list := Needed(v, p)
		if order != p.Order || len(list) == 0 {
			t.Fatalf("%+v: Needed = order %d, %d tiles; want order %d (hips_order)", v, order, len(list), p.Order)
		}
		tiles := loadedTiles{}
		for _, n := range list {
			data, err := c.Tile(ctx, base, order, n, "png")
			if err != nil {
				t.Fatalf("tile %d/%d: %v", order, n, err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("tile %d/%d: %v", order, n, err)
			}
			tiles[[2]int64{int64(order), n}] = img
		}
		dst := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
		Render(dst, v, &Background{Props: p, Tiles: tiles}, nil, Options{})
		tw := tileWidth(p)
		fine := order + bits.TrailingZeros(uint(tw))
		checked, bad := 0, 0
		for ip := int64(0); ip < healpix.NPix(fine); ip += 7 {
			lon, lat := healpix.Pix2AngNest(fine, ip)
			x, y, ok := v.Project(lon, lat)
			if !ok || x < 1 || y < 1 || x > float64(v.Width)-1 || y > float64(v.Height)-1 || nearLimb(v, int(x), int(y)) {
				continue
			}
			tile, tx, ty := healpix.TilePixel(order, tw, ip)
			img := tiles[[2]int64{int64(order), tile}]
			r, g, b, a := img.At(img.Bounds().Min.X+tx, img.Bounds().Min.Y+ty).RGBA()
			if a != 0xffff {
				continue // transparent in the tile: drawn over the sky colour
			}
			// The screen pixel whose centre lies in the same HEALPix cell
			// (near a cell's corner the centre may lie in a neighbour).
			px, py := int(math.Floor(x)), int(math.Floor(y))
			if ra, dec, _ := v.Unproject(float64(px)+0.5, float64(py)+0.5); healpix.Ang2PixNest(fine, ra, dec) != ip {
				continue
			}
			got := dst.RGBAAt(px, py)
			if got.R != uint8(r>>8) || got.G != uint8(g>>8) || got.B != uint8(b>>8) {
				bad++
				t.Logf("%s %v: HEALPix %d/%d at (%.3f, %.3f) → pixel (%.1f, %.1f) = %v, tile %d (%d, %d) has (%d, %d, %d)",
					v.Projection, v.Center, fine, ip, lon, lat, x, y, got, tile, tx, ty, r>>8, g>>8, b>>8)
			}
			checked++
		}
		if bad > 0 {
			t.Errorf("%s %v: %d of %d positions differ from their PNG tile pixel", v.Projection, v.Center, bad, checked)
		}
		if checked < 200 {
			t.Errorf("%+v: only %d positions checked", v, checked)
		}
		t.Logf("%s %v: %d tiles, %d positions match their PNG tile pixel", v.Projection, v.Center, len(list), checked)
	}
}
