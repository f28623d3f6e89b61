package skyview

import (
	"math"

	"fyne.io/fyne/v2"
)

// Area positions are Fyne units; the view's pixels are device pixels
// (units times the canvas scale), (0,0) the top left corner.

// skyAt is the sky position (ICRS) under an area position.
func (s *SkyView) skyAt(pos fyne.Position) (ra, dec float64, ok bool) {
	return s.view.Unproject(float64(pos.X)*s.scale, float64(pos.Y)*s.scale)
}

// posOf is the area position of a sky position.
func (s *SkyView) posOf(ra, dec float64) (fyne.Position, bool) {
	x, y, ok := s.view.Project(ra, dec)
	return fyne.NewPos(float32(x/s.scale), float32(y/s.scale)), ok
}

func (s *SkyView) centrePos() fyne.Position {
	return fyne.NewPos(float32(float64(s.view.Width)/2/s.scale), float32(float64(s.view.Height)/2/s.scale))
}

// keepUnder moves the centre so that the sky position g lands under pos:
// the centre turns with the rotation that carries the point now under pos
// onto g. A few rounds make it exact for any projection.
func (s *SkyView) keepUnder(g [2]float64, pos fyne.Position) {
	for range 4 {
		ra, dec, ok := s.skyAt(pos)
		if !ok {
			return
		}
		q := unit(ra, dec)
		t := unit(g[0], g[1])
		if angle(q, t) < 1e-12 {
			return
		}
		c := rotate(unit(s.view.Center[0], s.view.Center[1]), q, t)
		s.view.Center[0], s.view.Center[1] = lonLat(c)
	}
}

// zoomAt zooms by factor keeping the sky under pos where it is.
func (s *SkyView) zoomAt(pos fyne.Position, factor float64, fast bool) {
	ra, dec, ok := s.skyAt(pos)
	s.view.FOV /= factor
	s.clampFOV()
	if ok {
		s.keepUnder([2]float64{ra, dec}, pos)
	}
	s.viewChanged(fast)
}

func (s *SkyView) clampFOV() {
	maxFOV := float64(maxFOVAll)
	if s.view.Projection == "TAN" || s.view.Projection == "" {
		maxFOV = maxFOVTan
	}
	s.view.FOV = math.Max(minFOV, math.Min(maxFOV, s.view.FOV))
}

// panFraction moves the view by fractions of its width (positive fx:
// what lies to the right comes into view; positive fy: what lies above).
func (s *SkyView) panFraction(fx, fy float64) {
	c := s.centrePos()
	w := float64(s.view.Width) / s.scale
	to := fyne.NewPos(c.X+float32(fx*w), c.Y-float32(fy*w))
	ra, dec, ok := s.skyAt(to)
	if !ok {
		return
	}
	s.view.Center = [2]float64{ra, dec}
	s.viewChanged(false)
}

// centreOn puts the sky under pos in the middle.
func (s *SkyView) centreOn(pos fyne.Position) {
	ra, dec, ok := s.skyAt(pos)
	if !ok {
		return
	}
	s.view.Center = [2]float64{ra, dec}
	s.viewChanged(false)
}

// Unit vectors and rotations on the sphere.

func unit(lon, lat float64) [3]float64 {
	sl, cl := math.Sincos(lon * math.Pi / 180)
	sb, cb := math.Sincos(lat * math.Pi / 180)
	return [3]float64{cb * cl, cb * sl, sb}
}

func lonLat(v [3]float64) (lon, lat float64) {
	lon = math.Atan2(v[1], v[0]) * 180 / math.Pi
	if lon < 0 {
		lon += 360
	}
	return lon, math.Atan2(v[2], math.Hypot(v[0], v[1])) * 180 / math.Pi
}

func dot(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

func cross(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

// angle between unit vectors, radians (atan2: exact for tiny angles).
func angle(a, b [3]float64) float64 {
	c := cross(a, b)
	return math.Atan2(math.Sqrt(dot(c, c)), dot(a, b))
}

// rotate turns v by the rotation about from×to that carries from onto to
// (Rodrigues' formula).
func rotate(v, from, to [3]float64) [3]float64 {
	k := cross(from, to)
	sin := math.Sqrt(dot(k, k))
	if sin < 1e-15 {
		return v
	}
	k = [3]float64{k[0] / sin, k[1] / sin, k[2] / sin}
	cos := dot(from, to)
	kv := cross(k, v)
	kd := dot(k, v) * (1 - cos)
	var r [3]float64
	for i := range r {
		r[i] = v[i]*cos + kv[i]*sin + k[i]*kd
	}
	return r
}

// separation is the angle between two sky positions, degrees.
func separation(ra1, dec1, ra2, dec2 float64) float64 {
	return angle(unit(ra1, dec1), unit(ra2, dec2)) * 180 / math.Pi
}
