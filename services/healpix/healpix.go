// Package healpix implements the HEALPix NESTED pixelisation (Górski et al.
// 2005) in pure Go: the sky renderer calls Ang2PixNest once per screen pixel,
// so these functions do not allocate and avoid cgo. Results are checked
// against healpy (see healpix_test.go).
//
// Angles are degrees (lon, lat) in whatever frame the caller uses; orders run
// from 0 to MaxOrder (nside = 2^order).
package healpix

import "math"

// MaxOrder is the deepest order whose nested indices fit in an int64.
const MaxOrder = 29

// halfPi and deg2rad are variables, not constants, so that Go rounds them the
// way C and numpy do (float64 arithmetic) instead of at arbitrary precision:
// healpy computes theta = pi/2 - lat*(pi/180) in float64 and we must land on
// exactly the same side of a pixel edge.
var (
	piF     = math.Pi
	halfPi  = piF / 2
	deg2rad = piF / 180
	rad2deg = 180 / piF
	// 2/pi as healpix_cxx writes it (a decimal literal, rounded once).
	invHalfPi = 0.6366197723675813430755350534900574
)

const twoThird = 2.0 / 3.0

// Base-face tables: the ring number (in units of nside) of each face's
// southern (x=y=0) corner, and the longitude of that corner in units of pi/4.
var (
	jrll = [12]int64{2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4}
	jpll = [12]int64{1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7}
)

// Nside is 2^order.
func Nside(order int) int64 { return int64(1) << uint(order) }

// NPix is the number of pixels of the whole sky at order: 12·nside².
func NPix(order int) int64 { return 12 << (2 * uint(order)) }

// PixelSize is the mean pixel size at order in degrees: the square root of the
// pixel area (4π/NPix steradians).
func PixelSize(order int) float64 {
	return math.Sqrt(4*math.Pi/float64(NPix(order))) * 180 / math.Pi
}

// OrderFor is the smallest order whose PixelSize is at most res degrees
// (MaxOrder if none is): e.g. the HiPS pixel order for a screen pixel of res
// degrees; subtract log2(tile width) for the tile order.
func OrderFor(res float64) int {
	for order := 0; order < MaxOrder; order++ {
		if PixelSize(order) <= res {
			return order
		}
	}
	return MaxOrder
}

// Ang2PixNest is the nested index at order of the pixel containing (lon, lat)
// in degrees. lon may be any value (it wraps); lat is clamped to [-90, 90].
// It gives healpy's ang2pix(nest=True, lonlat=True) bit for bit, points on
// pixel edges included. NaN or infinite input gives -1.
func Ang2PixNest(order int, lon, lat float64) int64 {
	if lat != lat || lon-lon != 0 { // NaN, or lon infinite
		return -1
	}
	if lat > 90 {
		lat = 90
	} else if lat < -90 {
		lat = -90
	}
	theta := halfPi - lat*deg2rad
	phi := lon * deg2rad
	// Near the poles z = cos(theta) loses the precision needed for the polar
	// cap formula; healpix_cxx then uses sin(theta) as well (same thresholds).
	haveSth := theta < 0.01 || theta > 3.14159-0.01
	var sth float64
	if haveSth {
		sth = math.Sin(theta)
	}
	if p, sure := loc2nest(order, math.Cos(theta), phi, sth, haveSth, true); sure {
		return p
	}
	// Within a hair of a pixel edge: redo with correctly rounded cos/sin.
	if haveSth {
		sth = accurateSin(theta)
	}
	p, _ := loc2nest(order, accurateCos(theta), phi, sth, haveSth, false)
	return p
}

// Vec2PixNest is Ang2PixNest for a direction vector (need not be unit length).
// It avoids trigonometry except one atan2, for callers that already work in
// Cartesian coordinates. Points within ~1e-15 of a pixel edge may land on
// either side.
func Vec2PixNest(order int, x, y, z float64) int64 {
	xl := 1 / math.Sqrt(x*x+y*y+z*z)
	phi := math.Atan2(y, x)
	nz := z * xl
	if nz > 0.9 || nz < -0.9 {
		p, _ := loc2nest(order, nz, phi, math.Sqrt(x*x+y*y)*xl, true, false)
		return p
	}
	p, _ := loc2nest(order, nz, phi, 0, false, false)
	return p
}

// edgeMargin is how close (in units of the edge-line index, i.e. pixels) a
// value may come to an integer before a last-bit error in z could change
// which side of the edge it falls on (generous: see accurate.go).
func edgeMargin(ns float64) float64 { return ns*2e-12 + 1e-9 }

// nearInt reports whether v ≥ 0, truncated to i, is within m of an integer.
func nearInt(v float64, i int64, m float64) bool {
	f := v - float64(i)
	return f < m || f > 1-m
}

// fmod4 maps v (phi in units of pi/2) into [0, 4).
func fmod4(v float64) float64 {
	if v >= 0 {
		if v < 4 {
			return v
		}
		return math.Mod(v, 4)
	}
	t := math.Mod(v, 4) + 4
	if t == 4 {
		return 0
	}
	return t
}

// loc2nest finds the pixel of (z = sin lat, phi radians); sth = cos lat is
// used near the poles when haveSth.
//
// With check set it also reports whether the answer is sure, i.e. whether a
// last-bit error in z or sth could not have changed it.
func loc2nest(order int, z, phi, sth float64, haveSth, check bool) (ipix int64, sure bool) {
	nside := int64(1) << uint(order)
	ns := float64(nside)
	za := math.Abs(z)
	tt := fmod4(phi * invHalfPi)
	sure = true
	if check {
		if m := 1e-14; math.Abs(za-twoThird) < m || math.Abs(za-0.99) < m {
			sure = false
		}
	}
	if za <= twoThird {
		// Equatorial belt: count the ascending (jp) and descending (jm) edge
		// lines to the point; they name the face and the (x, y) in it.
		t1 := ns * (0.5 + tt)
		t2 := ns * (z * 0.75)
		a, d := t1-t2, t1+t2
		jp := int64(a)
		jm := int64(d)
		if check {
			m := edgeMargin(ns)
			if nearInt(a, jp, m) || nearInt(d, jm, m) {
				sure = false
			}
		}
		ifp := jp >> uint(order)
		ifm := jm >> uint(order)
		var face int64
		switch {
		case ifp == ifm:
			face = ifp | 4
		case ifp < ifm:
			face = ifp
		default:
			face = ifm + 8
		}
		ix := jm & (nside - 1)
		iy := nside - (jp & (nside - 1)) - 1
		return xyf2nest(order, ix, iy, face), sure
	}
	// Polar caps.
	ntt := int64(tt)
	if ntt > 3 {
		ntt = 3
	}
	tp := tt - float64(ntt)
	var tmp float64
	if za < 0.99 || !haveSth {
		tmp = ns * math.Sqrt(3*(1-za))
	} else {
		tmp = ns * sth / math.Sqrt((1+za)/3)
	}
	a, d := tp*tmp, (1-tp)*tmp
	jp := int64(a)
	jm := int64(d)
	if check {
		m := edgeMargin(ns)
		if nearInt(a, jp, m) || nearInt(d, jm, m) {
			sure = false
		}
	}
	if jp > nside-1 { // a point on the face's outer edge
		jp = nside - 1
	}
	if jm > nside-1 {
		jm = nside - 1
	}
	if z >= 0 {
		return xyf2nest(order, nside-jm-1, nside-jp-1, ntt), sure
	}
	return xyf2nest(order, jp, jm, ntt+8), sure
}

// spread puts the bits of v (< 2^32) at the even bit positions.
func spread(v int64) int64 {
	x := uint64(v) & 0xFFFFFFFF
	x = (x | x<<16) & 0x0000FFFF0000FFFF
	x = (x | x<<8) & 0x00FF00FF00FF00FF
	x = (x | x<<4) & 0x0F0F0F0F0F0F0F0F
	x = (x | x<<2) & 0x3333333333333333
	x = (x | x<<1) & 0x5555555555555555
	return int64(x)
}

// compress is the inverse of spread: it gathers the even bits of v.
func compress(v int64) int64 {
	x := uint64(v) & 0x5555555555555555
	x = (x | x>>1) & 0x3333333333333333
	x = (x | x>>2) & 0x0F0F0F0F0F0F0F0F
	x = (x | x>>4) & 0x00FF00FF00FF00FF
	x = (x | x>>8) & 0x0000FFFF0000FFFF
	x = (x | x>>16) & 0x00000000FFFFFFFF
	return int64(x)
}

// xyf2nest: in NESTED order a pixel index is the face number followed by the
// bits of x and y interleaved (x on the even bits).
func xyf2nest(order int, ix, iy, face int64) int64 {
	return face<<(2*uint(order)) + spread(ix) + spread(iy)<<1
}

func nest2xyf(order int, ipix int64) (ix, iy, face int64) {
	face = ipix >> (2 * uint(order))
	p := ipix & (int64(1)<<(2*uint(order)) - 1)
	return compress(p), compress(p >> 1), face
}

// Pix2AngNest is the centre of pixel ipix at order: lon in [0, 360), lat in
// [-90, 90], degrees. Like every function taking a pixel, it needs
// 0 ≤ ipix < NPix(order) (it may panic otherwise).
func Pix2AngNest(order int, ipix int64) (lon, lat float64) {
	ix, iy, face := nest2xyf(order, ipix)
	ns := float64(Nside(order))
	return xyf2lonlat((float64(ix)+0.5)/ns, (float64(iy)+0.5)/ns, face)
}

// Pix2VecNest is the unit vector of the centre of pixel ipix at order.
func Pix2VecNest(order int, ipix int64) (x, y, z float64) {
	ix, iy, face := nest2xyf(order, ipix)
	ns := float64(Nside(order))
	z, sth, phi := xyf2loc((float64(ix)+0.5)/ns, (float64(iy)+0.5)/ns, face)
	return sth * math.Cos(phi), sth * math.Sin(phi), z
}

// xyf2loc maps face coordinates (x, y in [0, 1]) to z = sin lat, sth = cos lat
// and phi (radians). sth is computed directly (not from z) so latitudes stay
// accurate to ~1e-16 rad near the poles.
func xyf2loc(x, y float64, face int64) (z, sth, phi float64) {
	jr := float64(jrll[face]) - x - y
	var nr float64
	switch {
	case jr < 1: // north polar cap
		nr = jr
		t := nr * nr / 3
		z = 1 - t
		sth = math.Sqrt(t * (2 - t))
	case jr > 3: // south polar cap
		nr = 4 - jr
		t := nr * nr / 3
		z = t - 1
		sth = math.Sqrt(t * (2 - t))
	default:
		nr = 1
		z = (2 - jr) * 2 / 3
		sth = math.Sqrt((1 - z) * (1 + z))
	}
	t := float64(jpll[face])*nr + x - y
	if t < 0 {
		t += 8
	}
	if t >= 8 {
		t -= 8
	}
	if nr < 1e-15 {
		phi = 0 // the pole itself
	} else {
		phi = (0.5 * halfPi * t) / nr
	}
	return z, sth, phi
}

func xyf2lonlat(x, y float64, face int64) (lon, lat float64) {
	z, sth, phi := xyf2loc(x, y, face)
	lon = phi * rad2deg
	if lon >= 360 {
		lon -= 360
	}
	return lon, math.Atan2(z, sth) * rad2deg
}

// Corners are the four vertices of pixel ipix at order, (lon, lat) degrees, in
// healpy's boundaries(step=1) order: North, West, South, East.
func Corners(order int, ipix int64) [4][2]float64 {
	var c [4][2]float64
	ix, iy, face := nest2xyf(order, ipix)
	ns := float64(Nside(order))
	x0, y0 := float64(ix)/ns, float64(iy)/ns
	x1, y1 := float64(ix+1)/ns, float64(iy+1)/ns
	c[0][0], c[0][1] = xyf2lonlat(x1, y1, face)
	c[1][0], c[1][1] = xyf2lonlat(x0, y1, face)
	c[2][0], c[2][1] = xyf2lonlat(x0, y0, face)
	c[3][0], c[3][1] = xyf2lonlat(x1, y0, face)
	return c
}

// Boundary samples the outline of pixel ipix at order with step points per
// edge (4·step in all), (lon, lat) degrees, in healpy's boundaries() order:
// from the North corner along the NW, SW, SE and NE edges. Pixel edges are
// not great circles, so draw with step > 1 at coarse orders.
func Boundary(order int, ipix int64, step int) [][2]float64 {
	if step < 1 {
		step = 1
	}
	out := make([][2]float64, 4*step)
	ix, iy, face := nest2xyf(order, ipix)
	ns := float64(Nside(order))
	dc := 0.5 / ns
	xc, yc := (float64(ix)+0.5)/ns, (float64(iy)+0.5)/ns
	d := 1 / (float64(step) * ns)
	for i := 0; i < step; i++ {
		fi := float64(i) * d
		out[i][0], out[i][1] = xyf2lonlat(xc+dc-fi, yc+dc, face)
		out[i+step][0], out[i+step][1] = xyf2lonlat(xc-dc, yc+dc-fi, face)
		out[i+2*step][0], out[i+2*step][1] = xyf2lonlat(xc-dc+fi, yc-dc, face)
		out[i+3*step][0], out[i+3*step][1] = xyf2lonlat(xc+dc, yc-dc+fi, face)
	}
	return out
}
