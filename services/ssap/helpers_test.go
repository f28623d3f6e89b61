package ssap

import (
	"fmt"
	"math"
)

func fmtSscan(s string, v *float64) (int, error) { return fmt.Sscan(s, v) }

// separation is the angle between two positions, degrees.
func separation(ra1, dec1, ra2, dec2 float64) float64 {
	r := math.Pi / 180
	a := math.Sin((dec2-dec1)*r/2)*math.Sin((dec2-dec1)*r/2) +
		math.Cos(dec1*r)*math.Cos(dec2*r)*math.Sin((ra2-ra1)*r/2)*math.Sin((ra2-ra1)*r/2)
	return 2 * math.Asin(math.Min(1, math.Sqrt(a))) / r
}
