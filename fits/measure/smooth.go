package measure

import (
	"fmt"
	"math"
)

// Smooth smooths y for display. kind is "boxcar" (running mean over width
// pixels), "gaussian" (kernel of FWHM width pixels, cut at ±3σ) or
// "savgol"/"savgol2"/"savgol3" (Savitzky–Golay: a polynomial of order 2 or 3
// fitted over width pixels, width odd; near the ends the window stays
// inside the data, like scipy's mode="interp").
//
// NaN pixels stay NaN and are left out of their neighbours' averages and
// fits, so gaps do not spread.
func Smooth(y []float64, kind string, width int) ([]float64, error) {
	if width < 1 {
		return nil, fmt.Errorf("smoothing width %d: give at least 1 pixel", width)
	}
	switch kind {
	case "boxcar":
		k := make([]float64, width)
		for i := range k {
			k[i] = 1
		}
		return convolve(y, k, width/2), nil
	case "gaussian":
		s := float64(width) / gaussFWHM
		h := int(math.Ceil(3 * s))
		k := make([]float64, 2*h+1)
		for i := range k {
			k[i] = math.Exp(-sq(float64(i-h)) / (2 * s * s))
		}
		return convolve(y, k, h), nil
	case "savgol", "savgol2", "savgol3":
		order := 2
		if kind == "savgol3" {
			order = 3
		}
		if width%2 == 0 || width < order+2 {
			return nil, fmt.Errorf("Savitzky–Golay of order %d needs an odd width of at least %d pixels, not %d", order, order+2+(order+1)%2, width)
		}
		return savgol(y, width, order), nil
	}
	return nil, fmt.Errorf("unknown smoothing %q: use boxcar, gaussian, savgol2 or savgol3", kind)
}

// convolve is the normalised weighted mean of the finite pixels under the
// kernel k (centred on index c).
func convolve(y, k []float64, c int) []float64 {
	out := make([]float64, len(y))
	for i := range y {
		if !finite(y[i]) {
			out[i] = math.NaN()
			continue
		}
		var s, w float64
		for j := range k {
			p := i + j - c
			if p < 0 || p >= len(y) || !finite(y[p]) {
				continue
			}
			s += k[j] * y[p]
			w += k[j]
		}
		out[i] = s / w
	}
	return out
}

// savgol fits, for each pixel, a polynomial of the given order to the
// finite pixels of a width-pixel window (shifted inward at the ends) and
// evaluates it there.
func savgol(y []float64, width, order int) []float64 {
	out := make([]float64, len(y))
	h := width / 2
	for i := range y {
		if !finite(y[i]) {
			out[i] = math.NaN()
			continue
		}
		lo := i - h
		if lo+width > len(y) {
			lo = len(y) - width
		}
		if lo < 0 {
			lo = 0
		}
		hi := lo + width
		if hi > len(y) {
			hi = len(y)
		}
		out[i] = polyAt(y, lo, hi, i, order)
	}
	return out
}

// polyAt fits Σ c_k t^k (t = pixel - i, so the value at i is c_0) to the
// finite pixels in [lo, hi), lowering the order when too few remain.
func polyAt(y []float64, lo, hi, i, order int) float64 {
	var ts, vs []float64
	for p := lo; p < hi; p++ {
		if finite(y[p]) {
			ts, vs = append(ts, float64(p-i)), append(vs, y[p])
		}
	}
	if order > len(ts)-1 {
		order = len(ts) - 1
	}
	n := order + 1
	var m [4][4]float64
	var v [4]float64
	for k := range ts {
		pw := [4]float64{1, ts[k], ts[k] * ts[k], ts[k] * ts[k] * ts[k]}
		for a := 0; a < n; a++ {
			v[a] += pw[a] * vs[k]
			for b := 0; b < n; b++ {
				m[a][b] += pw[a] * pw[b]
			}
		}
	}
	for a := n; a < 4; a++ { // unused orders: identity rows, zero solution
		m[a][a] = 1
	}
	c, ok := solve4(m, v)
	if !ok {
		return y[i]
	}
	return c[0]
}

// Rebin averages each group of factor neighbouring pixels into one (x the
// mean of the group's x, y the mean of its finite y, NaN when none is).
// A shorter last group is averaged too. factor < 2 returns copies.
func Rebin(x, y []float64, factor int) ([]float64, []float64) {
	if factor < 2 {
		return append([]float64(nil), x...), append([]float64(nil), y...)
	}
	n := len(x)
	if len(y) < n {
		n = len(y)
	}
	var ox, oy []float64
	for s := 0; s < n; s += factor {
		e := s + factor
		if e > n {
			e = n
		}
		var sx, sy float64
		var ny int
		for i := s; i < e; i++ {
			sx += x[i]
			if finite(y[i]) {
				sy += y[i]
				ny++
			}
		}
		ox = append(ox, sx/float64(e-s))
		if ny == 0 {
			oy = append(oy, math.NaN())
		} else {
			oy = append(oy, sy/float64(ny))
		}
	}
	return ox, oy
}
