// Package skyrender draws a sky view: a HiPS background, footprints and
// markers of results, the user's drawn region and a coordinate grid, in a
// TAN, SIN, AIT or CAR projection centred anywhere, north up, east left.
// It never fetches (Background.Tiles is what is loaded now) and imports no
// GUI toolkit, so the widget renders off the UI goroutine and the terminal
// renders the same frame.
package skyrender

import (
	"math"
	"sync"

	"esodesk/fits/wcs"
)

// Projection is a FITS projection code.
type Projection string

const (
	TAN Projection = "TAN" // gnomonic: great circles are straight; for fields up to a few tens of degrees
	SIN Projection = "SIN" // orthographic: the hemisphere as seen from afar
	AIT Projection = "AIT" // Hammer-Aitoff: the whole sky in an ellipse
	CAR Projection = "CAR" // plate carrée
)

// View is what the frame shows: Center (ICRS ra, dec in degrees) in the
// middle of a Width x Height image, FOV degrees across the width (in the
// projection plane, as CDELT = FOV/Width), north up and east left. With
// Galactic the view is centred on the same point but oriented by Galactic
// north. Pixel coordinates are continuous: (0, 0) is the top-left corner of
// the image and pixel (i, j) covers [i, i+1) x [j, j+1).
type View struct {
	Center     [2]float64
	FOV        float64
	Projection Projection
	Width      int
	Height     int
	Galactic   bool
}

const rad = 180 / math.Pi

type vec3 [3]float64

func toVec(lon, lat float64) vec3 {
	sl, cl := math.Sincos(lon / rad)
	sb, cb := math.Sincos(lat / rad)
	return vec3{cb * cl, cb * sl, sb}
}

func (v vec3) lonLat() (lon, lat float64) {
	lon = math.Atan2(v[1], v[0]) * rad
	if lon < 0 {
		lon += 360
	}
	return lon, math.Atan2(v[2], math.Hypot(v[0], v[1])) * rad
}

type mat3 [3][3]float64

func (m *mat3) apply(v vec3) vec3 {
	return vec3{
		m[0][0]*v[0] + m[0][1]*v[1] + m[0][2]*v[2],
		m[1][0]*v[0] + m[1][1]*v[1] + m[1][2]*v[2],
		m[2][0]*v[0] + m[2][1]*v[1] + m[2][2]*v[2],
	}
}

func (m mat3) mul(b mat3) mat3 {
	var c mat3
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				c[i][j] += m[i][k] * b[k][j]
			}
		}
	}
	return c
}

func (m mat3) t() mat3 {
	var c mat3
	for i := range 3 {
		for j := range 3 {
			c[i][j] = m[j][i]
		}
	}
	return c
}

// icrsToGal is fits/wcs's ICRS→Galactic rotation as a matrix (its columns
// are the images of the axes), so whole tiles and outlines rotate with nine
// multiplications per point.
var icrsToGal = sync.OnceValue(func() mat3 {
	var m mat3
	for j, ax := range [3][2]float64{{0, 0}, {90, 0}, {0, 90}} {
		v := toVec(wcs.ICRSToGalactic(ax[0], ax[1]))
		for i := range 3 {
			m[i][j] = v[i]
		}
	}
	return m
})

// proj is a View made ready for many points: m turns an ICRS unit vector
// into native (X east, Y north, Z towards the centre) coordinates.
type proj struct {
	kind   Projection
	m      mat3
	scale  float64 // pixels per degree in the projection plane
	cx, cy float64 // the image centre
	w, h   float64
}

func newProj(v View) *proj {
	p := &proj{kind: v.Projection, w: float64(v.Width), h: float64(v.Height)}
	switch p.kind {
	case TAN, SIN, AIT, CAR:
	default:
		p.kind = TAN
	}
	p.cx, p.cy = p.w/2, p.h/2
	p.scale = 1
	if v.FOV > 0 && v.Width > 0 {
		p.scale = p.w / v.FOV
	}
	lon, lat := v.Center[0], v.Center[1]
	var frame mat3
	if v.Galactic {
		lon, lat = wcs.ICRSToGalactic(lon, lat)
		frame = icrsToGal()
	} else {
		frame = mat3{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	}
	sa, ca := math.Sincos(lon / rad)
	sd, cd := math.Sincos(lat / rad)
	basis := mat3{
		{-sa, ca, 0},             // east
		{-sd * ca, -sd * sa, cd}, // north
		{cd * ca, cd * sa, sd},   // centre
	}
	p.m = basis.mul(frame)
	return p
}

// withFrame is the matrix taking unit vectors of a HiPS frame (equatorial or
// galactic) to native coordinates.
func (p *proj) withFrame(galactic bool) mat3 {
	if galactic {
		return p.m.mul(icrsToGal().t())
	}
	return p.m
}

// Limits of the valid part of a projection, in native Z: TAN stops short of
// the horizon, where it runs to infinity.
const tanMinZ = 0.02

// plane maps native (X, Y, Z) to projection-plane degrees (xi east, eta
// north). side ±1 forces AIT and CAR onto that side of the seam (the back
// meridian φ = ±180°), for points on or across it.
func (p *proj) plane(n vec3, side float64) (xi, eta float64, ok bool) {
	X, Y, Z := n[0], n[1], n[2]
	switch p.kind {
	case TAN:
		if Z < tanMinZ {
			return 0, 0, false
		}
		return rad * X / Z, rad * Y / Z, true
	case SIN:
		if Z < 0 {
			return 0, 0, false
		}
		return rad * X, rad * Y, true
	case AIT:
		c := math.Sqrt(X*X + Z*Z)              // cos θ
		q := math.Sqrt(math.Max(0, c*(c+Z)/2)) // cos θ · cos(φ/2)
		g := rad * math.Sqrt(2/(1+q))
		if side != 0 && (X*side < 0 || q < 1e-9) {
			return side * 2 * g * c, g * Y, true
		}
		if q < 1e-9 { // on the seam: either edge
			s := 1.0
			if X < 0 {
				s = -1
			}
			return s * 2 * g * c, g * Y, true
		}
		return g * X * c / q, g * Y, true
	default: // CAR
		phi := math.Atan2(X, Z) * rad
		if side != 0 && phi*side < 0 {
			phi = side * 180
		}
		return phi, math.Asin(math.Max(-1, math.Min(1, Y))) * rad, true
	}
}

// native is the projection of native coordinates to pixels.
func (p *proj) native(n vec3, side float64) (x, y float64, ok bool) {
	xi, eta, ok := p.plane(n, side)
	return p.cx - xi*p.scale, p.cy - eta*p.scale, ok
}

// unplane is plane's inverse: the native vector at plane (xi, eta).
func (p *proj) unplane(xi, eta float64) (vec3, bool) {
	switch p.kind {
	case TAN:
		X, Y := xi/rad, eta/rad
		r := 1 / math.Sqrt(1+X*X+Y*Y)
		return vec3{X * r, Y * r, r}, true
	case SIN:
		X, Y := xi/rad, eta/rad
		z2 := 1 - X*X - Y*Y
		if z2 < 0 {
			return vec3{}, false
		}
		return vec3{X, Y, math.Sqrt(z2)}, true
	case AIT:
		x, y := xi/rad, eta/rad
		u := (x/4)*(x/4) + (y/2)*(y/2)
		if u > 0.5 {
			return vec3{}, false
		}
		z := math.Sqrt(1 - u)
		phi := 2 * math.Atan2(z*x/2, 2*z*z-1)
		st := y * z
		ct := math.Sqrt(math.Max(0, 1-st*st))
		sp, cp := math.Sincos(phi)
		return vec3{ct * sp, st, ct * cp}, true
	default: // CAR
		if math.Abs(xi) > 180 || math.Abs(eta) > 90 {
			return vec3{}, false
		}
		sp, cp := math.Sincos(xi / rad)
		st, ct := math.Sincos(eta / rad)
		return vec3{ct * sp, st, ct * cp}, true
	}
}

// pixel maps an ICRS unit vector to pixels.
func (p *proj) pixel(v vec3) (x, y float64, ok bool) {
	return p.native(p.m.apply(v), 0)
}

// sky is the native vector under pixel (x, y).
func (p *proj) sky(x, y float64) (vec3, bool) {
	return p.unplane((p.cx-x)/p.scale, (p.cy-y)/p.scale)
}

// Project is the pixel position of ICRS (ra, dec) in degrees; ok is false
// where the projection does not reach (behind the sphere for TAN and SIN).
// Positions outside the image are returned too.
func (v View) Project(ra, dec float64) (x, y float64, ok bool) {
	return newProj(v).pixel(toVec(ra, dec))
}

// Unproject is the ICRS (ra, dec) in degrees under pixel position (x, y);
// ok is false off the projection (outside AIT's ellipse, SIN's disc).
func (v View) Unproject(x, y float64) (ra, dec float64, ok bool) {
	p := newProj(v)
	n, ok := p.sky(x, y)
	if !ok {
		return 0, 0, false
	}
	mt := p.m.t()
	ra, dec = mt.apply(n).lonLat()
	return ra, dec, true
}

// PixelScale is the size of one image pixel in degrees (at the centre).
func (v View) PixelScale() float64 { return 1 / newProj(v).scale }
