package render

import (
	"math"
	"sort"
	"strconv"

	"esodesk/fits"
)

// Hit is the data point nearest to a position on a rendered image.
type Hit struct {
	Spectrum int // index in the spectra slice
	Index    int // pixel index in the spectrum's arrays
	X        float64
	Unit     string // display unit of X
	// Flux and Err as drawn (converted or normalised; Err NaN when the
	// spectrum has none), in FluxUnit ("" when normalised or unknown).
	Flux, Err float64
	FluxUnit  string
	// Scaled: Flux is not the file's value, which is FileFlux in FileUnit.
	Scaled   bool
	FileFlux float64
	FileUnit string
	Quality  int32
	HasQual  bool
	Title    string
}

// Nearest finds, among the visible spectra drawn in r, the point nearest
// (in pixels) to image position (px, py): for each spectrum the pixel
// nearest in x, then the spectrum whose point is closest on screen.
// Pass the same spectra and options that made r.
func Nearest(spectra []*fits.Spectrum, opts Options, r *Rendered, px, py float64) (Hit, bool) {
	if r == nil {
		return Hit{}, false
	}
	o := opts.withDefaults()
	l, err := makeLayout(spectra, o)
	if err != nil {
		return Hit{}, false
	}
	x := r.DataX(px)
	best, bestD := Hit{}, math.Inf(1)
	for _, sr := range l.series {
		i := nearestIndex(sr.pr.wave, sr.pr.order, x)
		if i < 0 || i >= len(sr.flux) {
			continue
		}
		dx := r.PixelX(sr.pr.wave[i]) - px
		dy := 0.0
		if f := sr.flux[i]; f == f && (!o.LogY || f > 0) {
			dy = r.PixelY(f) - py
		} else {
			dy = 1e6 // a gap: only if nothing else is near
		}
		if d := math.Hypot(dx, dy); d < bestD {
			bestD = d
			best = Hit{Spectrum: sr.index, Index: i, X: sr.pr.wave[i], Unit: sr.pr.unit, Flux: sr.pr.flux[i],
				Err: math.NaN(), FileFlux: sr.s.Flux[i], FileUnit: sr.s.FluxUnit, Title: seriesTitle(sr)}
			if l.flux.Mode != FluxNormalised {
				best.FluxUnit = l.flux.Unit
			}
			best.Scaled = sr.pr.scale != 1
			if i < len(sr.pr.err) {
				best.Err = sr.pr.err[i]
			}
			if i < len(sr.s.Quality) {
				best.Quality, best.HasQual = sr.s.Quality[i], true
			}
		}
	}
	return best, !math.IsInf(bestD, 1)
}

// nearestIndex is the index whose x is nearest to v (-1 when none is finite).
func nearestIndex(xs []float64, order Order, v float64) int {
	n := len(xs)
	if n == 0 {
		return -1
	}
	if order == Ascending || order == Descending {
		var i int
		if order == Ascending {
			i = sort.SearchFloat64s(xs, v)
		} else {
			i = sort.Search(n, func(k int) bool { return xs[k] <= v })
		}
		switch {
		case i <= 0:
			return 0
		case i >= n:
			return n - 1
		}
		if math.Abs(xs[i-1]-v) <= math.Abs(xs[i]-v) {
			return i - 1
		}
		return i
	}
	best, bd := -1, math.Inf(1)
	for i, x := range xs {
		if d := math.Abs(x - v); d < bd {
			best, bd = i, d
		}
	}
	return best
}

// FormatValue writes a readout number with 6 significant digits.
func FormatValue(v float64) string {
	if v != v {
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}
