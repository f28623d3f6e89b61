package render

import "esodesk/fits"

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

// UnitSymbol is how a unit is written on an axis label and in the readout.
func UnitSymbol(u string) string {
	switch c, _ := CanonicalXUnit(u); c {
	case UnitNM:
		return "nm"
	case UnitAngstrom:
		return "Å"
	case UnitMicron:
		return "µm"
	}
	return u
}

// convertWave returns values in unit to; the same slice when the units are
// the same (callers must not modify it).
func convertWave(values []float64, from, to string) ([]float64, error) {
	if fits.NormalizeUnit(from) == fits.NormalizeUnit(to) {
		return values, nil
	}
	return fits.ConvertWave(values, from, to)
}
