package spectrumplot

import (
	"image/color"
	"math"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"esodesk/fits"
	"esodesk/fits/lines"
)

// The overlay is drawn by Fyne over the rendered image, with the shown
// render's mapping, so that moving z or adding a measurement needs no new
// render: measured ranges (shaded) with their fitted profile, and the line
// markers with their names.

var (
	measureShade = color.NRGBA{0xf0, 0xc0, 0x30, 0x2c}
	fitColour    = color.NRGBA{0xe0, 0x30, 0x30, 0xff}
)

// markerColour by kind: emission and absorption in two hues that read on
// both themes, lines of our own atmosphere in grey.
func markerColour(kind string) color.NRGBA {
	switch kind {
	case "emission":
		return color.NRGBA{0x20, 0xa0, 0x60, 0xd0}
	case "absorption":
		return color.NRGBA{0xc0, 0x60, 0x20, 0xd0}
	}
	return color.NRGBA{0x90, 0x90, 0x90, 0xb0}
}

// labelRows: names are stacked in this many rows below the top of the data
// area; a name that fits in none is left out (its marker stays).
const labelRows = 3

// placedLabel is one marker's name as laid out.
type placedLabel struct {
	name string
	x, y float32
}

// placeLabels puts each name (at area x, sorted by x) in the first row where
// it does not overlap its left neighbour; width measures a name.
func placeLabels(names []string, xs []float32, top, rowH float32, width func(string) float32) []placedLabel {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	var right [labelRows]float32
	for i := range right {
		right[i] = float32(math.Inf(-1))
	}
	const gap = 4
	var out []placedLabel
	for _, i := range idx {
		w := width(names[i])
		left := xs[i] + 2
		for row := 0; row < labelRows; row++ {
			if left >= right[row]+gap {
				right[row] = left + w
				out = append(out, placedLabel{names[i], left, top + float32(row)*rowH})
				break
			}
		}
	}
	return out
}

// layoutOverlay redraws the overlay for the shown render.
func (p *Plot) layoutOverlay() {
	ov := p.area.overlay
	if p.shown == nil || p.areaSize.Width <= 0 {
		ov.Objects = nil
		ov.Refresh()
		return
	}
	data := p.dataBox()
	var objs []fyne.CanvasObject
	clampX := func(x float32) float32 { return min(max(x, data.x0), data.x1) }

	for _, m := range p.meas.rows {
		lo, ok0 := p.toAxis(m.res.Range.Lo, m.res.Unit)
		hi, ok1 := p.toAxis(m.res.Range.Hi, m.res.Unit)
		if !ok0 || !ok1 {
			continue
		}
		x0, x1 := p.areaX(lo), p.areaX(hi)
		if x0 > x1 {
			x0, x1 = x1, x0
		}
		x0, x1 = clampX(x0), clampX(x1)
		if x1-x0 < 0.5 {
			continue
		}
		r := canvas.NewRectangle(measureShade)
		r.Move(fyne.NewPos(x0, data.y0))
		r.Resize(fyne.NewSize(x1-x0, data.y1-data.y0))
		objs = append(objs, r)
		objs = append(objs, p.fitCurve(m, data)...)
	}

	if p.lines.list != nil {
		var names []string
		var xs []float32
		for _, l := range p.lines.list.Lines {
			x, ok := p.markerX(l)
			if !ok {
				continue
			}
			ax := p.areaX(x)
			if ax < data.x0 || ax > data.x1 {
				continue
			}
			objs = append(objs, p.markerObject(l, ax, data)...)
			names = append(names, l.Name)
			xs = append(xs, ax)
		}
		if p.lines.labels {
			size := theme.CaptionTextSize()
			width := func(s string) float32 { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width }
			fg := theme.Color(theme.ColorNameForeground)
			for _, pl := range placeLabels(names, xs, data.y0+2, fyne.MeasureText("Hg", size, fyne.TextStyle{}).Height, width) {
				t := canvas.NewText(pl.name, fg)
				t.TextSize = size
				t.Move(fyne.NewPos(pl.x, pl.y))
				objs = append(objs, t)
			}
		}
	}
	ov.Objects = objs
	ov.Refresh()
}

// markerObject is a vertical line through the data area (a shaded strip
// for a band).
func (p *Plot) markerObject(l lines.Line, ax float32, data box) []fyne.CanvasObject {
	c := markerColour(l.Kind)
	if l.Start > 0 && l.End > l.Start {
		scale := 1.0
		if v := l.Vacuum; v > 0 {
			scale = p.restOf(l) / v // the band in the spectrum's medium
		}
		x0, ok0 := p.fromMetres(l.Start * scale)
		x1, ok1 := p.fromMetres(l.End * scale)
		if ok0 && ok1 {
			a0 := min(max(p.areaX(x0), data.x0), data.x1)
			a1 := min(max(p.areaX(x1), data.x0), data.x1)
			band := canvas.NewRectangle(color.NRGBA{c.R, c.G, c.B, 0x30})
			band.Move(fyne.NewPos(min(a0, a1), data.y0))
			band.Resize(fyne.NewSize(float32(math.Abs(float64(a1-a0))), data.y1-data.y0))
			return []fyne.CanvasObject{band}
		}
	}
	ln := canvas.NewLine(c)
	ln.StrokeWidth = 1
	ln.Position1, ln.Position2 = fyne.NewPos(ax, data.y0), fyne.NewPos(ax, data.y1)
	return []fyne.CanvasObject{ln}
}

// toAxis converts x from unit (a measurement's) to the axis' unit.
func (p *Plot) toAxis(x float64, unit string) (float64, bool) {
	to := p.axisUnit()
	if unit == to || fits.NormalizeUnit(unit) == fits.NormalizeUnit(to) {
		return x, true
	}
	v, err := fits.ConvertWave([]float64{x}, unit, to)
	if err != nil {
		return 0, false
	}
	return v[0], true
}

// fitCurve draws a measurement's fitted profile as short segments over its
// range (clipped to the data area).
func (p *Plot) fitCurve(m *measurement, data box) []fyne.CanvasObject {
	if m.fitErr != nil || m.fit.Kind == "" {
		return nil
	}
	r := p.shown.r
	scale := p.fluxScale()
	if r.Frame.LogY || scale == 0 {
		return nil
	}
	const n = 80
	lo, hi := m.res.Range.Lo, m.res.Range.Hi
	var objs []fyne.CanvasObject
	var prev fyne.Position
	for i := 0; i <= n; i++ {
		x := lo + (hi-lo)*float64(i)/n
		y := m.fit.At(x) * scale
		ax, ok := p.toAxis(x, m.res.Unit)
		if !ok {
			return nil
		}
		pos := p.fromImage(r.PixelX(ax), r.PixelY(y))
		if i > 0 && data.contains(prev.X, prev.Y) && data.contains(pos.X, pos.Y) {
			l := canvas.NewLine(fitColour)
			l.StrokeWidth = 1.5
			l.Position1, l.Position2 = prev, pos
			objs = append(objs, l)
		}
		prev = pos
	}
	return objs
}
