package preview

import (
	"math"
	"sort"
)

// ZScale parameters, as in IRAF's display task and astropy's ZScaleInterval.
const (
	zsSamples    = 1000
	zsContrast   = 0.25
	zsMaxReject  = 0.5
	zsMinPixels  = 5
	zsKRej       = 2.5
	zsIterations = 5
)

// ZScale returns display limits for values (NaN and ±Inf ignored) by the
// IRAF zscale algorithm: take up to 1000 evenly strided samples, sort them,
// fit a line to the sorted samples with iterative 2.5-sigma rejection (the
// rejected set grown by 1% of the samples), and span the median by the
// slope divided by the contrast 0.25, within the sample range. It follows
// astropy's ZScaleInterval step for step, so the limits match it. ok is
// false when there are no finite values.
func ZScale(values []float64) (lo, hi float64, ok bool) {
	finite := 0
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			finite++
		}
	}
	if finite == 0 {
		return 0, 0, false
	}
	stride := max(1, int(float64(finite)/zsSamples))
	samples := make([]float64, 0, min(zsSamples, finite))
	k := 0
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		if k%stride == 0 && len(samples) < zsSamples {
			samples = append(samples, v)
		}
		k++
	}
	sort.Float64s(samples)
	return zscaleSorted(samples)
}

func zscaleSorted(s []float64) (lo, hi float64, ok bool) {
	n := len(s)
	lo, hi = s[0], s[n-1]
	minpix := max(zsMinPixels, int(float64(n)*zsMaxReject))
	ngrow := max(1, int(float64(n)*0.01))
	bad := make([]bool, n)
	grown := make([]bool, n)
	good, lastGood := n, n+1
	var slope float64
	for it := 0; it < zsIterations; it++ {
		if good >= lastGood || good < minpix {
			break
		}
		var intercept float64
		slope, intercept = fitLine(s, bad)
		// Standard deviation of the residuals of the good samples.
		var sum, sum2 float64
		cnt := 0
		for i, v := range s {
			if !bad[i] {
				r := v - (slope*float64(i) + intercept)
				sum += r
				cnt++
			}
		}
		mean := sum / float64(cnt)
		for i, v := range s {
			if !bad[i] {
				d := v - (slope*float64(i) + intercept) - mean
				sum2 += d * d
			}
		}
		threshold := zsKRej * math.Sqrt(sum2/float64(cnt))
		for i, v := range s {
			r := v - (slope*float64(i) + intercept)
			if r < -threshold || r > threshold {
				bad[i] = true
			}
		}
		// Grow each rejected sample over a window of ngrow, placed as
		// numpy's convolve(mode="same") places it.
		left := ngrow / 2
		right := (ngrow - 1) / 2
		for i := range grown {
			grown[i] = false
			for m := max(0, i-left); m <= min(n-1, i+right); m++ {
				if bad[m] {
					grown[i] = true
					break
				}
			}
		}
		bad, grown = grown, bad
		lastGood = good
		good = 0
		for _, b := range bad {
			if !b {
				good++
			}
		}
	}
	if good >= minpix {
		slope /= zsContrast
		center := (n - 1) / 2
		median := s[n/2]
		if n%2 == 0 {
			median = (s[n/2-1] + s[n/2]) / 2
		}
		lo = max(lo, median-float64(center-1)*slope)
		hi = min(hi, median+float64(n-center)*slope)
	}
	return lo, hi, true
}

// fitLine is the least-squares line through (i, s[i]) over the samples not
// marked bad.
func fitLine(s []float64, bad []bool) (slope, intercept float64) {
	var n, sx, sy float64
	for i, v := range s {
		if !bad[i] {
			n++
			sx += float64(i)
			sy += v
		}
	}
	mx, my := sx/n, sy/n
	var sxx, sxy float64
	for i, v := range s {
		if !bad[i] {
			dx := float64(i) - mx
			sxx += dx * dx
			sxy += dx * (v - my)
		}
	}
	if sxx == 0 {
		return 0, my
	}
	slope = sxy / sxx
	return slope, my - slope*mx
}
