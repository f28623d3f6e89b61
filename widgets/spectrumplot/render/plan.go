package render

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"esodesk/fits"
	"esodesk/fits/specunits"
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
	case d.Mode == FluxNormalised && d.Unit != "":
		return "Normalised " + kindSymbol(specunits.FluxKind(d.Unit))
	case specunits.FluxKind(d.Unit) == specunits.FluxABMag:
		return "AB magnitude"
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
	// toVacuum: air wavelengths are converted to vacuum; air: the axis
	// shows air wavelengths (every drawn spectrum's are, unconverted).
	toVacuum, air bool
	normKind      string  // flux kind normalised after a YUnit conversion
	rest          float64 // a velocity axis' rest wavelength (metres)
}

// series is one drawn spectrum with its display arrays.
type series struct {
	index int
	s     *fits.Spectrum
	pr    *prepared
	flux  []float64 // pr.flux, or pr.maskedFlux when bad pixels are hidden
}

func makeLayout(spectra []*fits.Spectrum, o Options) (*layout, error) {
	l := &layout{rest: o.Rest}
	var shown []int
	var leftOut []string
	for i, s := range spectra {
		if s == nil || o.hidden(i) || s.Len() == 0 {
			continue
		}
		if len(shown) == 0 {
			l.xUnit = firstXUnit(s, o.XUnit)
		} else if !fitsAxis(s.WaveUnit, l.xUnit) {
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
	if o.YUnit != "" {
		shown = l.dropUnconvertible(spectra, shown, o.YUnit)
	}
	l.airVacuum(spectra, shown)
	specs := l.decideFlux(spectra, shown, o)
	for k, i := range shown {
		s := spectra[i]
		spec := specs[k]
		spec.unit, spec.rest, spec.vacuum = l.xUnit, o.Rest, l.toVacuum
		pr, err := o.Cache.get(s, spec)
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

// decideFlux sets l.flux (and its note) and returns each shown spectrum's
// flux handling.
func (l *layout) decideFlux(spectra []*fits.Spectrum, shown []int, o Options) []prepSpec {
	specs := make([]prepSpec, len(shown))
	units := make([]string, len(shown))
	for k, i := range shown {
		units[k] = spectra[i].FluxUnit
		specs[k].scale = 1
	}
	var note string
	switch {
	case o.YUnit != "":
		l.flux = FluxDecision{Mode: FluxConverted, Unit: o.YUnit, Factors: make([]float64, len(shown))}
		norm := o.Normalize && specunits.FluxKind(o.YUnit) != specunits.FluxABMag
		var from []string
		for k := range shown {
			specs[k].yUnit, specs[k].norm = o.YUnit, norm
			l.flux.Factors[k] = 1
			if f, ok := fits.UnitFactor(units[k], o.YUnit); !ok || f != 1 {
				from = appendNew(from, prettyFlux(units[k]))
			}
		}
		if len(from) > 0 {
			note = fmt.Sprintf("flux converted to %s (from %s)", prettyFlux(o.YUnit), strings.Join(from, ", "))
		}
		if norm {
			l.flux.Mode, l.normKind = FluxNormalised, specunits.FluxKind(o.YUnit)
			note = fmt.Sprintf("normalised: each spectrum's %s divided by its median", kindSymbol(l.normKind))
		}
		if o.Normalize && !norm {
			note = strings.TrimSpace(note + "; not normalised: AB magnitudes are not divided")
		}
		l.flux.Note = note
	case o.Normalize:
		l.flux = FluxDecision{Mode: FluxNormalised, Factors: make([]float64, len(shown))}
		for k, i := range shown {
			specs[k].scale = o.Cache.normaliser(spectra[i])
			l.flux.Factors[k] = 1
		}
		l.flux.Note = "normalised: each spectrum divided by its median flux"
	default:
		l.flux = DecideFlux(units)
		for k, i := range shown {
			specs[k].scale = l.flux.Factors[k]
			if l.flux.Mode == FluxNormalised {
				specs[k].scale = o.Cache.normaliser(spectra[i])
			}
		}
	}
	if l.flux.Note != "" {
		l.notes = append([]string{l.flux.Note}, l.notes...)
	}
	return specs
}

// dropUnconvertible leaves out the spectra whose flux cannot be converted
// to yUnit (relative, counts, no unit), with a note naming them: they are
// never drawn on an axis labelled with a unit that is not theirs.
func (l *layout) dropUnconvertible(spectra []*fits.Spectrum, shown []int, yUnit string) []int {
	var keep []int
	var out []string
	for _, i := range shown {
		s := spectra[i]
		n := min(1, len(s.Flux), len(s.Wave))
		if _, err := specunits.ConvertFlux(s.Flux[:n], s.FluxUnit, s.Wave[:n], s.WaveUnit, yUnit); err != nil || n == 0 {
			why := specunits.FluxKind(s.FluxUnit)
			switch why {
			case "":
				why = "flux unit " + strconvQuote(s.FluxUnit)
			case specunits.FluxRelative:
				why = "relative flux"
			case specunits.FluxCounts:
				why = "counts"
			default:
				why = prettyFlux(s.FluxUnit) + " on this x axis"
			}
			out = append(out, fmt.Sprintf("%s (%s)", titleOf(s, i), why))
			continue
		}
		keep = append(keep, i)
	}
	if len(out) > 0 {
		l.notes = append(l.notes, fmt.Sprintf("not drawn: cannot convert to %s: %s", prettyFlux(yUnit), strings.Join(out, ", ")))
	}
	return keep
}

// airVacuum: when the spectra mix air and vacuum wavelengths (or an air
// spectrum goes on a frequency, energy, ... axis) the air ones are
// converted to vacuum, so lines line up.
func (l *layout) airVacuum(spectra []*fits.Spectrum, shown []int) {
	air, vac := 0, 0
	for _, i := range shown {
		if spectra[i].Air && IsWavelengthUnit(spectra[i].WaveUnit) {
			air++
		} else {
			vac++
		}
	}
	if air > 0 && (vac > 0 || isOtherAxisUnit(l.xUnit)) {
		l.toVacuum = true
		l.notes = append(l.notes, "air wavelengths converted to vacuum")
	}
	l.air = air > 0 && !l.toVacuum
}

func strconvQuote(s string) string {
	if strings.TrimSpace(s) == "" {
		return "missing"
	}
	return fmt.Sprintf("%q", s)
}

// prettyFlux writes a flux unit for people (ABmag as "AB mag").
func prettyFlux(u string) string {
	if specunits.FluxKind(u) == specunits.FluxABMag {
		return "AB mag"
	}
	if p := fits.PrettyUnit(u); p != "" {
		return p
	}
	return u
}

// kindSymbol names a kind of flux density.
func kindSymbol(kind string) string {
	switch kind {
	case specunits.FluxLambda:
		return "F_λ"
	case specunits.FluxNu:
		return "F_ν"
	case specunits.FluxNuFnu:
		return "νF_ν"
	}
	return "flux"
}

// fitsAxis reports whether a spectrum in x unit u goes on the axis.
func fitsAxis(u, axis string) bool {
	if isOtherAxisUnit(axis) {
		return convertsTo(u)
	}
	return sameAxis(u, axis)
}

// firstXUnit is the x unit of the axes, from the first spectrum: the
// wavelength unit asked for, else its own.
func firstXUnit(s *fits.Spectrum, want string) string {
	if isOtherAxisUnit(want) && convertsTo(s.WaveUnit) {
		return want
	}
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
