// Package measure measures spectral lines over a wavelength range: the
// continuum under them, equivalent width, line flux, centroid, FWHM, S/N,
// and fits Gaussian or Lorentzian profiles. It also smooths and rebins
// spectra for display. It knows nothing about files or units beyond the
// labels it carries: x is in whatever unit the spectrum uses.
package measure

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Range is an interval in the spectrum's own x unit.
type Range struct{ Lo, Hi float64 }

func (r Range) contains(x float64) bool { return x >= r.Lo && x <= r.Hi }

// Options tune Measure.
type Options struct {
	// Continuum lists side bands free of lines; a straight line fitted to
	// their pixels is the continuum. Empty: the straight line through the
	// first and last pixel of the range.
	Continuum []Range
}

// Result is what Measure finds in one range. Unit is the x unit and
// FluxUnit the y unit (Measure leaves them empty; MeasureSpectrum fills
// them). Errors are 0 when no per-pixel errors were given.
type Result struct {
	Range           Range
	Continuum       float64 // the continuum at the centroid
	EquivalentWidth float64 // ∫(1 - F/C) dx: positive for absorption
	EWErr           float64
	LineFlux        float64 // ∫(F - C) dx: positive for emission
	LineFluxErr     float64
	Centroid        float64 // Σ x(F-C) / Σ (F-C)
	CentroidErr     float64
	FWHM            float64 // half-maximum crossings of |F-C|, interpolated
	FWHMGauss       float64 // 2√(2 ln 2) σ of a Gaussian fitted to F-C
	SNR             float64
	Unit, FluxUnit  string
}

// Measure measures the line in r.
//
// Integrals are sums over the pixels whose centres lie in r, each weighted
// by its bin width (half-way to its neighbours; the end pixels of the
// spectrum mirror their inner half) — the same rule as specutils'
// equivalent_width and line_flux (bin_edges of the spectral axis). EW
// follows specutils' sign: absorption positive.
//
// Errors come from err (1σ per pixel, may be nil): the continuum is taken
// as exact, so they are the photon-noise part only. S/N is median(F/err)
// over the range; without err it is the continuum level over the rms
// scatter of the side bands about their fit, or, without side bands, the
// DER_SNR estimate (Stoehr et al. 2008) over the range.
func Measure(x, y, err []float64, r Range, o Options) (Result, error) {
	res := Result{Range: r}
	if len(x) != len(y) || (err != nil && len(err) != len(x)) {
		return res, fmt.Errorf("x, flux and error have different lengths (%d, %d, %d)", len(x), len(y), len(err))
	}
	if !(r.Hi > r.Lo) {
		return res, fmt.Errorf("the range %g–%g is empty: give the lower end first", r.Lo, r.Hi)
	}
	widths := binWidths(x)
	var idx []int
	for i := range x {
		if r.contains(x[i]) && finite(y[i]) && finite(x[i]) {
			idx = append(idx, i)
		}
	}
	if len(idx) < 3 {
		return res, fmt.Errorf("the range %g–%g holds %d usable pixels: widen it (at least 3 are needed)", r.Lo, r.Hi, len(idx))
	}
	cont, scatter, err2 := continuum(x, y, idx, o.Continuum)
	if err2 != nil {
		return res, err2
	}
	var sumW, sumXW, varEW, varF float64
	resid := make([]float64, len(idx))
	xs := make([]float64, len(idx))
	for k, i := range idx {
		c := cont(x[i])
		if c == 0 {
			return res, fmt.Errorf("the continuum is 0 at %g: the equivalent width is undefined", x[i])
		}
		d := y[i] - c
		resid[k], xs[k] = d, x[i]
		res.EquivalentWidth += (1 - y[i]/c) * widths[i]
		res.LineFlux += d * widths[i]
		sumW += d
		sumXW += d * x[i]
		if err != nil && finite(err[i]) {
			varEW += sq(err[i] / c * widths[i])
			varF += sq(err[i] * widths[i])
		}
	}
	if sumW != 0 {
		res.Centroid = sumXW / sumW
	} else {
		res.Centroid = math.NaN()
	}
	res.Continuum = cont(res.Centroid)
	if err != nil {
		res.EWErr, res.LineFluxErr = math.Sqrt(varEW), math.Sqrt(varF)
		var v float64
		for _, i := range idx {
			if finite(err[i]) {
				v += sq((x[i] - res.Centroid) * err[i])
			}
		}
		res.CentroidErr = math.Sqrt(v) / math.Abs(sumW)
	}
	// The profile as a positive bump: flip absorption lines.
	sign := 1.0
	if res.LineFlux < 0 {
		sign = -1
	}
	prof := make([]float64, len(resid))
	for k := range resid {
		prof[k] = sign * resid[k]
	}
	res.FWHM = directFWHM(xs, prof)
	if p, err := fitArrays(xs, prof, "gaussian"); err == nil {
		res.FWHMGauss = gaussFWHM * math.Abs(p.Sigma)
	} else {
		res.FWHMGauss = math.NaN()
	}
	res.SNR = snr(y, err, idx, scatter, res.Continuum)
	return res, nil
}

// gaussFWHM is FWHM/σ for a Gaussian: 2√(2 ln 2).
var gaussFWHM = 2 * math.Sqrt(2*math.Ln2)

// binWidths gives each pixel the width between the midpoints to its
// neighbours; the end pixels take twice their inner half.
func binWidths(x []float64) []float64 {
	w := make([]float64, len(x))
	n := len(x)
	if n < 2 {
		return w
	}
	for i := range x {
		switch i {
		case 0:
			w[i] = math.Abs(x[1] - x[0])
		case n - 1:
			w[i] = math.Abs(x[n-1] - x[n-2])
		default:
			w[i] = math.Abs(x[i+1]-x[i-1]) / 2
		}
	}
	return w
}

// continuum returns the straight-line continuum and, when side bands were
// given, the rms scatter of their pixels about it (NaN otherwise).
func continuum(x, y []float64, idx []int, bands []Range) (func(float64) float64, float64, error) {
	if len(bands) == 0 {
		i, j := idx[0], idx[len(idx)-1]
		b := (y[j] - y[i]) / (x[j] - x[i])
		a := y[i] - b*x[i]
		return func(v float64) float64 { return a + b*v }, math.NaN(), nil
	}
	var cx, cy []float64
	for i := range x {
		if !finite(y[i]) || !finite(x[i]) {
			continue
		}
		for _, b := range bands {
			if b.contains(x[i]) {
				cx, cy = append(cx, x[i]), append(cy, y[i])
				break
			}
		}
	}
	if len(cx) < 2 {
		return nil, 0, fmt.Errorf("the continuum bands hold %d usable pixels: give bands with at least 2", len(cx))
	}
	a, b := lineFit(cx, cy)
	var ss float64
	for k := range cx {
		ss += sq(cy[k] - a - b*cx[k])
	}
	scatter := math.NaN()
	if len(cx) > 2 {
		scatter = math.Sqrt(ss / float64(len(cx)-2))
	}
	return func(v float64) float64 { return a + b*v }, scatter, nil
}

// lineFit is the least-squares straight line y = a + b x (x centred for
// accuracy: wavelengths are large numbers with small spans).
func lineFit(x, y []float64) (a, b float64) {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	n := float64(len(x))
	mx, my = mx/n, my/n
	var sxx, sxy float64
	for i := range x {
		sxx += sq(x[i] - mx)
		sxy += (x[i] - mx) * (y[i] - my)
	}
	if sxx == 0 {
		return my, 0
	}
	b = sxy / sxx
	return my - b*mx, b
}

// directFWHM finds where a positive bump falls to half its maximum on each
// side of the peak, interpolating linearly between the pixels that straddle
// it. NaN when a side never falls that low inside the range.
func directFWHM(x, p []float64) float64 {
	top := 0
	for i := range p {
		if p[i] > p[top] {
			top = i
		}
	}
	half := p[top] / 2
	if !(half > 0) {
		return math.NaN()
	}
	left, right := math.NaN(), math.NaN()
	for i := top; i > 0; i-- {
		if p[i-1] <= half {
			left = interp(half, p[i-1], p[i], x[i-1], x[i])
			break
		}
	}
	for i := top; i < len(p)-1; i++ {
		if p[i+1] <= half {
			right = interp(half, p[i+1], p[i], x[i+1], x[i])
			break
		}
	}
	return math.Abs(right - left)
}

// interp returns the x where the segment (x0,v0)–(x1,v1) reaches v.
func interp(v, v0, v1, x0, x1 float64) float64 {
	if v1 == v0 {
		return x0
	}
	return x0 + (v-v0)/(v1-v0)*(x1-x0)
}

func snr(y, err []float64, idx []int, scatter, cont float64) float64 {
	var r []float64
	if err != nil {
		for _, i := range idx {
			if finite(err[i]) && err[i] > 0 {
				r = append(r, y[i]/err[i])
			}
		}
		return median(r)
	}
	if !math.IsNaN(scatter) {
		if scatter == 0 {
			return math.Inf(1)
		}
		return math.Abs(cont) / scatter
	}
	return derSNR(y, idx)
}

// derSNR is DER_SNR (Stoehr et al. 2008, ASPC 394, 505): median signal over
// 1.482602/√6 · median|2F_i − F_{i−2} − F_{i+2}|, over the pixels idx.
func derSNR(y []float64, idx []int) float64 {
	f := make([]float64, len(idx))
	for k, i := range idx {
		f[k] = y[i]
	}
	if len(f) < 5 {
		return math.NaN()
	}
	var d []float64
	for i := 2; i < len(f)-2; i++ {
		d = append(d, math.Abs(2*f[i]-f[i-2]-f[i+2]))
	}
	noise := 1.482602 / math.Sqrt(6) * median(d)
	if noise == 0 {
		return math.Inf(1)
	}
	return median(f) / noise
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
func sq(v float64) float64  { return v * v }

var nan = math.NaN()

var errShort = errors.New("the range holds fewer than 5 usable pixels: widen it to fit a profile")
