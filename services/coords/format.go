package coords

import (
	"fmt"
	"math"
)

// FormatRA writes ra (degrees) as hours "HH:MM:SS.ss" with the given number
// of decimals on the seconds (values are rounded, carrying into minutes and
// hours; 360 degrees wraps to 00:00:00).
func FormatRA(ra float64, decimals int) string {
	if !valid(ra) {
		return "?"
	}
	ra = math.Mod(ra, 360)
	if ra < 0 {
		ra += 360
	}
	h, m, s := split60(ra/15, decimals)
	if h >= 24 {
		h -= 24
	}
	return fmt.Sprintf("%02d:%02d:%s", h, m, seconds(s, decimals))
}

// FormatDec writes dec (degrees) as "+DD:MM:SS.s" with the given number of
// decimals on the seconds. The sign is always written, so -0.5 degrees reads
// "-00:30:00".
func FormatDec(dec float64, decimals int) string {
	if !valid(dec) {
		return "?"
	}
	sign := "+"
	if dec < 0 || (dec == 0 && math.Signbit(dec)) {
		sign = "-"
	}
	d, m, s := split60(math.Abs(dec), decimals)
	if d == 0 && m == 0 && s == 0 {
		sign = "+"
	}
	return fmt.Sprintf("%s%02d:%02d:%s", sign, d, m, seconds(s, decimals))
}

// Format writes a position as "HH:MM:SS.ss +DD:MM:SS.s" (the form Parse reads).
func Format(ra, dec float64) string {
	return FormatRA(ra, 2) + " " + FormatDec(dec, 1)
}

// FormatDegrees writes a position as decimal degrees "161.264775 -59.684431".
func FormatDegrees(ra, dec float64) string {
	return fmt.Sprintf("%.6f %+.6f", ra, dec)
}

// split60 cuts v into whole units, minutes and seconds, rounding the seconds
// to the given decimals first so that 59.996 never prints as "60.00".
func split60(v float64, decimals int) (int, int, float64) {
	if decimals < 0 {
		decimals = 0
	}
	scale := math.Pow(10, float64(decimals))
	total := math.Round(v*3600*scale) / scale // in seconds, rounded
	whole := math.Floor(total / 3600)
	rest := total - whole*3600
	m := math.Floor(rest / 60)
	s := rest - m*60
	if s < 0 {
		s = 0
	}
	return int(whole), int(m), s
}

func seconds(s float64, decimals int) string {
	if decimals <= 0 {
		return fmt.Sprintf("%02.0f", s)
	}
	return fmt.Sprintf("%0*.*f", decimals+3, decimals, s)
}
