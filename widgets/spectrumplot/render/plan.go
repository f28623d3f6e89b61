package render

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"esodesk/fits"
)

// Spectra overplotted on one pair of axes must share the axes' units. The
// first visible spectrum sets them; the others are converted to them when
// their units allow. Fluxes that cannot be converted (a relative flux next
// to a calibrated one, counts, F_ν next to F_λ) are all normalised instead,
// and spectra on an x axis of another kind are left out; either way the
// plot says so. A spectrum is never drawn on an axis labelled with a unit
// that is not its own.

// FluxMode says how the spectra share the flux axis.
type FluxMode int8

const (
	FluxAsIs       FluxMode = iota // one unit (or none) for all: the files' values
	FluxConverted                  // converted to the first spectrum's unit
	FluxNormalised                 // units that do not convert: each divided by its median
)

// FluxDecision is how the flux axis shows spectra in the given units.
type FluxDecision struct {
	Mode FluxMode
	// Unit is the axis unit, as the first file writes it ("" when
	// normalised or when the files give none).
	Unit string
	// Factors take each spectrum's values to the axis unit when converted
	// (1 otherwise; a normalised spectrum's factor needs its data).
	Factors []float64
	// Note is what the plot says about it ("" when there is nothing to say).
	Note string
}

// DecideFlux chooses how spectra with these flux units (the visible ones,
// in order) share the flux axis.
func DecideFlux(units []string) FluxDecision {
	d := FluxDecision{Factors: make([]float64, len(units))}
	if len(units) == 0 {
		return d
	}
	d.Unit = units[0]
	var others []string // the units converted from
	for i, u := range units {
		k, ok := fits.UnitFactor(u, d.Unit)
		if !ok {
			return normalised(units)
		}
		d.Factors[i] = k
		if k != 1 { // not the same unit spelled another way
			others = appendNew(others, fits.PrettyUnit(u))
		}
	}
	if len(others) > 0 {
		d.Mode = FluxConverted
		d.Note = fmt.Sprintf("flux converted to %s (from %s)", fits.PrettyUnit(d.Unit), strings.Join(others, ", "))
	}
	return d
}

func normalised(units []string) FluxDecision {
	d := FluxDecision{Mode: FluxNormalised, Factors: make([]float64, len(units))}
	var names []string
	for i, u := range units {
		d.Factors[i] = 1
		name := fits.PrettyUnit(u)
		if name == "" {
			name = "no unit"
		}
		names = appendNew(names, name)
	}
	if len(names) > 3 {
		names = append(names[:3], "…")
	}
	d.Note = "normalised: the flux units differ (" + strings.Join(names, " vs ") + ")"
	return d
}

func appendNew(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

// YLabel is the flux axis label for a decision.
func (d FluxDecision) YLabel() string {
	switch {
	case d.Mode == FluxNormalised:
		return "Normalised flux"
	case strings.TrimSpace(d.Unit) == "":
		return "Flux"
	}
	return "Flux [" + fits.PrettyUnit(d.Unit) + "]"
}

// medianOf is the median of the finite values (NaN when there is none).
func medianOf(v []float64) float64 {
	f := make([]float64, 0, len(v))
	for _, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			f = append(f, x)
		}
	}
	if len(f) == 0 {
		return math.NaN()
	}
	sort.Float64s(f)
	if n := len(f); n%2 == 0 {
		return (f[n/2-1] + f[n/2]) / 2
	}
	return f[len(f)/2]
}

// normaliser is the factor that brings a flux's median to 1 (1 when the
// median is 0 or there are no finite values: nothing sensible to divide by).
func normaliser(flux []float64) float64 {
	m := medianOf(flux)
	if m != 0 && !math.IsNaN(m) {
		return 1 / m
	}
	return 1
}

// layout is what one picture shows: the visible spectra that share the
// axes, their arrays in the axes' units, and what the plot must say.
type layout struct {
	series   []series
	xUnit    string
	xAssumed bool // some spectrum's x unit was assumed
	flux     FluxDecision
	notes    []string
}

// series is one drawn spectrum with its display arrays.
type series struct {
	index int
	s     *fits.Spectrum
	pr    *prepared
	flux  []float64 // pr.flux, or pr.maskedFlux when bad pixels are hidden
}

func makeLayout(spectra []*fits.Spectrum, o Options) (*layout, error) {
	l := &layout{}
	var shown []int
	var leftOut []string
	for i, s := range spectra {
		if s == nil || o.hidden(i) || s.Len() == 0 {
			continue
		}
		if len(shown) == 0 {
			l.xUnit = firstXUnit(s, o.XUnit)
		} else if !sameAxis(s.WaveUnit, l.xUnit) {
			leftOut = append(leftOut, fmt.Sprintf("%s (%s)", titleOf(s, i), xUnitName(s)))
			continue
		}
		shown = append(shown, i)
		l.xAssumed = l.xAssumed || s.WaveUnitAssumed
	}
	if len(leftOut) > 0 {
		l.notes = append(l.notes, fmt.Sprintf("not drawn, on another x axis than %s: %s",
			xUnitNameOf(l.xUnit), strings.Join(leftOut, ", ")))
	}
	units := make([]string, len(shown))
	for k, i := range shown {
		units[k] = spectra[i].FluxUnit
	}
	l.flux = DecideFlux(units)
	if l.flux.Note != "" {
		l.notes = append([]string{l.flux.Note}, l.notes...)
	}
	for k, i := range shown {
		s := spectra[i]
		scale := l.flux.Factors[k]
		if l.flux.Mode == FluxNormalised {
			scale = o.Cache.normaliser(s)
		}
		pr, err := o.Cache.get(s, l.xUnit, scale)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", titleOf(s, i), err)
		}
		flux := pr.flux
		if o.Quality == QualityHide && pr.maskedFlux != nil {
			flux = pr.maskedFlux
		}
		l.series = append(l.series, series{i, s, pr, flux})
	}
	return l, nil
}

// firstXUnit is the x unit of the axes, from the first spectrum: the
// wavelength unit asked for, else its own.
func firstXUnit(s *fits.Spectrum, want string) string {
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

func xUnitName(s *fits.Spectrum) string { return xUnitNameOf(s.WaveUnit) }

func xUnitNameOf(u string) string {
	if strings.TrimSpace(u) == "" {
		return "no unit"
	}
	return UnitSymbol(u)
}

func titleOf(s *fits.Spectrum, i int) string {
	switch {
	case s.Title != "":
		return s.Title
	case s.Object != "":
		return s.Object
	case s.Source != "":
		return s.Source
	}
	return fmt.Sprintf("spectrum %d", i+1)
}

func seriesTitle(sr series) string { return titleOf(sr.s, sr.index) }
