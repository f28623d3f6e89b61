package render

import (
	"math"

	"esodesk/fits"
)

// prepared is a spectrum's x axis in the display unit, ready for zooming.
type prepared struct {
	unit       string    // display unit of wave
	wave       []float64 // shared with the Spectrum when no conversion was needed
	order      Order
	xmin, xmax float64 // finite extent (NaN when there is none)
	// maskedFlux is Flux with NaN where Quality != 0 (nil when no pixel is bad).
	maskedFlux []float64
	bad        []int // indices of bad pixels, ascending
}

// displayUnit is the unit s is drawn in when the user asked for want.
func displayUnit(s *fits.Spectrum, want string) string {
	if IsWavelengthUnit(s.WaveUnit) {
		if c, ok := CanonicalXUnit(want); ok {
			return c
		}
		if c, ok := CanonicalXUnit(s.WaveUnit); ok {
			return c
		}
	}
	return s.WaveUnit
}

func prepare(s *fits.Spectrum, want string) (*prepared, error) {
	p := &prepared{unit: displayUnit(s, want), wave: s.Wave}
	if p.unit != s.WaveUnit && IsWavelengthUnit(s.WaveUnit) {
		w, err := convertWave(s.Wave, s.WaveUnit, p.unit)
		if err != nil {
			return nil, err
		}
		p.wave = w
	}
	p.order = OrderOf(p.wave)
	p.xmin, p.xmax = extent(p.wave, p.order)
	for i, q := range s.Quality {
		if q != 0 && i < len(s.Flux) {
			p.bad = append(p.bad, i)
		}
	}
	if len(p.bad) > 0 {
		p.maskedFlux = append([]float64(nil), s.Flux...)
		for _, i := range p.bad {
			p.maskedFlux[i] = math.NaN()
		}
	}
	return p, nil
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
