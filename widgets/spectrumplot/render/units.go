package render

import (
	"strings"

	"esodesk/fits"
)

// Wavelength units the plot offers (fits' canonical names). Spectra in
// other wavelength units are converted to one of these; frequency and
// energy axes keep their own unit.
const (
	UnitNM       = fits.UnitNM
	UnitAngstrom = fits.UnitAngstrom
	UnitMicron   = fits.UnitUM
)

// XUnits lists the wavelength units in menu order.
var XUnits = []string{UnitNM, UnitAngstrom, UnitMicron}

// IsWavelengthUnit reports whether u is a length unit we can convert.
func IsWavelengthUnit(u string) bool { return fits.UnitAxis(u) == "wavelength" }

// CanonicalXUnit maps user spellings (nm, A, Å, angstrom, um, µm, micron)
// to one of XUnits; ok is false for anything else.
func CanonicalXUnit(u string) (string, bool) {
	switch c := fits.NormalizeUnit(u); c {
	case UnitNM, UnitAngstrom, UnitMicron:
		return c, true
	}
	return "", false
}

// UnitSymbol is how a unit is written on an axis label and in the readout:
// nm, Å, µm, and any other unit as people print it (GHz, erg cm⁻² s⁻¹ Å⁻¹).
func UnitSymbol(u string) string {
	switch c, _ := CanonicalXUnit(u); c {
	case UnitNM:
		return "nm"
	case UnitAngstrom:
		return "Å"
	case UnitMicron:
		return "µm"
	}
	return fits.PrettyUnit(u)
}

// XUnitLabel is the x unit as the axis and the unit menu show it. When the
// file gave no unit and Ångström was assumed (assumed), it says so:
// "Å (assumed)", or "nm (Å assumed)" once converted.
func XUnitLabel(u string, assumed bool) string {
	switch {
	case !assumed:
		return UnitSymbol(u)
	case fits.NormalizeUnit(u) == UnitAngstrom:
		return "Å (assumed)"
	}
	return UnitSymbol(u) + " (Å assumed)"
}

// DefaultXUnit is the x unit to show spectra in when nobody chose one: nm,
// or the first spectrum's own unit when it was assumed, so that the axis
// shows the file's numbers rather than converted guesses.
func DefaultXUnit(spectra []*fits.Spectrum) string {
	for _, s := range spectra {
		if s == nil || s.Len() == 0 {
			continue
		}
		if c, ok := CanonicalXUnit(s.WaveUnit); ok && s.WaveUnitAssumed {
			return c
		}
		break
	}
	return UnitNM
}

// sameAxis reports whether spectral coordinates in unit a can be shown on
// an axis in unit b: the same unit (also both unknown), or two units of one
// kind (wavelength, frequency, energy).
func sameAxis(a, b string) bool {
	na, nb := fits.NormalizeUnit(a), fits.NormalizeUnit(b)
	if na == "" || nb == "" {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	return fits.UnitAxis(na) == fits.UnitAxis(nb)
}

// convertWave returns values in unit to; the same slice when the units are
// the same (callers must not modify it).
func convertWave(values []float64, from, to string) ([]float64, error) {
	if fits.NormalizeUnit(from) == fits.NormalizeUnit(to) {
		return values, nil
	}
	return fits.ConvertWave(values, from, to)
}
