package imageview

import (
	"fmt"
	"math"
	"strings"

	"esodesk/fits"
	"esodesk/fits/wcs"
	"esodesk/services/coords"
)

// Readout is the readout line for FITS pixel (x, y) (1-based, fractional):
// "x 123.0  y 456.0  value 1.234e-17 erg/s  RA 11:15:07.23 Dec −61:15:36.1
// (168.78013° −61.26004°)  l 289.6012 b −0.6013". The value is that of the
// pixel containing (x, y) in the plane in hand ("blank" for NaN); the sky
// part appears only with Coords.
func (v *Viewer) Readout(x, y float64) string {
	if v.src == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "x %.1f  y %.1f", x, y)
	ix, iy := int(math.Round(x))-1, int(math.Round(y))-1
	if v.data != nil && ix >= 0 && iy >= 0 && ix < v.w && iy < v.h {
		val := v.data[iy*v.w+ix]
		if val != val {
			b.WriteString("  value blank")
		} else {
			b.WriteString("  value " + formatValue(float64(val)))
			if u := fits.PrettyUnit(v.src.Unit()); u != "" {
				b.WriteString(" " + u)
			}
		}
	}
	if v.coords != nil {
		if ra, dec, ok := v.coords.sky(x, y); ok {
			l, gb := wcs.ICRSToGalactic(ra, dec) // the matrices astropy uses
			fmt.Fprintf(&b, "  RA %s Dec %s (%.5f° %s°)  l %.4f b %s",
				coords.FormatRA(ra, 2), minus(coords.FormatDec(dec, 1)),
				ra, minus(fmt.Sprintf("%.5f", dec)), l, minus(fmt.Sprintf("%.4f", gb)))
		}
	}
	return b.String()
}

// formatValue writes a pixel value with four significant digits.
func formatValue(f float64) string {
	return minus(fmt.Sprintf("%.4g", f))
}

// minus writes a leading minus sign as the typographic one (−), easier to
// read next to hyphen-like separators.
func minus(s string) string {
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	return s
}
