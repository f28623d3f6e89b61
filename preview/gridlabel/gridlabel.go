// Package gridlabel chooses the spacing of a sky coordinate grid and writes
// its labels, for the image viewer's grid and the sky view's alike.
package gridlabel

import (
	"fmt"
	"math"
)

// Candidate steps in degrees: RA in seconds, minutes and hours of time;
// Dec (and Galactic) in arcseconds, arcminutes and degrees.
var (
	RASteps  = []float64{1.0 / 240, 2.0 / 240, 5.0 / 240, 10.0 / 240, 15.0 / 240, 30.0 / 240, 1.0 / 4, 2.0 / 4, 5.0 / 4, 10.0 / 4, 15.0 / 4, 30.0 / 4, 15, 30, 45, 60, 90}
	DecSteps = []float64{1.0 / 3600, 2.0 / 3600, 5.0 / 3600, 10.0 / 3600, 20.0 / 3600, 30.0 / 3600, 1.0 / 60, 2.0 / 60, 5.0 / 60, 10.0 / 60, 20.0 / 60, 30.0 / 60, 1, 2, 5, 10, 15, 30, 45}
)

// Step is the smallest candidate that cuts span into at most six parts.
func Step(span float64, steps []float64) float64 {
	for _, s := range steps {
		if span/s <= 6 {
			return s
		}
	}
	return steps[len(steps)-1]
}

// RA is ra (degrees) as hours, minutes and seconds of time, as precise as
// step needs.
func RA(ra, step float64) string {
	s := math.Round(math.Mod(ra+360, 360) / 15 * 3600)
	h, m, sec := int(s/3600)%24, int(math.Mod(s, 3600)/60), int(math.Mod(s, 60))
	switch {
	case step >= 15:
		return fmt.Sprintf("%dh", h)
	case step >= 0.25:
		return fmt.Sprintf("%dh%02dm", h, m)
	}
	return fmt.Sprintf("%dh%02dm%02ds", h, m, sec)
}

// Dec is dec (degrees) as sexagesimal ±d:mm:ss, as precise as step needs
// (the grids' bitmap font has no degree sign).
func Dec(dec, step float64) string {
	sign := "+"
	if dec < 0 {
		sign = "-"
	}
	s := math.Round(math.Abs(dec) * 3600)
	d, m, sec := int(s/3600), int(math.Mod(s, 3600)/60), int(math.Mod(s, 60))
	switch {
	case step >= 1:
		return fmt.Sprintf("%s%d", sign, d)
	case step >= 1.0/60:
		return fmt.Sprintf("%s%d:%02d", sign, d, m)
	}
	return fmt.Sprintf("%s%d:%02d:%02d", sign, d, m, sec)
}
