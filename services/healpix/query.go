package healpix

import "math"

// LonLatToVec is the unit vector of (lon, lat) in degrees.
func LonLatToVec(lon, lat float64) (x, y, z float64) {
	sl, cl := math.Sincos(lat * deg2rad)
	so, co := math.Sincos(lon * deg2rad)
	return cl * co, cl * so, sl
}

// angle between two unit vectors, radians; atan2 keeps small angles exact.
func angle(ax, ay, az, bx, by, bz float64) float64 {
	cx, cy, cz := ay*bz-az*by, az*bx-ax*bz, ax*by-ay*bx
	return math.Atan2(math.Sqrt(cx*cx+cy*cy+cz*cz), ax*bx+ay*by+az*bz)
}

// pixRadius bounds the angular distance (radians) from the centre of pixel
// ipix to any point of it: the farthest corner, with a 10% margin because
// pixel edges are not great circles.
func pixRadius(order int, ipix int64, px, py, pz float64) float64 {
	ix, iy, face := nest2xyf(order, ipix)
	ns := float64(Nside(order))
	r := 0.0
	for _, c := range [4][2]int64{{1, 1}, {0, 1}, {0, 0}, {1, 0}} {
		z, sth, phi := xyf2loc(float64(ix+c[0])/ns, float64(iy+c[1])/ns, face)
		s, co := math.Sincos(phi)
		if a := angle(px, py, pz, sth*co, sth*s, z); a > r {
			r = a
		}
	}
	return r*1.1 + 1e-12
}

// QueryDisc lists, in ascending order, the nested pixels at order that may
// overlap the disc of radius (degrees) around (lon, lat): every pixel that
// touches the disc is listed, plus possibly a few just outside it. It walks
// the hierarchy from order 0, so its cost follows the number of pixels
// returned. Use it to list the HiPS tiles under a view.
func QueryDisc(order int, lon, lat, radius float64) []int64 {
	cx, cy, cz := LonLatToVec(lon, lat)
	r := radius * deg2rad
	var out []int64
	var walk func(o int, p int64)
	walk = func(o int, p int64) {
		px, py, pz := Pix2VecNest(o, p)
		if angle(cx, cy, cz, px, py, pz) > r+pixRadius(o, p, px, py, pz) {
			return
		}
		if o == order {
			out = append(out, p)
			return
		}
		for c := int64(0); c < 4; c++ {
			walk(o+1, p*4+c)
		}
	}
	for f := int64(0); f < 12; f++ {
		walk(0, f)
	}
	return out
}
