package skyrender

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math/bits"
	"sync"
	"testing"

	"esodesk/services/healpix"
	"esodesk/services/hips"
)

// fakeTiles makes tile images whose every pixel says which tile and pixel it
// is, so a rendered pixel can be traced back to the tile pixel it shows.
type fakeTiles struct {
	width    int
	maxOrder int // tiles beyond are "not loaded yet"
	mu       sync.Mutex
	made     map[[2]int64]image.Image
}

func fakeColour(order int, tile int64, x, y int) color.RGBA {
	h := uint32(tile)*2654435761 + uint32(order)*40503
	return color.RGBA{uint8(x*4) ^ uint8(h), uint8(y*4) ^ uint8(h>>8), uint8(x>>6|y>>6<<2) ^ uint8(h>>16), 255}
}

func (f *fakeTiles) Tile(order int, npix int64) (image.Image, bool) {
	if order > f.maxOrder {
		return nil, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	k := [2]int64{int64(order), npix}
	if img, ok := f.made[k]; ok {
		return img, true
	}
	img := image.NewRGBA(image.Rect(0, 0, f.width, f.width))
	for y := range f.width {
		for x := range f.width {
			img.SetRGBA(x, y, fakeColour(order, npix, x, y))
		}
	}
	if f.made == nil {
		f.made = map[[2]int64]image.Image{}
	}
	f.made[k] = img
	return img, true
}

// expected is the colour the tile pixel under screen pixel (px, py) has:
// computed per pixel with HEALPix (no mesh), the reference for Render.
func expected(t *testing.T, v View, p hips.Properties, tiles Tiles, order int, px, py int) (color.RGBA, bool) {
	ra, dec, ok := v.Unproject(float64(px)+0.5, float64(py)+0.5)
	if !ok {
		return color.RGBA{}, false
	}
	lon, lat := ra, dec
	if p.Frame == "galactic" {
		lon, lat = galactic(ra, dec)
	}
	tw := tileWidth(p)
	ip := healpix.Ang2PixNest(order+bits.TrailingZeros(uint(tw)), lon, lat)
	tile, x, y := healpix.TilePixel(order, tw, ip)
	img, ok := tiles.Tile(order, tile)
	if !ok {
		t.Fatalf("tile %d/%d not loaded", order, tile)
	}
	return img.(*image.RGBA).RGBAAt(x, y), true
}

func galactic(ra, dec float64) (float64, float64) {
	return icrsToGalVec(toVec(ra, dec)).lonLat()
}

func icrsToGalVec(v vec3) vec3 { m := icrsToGal(); return m.apply(v) }

// TestRenderShowsTilePixels: every screen pixel shows the tile pixel that
// HEALPix puts under its centre (computed per pixel, independently of the
// mesh), in TAN, SIN, AIT and CAR views, with equatorial and galactic
// HiPS, within a pixel of a tile-pixel boundary at most.
func TestRenderShowsTilePixels(t *testing.T) {
	cases := []struct {
		v     View
		frame string
	}{
		{View{Center: [2]float64{150, 2.2}, FOV: 3, Projection: TAN, Width: 640, Height: 400}, "equatorial"},
		{View{Center: [2]float64{10, 88}, FOV: 10, Projection: TAN, Width: 500, Height: 400}, "equatorial"},
		{View{Center: [2]float64{266, -29}, FOV: 6, Projection: TAN, Width: 500, Height: 400, Galactic: true}, "galactic"},
		{View{Center: [2]float64{80, -60}, FOV: 8, Projection: SIN, Width: 400, Height: 400}, "galactic"},
		{View{Center: [2]float64{0, 0}, FOV: 40, Projection: AIT, Width: 600, Height: 400}, "equatorial"},
		{View{Center: [2]float64{0, 0}, FOV: 30, Projection: CAR, Width: 600, Height: 400}, "equatorial"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s_%v_%s", c.v.Projection, c.v.Center, c.frame), func(t *testing.T) {
			p := hips.Properties{Order: 9, TileWidth: 64, Frame: c.frame}
			tiles := &fakeTiles{width: 64, maxOrder: 9}
			order, list := Needed(c.v, p)
			if list == nil {
				t.Fatalf("order %d: Allsky only", order)
			}
			dst := image.NewRGBA(image.Rect(0, 0, c.v.Width, c.v.Height))
			Render(dst, c.v, &Background{Props: p, Tiles: tiles}, nil, Options{})
			compareWithTiles(t, dst, c.v, p, tiles, order)
		})
	}
}

func compareWithTiles(t *testing.T, dst *image.RGBA, v View, p hips.Properties, tiles Tiles, order int) {
	t.Helper()
	n, bad, off := 0, 0, 0
	for py := range v.Height {
		for px := range v.Width {
			want, ok := expected(t, v, p, tiles, order, px, py)
			if !ok || nearLimb(v, px, py) {
				continue
			}
			n++
			got := dst.RGBAAt(px, py)
			if got == want {
				continue
			}
			bad++
			// A miss must still be the pixel under a point within one screen
			// pixel (a tile-pixel boundary crosses this pixel).
			near := false
			for _, d := range [][2]float64{{-1, 0}, {1, 0}, {0, -1}, {0, 1}, {-1, -1}, {1, 1}, {-1, 1}, {1, -1}, {-.5, 0}, {.5, 0}, {0, -.5}, {0, .5}} {
				ra, dec, ok := v.Unproject(float64(px)+0.5+d[0], float64(py)+0.5+d[1])
				if !ok {
					near = true
					break
				}
				lon, lat := ra, dec
				if p.Frame == "galactic" {
					lon, lat = galactic(ra, dec)
				}
				tw := tileWidth(p)
				tile, x, y := healpix.TilePixel(order, tw, healpix.Ang2PixNest(order+bits.TrailingZeros(uint(tw)), lon, lat))
				img, _ := tiles.Tile(order, tile)
				if img.(*image.RGBA).RGBAAt(x, y) == got {
					near = true
					break
				}
			}
			if !near {
				off++
				if off < 5 {
					t.Logf("pixel (%d, %d) = %v, want %v (not a neighbour's either)", px, py, got, want)
				}
			}
		}
	}
	if n < v.Width*v.Height/3 {
		t.Fatalf("only %d pixels on the sky", n)
	}
	// Misses must be at tile-pixel boundaries; a few (where tile pixels are
	// smaller than screen pixels, as near a pole) may be one more off.
	if frac := float64(bad) / float64(n); frac > 0.05 || off > n/200 {
		t.Errorf("%d of %d pixels differ from the tile pixel under them (%.2f%%), %d not even a neighbour's", bad, n, 100*frac, off)
	} else {
		t.Logf("%d of %d pixels at tile-pixel boundaries differ (%.2f%%)", bad, n, 100*frac)
	}
}

// TestRenderFallsBack: where a tile is not loaded its parent is drawn, and
// with no tile at all the Allsky image; no pixel of the map is left empty.
func TestRenderFallsBack(t *testing.T) {
	v := View{Center: [2]float64{150, 2.2}, FOV: 3, Projection: TAN, Width: 640, Height: 400}
	p := hips.Properties{Order: 9, TileWidth: 64, Frame: "equatorial"}
	order, _ := Needed(v, p)
	tiles := &fakeTiles{width: 64, maxOrder: order - 2}
	dst := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	Render(dst, v, &Background{Props: p, Tiles: tiles}, nil, Options{})
	compareWithTiles(t, dst, v, p, tiles, order-2)

	// Fast (half resolution, doubled): still no empty pixel.
	Render(dst, v, &Background{Props: p, Tiles: tiles}, nil, Options{Fast: true})
	if n := countColour(dst, color.NRGBA{SkyColour.R, SkyColour.G, SkyColour.B, 255}, dst.Bounds()); n > 0 {
		t.Errorf("Fast frame: %d pixels without background", n)
	}

	// No tiles: the Allsky (order 3, 27 tiles a row), upsampled.
	allskyTiles := &fakeTiles{width: 16, maxOrder: 3}
	allsky := image.NewRGBA(image.Rect(0, 0, 27*16, 29*16))
	for n := range healpix.NPix(3) {
		img, _ := allskyTiles.Tile(3, n)
		at := image.Pt(int(n%27)*16, int(n/27)*16)
		draw.Draw(allsky, image.Rectangle{at, at.Add(image.Pt(16, 16))}, img, image.Point{}, draw.Src)
	}
	Render(dst, v, &Background{Props: p, Tiles: &fakeTiles{width: 64, maxOrder: -1}, Allsky: allsky}, nil, Options{})
	compareWithTiles(t, dst, v, hips.Properties{Order: 3, TileWidth: 16}, allskyTiles, 3)

	// The whole sky in AIT: the Allsky alone.
	w := View{Center: [2]float64{0, 0}, FOV: 360, Projection: AIT, Width: 800, Height: 500}
	if _, list := Needed(w, p); list != nil {
		t.Errorf("whole sky: Needed lists %d tiles, want the Allsky only", len(list))
	}
	dst = image.NewRGBA(image.Rect(0, 0, w.Width, w.Height))
	Render(dst, w, &Background{Props: p, Allsky: allsky}, nil, Options{})
	compareWithTiles(t, dst, w, hips.Properties{Order: 3, TileWidth: 16}, allskyTiles, 3)
}

// TestNeeded: the order makes a tile pixel about a screen pixel, and the
// tiles listed cover every pixel of the view (every pixel's centre and
// corners fall in a listed tile) and none is wholly off screen.
func TestNeeded(t *testing.T) {
	p := hips.Properties{Order: 11, TileWidth: 64, Frame: "equatorial"}
	for _, v := range []View{
		{Center: [2]float64{150, 2.2}, FOV: 1.5, Projection: TAN, Width: 1280, Height: 800},
		{Center: [2]float64{359.9, -89.9}, FOV: 0.3, Projection: TAN, Width: 1280, Height: 800},
		{Center: [2]float64{30, 10}, FOV: 40, Projection: AIT, Width: 1280, Height: 800},
		{Center: [2]float64{180, 60}, FOV: 120, Projection: AIT, Width: 1280, Height: 800, Galactic: true},
		{Center: [2]float64{10, 20}, FOV: 0.01, Projection: TAN, Width: 1280, Height: 800},
		{Center: [2]float64{170, -10}, FOV: 200, Projection: AIT, Width: 1280, Height: 800},
	} {
		order, list := Needed(v, p)
		ratio := healpix.PixelSize(order+6) / v.PixelScale()
		if order < p.Order && (ratio > 1.5 || ratio < 0.7) {
			t.Errorf("%+v: order %d: tile pixel / screen pixel = %.2f", v, order, ratio)
		}
		set := map[int64]bool{}
		for _, n := range list {
			set[n] = true
		}
		hit := map[int64]bool{}
		for y := 0.0; y <= float64(v.Height); y += 2 {
			for x := 0.0; x <= float64(v.Width); x += 2 {
				ra, dec, ok := v.Unproject(x, y)
				if !ok {
					continue
				}
				n := healpix.Ang2PixNest(order, ra, dec)
				if !set[n] {
					t.Fatalf("%+v: pixel (%g, %g) is in tile %d/%d, not listed", v, x, y, order, n)
				}
				hit[n] = true
			}
		}
		for _, n := range list {
			if !hit[n] && !nearView(v, order, n) {
				t.Errorf("%+v: tile %d/%d listed but no pixel shows it", v, order, n)
			}
		}
		t.Logf("%s FOV %g: order %d (tile px %.2f screen px), %d tiles", v.Projection, v.FOV, order, ratio, len(list))
	}
}

// nearView: a point of the tile's outline within 2 pixels of the view.
func nearView(v View, order int, n int64) bool {
	for _, c := range healpix.Boundary(order, n, 32) {
		x, y, ok := v.Project(c[0], c[1])
		if ok && x > -2 && y > -2 && x < float64(v.Width)+2 && y < float64(v.Height)+2 {
			return true
		}
	}
	return false
}

// nearLimb: within 2 pixels of the edge of the projection (AIT's ellipse,
// SIN's disc), where cells across the seam are drawn pinned to it.
func nearLimb(v View, px, py int) bool {
	for _, d := range [][2]float64{{-2, 0}, {2, 0}, {0, -2}, {0, 2}} {
		if _, _, ok := v.Unproject(float64(px)+0.5+d[0], float64(py)+0.5+d[1]); !ok {
			return true
		}
	}
	return false
}
