// Package region reads sky regions as VO services write them (STC-S
// s_region strings, DALI polygon/circle/point arrays), does the spherical
// geometry the sky view needs (contains, area, overlap, outline) and writes
// the ADQL that asks a TAP service for what a drawn region selects.
//
// Coordinates are always ICRS degrees: regions given in another frame are
// converted when parsed; Frame records what the source said.
package region

import "fmt"

// Kind is the shape of a Region.
type Kind int

const (
	Polygon Kind = iota // Points are the vertices (ra,dec deg), not repeated at the end
	Circle              // Center and Radius
	Point               // Center
)

func (k Kind) String() string {
	switch k {
	case Polygon:
		return "polygon"
	case Circle:
		return "circle"
	case Point:
		return "point"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Region is a polygon, circle or point on the sky, in ICRS degrees.
type Region struct {
	Kind   Kind
	Points [][2]float64 // polygon vertices (ra,dec deg), great-circle edges
	Center [2]float64   // circle/point centre; for a polygon the mean of its vertices' directions
	Radius float64      // circle radius, deg
	Frame  string       // the frame the source named ("ICRS", "GALACTIC", ...; "" if none); coordinates are ICRS regardless
}

// NewCircle is a circle in ICRS.
func NewCircle(ra, dec, radius float64) Region {
	return Region{Kind: Circle, Center: [2]float64{ra, dec}, Radius: radius, Frame: "ICRS"}
}

// NewPolygon is a polygon in ICRS from its vertices (ra,dec deg) in either
// order; it keeps them counterclockwise (east then north, the order
// Contains and Overlap rely on).
func NewPolygon(points [][2]float64) Region {
	r := Region{Kind: Polygon, Points: orient(points), Frame: "ICRS"}
	r.Center = centroid(points)
	return r
}

// NewPoint is a point in ICRS.
func NewPoint(ra, dec float64) Region {
	return Region{Kind: Point, Center: [2]float64{ra, dec}, Frame: "ICRS"}
}
