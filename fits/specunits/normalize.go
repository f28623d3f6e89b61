package specunits

import (
	"math"
	"sort"
)

// normalizeWindow is how many pixels nearest the chosen wavelength give the
// divisor: their median is robust against one noisy or bad pixel.
const normalizeWindow = 11

// Normalize divides flux by its median (at NaN) or by the median of the
// finite fluxes of the normalizeWindow pixels nearest wavelength at (in
// wave's unit). It returns the new fluxes and the divisor; when there is
// nothing sensible to divide by (no finite flux, a divisor of 0, or at
// outside wave's range) it returns nil and that divisor (NaN, 0).
func Normalize(flux []float64, wave []float64, at float64) ([]float64, float64) {
	var d float64
	if math.IsNaN(at) {
		d = median(flux)
	} else {
		d = medianNear(flux, wave, at)
	}
	if d == 0 || math.IsNaN(d) || math.IsInf(d, 0) {
		return nil, d
	}
	out := make([]float64, len(flux))
	for i, v := range flux {
		out[i] = v / d
	}
	return out, d
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// median of the finite values; NaN when there are none.
func median(v []float64) float64 {
	f := make([]float64, 0, len(v))
	for _, x := range v {
		if finite(x) {
			f = append(f, x)
		}
	}
	if len(f) == 0 {
		return math.NaN()
	}
	sort.Float64s(f)
	n := len(f)
	if n%2 == 0 {
		return (f[n/2-1] + f[n/2]) / 2
	}
	return f[n/2]
}

// medianNear is the median of the finite fluxes at the pixels nearest at;
// NaN when at lies outside the finite wavelengths.
func medianNear(flux, wave []float64, at float64) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	type px struct{ dist, flux float64 }
	var near []px
	for i, w := range wave {
		if !finite(w) || i >= len(flux) {
			continue
		}
		lo, hi = math.Min(lo, w), math.Max(hi, w)
		if finite(flux[i]) {
			near = append(near, px{math.Abs(w - at), flux[i]})
		}
	}
	if !(at >= lo && at <= hi) || len(near) == 0 {
		return math.NaN()
	}
	sort.SliceStable(near, func(a, b int) bool { return near[a].dist < near[b].dist })
	near = near[:min(len(near), normalizeWindow)]
	vals := make([]float64, len(near))
	for i, p := range near {
		vals[i] = p.flux
	}
	return median(vals)
}
