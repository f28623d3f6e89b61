package region

import "math"

// Unit vectors on the sphere. All geometry runs on these: no projection
// distortion, no trouble at RA 0/360 or near the poles.
type vec [3]float64

const d2r = math.Pi / 180

func toVec(ra, dec float64) vec {
	a, d := ra*d2r, dec*d2r
	cd := math.Cos(d)
	return vec{cd * math.Cos(a), cd * math.Sin(a), math.Sin(d)}
}

// radec is v's direction, ra in [0,360), degrees.
func (v vec) radec() (float64, float64) {
	ra := math.Atan2(v[1], v[0]) / d2r
	if ra < 0 {
		ra += 360
	}
	if ra >= 360 {
		ra -= 360
	}
	dec := math.Atan2(v[2], math.Hypot(v[0], v[1])) / d2r
	return ra, dec
}

func (v vec) pair() [2]float64 { ra, dec := v.radec(); return [2]float64{ra, dec} }

func dot(a, b vec) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

func cross(a, b vec) vec {
	return vec{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

func sub(a, b vec) vec { return vec{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }

func add(a, b vec) vec { return vec{a[0] + b[0], a[1] + b[1], a[2] + b[2]} }

func scale(a vec, s float64) vec { return vec{a[0] * s, a[1] * s, a[2] * s} }

func norm(a vec) vec {
	n := math.Sqrt(dot(a, a))
	if n == 0 {
		return a
	}
	return scale(a, 1/n)
}

// angle between two unit vectors, radians (atan2: exact for tiny and large angles).
func angle(a, b vec) float64 { return math.Atan2(math.Sqrt(dot2(cross(a, b))), dot(a, b)) }

func dot2(a vec) float64 { return dot(a, a) }

// tangentBasis is east and north at c (at a pole: any perpendicular pair).
func tangentBasis(c vec) (e, n vec) {
	e = cross(vec{0, 0, 1}, c)
	if dot2(e) < 1e-24 {
		e = vec{0, 1, 0}
	}
	e = norm(e)
	n = cross(c, e)
	return e, n
}

// triangleArea is the signed solid angle of the spherical triangle c,a,b
// (Van Oosterom & Strackee): positive when a→b turns counterclockwise about
// c seen from outside the sphere (e.g. east of c, then north of c).
// Differences from c keep tiny triangles precise.
func triangleArea(c, a, b vec) float64 {
	num := dot(c, cross(sub(a, c), sub(b, c)))
	den := 1 + dot(c, a) + dot(a, b) + dot(b, c)
	return 2 * math.Atan2(num, den)
}
