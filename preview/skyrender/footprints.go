package skyrender

import (
	"image"
	"image/color"
	"math"
	"runtime"
	"sort"
	"sync"
)

// FootprintColour is the colour of footprints that have none.
var FootprintColour = color.NRGBA{0, 220, 255, 230}

// DrawnColour is the colour of the user's region.
var DrawnColour = color.NRGBA{255, 230, 0, 255}

const (
	markerRadius = 3.0
	hitRadius    = 5.0 // how near a marker a click counts
	indexCell    = 32  // pixels per cell of the hit index
)

// layerCache holds what Render and Hit share: the footprints' directions
// and areas (until Footprints changes) and, for one view, their native
// vectors, screen bounding boxes and a grid of cells listing them.
type layerCache struct {
	first *Footprint
	n     int
	dirs  [][]vec3
	area  []float64 // steradians; 0 for markers

	view       View
	haveView   bool
	native     [][]vec3
	xy         [][][2]float64 // pixel positions (NaN where not projected)
	box        [][4]float64   // x0, y0, x1, y1; x0 > x1 when off the image
	cols, rows int
	cells      [][]int32
	order      []int32 // the footprints on the image, in drawing order
}

// prepared is the cache for the current footprints and view v. Call with
// l.mu held.
func (l *Layer) prepared(v View, pr *proj) *layerCache {
	c := l.cache
	var first *Footprint
	if len(l.Footprints) > 0 {
		first = &l.Footprints[0]
	}
	if c == nil || c.first != first || c.n != len(l.Footprints) {
		c = &layerCache{first: first, n: len(l.Footprints)}
		c.dirs = make([][]vec3, c.n)
		c.area = make([]float64, c.n)
		for i, f := range l.Footprints {
			d := make([]vec3, len(f.Outline))
			for k, pt := range f.Outline {
				d[k] = toVec(pt[0], pt[1])
			}
			c.dirs[i] = d
			if !f.Point {
				c.area[i] = sphericalArea(d)
			}
		}
		l.cache = c
	}
	if c.haveView && c.view == v {
		return c
	}
	c.view, c.haveView = v, true
	c.cols, c.rows = v.Width/indexCell+1, v.Height/indexCell+1
	c.cells = make([][]int32, c.cols*c.rows)
	if len(c.native) != c.n {
		c.native = make([][]vec3, c.n)
		c.xy = make([][][2]float64, c.n)
		c.box = make([][4]float64, c.n)
	}
	// Project on all cores, then index.
	workers := min(runtime.GOMAXPROCS(0), max(1, c.n/500))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c.n * w / workers; i < c.n*(w+1)/workers; i++ {
				l.project(c, pr, i)
			}
		}()
	}
	wg.Wait()
	for i := range c.n {
		x0, y0, x1, y1 := c.box[i][0], c.box[i][1], c.box[i][2], c.box[i][3]
		if x0 > x1 {
			continue
		}
		ca, cb := max(0, int(x0)/indexCell), min(c.cols-1, int(x1)/indexCell)
		ra, rb := max(0, int(y0)/indexCell), min(c.rows-1, int(y1)/indexCell)
		for r := ra; r <= rb; r++ {
			for k := ca; k <= cb; k++ {
				c.cells[r*c.cols+k] = append(c.cells[r*c.cols+k], int32(i))
			}
		}
	}
	// Drawing order: by the cell of each footprint's top-left corner, so
	// footprints follow each other across the image and its memory stays
	// in cache (in table order, each outline is a cache miss per pixel).
	c.order = c.order[:0]
	for cell, list := range c.cells {
		for _, i := range list {
			b := c.box[i]
			if max(0, int(b[1])/indexCell)*c.cols+max(0, int(b[0])/indexCell) == cell {
				c.order = append(c.order, i)
			}
		}
	}
	return c
}

// project fills footprint i's native vectors, pixels and box for the view.
func (l *Layer) project(c *layerCache, pr *proj, i int) {
	nat, xy := c.native[i][:0], c.xy[i][:0]
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, u := range c.dirs[i] {
		n := pr.m.apply(u)
		nat = append(nat, n)
		x, y, ok := pr.native(n, 0)
		if !ok {
			x, y = math.NaN(), math.NaN()
		} else {
			x0, x1 = min(x0, x), max(x1, x)
			y0, y1 = min(y0, y), max(y1, y)
		}
		xy = append(xy, [2]float64{x, y})
	}
	c.native[i], c.xy[i] = nat, xy
	if l.Footprints[i].Point {
		x0, y0, x1, y1 = x0-hitRadius, y0-hitRadius, x1+hitRadius, y1+hitRadius
	}
	if x1 < 0 || y1 < 0 || x0 > pr.w || y0 > pr.h {
		c.box[i] = [4]float64{1, 1, 0, 0}
		return
	}
	c.box[i] = [4]float64{x0, y0, x1, y1}
}

// sphericalArea is the area of a polygon with great-circle edges, sr (sum
// of the signed triangles of a fan; exact for simple polygons).
func sphericalArea(d []vec3) float64 {
	if len(d) < 3 {
		return 0
	}
	s := 0.0
	a := d[0]
	for i := 1; i+1 < len(d); i++ {
		b, c := d[i], d[i+1]
		triple := a[0]*(b[1]*c[2]-b[2]*c[1]) - a[1]*(b[0]*c[2]-b[2]*c[0]) + a[2]*(b[0]*c[1]-b[1]*c[0])
		dots := 1 + a[0]*b[0] + a[1]*b[1] + a[2]*b[2] + b[0]*c[0] + b[1]*c[1] + b[2]*c[2] + c[0]*a[0] + c[1]*a[1] + c[2]*a[2]
		s += 2 * math.Atan2(triple, dots)
	}
	return math.Abs(s)
}

// draw strokes the footprints (selected ones last, thicker and brighter)
// and the user's region (dashed).
func (l *Layer) draw(dst *image.RGBA, pr *proj, v View) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.prepared(v, pr)
	sel := make([]bool, len(l.Footprints))
	if len(l.Selected) > 0 {
		for i, f := range l.Footprints {
			sel[i] = l.Selected[f.Row]
		}
	}
	// Bands of rows, one per core, each drawing the footprints that reach it.
	workers := min(runtime.GOMAXPROCS(0), max(1, v.Height/64))
	var wg sync.WaitGroup
	for w := range workers {
		r0, r1 := v.Height*w/workers, v.Height*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.drawBand(dst, pr, c, sel, r0, r1)
		}()
	}
	wg.Wait()
	if l.Drawn != nil {
		l.drawRegion(dst, pr)
	}
}

// drawBand draws the footprints into rows [r0, r1).
func (l *Layer) drawBand(dst *image.RGBA, pr *proj, c *layerCache, selected []bool, r0, r1 int) {
	const margin = 8
	for pass := range 2 {
		for _, i32 := range c.order {
			i := int(i32)
			f := l.Footprints[i]
			sel := selected[i]
			box := c.box[i]
			if (pass == 1) != sel || box[0] > box[2] || box[3] < float64(r0-margin) || box[1] > float64(r1+margin) {
				continue
			}
			col := f.Colour
			if col.A == 0 {
				col = FootprintColour
			}
			p := &pen{dst: dst, pr: pr, c: col, width: 1, r0: r0, r1: r1}
			if sel {
				p.c = color.NRGBA{lighten(col.R), lighten(col.G), lighten(col.B), 255}
				p.width = 3
			}
			nat := c.native[i]
			if f.Point || len(nat) == 1 {
				if len(nat) > 0 {
					if x, y, ok := pr.native(nat[0], 0); ok {
						r := markerRadius
						if sel {
							r += 2
						}
						p.marker(x, y, r)
					}
				}
				continue
			}
			xy := c.xy[i]
			for k := range nat {
				k1 := (k + 1) % len(nat)
				// TAN keeps great circles straight: where both ends are in
				// front, join the pixels already projected.
				if pr.kind == TAN && nat[k][2] > tanMinZ && nat[k1][2] > tanMinZ {
					p.line(xy[k][0], xy[k][1], xy[k1][0], xy[k1][1])
					continue
				}
				p.seg(nat[k], nat[k1])
			}
		}
	}
}

func lighten(c uint8) uint8 { return uint8((uint32(c) + 255) / 2) }

// drawRegion strokes the user's region, dashed.
func (l *Layer) drawRegion(dst *image.RGBA, pr *proj) {
	p := &pen{dst: dst, pr: pr, c: DrawnColour, width: 2, dash: true}
	step := math.Max(1/pr.scale*4, 1e-4) // a vertex every few pixels for a circle
	out := l.Drawn.Outline(step)
	if len(out) == 0 && (l.Drawn.Kind == 0 || len(l.Drawn.Points) > 0) {
		out = l.Drawn.Points
	}
	if len(out) == 0 {
		out = [][2]float64{l.Drawn.Center}
	}
	if len(out) == 1 {
		if x, y, ok := pr.pixel(toVec(out[0][0], out[0][1])); ok {
			p.dash = false
			p.marker(x, y, markerRadius+2)
		}
		return
	}
	for k := range out {
		a, b := out[k], out[(k+1)%len(out)]
		p.seg(pr.m.apply(toVec(a[0], a[1])), pr.m.apply(toVec(b[0], b[1])))
	}
}

// Hit is the row of the footprint under pixel (x, y) of view v: a marker
// within a few pixels (the nearest), else the smallest polygon containing
// the point. It uses a grid index of the view, built once per view.
func (l *Layer) Hit(v View, x, y float64) (row int, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	pr := newProj(v)
	c := l.prepared(v, pr)
	k, r := int(x)/indexCell, int(y)/indexCell
	if x < 0 || y < 0 || k >= c.cols || r >= c.rows {
		return 0, false
	}
	type cand struct {
		i    int
		key  float64
		mark bool
	}
	var cands []cand
	var here vec3
	haveHere := false
	if n, ok := pr.sky(x, y); ok {
		here, haveHere = n, true
	}
	for _, i32 := range c.cells[r*c.cols+k] {
		i := int(i32)
		f := l.Footprints[i]
		nat := c.native[i]
		if f.Point || len(nat) == 1 {
			if len(nat) == 0 {
				continue
			}
			px, py, ok := pr.native(nat[0], 0)
			if d := math.Hypot(px-x, py-y); ok && d <= hitRadius {
				cands = append(cands, cand{i, d, true})
			}
			continue
		}
		if haveHere && inside(here, nat) {
			cands = append(cands, cand{i, c.area[i], false})
		}
	}
	if len(cands) == 0 {
		return 0, false
	}
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].mark != cands[b].mark {
			return cands[a].mark
		}
		return cands[a].key < cands[b].key
	})
	return l.Footprints[cands[0].i].Row, true
}

// inside: direction p lies in the polygon (native vectors): the polygon is
// projected gnomonically about p, where its great-circle edges are
// straight, and a ray from the origin counts edge crossings.
func inside(p vec3, poly []vec3) bool {
	// A basis of the tangent plane at p.
	ref := vec3{0, 0, 1}
	if math.Abs(p[2]) > 0.9 {
		ref = vec3{1, 0, 0}
	}
	e := unit(cross(ref, p))
	n := cross(p, e)
	pts := make([][2]float64, len(poly))
	for i, v := range poly {
		d := dot(v, p)
		if d <= 1e-9 {
			return false // the polygon reaches the far hemisphere: not a footprint we can test
		}
		pts[i] = [2]float64{dot(v, e) / d, dot(v, n) / d}
	}
	in := false
	for i := range pts {
		a, b := pts[i], pts[(i+1)%len(pts)]
		if (a[1] > 0) != (b[1] > 0) {
			if a[0]+(0-a[1])*(b[0]-a[0])/(b[1]-a[1]) > 0 {
				in = !in
			}
		}
	}
	return in
}

func cross(a, b vec3) vec3 {
	return vec3{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

func dot(a, b vec3) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
