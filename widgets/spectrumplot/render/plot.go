package render

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"esodesk/fits"
)

// Frame is what a plot shows after auto-fitting: the data ranges and units.
type Frame struct {
	X, Y  Range
	XUnit string // display unit of the x axis
	LogY  bool
}

// Plot builds a gonum plot of the visible spectra (decimated for
// opts.Width pixel columns). Write it with WritePNG/WriteSVG/WritePDF.
func Plot(spectra []*fits.Spectrum, opts Options) (*plot.Plot, error) {
	p, _, err := build(spectra, opts)
	return p, err
}

// series is one visible spectrum with its display arrays.
type series struct {
	index int
	s     *fits.Spectrum
	pr    *prepared
	flux  []float64
}

func visibleSeries(spectra []*fits.Spectrum, o Options) ([]series, error) {
	var out []series
	for i, s := range spectra {
		if s == nil || o.hidden(i) || s.Len() == 0 {
			continue
		}
		pr, err := o.Cache.get(s, o.XUnit)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Title, err)
		}
		flux := s.Flux
		if o.Quality == QualityHide && pr.maskedFlux != nil {
			flux = pr.maskedFlux
		}
		out = append(out, series{i, s, pr, flux})
	}
	return out, nil
}

func build(spectra []*fits.Spectrum, opts Options) (*plot.Plot, Frame, error) {
	o := opts.withDefaults()
	ser, err := visibleSeries(spectra, o)
	if err != nil {
		return nil, Frame{}, err
	}
	fr := Frame{X: o.X, Y: o.Y, LogY: o.LogY}
	if !fr.X.Valid() {
		fr.X = dataXRange(ser)
	}
	if len(ser) > 0 {
		fr.XUnit = ser[0].pr.unit
	} else if c, ok := CanonicalXUnit(o.XUnit); ok {
		fr.XUnit = c
	}
	cols := o.Width

	p := plot.New()
	styleAxes(p, o)
	grid := plotter.NewGrid()
	grid.Vertical.Color = withAlpha(toNRGBA(o.Foreground), 0x28)
	grid.Horizontal.Color = grid.Vertical.Color
	p.Add(grid)

	var bands, extras, lines, marks []plot.Plotter
	var yr yRange
	type entry struct {
		name  string
		thumb plot.Thumbnailer
	}
	var legend []entry
	for _, sr := range ser {
		col := SeriesColor(sr.index)
		d := Decimate(Decimated{}, sr.pr.wave, sr.flux, sr.pr.order, fr.X.Min, fr.X.Max, cols)
		yr.add(d, fr.X, o.LogY)
		ln := &lineSeries{d: d, style: draw.LineStyle{Color: col, Width: vg.Points(1)}}
		lines = append(lines, ln)
		legend = append(legend, entry{seriesTitle(sr), ln})
		if o.ErrorBand && len(sr.s.Err) > 0 {
			b := DecimateBand(Band{}, sr.pr.wave, sr.flux, sr.s.Err, sr.pr.order, fr.X.Min, fr.X.Max, cols)
			bands = append(bands, &bandSeries{b: b, color: withAlpha(col, 0x50)})
		}
		for _, ex := range sr.s.Extra {
			if !o.wantsExtra(ex.Name) {
				continue
			}
			de := Decimate(Decimated{}, sr.pr.wave, ex.Values, sr.pr.order, fr.X.Min, fr.X.Max, cols)
			yr.add(de, fr.X, o.LogY)
			el := &lineSeries{d: de, style: draw.LineStyle{Color: withAlpha(col, 0xb0), Width: vg.Points(1),
				Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}}
			extras = append(extras, el)
			legend = append(legend, entry{seriesTitle(sr) + ": " + ex.Name, el})
		}
		if o.Quality == QualityMark && len(sr.pr.bad) > 0 && fr.X.Valid() {
			if xs := badColumns(sr.pr, fr.X.Min, fr.X.Max, cols); len(xs) > 0 {
				q := &qualityTicks{x: xs, style: draw.LineStyle{Color: qualityColor, Width: vg.Points(1)}}
				marks = append(marks, q)
				if len(marks) == 1 {
					legend = append(legend, entry{"QUAL≠0", q})
				}
			}
		}
	}

	if !fr.Y.Valid() || (o.LogY && fr.Y.Min <= 0) {
		fr.Y = yr.fit(o.LogY)
	}
	if !fr.X.Valid() {
		fr.X = Range{0, 1}
	}
	ly := logY{on: o.LogY, floor: fr.Y.Min / 10}
	if o.LogY {
		p.Y.Tick.Marker = logTicker{}
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
	p.X.Min, p.X.Max = fr.X.Min, fr.X.Max
	p.Y.Min, p.Y.Max = ly.y(fr.Y.Min), ly.y(fr.Y.Max)

	p.X.Label.Text = xLabel(ser, fr.XUnit)
	p.Y.Label.Text = yLabel(ser)
	p.Title.Text = o.Title
	if p.Title.Text == "" && len(ser) == 1 {
		p.Title.Text = seriesTitle(ser[0])
	}
	if len(legend) > 1 {
		for _, e := range legend {
			p.Legend.Add(e.name, e.thumb)
		}
	}
	return p, fr, nil
}

func seriesTitle(sr series) string {
	switch {
	case sr.s.Title != "":
		return sr.s.Title
	case sr.s.Object != "":
		return sr.s.Object
	case sr.s.Source != "":
		return sr.s.Source
	}
	return fmt.Sprintf("spectrum %d", sr.index+1)
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

func xLabel(ser []series, unit string) string {
	axis, air, vacuum := "wavelength", false, false
	if len(ser) > 0 && ser[0].s.Axis != "" {
		axis = ser[0].s.Axis
	}
	for _, sr := range ser {
		air = air || sr.s.Air
		vacuum = vacuum || !sr.s.Air
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
	if unit != "" {
		label += " [" + UnitSymbol(unit) + "]"
	}
	return label
}

func yLabel(ser []series) string {
	if len(ser) == 0 || ser[0].s.FluxUnit == "" {
		return "Flux"
	}
	return "Flux [" + ser[0].s.FluxUnit + "]"
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
	p.Title.TextStyle.Color = fg
	p.Title.TextStyle.Font = font.From(plot.DefaultFont, 13)
	p.Legend.TextStyle.Color = fg
	p.Legend.Top = true
	p.Legend.YOffs = -vg.Points(4)
	p.Legend.XOffs = -vg.Points(4)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Color = fg
		a.LineStyle.Color = fg
		a.Label.TextStyle.Color = fg
		a.Tick.Label.Color = fg
		a.Tick.LineStyle.Color = fg
		a.Padding = 0
		a.Tick.Marker = niceTicks{}
	}
}

func toNRGBA(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}
