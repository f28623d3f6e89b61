package skyrender

import (
	"image"
	"image/color"
	"math"
)

// pen draws lines of one colour, width and dash pattern into an image,
// following great circles through a projection: a segment is cut where it
// goes behind the sphere (TAN, SIN) or across the back meridian (AIT, CAR),
// so no line ever jumps across the map.
type pen struct {
	dst    *image.RGBA
	pr     *proj
	c      color.NRGBA
	width  int
	dash   bool
	run    float64 // distance drawn so far, for the dash pattern
	r0, r1 int     // rows this pen may draw ([r0, r1); both 0: all)
}

const dashOn, dashPeriod = 6.0, 10.0

// seg draws the great-circle arc from a to b (native unit vectors).
func (p *pen) seg(a, b vec3) {
	switch p.pr.kind {
	case TAN, SIN:
		lo := 0.0
		if p.pr.kind == TAN {
			lo = tanMinZ
		}
		lo += 1e-9
		if a[2] < lo && b[2] < lo {
			return
		}
		if a[2] < lo || b[2] < lo {
			t := (lo - a[2]) / (b[2] - a[2])
			m := unit(vec3{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1]), lo + 1e-9})
			m[2] = math.Max(m[2], lo)
			if a[2] < lo {
				a = m
			} else {
				b = m
			}
		}
		p.arc(a, b, 0, 0, 0)
	default:
		if (a[0] > 0) != (b[0] > 0) && a[0] != b[0] {
			t := a[0] / (a[0] - b[0])
			m := vec3{0, a[1] + t*(b[1]-a[1]), a[2] + t*(b[2]-a[2])}
			if m[2] < 0 {
				m = unit(m)
				p.arc(a, m, 0, sign(a[0]), 0)
				p.arc(m, b, sign(b[0]), 0, 0)
				return
			}
		}
		p.arc(a, b, 0, 0, 0)
	}
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

func unit(v vec3) vec3 {
	n := math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2])
	if n == 0 {
		return v
	}
	return vec3{v[0] / n, v[1] / n, v[2] / n}
}

// arc draws a→b, splitting it while its projection bends by more than a
// third of a pixel (never for TAN, where great circles are straight).
// sa, sb pin a and b to a side of the seam.
func (p *pen) arc(a, b vec3, sa, sb float64, depth int) {
	x0, y0, ok0 := p.pr.native(a, sa)
	x1, y1, ok1 := p.pr.native(b, sb)
	if !ok0 || !ok1 {
		return
	}
	if p.pr.kind != TAN && depth < 10 && math.Abs(x1-x0)+math.Abs(y1-y0) > 2 {
		m := unit(vec3{a[0] + b[0], a[1] + b[1], a[2] + b[2]})
		xm, ym, ok := p.pr.native(m, 0)
		if ok && math.Hypot(xm-(x0+x1)/2, ym-(y0+y1)/2) > 0.33 && p.visible(x0, y0, x1, y1, xm, ym) {
			p.arc(a, m, sa, 0, depth+1)
			p.arc(m, b, 0, sb, depth+1)
			return
		}
	}
	p.line(x0, y0, x1, y1)
}

// visible: the points' bounding box meets the image (what is off it needs
// no refinement).
func (p *pen) visible(xs ...float64) bool {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := 0; i < len(xs); i += 2 {
		x0, x1 = min(x0, xs[i]), max(x1, xs[i])
		y0, y1 = min(y0, xs[i+1]), max(y1, xs[i+1])
	}
	return x1 >= -8 && y1 >= -8 && x0 <= p.pr.w+8 && y0 <= p.pr.h+8
}

// line draws a straight line clipped to the image.
func (p *pen) line(x0, y0, x1, y1 float64) {
	length := math.Hypot(x1-x0, y1-y0)
	start := p.run
	p.run += length
	// Liang–Barsky clipping to the image plus a margin.
	lo, hi := 0.0, 1.0
	dx, dy := x1-x0, y1-y0
	m := float64(p.width + 1)
	top, bottom := 0.0, p.pr.h
	if p.r1 > p.r0 {
		top, bottom = float64(p.r0), float64(p.r1)
	}
	for _, c := range [4][2]float64{{-dx, x0 + m}, {dx, p.pr.w + m - x0}, {-dy, y0 - top + m}, {dy, bottom + m - y0}} {
		if c[0] == 0 {
			if c[1] < 0 {
				return
			}
			continue
		}
		t := c[1] / c[0]
		if c[0] < 0 {
			lo = max(lo, t)
		} else {
			hi = min(hi, t)
		}
	}
	if lo > hi {
		return
	}
	n := int(math.Max(math.Abs(dx), math.Abs(dy))*(hi-lo)) + 1
	if p.width == 1 && !p.dash {
		p.thin(x0+dx*lo, y0+dy*lo, dx*(hi-lo)/float64(n), dy*(hi-lo)/float64(n), n)
		return
	}
	for k := 0; k <= n; k++ {
		t := lo + (hi-lo)*float64(k)/float64(n)
		if p.dash && math.Mod(start+t*length, dashPeriod) > dashOn {
			continue
		}
		p.dot(x0+dx*t, y0+dy*t)
	}
}

// dot blends a width x width square centred near (x, y).
func (p *pen) dot(x, y float64) {
	ix, iy := int(math.Floor(x))-(p.width-1)/2, int(math.Floor(y))-(p.width-1)/2
	b := p.dst.Bounds()
	r0, r1 := b.Min.Y, b.Max.Y
	if p.r1 > p.r0 {
		r0, r1 = max(r0, p.r0), min(r1, p.r1)
	}
	a := uint32(p.c.A)
	if p.width == 1 { // the common case, kept short
		if ix < b.Min.X || ix >= b.Max.X || iy < r0 || iy >= r1 {
			return
		}
		px := p.dst.Pix[(iy-b.Min.Y)*p.dst.Stride+(ix-b.Min.X)*4:]
		if a == 255 {
			px[0], px[1], px[2], px[3] = p.c.R, p.c.G, p.c.B, 255
			return
		}
		px[0] = blend(p.c.R, px[0], a)
		px[1] = blend(p.c.G, px[1], a)
		px[2] = blend(p.c.B, px[2], a)
		px[3] = 255
		return
	}
	for yy := iy; yy < iy+p.width; yy++ {
		if yy < r0 || yy >= r1 {
			continue
		}
		for xx := ix; xx < ix+p.width; xx++ {
			if xx < b.Min.X || xx >= b.Max.X {
				continue
			}
			px := p.dst.Pix[p.dst.PixOffset(xx, yy):]
			px[0] = blend(p.c.R, px[0], a)
			px[1] = blend(p.c.G, px[1], a)
			px[2] = blend(p.c.B, px[2], a)
			px[3] = 255
		}
	}
}

// marker draws a small ring of radius r around (x, y).
func (p *pen) marker(x, y, r float64) {
	n := int(2*math.Pi*r) + 4
	for k := range n {
		s, c := math.Sincos(2 * math.Pi * float64(k) / float64(n))
		p.dot(x+r*c, y+r*s)
	}
}

// thin is line's inner loop for solid one-pixel lines: n+1 dots from
// (x, y) in steps (dx, dy), at most one pixel apart.
func (p *pen) thin(x, y, dx, dy float64, n int) {
	b := p.dst.Bounds()
	r0, r1 := b.Min.Y, b.Max.Y
	if p.r1 > p.r0 {
		r0, r1 = max(r0, p.r0), min(r1, p.r1)
	}
	a := uint32(p.c.A)
	cr, cg, cb := p.c.R, p.c.G, p.c.B
	const off = 64 // coordinates are clipped to a few pixels round the image: int(x+off)-off is floor
	for k := 0; k <= n; k++ {
		ix, iy := int(x+off)-off, int(y+off)-off
		x += dx
		y += dy
		if ix < b.Min.X || ix >= b.Max.X || iy < r0 || iy >= r1 {
			continue
		}
		px := p.dst.Pix[(iy-b.Min.Y)*p.dst.Stride+(ix-b.Min.X)*4:]
		if a == 255 {
			px[0], px[1], px[2], px[3] = cr, cg, cb, 255
			continue
		}
		px[0] = blend(cr, px[0], a)
		px[1] = blend(cg, px[1], a)
		px[2] = blend(cb, px[2], a)
		px[3] = 255
	}
}
