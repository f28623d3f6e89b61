package skyrender

import (
	"image"
	"image/color"
	"math"
	"testing"

	"esodesk/services/region"
)

func countColour(img *image.RGBA, c color.NRGBA, r image.Rectangle) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := img.RGBAAt(x, y)
			if p.R == c.R && p.G == c.G && p.B == c.B {
				n++
			}
		}
	}
	return n
}

func around(x, y float64, r int) image.Rectangle {
	ix, iy := int(math.Floor(x)), int(math.Floor(y))
	return image.Rect(ix-r, iy-r, ix+r+1, iy+r+1)
}

// TestFootprintsWhereAstropyPuts: polygons whose vertices are astropy's
// reference points are drawn through those points' pixels (as astropy's
// WCS of the same view places them) and markers are centred on them, in
// every projection of the reference views.
func TestFootprintsWhereAstropyPuts(t *testing.T) {
	red := color.NRGBA{255, 0, 0, 255}
	for _, a := range referenceViews(t) {
		v := a.view()
		var in [][4]float64
		for _, p := range a.Points {
			x, y := a.ours(p[2], p[3])
			if x > 8 && y > 8 && x < float64(v.Width)-8 && y < float64(v.Height)-8 {
				in = append(in, p)
			}
		}
		dst := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
		checked := 0
		for i := 0; i+3 <= len(in) && i < 60; i += 3 {
			tri := in[i : i+3]
			fp := Footprint{Row: i, Colour: red}
			for _, p := range tri {
				fp.Outline = append(fp.Outline, [2]float64{p[0], p[1]})
			}
			Render(dst, v, nil, &Layer{Footprints: []Footprint{fp}}, Options{})
			for _, p := range tri {
				x, y := a.ours(p[2], p[3])
				if countColour(dst, red, around(x, y, 1)) == 0 {
					t.Errorf("%s %v: vertex (%g, %g) at astropy's (%.2f, %.2f): no outline there", v.Projection, v.Center, p[0], p[1], x, y)
				}
				checked++
			}
			// A marker: its ring goes round astropy's pixel.
			p := tri[0]
			x, y := a.ours(p[2], p[3])
			Render(dst, v, nil, &Layer{Footprints: []Footprint{{Row: 1, Point: true, Outline: [][2]float64{{p[0], p[1]}}, Colour: red}}}, Options{})
			if countColour(dst, red, around(x, y, 1)) != 0 || countColour(dst, red, around(x-markerRadius, y, 1)) == 0 || countColour(dst, red, around(x+markerRadius, y, 1)) == 0 {
				t.Errorf("%s: marker for (%g, %g) not centred on astropy's (%.2f, %.2f)", v.Projection, p[0], p[1], x, y)
			}
		}
		if checked < 30 {
			t.Errorf("%s %v: only %d vertices checked", v.Projection, v.Center, checked)
		}
	}
}

// TestFootprintsAcrossTheSeam: in an all-sky AIT map centred on RA 0 a
// footprint straddling RA 180 is drawn at both edges of the map, never
// across it; in TAN one half behind the sphere is cut at the horizon.
func TestFootprintsAcrossTheSeam(t *testing.T) {
	red := color.NRGBA{255, 0, 0, 255}
	v := View{Center: [2]float64{0, 0}, FOV: 360, Projection: AIT, Width: 800, Height: 500}
	fp := Footprint{Row: 1, Colour: red, Outline: [][2]float64{{170, -10}, {190, -10}, {190, 10}, {170, 10}}}
	dst := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	Render(dst, v, nil, &Layer{Footprints: []Footprint{fp}}, Options{})
	if n := countColour(dst, red, image.Rect(100, 0, 700, 500)); n != 0 {
		t.Errorf("%d footprint pixels in the middle of the map: a line across it", n)
	}
	if countColour(dst, red, image.Rect(0, 0, 100, 500)) == 0 || countColour(dst, red, image.Rect(700, 0, 800, 500)) == 0 {
		t.Errorf("the footprint is not drawn at both edges")
	}
	w := View{Center: [2]float64{0, 0}, FOV: 100, Projection: TAN, Width: 800, Height: 500}
	fp.Outline = [][2]float64{{10, 0}, {120, 0}, {120, 10}, {10, 10}} // two corners behind the sphere
	Render(dst, w, nil, &Layer{Footprints: []Footprint{fp}}, Options{})
	x, y, _ := w.Project(10, 5)
	if countColour(dst, red, around(x, y, 2)) == 0 {
		t.Errorf("the visible edge of a half-hidden footprint is not drawn")
	}
}

// TestSelectionAndHit: a selected footprint is drawn thicker; Hit finds the
// smallest footprint under a pixel, a marker near it, nothing elsewhere.
func TestSelectionAndHit(t *testing.T) {
	v := View{Center: [2]float64{150, 2}, FOV: 2, Projection: TAN, Width: 640, Height: 400}
	box := func(row int, ra, dec, h float64) Footprint {
		return Footprint{Row: row, Outline: [][2]float64{{ra - h, dec - h}, {ra + h, dec - h}, {ra + h, dec + h}, {ra - h, dec + h}}}
	}
	l := &Layer{Footprints: []Footprint{
		box(10, 150, 2, 0.5), box(11, 150.1, 2.1, 0.05), box(12, 149.7, 1.8, 0.1),
		{Row: 13, Point: true, Outline: [][2]float64{{149.8, 2.3}}},
	}}
	for _, c := range []struct {
		ra, dec float64
		row     int
		ok      bool
	}{
		{150.1, 2.1, 11, true}, {150.2, 1.9, 10, true}, {149.7, 1.8, 12, true}, {149.8005, 2.3, 13, true}, {149.2, 2.8, 0, false},
	} {
		x, y, _ := v.Project(c.ra, c.dec)
		row, ok := l.Hit(v, x, y)
		if ok != c.ok || row != c.row {
			t.Errorf("Hit at (%g, %g) = %d, %v; want %d, %v", c.ra, c.dec, row, ok, c.row, c.ok)
		}
	}
	// Selection: thicker and brighter.
	dst := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	c := color.NRGBA{0, 200, 100, 255}
	one := []Footprint{l.Footprints[0]}
	one[0].Colour = c
	Render(dst, v, nil, &Layer{Footprints: one}, Options{})
	plain := countColour(dst, c, dst.Bounds())
	Render(dst, v, nil, &Layer{Footprints: one, Selected: map[int]bool{10: true}}, Options{})
	bright := color.NRGBA{lighten(c.R), lighten(c.G), lighten(c.B), 255}
	if sel := countColour(dst, bright, dst.Bounds()); plain == 0 || sel < 2*plain {
		t.Errorf("selected outline: %d pixels, unselected %d", sel, plain)
	}
}

// TestDrawnRegionDashed: the user's region is drawn dashed in its colour.
func TestDrawnRegionDashed(t *testing.T) {
	v := View{Center: [2]float64{150, 2}, FOV: 2, Projection: TAN, Width: 640, Height: 400}
	r := region.NewPolygon([][2]float64{{149.5, 1.5}, {150.5, 1.5}, {150.5, 2.5}, {149.5, 2.5}})
	dst := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	Render(dst, v, nil, &Layer{Drawn: &r}, Options{})
	// Along the bottom edge: some pixels drawn, some gaps.
	x0, y, _ := v.Project(150.4, 1.5)
	x1, _, _ := v.Project(149.6, 1.5)
	on, off := 0, 0
	for x := int(x0); x <= int(x1); x++ {
		if countColour(dst, DrawnColour, image.Rect(x, int(y)-2, x+1, int(y)+3)) > 0 {
			on++
		} else {
			off++
		}
	}
	if on < 20 || off < 10 {
		t.Errorf("drawn region edge: %d pixels drawn, %d gaps; want a dashed line", on, off)
	}
}

// TestGrid: RA/Dec and Galactic grids draw lines and labels in their
// colours; labels are sexagesimal.
func TestGrid(t *testing.T) {
	v := View{Center: [2]float64{150, 2}, FOV: 2, Projection: TAN, Width: 640, Height: 400}
	dst := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	Render(dst, v, nil, nil, Options{Grid: true, GalacticGrid: true})
	opaque := func(c color.NRGBA) color.NRGBA { return color.NRGBA{c.R, c.G, c.B, 255} }
	if countColour(dst, opaque(GridColour), dst.Bounds()) < 50 || countColour(dst, opaque(GalacticGridColour), dst.Bounds()) < 50 {
		t.Errorf("grid labels missing")
	}
	w := View{Center: [2]float64{0, 0}, FOV: 360, Projection: AIT, Width: 800, Height: 500}
	dst = image.NewRGBA(image.Rect(0, 0, w.Width, w.Height))
	Render(dst, w, nil, nil, Options{Grid: true})
	if countColour(dst, opaque(GridColour), dst.Bounds()) < 50 {
		t.Errorf("all-sky AIT: grid labels missing")
	}
}
