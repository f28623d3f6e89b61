package specunits

import (
	"fmt"
	"math"
	"strings"

	"esodesk/fits"
)

// Kinds of flux unit (FluxKind).
const (
	FluxLambda   = "flambda"  // per unit wavelength: erg s⁻¹ cm⁻² Å⁻¹, W m⁻² nm⁻¹
	FluxNu       = "fnu"      // per unit frequency: Jy, erg s⁻¹ cm⁻² Hz⁻¹
	FluxNuFnu    = "nufnu"    // ν F_ν = λ F_λ: erg s⁻¹ cm⁻², W m⁻²
	FluxABMag    = "abmag"    // AB magnitude
	FluxRelative = "relative" // dimensionless: normalised, arbitrary units
	FluxCounts   = "counts"   // counts, ADU, electrons, photons (not calibrated)
)

// ABMag is the unit name of AB magnitudes.
const ABMag = "ABmag"

// FluxUnits are the flux units a menu offers, in order.
var FluxUnits = []string{
	"erg/s/cm2/Angstrom", "erg/s/cm2/nm", "W/m2/nm", "W/m2/um",
	"erg/s/cm2/Hz", "W/m2/Hz", "Jy", "mJy", "uJy",
	"erg/s/cm2", "W/m2", ABMag,
}

// siFlux: the SI unit of each linear kind, for fits.UnitFactor.
var siFlux = []struct{ kind, unit string }{
	{FluxLambda, "W m-3"}, {FluxNu, "W m-2 Hz-1"}, {FluxNuFnu, "W m-2"},
}

// abZero is the AB magnitude zero point in W m⁻² Hz⁻¹: 10^(−48.6/2.5)
// erg s⁻¹ cm⁻² Hz⁻¹ (Oke & Gunn 1983; astropy's u.AB).
var abZero = math.Pow(10, -0.4*48.6) * 1e-3

var abSpellings = map[string]bool{"abmag": true, "mag(ab)": true, "abmags": true, "magab": true, "mag_ab": true, "ab": true}

var countWords = []string{"count", "ct", "adu", "electron", "e-", "photon", "dn", "analog"}

var relativeWords = map[string]bool{"relative": true, "rel": true, "normalized": true, "normalised": true,
	"arbitrary": true, "arb": true, "a.u.": true, "au": true, "dimensionless": true, "unitless": true, "none": true,
	"relativeflux": true, "normalizedflux": true, "normalisedflux": true, "arbitraryunits": true}

// FluxKind says what a flux unit measures: "flambda", "fnu", "nufnu",
// "abmag", "relative", "counts", or "" when the unit is empty or unknown.
func FluxKind(unit string) string {
	k, _ := fluxUnitOf(unit)
	return k.kind
}

// fluxUnit is a flux unit's kind and SI scale (value_SI = v × scale).
type fluxUnit struct {
	kind  string
	scale float64
}

func fluxUnitOf(u string) (fluxUnit, error) {
	key := strings.ToLower(strings.ReplaceAll(strings.Trim(strings.TrimSpace(u), "[]"), " ", ""))
	switch {
	case key == "":
		return fluxUnit{}, fmt.Errorf("the flux has no unit: it cannot be converted")
	case abSpellings[key]:
		return fluxUnit{FluxABMag, 1}, nil
	case relativeWords[key]:
		return fluxUnit{FluxRelative, 1}, fmt.Errorf("the flux is relative (%q): only calibrated fluxes convert", u)
	}
	for _, s := range siFlux {
		if k, ok := fits.UnitFactor(u, s.unit); ok && k > 0 {
			return fluxUnit{s.kind, k}, nil
		}
	}
	if _, ok := fits.UnitFactor(u, "1"); ok { // a bare number: 1e-17
		return fluxUnit{FluxRelative, 1}, fmt.Errorf("the flux is relative (%q): only calibrated fluxes convert", u)
	}
	for _, w := range countWords {
		if strings.HasPrefix(key, w) {
			return fluxUnit{FluxCounts, 1}, fmt.Errorf("the flux is in %s, not calibrated: it cannot be converted to a flux density", u)
		}
	}
	return fluxUnit{}, fmt.Errorf("%q is not a flux unit we know (F_λ such as erg/s/cm2/Angstrom, F_ν such as Jy, νF_ν such as W/m2, or ABmag)", u)
}

// ConvertFlux converts flux densities from fluxUnit to unit to, pixel by
// pixel at the spectral coordinates wave (in waveUnit: any wavelength,
// frequency, energy or wavenumber unit), as astropy's
// u.spectral_density(wave) does. Within one kind (F_λ to F_λ, ...) wave
// may be nil. An AB magnitude of a flux ≤ 0 is NaN. It returns a new slice.
func ConvertFlux(flux []float64, fluxUnit string, wave []float64, waveUnit string, to string) ([]float64, error) {
	f, err := fluxUnitOf(fluxUnit)
	if err != nil {
		return nil, fmt.Errorf("cannot convert the flux to %s: %w", to, err)
	}
	t, err := fluxUnitOf(to)
	if err != nil {
		return nil, fmt.Errorf("cannot convert the flux from %s: %w", fluxUnit, err)
	}
	out := make([]float64, len(flux))
	if f.kind == t.kind && f.kind != FluxABMag {
		k, ok := fits.UnitFactor(fluxUnit, to)
		if !ok {
			k = f.scale / t.scale
		}
		for i, v := range flux {
			out[i] = v * k
		}
		return out, nil
	}
	if f.kind == FluxABMag && t.kind == FluxABMag {
		copy(out, flux)
		return out, nil
	}
	if len(wave) != len(flux) {
		return nil, fmt.Errorf("cannot convert %s to %s: %d wavelengths for %d fluxes", fluxUnit, to, len(wave), len(flux))
	}
	lam, err := wavelengthsIn(wave, waveUnit)
	if err != nil {
		return nil, fmt.Errorf("cannot convert %s to %s: %w", fluxUnit, to, err)
	}
	for i, v := range flux {
		out[i] = fromFnu(t, toFnu(f, v, lam[i]), lam[i])
	}
	return out, nil
}

// toFnu is a flux of kind f at wavelength l (m) as F_ν in W m⁻² Hz⁻¹.
func toFnu(f fluxUnit, v, l float64) float64 {
	switch f.kind {
	case FluxABMag:
		return abZero * math.Pow(10, -0.4*v)
	case FluxLambda: // F_ν = F_λ λ²/c
		return v * f.scale * (l * l / speedOfLight)
	case FluxNuFnu: // F_ν = νF_ν / ν
		return v * f.scale / (speedOfLight / l)
	}
	return v * f.scale
}

// fromFnu is F_ν (W m⁻² Hz⁻¹) at wavelength l (m) in unit t.
func fromFnu(t fluxUnit, fnu, l float64) float64 {
	switch t.kind {
	case FluxABMag:
		if !(fnu > 0) {
			return math.NaN()
		}
		return -2.5 * math.Log10(fnu/abZero)
	case FluxLambda:
		return fnu / (l * l / speedOfLight) / t.scale
	case FluxNuFnu:
		return fnu * (speedOfLight / l) / t.scale
	}
	return fnu / t.scale
}

// ConvertFluxErr converts 1σ errors errs of the fluxes flux (both in
// fluxUnit) to unit to. Linear units take the errors through the same
// per-pixel factor as the fluxes; an AB magnitude's error is
// 2.5/ln10 × σ/|F|, and back σ_F = |F| × ln10/2.5 × σ_mag.
func ConvertFluxErr(errs, flux []float64, fluxUnit string, wave []float64, waveUnit string, to string) ([]float64, error) {
	fromAB, toAB := FluxKind(fluxUnit) == FluxABMag, FluxKind(to) == FluxABMag
	switch {
	case fromAB && toAB:
		return append([]float64(nil), errs...), nil
	case !fromAB && !toAB:
		return ConvertFlux(errs, fluxUnit, wave, waveUnit, to)
	}
	if len(errs) != len(flux) {
		return nil, fmt.Errorf("cannot convert the errors: %d errors for %d fluxes", len(errs), len(flux))
	}
	const k = 2.5 / math.Ln10
	out := make([]float64, len(errs))
	if toAB {
		if _, err := fluxUnitOf(fluxUnit); err != nil {
			return nil, fmt.Errorf("cannot convert the errors to %s: %w", to, err)
		}
		for i, e := range errs {
			out[i] = k * e / math.Abs(flux[i])
		}
		return out, nil
	}
	lin, err := ConvertFlux(flux, fluxUnit, wave, waveUnit, to)
	if err != nil {
		return nil, err
	}
	for i, e := range errs {
		out[i] = math.Abs(lin[i]) * e / k
	}
	return out, nil
}
