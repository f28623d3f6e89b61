// Package imgrender turns image pixels (float32, row 0 at the bottom as FITS
// stores them) into an RGBA view: display limits (zscale, min/max,
// percentiles), a stretch, a colour map, pan and zoom, and an RA/Dec grid.
// It knows nothing of FITS files or Fyne.
package imgrender

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"esodesk/preview"
)

// Params choose how values become colours.
type Params struct {
	Scale    string // "zscale", "minmax", or a percentile such as "99.5"
	Stretch  string // linear, log, sqrt, asinh
	Colormap string // one of Colormaps()
	Invert   bool
}

// Scales and Stretches list the accepted names (for flags and menus).
var (
	Scales    = []string{"zscale", "minmax", "99.5", "99", "98", "95", "90"}
	Stretches = []string{"linear", "log", "sqrt", "asinh"}
)

// Stretch constants, as astropy.visualization's defaults: LogStretch(a=1000)
// is log(a·x+1)/log(a+1) and AsinhStretch(a=0.1) is asinh(x/a)/asinh(1/a).
const (
	LogA   = 1000.0
	AsinhA = 0.1
)

const percentileSamples = 1_000_000

// Limits returns display limits for data (NaN and ±Inf ignored): zscale as
// astropy's ZScaleInterval (1000 evenly strided finite samples), minmax
// over every value, or a percentile p as astropy's PercentileInterval(p)
// (the (100-p)/2 and 100-(100-p)/2 percentiles, linearly interpolated) over
// evenly strided samples of at most a million values.
func Limits(data []float32, scale string) (lo, hi float64, err error) {
	finite := 0
	for _, v := range data {
		if isFinite(v) {
			finite++
		}
	}
	if finite == 0 {
		return 0, 0, fmt.Errorf("imgrender: the image has no finite values (all blank)")
	}
	switch s := strings.ToLower(strings.TrimSpace(scale)); s {
	case "zscale", "":
		samples := stridedSample(data, finite, 1000)
		lo, hi, _ = preview.ZScale(samples)
	case "minmax":
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, v := range data {
			if isFinite(v) {
				lo = min(lo, float64(v))
				hi = max(hi, float64(v))
			}
		}
	default:
		p, perr := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		if perr != nil || p <= 0 || p > 100 {
			return 0, 0, fmt.Errorf("imgrender: scale %q: use zscale, minmax or a percentile in (0, 100] such as 99.5", scale)
		}
		samples := stridedSample(data, finite, percentileSamples)
		slices.Sort(samples)
		lo = percentile(samples, (100-p)/2)
		hi = percentile(samples, 100-(100-p)/2)
	}
	if hi <= lo { // a flat image: any colour will do, but avoid dividing by zero
		hi = lo + 1
	}
	return lo, hi, nil
}

func isFinite(v float32) bool { return v == v && v-v == 0 }

// stridedSample takes every stride-th finite value, at most n of them, with
// stride = max(1, finite/n) as astropy's ZScaleInterval does.
func stridedSample(data []float32, finite, n int) []float64 {
	stride := max(1, finite/n)
	out := make([]float64, 0, min(n, finite))
	k := 0
	for _, v := range data {
		if !isFinite(v) {
			continue
		}
		if k%stride == 0 {
			out = append(out, float64(v))
			if len(out) == n {
				break
			}
		}
		k++
	}
	return out
}

// percentile of sorted values, numpy's default linear interpolation.
func percentile(sorted []float64, q float64) float64 {
	pos := q / 100 * float64(len(sorted)-1)
	i := int(math.Floor(pos))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	f := pos - float64(i)
	return sorted[i] + f*(sorted[i+1]-sorted[i])
}

// Normalize maps v to [0, 1]: clipped to [lo, hi], scaled linearly, then
// stretched (astropy's ImageNormalize(ManualInterval(lo, hi), stretch,
// clip=True) with the constants above). NaN stays NaN.
func Normalize(v, lo, hi float64, stretch string) float64 {
	if math.IsNaN(v) {
		return v
	}
	x := (v - lo) / (hi - lo)
	x = min(1, max(0, x))
	return stretchFunc(stretch)(x)
}

func stretchFunc(name string) func(float64) float64 {
	switch strings.ToLower(name) {
	case "log":
		d := math.Log(LogA + 1)
		return func(x float64) float64 { return math.Log(LogA*x+1) / d }
	case "sqrt":
		return math.Sqrt
	case "asinh":
		d := math.Asinh(1 / AsinhA)
		return func(x float64) float64 { return math.Asinh(x/AsinhA) / d }
	}
	return func(x float64) float64 { return x }
}

// CheckParams reports an unknown scale, stretch or colour map.
func CheckParams(p Params) error {
	if p.Scale != "" && p.Scale != "zscale" && p.Scale != "minmax" {
		if v, err := strconv.ParseFloat(p.Scale, 64); err != nil || v <= 0 || v > 100 {
			return fmt.Errorf("scale %q: use zscale, minmax or a percentile such as 99.5", p.Scale)
		}
	}
	if p.Stretch != "" && !slices.Contains(Stretches, strings.ToLower(p.Stretch)) {
		return fmt.Errorf("stretch %q: use %s", p.Stretch, strings.Join(Stretches, ", "))
	}
	if p.Colormap != "" && colormap(p.Colormap) == nil {
		return fmt.Errorf("colour map %q: use %s", p.Colormap, strings.Join(Colormaps(), ", "))
	}
	return nil
}
