package render

import (
	"math"

	"esodesk/fits"
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

// prepare converts s's wavelengths to unit and multiplies its fluxes by
// scale (a unit conversion or a normalisation).
func prepare(s *fits.Spectrum, unit string, scale float64) (*prepared, error) {
	p := &prepared{unit: unit, wave: s.Wave, scale: scale}
	if fits.NormalizeUnit(unit) != "" && fits.NormalizeUnit(s.WaveUnit) != "" {
		w, err := convertWave(s.Wave, s.WaveUnit, unit)
		if err != nil {
			return nil, err
		}
		p.wave = w
	}
	p.order = OrderOf(p.wave)
	p.xmin, p.xmax = extent(p.wave, p.order)
	p.flux, p.err = scaled(s.Flux, scale), scaled(s.Err, scale)
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
