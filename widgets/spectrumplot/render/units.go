package render

import (
	"strings"

	"esodesk/fits"
	"esodesk/fits/specunits"
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
	switch u {
	case UnitWavenumber:
		return "cm⁻¹"
	case UnitGHz, UnitTHz, UnitEV, UnitKeV, UnitKMS:
		return u
	}
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

// Spectral axes of other kinds the plot converts any spectrum to (with
// specunits.ConvertSpectral), in menu order after XUnits.
const (
	UnitGHz        = "GHz"
	UnitTHz        = "THz"
	UnitEV         = "eV"
	UnitKeV        = "keV"
	UnitWavenumber = "1/cm"
	UnitKMS        = "km/s"
)

// OtherXUnits are the frequency, energy, wavenumber and velocity units.
var OtherXUnits = []string{UnitGHz, UnitTHz, UnitEV, UnitKeV, UnitWavenumber, UnitKMS}

// AllXUnits are the units an x-unit menu offers: wavelengths first.
var AllXUnits = append(append([]string(nil), XUnits...), OtherXUnits...)

// DefaultRest is the rest wavelength (metres) of a velocity axis when
// none is given: Hα in air, 656.28 nm.
const DefaultRest = 656.28e-9

func restOr(rest float64) float64 {
	if rest > 0 && !isInf(rest) {
		return rest
	}
	return DefaultRest
}

// isOtherAxisUnit reports whether u is one of OtherXUnits.
func isOtherAxisUnit(u string) bool {
	for _, o := range OtherXUnits {
		if u == o {
			return true
		}
	}
	return false
}

// CanonicalAxisUnit maps user spellings of any unit in AllXUnits
// (nm, Å, micron, GHz, THz, eV, keV, 1/cm, cm-1, km/s) to it.
func CanonicalAxisUnit(u string) (string, bool) {
	if c, ok := CanonicalXUnit(u); ok {
		return c, true
	}
	key := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(u), " ", ""))
	switch key {
	case "ghz":
		return UnitGHz, true
	case "thz":
		return UnitTHz, true
	case "ev":
		return UnitEV, true
	case "kev":
		return UnitKeV, true
	case "1/cm", "cm-1", "cm^-1", "cm**-1", "cm⁻¹", "wavenumber":
		return UnitWavenumber, true
	case "km/s", "kms-1", "km.s-1", "kms", "velocity":
		return UnitKMS, true
	}
	return "", false
}

// spectralKindOf is the kind of a spectral unit ("wavelength",
// "frequency", ...; "" when unknown).
func spectralKindOf(u string) string { return specunits.SpectralKind(u) }

// convertsTo reports whether coordinates in unit from can be shown on an
// axis in one of OtherXUnits: any wavelength, frequency, energy or
// wavenumber unit can.
func convertsTo(from string) bool {
	switch spectralKindOf(from) {
	case specunits.KindWavelength, specunits.KindFrequency, specunits.KindEnergy, specunits.KindWavenumber:
		return true
	}
	return false
}

// AxisSymbol is how a unit of AllXUnits is written on the axis and menu.
func AxisSymbol(u string) string { return UnitSymbol(u) }

// axisKindName is the axis label's word for a unit of OtherXUnits.
func axisKindName(u string) string {
	switch spectralKindOf(u) {
	case specunits.KindFrequency:
		return "Frequency"
	case specunits.KindEnergy:
		return "Energy"
	case specunits.KindWavenumber:
		return "Wavenumber"
	case specunits.KindVelocity:
		return "Velocity"
	}
	return "Wavelength"
}

// ToAxis converts wavelengths in metres to values on an axis in unit (any
// wavelength unit, or one of OtherXUnits with rest for velocity).
func ToAxis(metres []float64, unit string, rest float64) ([]float64, error) {
	if isOtherAxisUnit(unit) {
		return specunits.ConvertSpectral(metres, fits.UnitM, specunits.Axis{Unit: unit, Rest: restOr(rest)})
	}
	return fits.ConvertWave(metres, fits.UnitM, unit)
}

// FromAxis converts values on an axis in unit back to wavelengths in metres.
func FromAxis(values []float64, unit string, rest float64) ([]float64, error) {
	if isOtherAxisUnit(unit) {
		return specunits.ConvertSpectralAxis(values, specunits.Axis{Unit: unit, Rest: restOr(rest)}, specunits.Axis{Unit: fits.UnitM})
	}
	return fits.ConvertWave(values, unit, fits.UnitM)
}
