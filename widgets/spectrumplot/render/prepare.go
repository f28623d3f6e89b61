package render

import (
	"math"

	"esodesk/fits"
	"esodesk/fits/specunits"
)

// prepared is a spectrum's arrays in the display units, ready for zooming.
type prepared struct {
	unit       string    // display unit of wave
	wave       []float64 // shared with the Spectrum when no conversion was needed
	order      Order
	xmin, xmax float64 // finite extent (NaN when there is none)
	// flux and err in the flux axis' unit: the file's times scale (shared
	// with the Spectrum when scale is 1); err is nil when the file has none.
	scale     float64
	flux, err []float64
	// maskedFlux is flux with NaN where Quality != 0 (nil when no pixel is bad).
	maskedFlux []float64
	bad        []int // indices of bad pixels, ascending
	// extras are the Extra arrays in the flux axis' unit, by name; nil for
	// one whose unit is not the flux's (it cannot share the axis).
	extras map[string][]float64
}

// prepSpec is how one spectrum is shown: the x axis (unit, rest
// wavelength for velocities, air taken to vacuum first) and the flux axis
// (a factor, or a per-pixel conversion to yUnit, then perhaps divided by
// the median).
type prepSpec struct {
	unit   string
	rest   float64 // metres; only for a velocity axis
	vacuum bool    // the spectrum's air wavelengths are converted to vacuum
	scale  float64
	yUnit  string // "" : the flux is only multiplied by scale
	norm   bool   // then divided by its median
}

// prepare converts s's spectral coordinates to the axis and its fluxes to
// the flux axis as spec says.
func prepare(s *fits.Spectrum, spec prepSpec) (*prepared, error) {
	unit, scale := spec.unit, spec.scale
	p := &prepared{unit: unit, wave: s.Wave, scale: scale}
	base := s.Wave
	if spec.vacuum && s.Air {
		base = specunits.AirToVacuum(s.Wave, s.WaveUnit)
		p.wave = base
	}
	switch {
	case isOtherAxisUnit(unit):
		w, err := specunits.ConvertSpectralAxis(base, specunits.Axis{Unit: s.WaveUnit},
			specunits.Axis{Unit: unit, Rest: restOr(spec.rest)})
		if err != nil {
			return nil, err
		}
		p.wave = w
	case fits.NormalizeUnit(unit) != "" && fits.NormalizeUnit(s.WaveUnit) != "":
		w, err := convertWave(base, s.WaveUnit, unit)
		if err != nil {
			return nil, err
		}
		p.wave = w
	}
	p.order = OrderOf(p.wave)
	p.xmin, p.xmax = extent(p.wave, p.order)
	if spec.yUnit != "" {
		return p, p.convertFlux(s, spec)
	}
	p.flux, p.err = scaled(s.Flux, scale), scaled(s.Err, scale)
	p.markBad(s)
	p.extras = make(map[string][]float64, len(s.Extra))
	for _, ex := range s.Extra {
		if k, ok := fits.UnitFactor(ex.Unit, s.FluxUnit); ok {
			p.extras[ex.Name] = scaled(ex.Values, k*scale)
		} else {
			p.extras[ex.Name] = nil
		}
	}
	return p, nil
}

// convertFlux fills the flux arrays converted pixel by pixel to spec.yUnit
// (specunits.ConvertFlux, as astropy's spectral_density), then divided by
// the median when spec.norm.
func (p *prepared) convertFlux(s *fits.Spectrum, spec prepSpec) error {
	var err error
	if p.flux, err = specunits.ConvertFlux(s.Flux, s.FluxUnit, s.Wave, s.WaveUnit, spec.yUnit); err != nil {
		return err
	}
	if s.Err != nil {
		if p.err, err = specunits.ConvertFluxErr(s.Err, s.Flux, s.FluxUnit, s.Wave, s.WaveUnit, spec.yUnit); err != nil {
			return err
		}
	}
	k := 1.0
	if spec.norm {
		k = normaliser(p.flux)
		p.flux, p.err = scaled(p.flux, k), scaled(p.err, k)
	}
	p.scale = math.NaN() // not one factor: the readout says the file's value too
	p.markBad(s)
	p.extras = make(map[string][]float64, len(s.Extra))
	for _, ex := range s.Extra {
		p.extras[ex.Name] = nil
		if _, ok := fits.UnitFactor(ex.Unit, s.FluxUnit); ok {
			if v, err := specunits.ConvertFlux(ex.Values, ex.Unit, s.Wave, s.WaveUnit, spec.yUnit); err == nil {
				p.extras[ex.Name] = scaled(v, k)
			}
		}
	}
	return nil
}

func (p *prepared) markBad(s *fits.Spectrum) {
	for i, q := range s.Quality {
		if q != 0 && i < len(p.flux) {
			p.bad = append(p.bad, i)
		}
	}
	if len(p.bad) > 0 {
		p.maskedFlux = append([]float64(nil), p.flux...)
		for _, i := range p.bad {
			p.maskedFlux[i] = math.NaN()
		}
	}
}

// scaled is v times k: v itself when k is 1 (callers must not modify it).
func scaled(v []float64, k float64) []float64 {
	if k == 1 || v == nil {
		return v
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x * k
	}
	return out
}

// extent is the finite min and max of x.
func extent(x []float64, order Order) (lo, hi float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	switch order {
	case Ascending:
		return x[0], x[len(x)-1]
	case Descending:
		return x[len(x)-1], x[0]
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	if lo > hi {
		return math.NaN(), math.NaN()
	}
	return lo, hi
}

func isInf(v float64) bool { return math.IsInf(v, 0) || v != v }
