// Package specunits converts spectra between units: the spectral axis
// (wavelength, frequency, energy, wavenumber, Doppler velocity), flux
// densities (F_λ, F_ν, νF_ν, AB magnitudes, as astropy's spectral_density
// equivalency does), air and vacuum wavelengths, and normalisation. It
// reads unit strings through the fits package's parser (fits.UnitFactor,
// fits.NormalizeUnit) and knows only the few names that parser lacks. No
// Fyne: the window, the controllers and the terminal twin share it.
package specunits

import (
	"fmt"
	"math"
	"strings"

	"esodesk/fits"
)

// Exact SI constants (2019 SI, as astropy's CODATA 2018 uses).
const (
	speedOfLight = 299792458.0     // m/s
	planck       = 6.62607015e-34  // J s
	electronVolt = 1.602176634e-19 // J
)

// Kinds of spectral axis, each with its SI unit.
const (
	KindWavelength = "wavelength" // m
	KindFrequency  = "frequency"  // Hz
	KindEnergy     = "energy"     // J
	KindWavenumber = "wavenumber" // 1/m (spectroscopic: 1/λ, not 2π/λ)
	KindVelocity   = "velocity"   // m/s, around a rest wavelength
)

// Doppler conventions (astropy's doppler_optical, doppler_radio and
// doppler_relativistic).
const (
	Optical      = "optical"
	Radio        = "radio"
	Relativistic = "relativistic"
)

// Axis is a spectral axis to convert to (or from): its unit, and for a
// velocity axis the rest wavelength (metres) and the Doppler convention
// ("" means optical).
type Axis struct {
	Unit       string
	Rest       float64
	Convention string
}

// SpectralUnits are the units a spectral-axis menu offers, in order.
var SpectralUnits = []string{"Angstrom", "nm", "um", "m", "Hz", "GHz", "THz", "eV", "keV", "1/cm", "km/s"}

// spectralUnit is a unit's kind and its SI scale (value_SI = v × scale).
type spectralUnit struct {
	kind  string
	scale float64
}

// namesFitsLacks are spectral units fits' parser does not know (it reads
// flux units, where km, THz and eV never appear). Matched without case or
// spaces.
var namesFitsLacks = map[string]spectralUnit{
	"thz":  {KindFrequency, 1e12},
	"km/s": {KindVelocity, 1e3}, "kms-1": {KindVelocity, 1e3}, "km.s-1": {KindVelocity, 1e3},
	"kms^-1": {KindVelocity, 1e3}, "kms**-1": {KindVelocity, 1e3}, "kms**(-1)": {KindVelocity, 1e3},
	"km/sec": {KindVelocity, 1e3}, "mev": {KindEnergy, 1e6 * electronVolt},
}

// siUnits: what fits.UnitFactor converts a unit to, per kind.
var siUnits = []struct{ kind, unit string }{
	{KindWavelength, "m"}, {KindFrequency, "Hz"}, {KindWavenumber, "1/m"},
	{KindVelocity, "m/s"}, {KindEnergy, "J"},
}

// spectralUnitOf reads a spectral unit string.
func spectralUnitOf(u string) (spectralUnit, error) {
	key := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(u), " ", ""))
	if su, ok := namesFitsLacks[key]; ok {
		return su, nil
	}
	if c := fits.NormalizeUnit(u); c != "" {
		base := map[string]string{"wavelength": "m", "frequency": "Hz", "energy": "eV"}[fits.UnitAxis(c)]
		one, err := fits.ConvertWave([]float64{1}, c, base)
		if err == nil {
			if base == "eV" {
				return spectralUnit{KindEnergy, one[0] * electronVolt}, nil
			}
			return spectralUnit{fits.UnitAxis(c), one[0]}, nil
		}
	}
	for _, s := range siUnits {
		if k, ok := fits.UnitFactor(u, s.unit); ok && k > 0 {
			return spectralUnit{s.kind, k}, nil
		}
	}
	if strings.TrimSpace(u) == "" {
		return spectralUnit{}, fmt.Errorf("the spectral axis has no unit: cannot convert it")
	}
	return spectralUnit{}, fmt.Errorf("%q is not a spectral unit we know (use one of %s)", u, strings.Join(SpectralUnits, ", "))
}

// SpectralKind says what a spectral unit measures: "wavelength",
// "frequency", "energy", "wavenumber", "velocity", or "" when unknown.
func SpectralKind(unit string) string {
	su, err := spectralUnitOf(unit)
	if err != nil {
		return ""
	}
	return su.kind
}

// ConvertSpectral converts spectral coordinates in unit from to the axis
// to, exactly as astropy's spectral() and doppler_* equivalencies do. When
// from is a velocity, it is read with to's rest wavelength and convention
// (use ConvertSpectralAxis for two different ones). NaN stays NaN.
func ConvertSpectral(values []float64, from string, to Axis) ([]float64, error) {
	return ConvertSpectralAxis(values, Axis{Unit: from, Rest: to.Rest, Convention: to.Convention}, to)
}

// ConvertSpectralAxis converts between two spectral axes, each with its
// own rest wavelength and convention when it is a velocity.
func ConvertSpectralAxis(values []float64, from, to Axis) ([]float64, error) {
	f, err := spectralUnitOf(from.Unit)
	if err != nil {
		return nil, err
	}
	t, err := spectralUnitOf(to.Unit)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(values))
	if f.kind == t.kind && (f.kind != KindVelocity || sameVelocityFrame(from, to)) {
		k := f.scale / t.scale
		if kk, ok := fits.UnitFactor(from.Unit, to.Unit); ok && f.kind != KindVelocity {
			k = kk // fits gives exact powers of ten
		}
		for i, v := range values {
			out[i] = v * k
		}
		return out, nil
	}
	toWave, err := toWavelength(f.kind, from)
	if err != nil {
		return nil, err
	}
	fromWave, err := fromWavelength(t.kind, to)
	if err != nil {
		return nil, err
	}
	for i, v := range values {
		out[i] = fromWave(toWave(v*f.scale)) / t.scale
	}
	return out, nil
}

func sameVelocityFrame(a, b Axis) bool {
	return a.Rest == b.Rest && convention(a) == convention(b)
}

func convention(a Axis) string {
	if a.Convention == "" {
		return Optical
	}
	return strings.ToLower(a.Convention)
}

// checkVelocity says what is missing for a velocity axis.
func checkVelocity(a Axis) error {
	if !(a.Rest > 0) || math.IsInf(a.Rest, 0) {
		return fmt.Errorf("a velocity axis (%s) needs a positive rest wavelength", a.Unit)
	}
	switch convention(a) {
	case Optical, Radio, Relativistic:
		return nil
	}
	return fmt.Errorf("unknown Doppler convention %q (use optical, radio or relativistic)", a.Convention)
}

// toWavelength maps an SI value of kind to a wavelength in metres.
func toWavelength(kind string, a Axis) (func(float64) float64, error) {
	switch kind {
	case KindWavelength:
		return func(x float64) float64 { return x }, nil
	case KindFrequency:
		return func(x float64) float64 { return speedOfLight / x }, nil
	case KindEnergy:
		return func(x float64) float64 { return planck * speedOfLight / x }, nil
	case KindWavenumber:
		return func(x float64) float64 { return 1 / x }, nil
	}
	if err := checkVelocity(a); err != nil {
		return nil, err
	}
	r := a.Rest
	switch convention(a) {
	case Radio: // V = c (1 − λ0/λ)
		return func(v float64) float64 { return r / (1 - v/speedOfLight) }, nil
	case Relativistic: // V = c (λ² − λ0²)/(λ² + λ0²)
		return func(v float64) float64 { b := v / speedOfLight; return r * math.Sqrt((1+b)/(1-b)) }, nil
	}
	return func(v float64) float64 { return r * (1 + v/speedOfLight) }, nil // V = c (λ − λ0)/λ0
}

// fromWavelength maps a wavelength in metres to an SI value of kind.
func fromWavelength(kind string, a Axis) (func(float64) float64, error) {
	switch kind {
	case KindWavelength:
		return func(x float64) float64 { return x }, nil
	case KindFrequency:
		return func(x float64) float64 { return speedOfLight / x }, nil
	case KindEnergy:
		return func(x float64) float64 { return planck * speedOfLight / x }, nil
	case KindWavenumber:
		return func(x float64) float64 { return 1 / x }, nil
	}
	if err := checkVelocity(a); err != nil {
		return nil, err
	}
	r := a.Rest
	switch convention(a) {
	case Radio:
		return func(l float64) float64 { return speedOfLight * (1 - r/l) }, nil
	case Relativistic:
		return func(l float64) float64 { l2, r2 := l*l, r*r; return speedOfLight * (l2 - r2) / (l2 + r2) }, nil
	}
	return func(l float64) float64 { return speedOfLight * (l/r - 1) }, nil
}

// wavelengthsIn returns the wavelengths in metres of spectral coordinates
// in unit (which must not be a velocity: that needs a rest wavelength).
func wavelengthsIn(values []float64, unit string) ([]float64, error) {
	if SpectralKind(unit) == KindVelocity {
		return nil, fmt.Errorf("the spectral axis is a velocity (%s): flux densities need wavelengths or frequencies", unit)
	}
	return ConvertSpectral(values, unit, Axis{Unit: "m"})
}
