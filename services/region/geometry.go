package region

import "math"

// circleSamples is how finely Overlap samples a circle: the inscribed
// 720-gon's area is short of the circle's by ~1e-5 (relative).
const circleSamples = 720

// vecs is a polygon's vertices counterclockwise, whichever order a Region
// built without NewPolygon holds them in.
func (r Region) vecs() []vec {
	vs := make([]vec, len(r.Points))
	for i, p := range r.Points {
		vs[i] = toVec(p[0], p[1])
	}
	if polyArea(vs) < 0 {
		for i, j := 0, len(vs)-1; i < j; i, j = i+1, j-1 {
			vs[i], vs[j] = vs[j], vs[i]
		}
	}
	return vs
}

// centre is Center, or for a polygon built without NewPolygon (Center
// unset) the mean of its vertices.
func (r Region) centre() [2]float64 {
	if r.Kind == Polygon && r.Center == ([2]float64{}) && len(r.Points) > 0 {
		return centroid(r.Points)
	}
	return r.Center
}

// centroid is the mean direction of the vertices.
func centroid(points [][2]float64) [2]float64 {
	var s vec
	for _, p := range points {
		s = add(s, toVec(p[0], p[1]))
	}
	return norm(s).pair()
}

// polyArea is the signed solid angle of a polygon (sr), fanned from its
// mean direction: right for any simple polygon smaller than a hemisphere.
func polyArea(vs []vec) float64 {
	if len(vs) < 3 {
		return 0
	}
	var s vec
	for _, v := range vs {
		s = add(s, v)
	}
	c := norm(s)
	a := 0.0
	for i := range vs {
		a += triangleArea(c, vs[i], vs[(i+1)%len(vs)])
	}
	return a
}

// orient makes a polygon counterclockwise (positive area), the order
// Contains and the clipping expect; services write either order.
func orient(points [][2]float64) [][2]float64 {
	vs := make([]vec, len(points))
	for i, p := range points {
		vs[i] = toVec(p[0], p[1])
	}
	if polyArea(vs) >= 0 {
		return points
	}
	out := make([][2]float64, len(points))
	for i, p := range points {
		out[len(points)-1-i] = p
	}
	return out
}

// convex tells whether a counterclockwise polygon turns left at every vertex.
func convex(vs []vec) bool {
	n := len(vs)
	for i := range vs {
		if dot(cross(vs[(i+n-1)%n], vs[i]), vs[(i+1)%n]) < -1e-15 {
			return false
		}
	}
	return true
}

// circleVecs samples a circle's edge counterclockwise with n points.
func circleVecs(center [2]float64, radius float64, n int) []vec {
	c := toVec(center[0], center[1])
	e, no := tangentBasis(c)
	sr, cr := math.Sincos(radius * d2r)
	vs := make([]vec, n)
	for i := range vs {
		s, co := math.Sincos(2 * math.Pi * float64(i) / float64(n))
		vs[i] = add(scale(c, cr), scale(add(scale(e, co), scale(no, s)), sr))
	}
	return vs
}

// Outline is the polygon to draw, in ICRS degrees, not closed (the last
// point is not the first again): a polygon's vertices with edges longer than
// maxStepDeg subdivided along their great circles, a circle sampled with
// steps of at most maxStepDeg (at least 16 points), a point as itself.
// maxStepDeg <= 0 means 1 degree.
func (r Region) Outline(maxStepDeg float64) [][2]float64 {
	if maxStepDeg <= 0 {
		maxStepDeg = 1
	}
	switch r.Kind {
	case Circle:
		n := int(math.Ceil(2 * math.Pi * math.Sin(math.Min(r.Radius, 90)*d2r) / (maxStepDeg * d2r)))
		if n < 16 {
			n = 16
		}
		if n > 100000 {
			n = 100000
		}
		return pairs(circleVecs(r.Center, r.Radius, n))
	case Point:
		return [][2]float64{r.Center}
	}
	var out [][2]float64
	for i, p := range r.Points {
		a, q := toVec(p[0], p[1]), r.Points[(i+1)%len(r.Points)]
		b := toVec(q[0], q[1])
		out = append(out, p)
		steps := int(math.Ceil(angle(a, b) / (maxStepDeg * d2r)))
		for k := 1; k < steps && steps < 100000; k++ {
			t := float64(k) / float64(steps)
			out = append(out, slerp(a, b, t).pair())
		}
	}
	return out
}

// slerp is the point a fraction t along the great-circle arc a→b.
func slerp(a, b vec, t float64) vec {
	w := angle(a, b)
	if w < 1e-12 {
		return a
	}
	s := math.Sin(w)
	return norm(add(scale(a, math.Sin((1-t)*w)/s), scale(b, math.Sin(t*w)/s)))
}

func pairs(vs []vec) [][2]float64 {
	out := make([][2]float64, len(vs))
	for i, v := range vs {
		out[i] = v.pair()
	}
	return out
}

// Contains tells whether (ra,dec) lies inside the region, edges included.
// A point region contains nothing. Polygons may be non-convex; they must be
// smaller than a hemisphere.
func (r Region) Contains(ra, dec float64) bool {
	p := toVec(ra, dec)
	switch r.Kind {
	case Circle:
		return angle(p, toVec(r.Center[0], r.Center[1])) <= r.Radius*d2r*(1+1e-12)
	case Point:
		return false
	}
	vs := r.vecs()
	if len(vs) < 3 {
		return false
	}
	if convex(vs) {
		for i, a := range vs {
			if dot(cross(a, vs[(i+1)%len(vs)]), p) < -1e-15 {
				return false
			}
		}
		return true
	}
	// Non-convex: crossing test in the gnomonic projection about the centre,
	// where great-circle edges are straight lines.
	cc := r.centre()
	c := toVec(cc[0], cc[1])
	if dot(p, c) <= 0 {
		return false
	}
	e, n := tangentBasis(c)
	proj := func(v vec) (float64, float64) { d := dot(v, c); return dot(v, e) / d, dot(v, n) / d }
	px, py := proj(p)
	in := false
	for i := range vs {
		ax, ay := proj(vs[i])
		bx, by := proj(vs[(i+1)%len(vs)])
		if (ay > py) != (by > py) && px < ax+(py-ay)*(bx-ax)/(by-ay) {
			in = !in
		}
	}
	return in
}

// sr2deg2 converts steradians to square degrees.
const sr2deg2 = (180 / math.Pi) * (180 / math.Pi)

// Area is the region's area on the sphere, deg² (spherical excess for
// polygons, 2π(1−cos r) for circles, 0 for points).
func (r Region) Area() float64 {
	switch r.Kind {
	case Circle:
		rr := math.Min(r.Radius, 180) * d2r
		return 2 * math.Pi * 2 * math.Pow(math.Sin(rr/2), 2) * sr2deg2 // 1−cos r, precise for small r
	case Point:
		return 0
	}
	return math.Abs(polyArea(r.vecs())) * sr2deg2
}

// boundVecs is the region as a counterclockwise vertex list (circles sampled).
func (r Region) boundVecs() []vec {
	if r.Kind == Circle {
		return circleVecs(r.Center, r.Radius, circleSamples)
	}
	return r.vecs()
}

// reach is how far the region extends from its Center, radians.
func (r Region) reach() float64 {
	if r.Kind == Circle {
		return r.Radius * d2r
	}
	cc := r.centre()
	c := toVec(cc[0], cc[1])
	m := 0.0
	for _, v := range r.vecs() {
		m = math.Max(m, angle(c, v))
	}
	return m
}

// Overlap is the area common to a and b on the sphere, deg². Polygons are
// clipped along great circles (Sutherland–Hodgman on the sphere); a circle
// is a finely sampled polygon (720 points: relative error ~1e-5). A non-convex polygon
// is cut into triangles first. Points overlap nothing.
func Overlap(a, b Region) float64 {
	if a.Kind == Point || b.Kind == Point {
		return 0
	}
	ac, bc := a.centre(), b.centre()
	ca, cb := toVec(ac[0], ac[1]), toVec(bc[0], bc[1])
	if angle(ca, cb) > a.reach()+b.reach()+1e-9 {
		return 0
	}
	av, bv := a.boundVecs(), b.boundVecs()
	if !convex(bv) {
		if convex(av) {
			av, bv = bv, av
		} else {
			total := 0.0
			for _, t := range triangulate(bv) {
				total += math.Abs(polyArea(clip(av, t)))
			}
			return total * sr2deg2
		}
	}
	return math.Abs(polyArea(clip(av, bv))) * sr2deg2
}

// clip keeps the part of subject inside the convex counterclockwise clipper.
func clip(subject, clipper []vec) []vec {
	out := subject
	for i := range clipper {
		if len(out) == 0 {
			break
		}
		n := cross(clipper[i], clipper[(i+1)%len(clipper)])
		in := out
		out = make([]vec, 0, len(in)+2)
		for j, q := range in {
			p := in[(j+len(in)-1)%len(in)]
			dp, dq := dot(n, p), dot(n, q)
			switch {
			case dq >= 0 && dp >= 0:
				out = append(out, q)
			case dq >= 0: // entering
				out = append(out, cut(p, q, dp, dq), q)
			case dp >= 0: // leaving
				out = append(out, cut(p, q, dp, dq))
			}
		}
	}
	return out
}

// cut is where the arc p→q crosses the great circle whose plane gives p and
// q the signed distances dp and dq (opposite signs).
func cut(p, q vec, dp, dq float64) vec {
	return norm(add(scale(q, math.Abs(dp)), scale(p, math.Abs(dq))))
}

// triangulate cuts a counterclockwise simple polygon into counterclockwise
// triangles (ear clipping), for clipping by a non-convex polygon.
func triangulate(vs []vec) [][]vec {
	idx := make([]int, len(vs))
	for i := range idx {
		idx[i] = i
	}
	var tris [][]vec
	for guard := 0; len(idx) > 3 && guard < len(vs)*len(vs); guard++ {
		n := len(idx)
		cut := false
		for k := 0; k < n; k++ {
			a, b, c := vs[idx[(k+n-1)%n]], vs[idx[k]], vs[idx[(k+1)%n]]
			if dot(cross(a, b), c) <= 0 {
				continue // reflex (or flat) vertex: not an ear
			}
			ear := true
			for _, j := range idx {
				p := vs[j]
				if p == a || p == b || p == c {
					continue
				}
				if dot(cross(a, b), p) >= 0 && dot(cross(b, c), p) >= 0 && dot(cross(c, a), p) >= 0 {
					ear = false
					break
				}
			}
			if ear {
				tris = append(tris, []vec{a, b, c})
				idx = append(idx[:k], idx[k+1:]...)
				cut = true
				break
			}
		}
		if !cut {
			break
		}
	}
	if len(idx) == 3 {
		tris = append(tris, []vec{vs[idx[0]], vs[idx[1]], vs[idx[2]]})
	}
	return tris
}
