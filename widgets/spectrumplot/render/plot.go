package render

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"esodesk/fits"
	"esodesk/fits/specunits"
	"esodesk/internal/plotfont"
	"esodesk/internal/plotticks"
)

// Frame is what a plot shows after auto-fitting: the data ranges, units
// and labels, and what the plot says about how the spectra were combined.
type Frame struct {
	X, Y  Range
	XUnit string // display unit of the x axis
	// XAssumed: some spectrum's file gave no wavelength unit and Ångström
	// was assumed.
	XAssumed       bool
	LogY           bool
	XLabel, YLabel string
	// Flux says whether the fluxes are drawn as they are, converted or
	// normalised; Notes are the lines the plot shows about that (and about
	// what it left out).
	Flux  FluxMode
	Notes []string
	// YInverted: the y axis grows downwards (AB magnitudes: brighter up).
	YInverted bool
	// Air: the x axis shows air wavelengths (every drawn spectrum's are);
	// Rest is a km/s axis' rest wavelength in metres.
	Air  bool
	Rest float64
}

// build lays out the visible spectra (decimated for opts.Width pixel
// columns) as a figure ready to draw.
func build(spectra []*fits.Spectrum, opts Options) (*figure, Frame, error) {
	o := opts.withDefaults()
	l, err := makeLayout(spectra, o)
	if err != nil {
		return nil, Frame{}, err
	}
	ser := l.series
	abmag := specunits.FluxKind(o.YUnit) == specunits.FluxABMag
	if abmag {
		o.LogY = false // magnitudes are logarithmic already
	}
	fr := Frame{X: o.X, Y: o.Y, LogY: o.LogY, XUnit: l.xUnit, XAssumed: l.xAssumed, Flux: l.flux.Mode,
		YInverted: abmag, Air: l.air}
	if len(ser) == 0 {
		if c, ok := CanonicalAxisUnit(o.XUnit); ok {
			fr.XUnit = c
		}
	}
	if fr.XUnit == UnitKMS {
		fr.Rest = restOr(o.Rest)
	}
	if !fr.X.Valid() {
		fr.X = dataXRange(ser)
	}
	cols := o.Width

	p := plot.New()
	styleAxes(p, o)
	grid := plotter.NewGrid()
	grid.Vertical.Color = withAlpha(toNRGBA(o.Foreground), 0x28)
	grid.Horizontal.Color = grid.Vertical.Color
	p.Add(grid)

	fig := &figure{p: p, fg: o.Foreground, note: noteColour(o.Dark), notes: l.notes}
	var bands, extras, lines, marks []plot.Plotter
	var yr yRange
	for _, sr := range ser {
		col := SeriesColor(sr.index)
		d := Decimate(Decimated{}, sr.pr.wave, sr.flux, sr.pr.order, fr.X.Min, fr.X.Max, cols)
		yr.add(d, fr.X, o.LogY)
		ln := &lineSeries{d: d, style: draw.LineStyle{Color: col, Width: vg.Points(1)}}
		lines = append(lines, ln)
		fig.legend = append(fig.legend, legendEntry{seriesTitle(sr), ln})
		if o.ErrorBand && len(sr.pr.err) > 0 {
			b := DecimateBand(Band{}, sr.pr.wave, sr.flux, sr.pr.err, sr.pr.order, fr.X.Min, fr.X.Max, cols)
			bands = append(bands, &bandSeries{b: b, color: withAlpha(col, 0x50)})
		}
		for _, ex := range sr.s.Extra {
			if !o.wantsExtra(ex.Name) {
				continue
			}
			values := sr.pr.extras[ex.Name]
			if values == nil { // it would be squashed against (or dwarf) the flux
				fig.notes = append(fig.notes, fmt.Sprintf("%s of %s not drawn: its unit (%s) is not the flux's",
					ex.Name, seriesTitle(sr), xUnitNameOf(ex.Unit)))
				continue
			}
			de := Decimate(Decimated{}, sr.pr.wave, values, sr.pr.order, fr.X.Min, fr.X.Max, cols)
			yr.add(de, fr.X, o.LogY)
			el := &lineSeries{d: de, style: draw.LineStyle{Color: withAlpha(col, 0xb0), Width: vg.Points(1),
				Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}}
			extras = append(extras, el)
			fig.legend = append(fig.legend, legendEntry{seriesTitle(sr) + ": " + ex.Name, el})
		}
		if o.Quality == QualityMark && len(sr.pr.bad) > 0 && fr.X.Valid() {
			if xs := badColumns(sr.pr, fr.X.Min, fr.X.Max, cols); len(xs) > 0 {
				q := &qualityTicks{x: xs, style: draw.LineStyle{Color: qualityColor, Width: vg.Points(1)}}
				marks = append(marks, q)
			}
		}
	}

	if len(marks) > 0 { // last, after the spectra (not "QUAL≠0": the app's font has no ≠)
		fig.legend = append(fig.legend, legendEntry{"flagged pixels", marks[0].(plot.Thumbnailer)})
	}

	if !fr.Y.Valid() || (o.LogY && fr.Y.Min <= 0) {
		fr.Y = yr.fit(o.LogY)
	}
	if !fr.X.Valid() {
		fr.X = Range{0, 1}
	}
	ly := logY{on: o.LogY, floor: fr.Y.Min / 10}
	if o.LogY {
		p.Y.Tick.Marker = plotticks.Log{}
	}
	for _, group := range [][]plot.Plotter{bands, extras, lines, marks} {
		for _, pl := range group {
			switch v := pl.(type) {
			case *lineSeries:
				v.ly = ly
			case *bandSeries:
				v.ly = ly
			}
		}
		p.Add(group...)
	}
	if mk := markerPlotter(o.Markers, fr); mk != nil {
		p.Add(mk)
	}
	p.X.Min, p.X.Max = fr.X.Min, fr.X.Max
	p.Y.Min, p.Y.Max = ly.y(fr.Y.Min), ly.y(fr.Y.Max)
	if fr.YInverted {
		p.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
	}

	fr.XLabel, fr.YLabel = xLabel(ser, fr.XUnit, fr.XAssumed, l), l.flux.YLabel()
	p.X.Label.Text, p.Y.Label.Text = fr.XLabel, fr.YLabel
	fig.title = o.Title
	if fig.title == "" && len(ser) == 1 {
		fig.title = seriesTitle(ser[0])
	}
	// in the window the legend row above the plot names the spectra; a
	// file has only its own legend, above the data, never over it
	if !o.Legend || len(fig.legend) < 2 {
		fig.legend = nil
	}
	fr.Notes = fig.notes
	return fig, fr, nil
}

func dataXRange(ser []series) Range {
	r := Range{math.Inf(1), math.Inf(-1)}
	for _, sr := range ser {
		if sr.pr.xmin == sr.pr.xmin {
			r.Min = math.Min(r.Min, sr.pr.xmin)
			r.Max = math.Max(r.Max, sr.pr.xmax)
		}
	}
	if r.Max == r.Min && !isInf(r.Min) { // a single pixel
		r.Min, r.Max = r.Min-0.5, r.Max+0.5
	}
	if !r.Valid() {
		return Range{}
	}
	return r
}

// yRange collects the extremes of the decimated lines inside the x range.
type yRange struct {
	lo, hi float64
	ok     bool
}

func (y *yRange) add(d Decimated, xr Range, logY bool) {
	for i, x := range d.X {
		v := d.Y[i]
		if !(x >= xr.Min && x <= xr.Max) || v != v || math.IsInf(v, 0) || (logY && v <= 0) {
			continue
		}
		if !y.ok {
			y.lo, y.hi, y.ok = v, v, true
			continue
		}
		y.lo, y.hi = math.Min(y.lo, v), math.Max(y.hi, v)
	}
}

// fit pads the collected extremes by 5% (of the decades on a log axis).
func (y yRange) fit(logY bool) Range {
	if !y.ok {
		if logY {
			return Range{0.1, 10}
		}
		return Range{0, 1}
	}
	if logY {
		if y.hi == y.lo {
			return Range{y.lo / 2, y.hi * 2}
		}
		k := math.Pow(y.hi/y.lo, 0.05)
		return Range{y.lo / k, y.hi * k}
	}
	span := y.hi - y.lo
	if span == 0 {
		span = math.Max(math.Abs(y.lo)*0.2, 1)
	}
	return Range{y.lo - 0.05*span, y.hi + 0.05*span}
}

func xLabel(ser []series, unit string, assumed bool, l *layout) string {
	if isOtherAxisUnit(unit) {
		label := axisKindName(unit) + " [" + UnitSymbol(unit) + "]"
		if unit == UnitKMS {
			label = fmt.Sprintf("Velocity [km/s] (optical, rest %s nm)", FormatValue(restOr(l.rest)*1e9))
		}
		return label
	}
	axis, air, vacuum := "wavelength", false, false
	if len(ser) > 0 && ser[0].s.Axis != "" {
		axis = ser[0].s.Axis
	}
	for _, sr := range ser {
		air = air || sr.s.Air
		vacuum = vacuum || !sr.s.Air
	}
	if l.toVacuum {
		air = false
	}
	label := upperFirst(axis)
	switch {
	case axis != "wavelength":
	case air && vacuum:
		// lines would seem shifted by ~0.03%: say so rather than label one
		label += " (air and vacuum mixed)"
	case air:
		label += " in air"
	}
	switch {
	case unit != "":
		label += " [" + XUnitLabel(unit, assumed) + "]"
	case len(ser) > 0:
		label += " (no unit in the file)"
	}
	return label
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func styleAxes(p *plot.Plot, o Options) {
	fg := o.Foreground
	p.BackgroundColor = o.Background
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Color = fg
		a.LineStyle.Color = fg
		a.Label.TextStyle.Color = fg
		a.Label.TextStyle.Font = plotfont.Font(12)
		a.Tick.Label.Color = fg
		a.Tick.Label.Font = plotfont.Font(10)
		a.Tick.LineStyle.Color = fg
		a.Padding = 0
		a.Tick.Marker = plotticks.Nice{}
	}
}

func toNRGBA(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}
