package specunits

import (
	"math"

	"esodesk/fits"
)

// Air and vacuum wavelengths use the IAU standard: Edlén (1953, JOSA 43,
// 339), adopted by the IAU in 1957 (Oosterhoff) and again in 1991 (Morton
// 1991, ApJS 77, 119, eq. 3), and the relation WCSLIB applies to FITS AWAV
// axes:
//
//	(n − 1) × 10⁸ = 6432.8 + 2949810 / (146 − σ²) + 25540 / (41 − σ²)
//
// with σ the vacuum wavenumber in µm⁻¹. n is a function of the vacuum
// wavelength, so VacuumToAir is direct (λ_air = λ_vac / n) and AirToVacuum
// solves λ_vac = λ_air × n(λ_vac) by iteration. Below 2000 Å (where
// spectroscopists quote vacuum wavelengths, and the formula approaches its
// poles at 1563 Å and 828 Å) values are left as they are.

const airVacMinMetres = 2000e-10

// refractiveIndex is n of standard air at vacuum wavelength lvac (m).
func refractiveIndex(lvac float64) float64 {
	s2 := 1e-12 / (lvac * lvac) // σ² in µm⁻²
	return 1 + (6432.8+2949810/(146-s2)+25540/(41-s2))*1e-8
}

// VacuumToAir converts vacuum wavelengths in unit (any wavelength unit) to
// air. Values in a unit that is not a wavelength come back unchanged (as a
// copy).
func VacuumToAir(wave []float64, unit string) []float64 {
	return mapWavelengths(wave, unit, func(l float64) float64 { return l / refractiveIndex(l) })
}

// AirToVacuum converts air wavelengths in unit to vacuum, by fixed-point
// iteration of λ_vac = λ_air × n(λ_vac) until it no longer changes (the
// step shrinks ~10⁴× per round, so a few rounds reach double precision).
func AirToVacuum(wave []float64, unit string) []float64 {
	return mapWavelengths(wave, unit, func(air float64) float64 {
		vac := air
		for range 20 {
			next := air * refractiveIndex(vac)
			if next == vac {
				break
			}
			vac = next
		}
		return vac
	})
}

func mapWavelengths(wave []float64, unit string, f func(float64) float64) []float64 {
	out := append([]float64(nil), wave...)
	su, err := spectralUnitOf(unit)
	if err != nil || su.kind != KindWavelength {
		return out
	}
	k := su.scale
	if kk, ok := fits.UnitFactor(unit, "m"); ok {
		k = kk
	}
	for i, w := range wave {
		if l := w * k; l >= airVacMinMetres && !math.IsInf(l, 0) {
			out[i] = f(l) / k
		}
	}
	return out
}
