package coords

import "math"

// Separation is the angle between two sky positions, degrees (haversine:
// exact for the small angles of cones and cutouts).
func Separation(ra1, dec1, ra2, dec2 float64) float64 {
	const d2r = math.Pi / 180
	sd := math.Sin((dec2 - dec1) * d2r / 2)
	sr := math.Sin((ra2 - ra1) * d2r / 2)
	s := sd*sd + math.Cos(dec1*d2r)*math.Cos(dec2*d2r)*sr*sr
	return 2 * math.Asin(math.Min(1, math.Sqrt(s))) / d2r
}
