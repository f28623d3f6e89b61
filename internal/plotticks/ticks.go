// Package plotticks places gonum/plot axis ticks at round values, for the
// spectrum and the conditions plots alike.
package plotticks

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// Nice labels an axis at 1, 2 or 5 times a power of ten, about Labels
// labels per axis (0: six), with unlabelled minor ticks between. gonum's
// default labels the range ends with long numbers (2.38616e-15) when few
// round values fall inside, which reads badly on flux axes, and picks
// values such as 3.75 on short axes.
type Nice struct{ Labels int }

func (n Nice) Ticks(min, max float64) []plot.Tick {
	if !(max > min) {
		return nil
	}
	labels := n.Labels
	if labels <= 0 {
		labels = 6
	}
	step := niceStep((max - min) / float64(labels))
	minor := step / 5
	if m := step / math.Pow(10, math.Floor(math.Log10(step))); m == 2 {
		minor = step / 4
	}
	digits := labelDigits(min, max, step)
	var ticks []plot.Tick
	first := math.Ceil(min/minor) * minor
	for i := 0; ; i++ {
		v := first + float64(i)*minor
		if v > max+minor*1e-9 || i > 200 {
			break
		}
		k := v / step
		if math.Abs(k-math.Round(k)) < 1e-6 {
			v = math.Round(k) * step
			ticks = append(ticks, plot.Tick{Value: v, Label: formatTick(v, step, digits)})
		} else {
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	return ticks
}

// niceStep rounds x up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	switch m := x / p; {
	case m <= 1:
		return p
	case m <= 2:
		return 2 * p
	case m <= 5:
		return 5 * p
	}
	return 10 * p
}

// labelDigits is the number of significant digits that tells labels one
// step apart.
func labelDigits(lo, hi, step float64) int {
	big := math.Max(math.Abs(lo), math.Abs(hi))
	d := int(math.Floor(math.Log10(big))-math.Floor(math.Log10(step))) + 1
	return max(d, 1)
}

// formatTick writes plain decimals (as many as the step needs) for
// everyday magnitudes and %g with enough digits otherwise.
func formatTick(v, step float64, digits int) string {
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e-3 && a < 1e6 {
		decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
		s := strconv.FormatFloat(v, 'f', decimals, 64)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s
	}
	return strconv.FormatFloat(v, 'g', digits, 64)
}

// Log labels a log10 axis: nice linear values when the range is
// within about a decade, else every decade (1e-15) with unlabelled 2..9
// minor ticks. Tick values are log10 of the flux.
type Log struct{}

func (Log) Ticks(lmin, lmax float64) []plot.Tick {
	if lmax-lmin < math.Log10(20) {
		lin := Nice{}.Ticks(math.Pow(10, lmin), math.Pow(10, lmax))
		out := lin[:0]
		for _, t := range lin {
			if t.Value > 0 {
				t.Value = math.Log10(t.Value)
				out = append(out, t)
			}
		}
		return out
	}
	var ticks []plot.Tick
	every := max(1, int(math.Ceil((lmax-lmin)/8))) // at most ~8 labelled decades
	for k := math.Floor(lmin); k <= lmax; k++ {
		if k >= lmin && int(k)%every == 0 {
			ticks = append(ticks, plot.Tick{Value: k, Label: strconv.FormatFloat(math.Pow(10, k), 'g', -1, 64)})
		}
		if every > 1 {
			continue
		}
		for m := 2.0; m < 10; m++ {
			if v := k + math.Log10(m); v >= lmin && v <= lmax {
				ticks = append(ticks, plot.Tick{Value: v})
			}
		}
	}
	return ticks
}
