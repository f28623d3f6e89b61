package spectrumplot

import (
	"math"

	"esodesk/widgets/spectrumplot/render"
)

// View arithmetic, kept apart from Fyne so it is easy to check. Fractions
// are positions across the data area (0..1, y upwards); log y ranges are
// handled in log space so zoom and pan feel the same at every height.

// zoomAround scales r by factor keeping the value at fraction f fixed.
func zoomAround(r render.Range, f, factor float64, logScale bool) render.Range {
	if logScale {
		l := zoomAround(render.Range{Min: math.Log(r.Min), Max: math.Log(r.Max)}, f, factor, false)
		return render.Range{Min: math.Exp(l.Min), Max: math.Exp(l.Max)}
	}
	at := r.Min + f*(r.Max-r.Min)
	return render.Range{Min: at - (at-r.Min)*factor, Max: at + (r.Max-at)*factor}
}

// shiftBy moves r by the fraction f of its span.
func shiftBy(r render.Range, f float64, logScale bool) render.Range {
	if logScale {
		l := shiftBy(render.Range{Min: math.Log(r.Min), Max: math.Log(r.Max)}, f, false)
		return render.Range{Min: math.Exp(l.Min), Max: math.Exp(l.Max)}
	}
	d := f * (r.Max - r.Min)
	return render.Range{Min: r.Min + d, Max: r.Max + d}
}

// between is the sub-range from fraction f0 to f1 (in either order).
func between(r render.Range, f0, f1 float64, logScale bool) render.Range {
	if f0 > f1 {
		f0, f1 = f1, f0
	}
	if logScale {
		l := between(render.Range{Min: math.Log(r.Min), Max: math.Log(r.Max)}, f0, f1, false)
		return render.Range{Min: math.Exp(l.Min), Max: math.Exp(l.Max)}
	}
	s := r.Max - r.Min
	return render.Range{Min: r.Min + f0*s, Max: r.Min + f1*s}
}

// usable rejects ranges too small to show (float precision) or broken.
func usable(r render.Range) bool {
	if !r.Valid() {
		return false
	}
	return (r.Max-r.Min)/math.Max(math.Abs(r.Min), math.Abs(r.Max)) > 1e-12
}

// box is a rectangle in plot-area units: left, top, right, bottom.
type box struct{ x0, y0, x1, y1 float32 }

func (b box) contains(x, y float32) bool { return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1 }

// cross is where the crosshair goes: lines through (x, y) across the data
// area, a ring at (mx, my) on the nearest point.
type cross struct {
	show   bool // the mouse is over the data area
	x, y   float32
	area   box
	mark   bool
	mx, my float32
}

// crosshairAt keeps the crosshair inside the data area: none while the
// mouse is over the axes, and no ring on a nearest point outside the view
// (after a zoom it can lie below the x axis, over its labels).
func crosshairAt(data box, x, y, mx, my float32, havePoint bool) cross {
	if !data.contains(x, y) {
		return cross{}
	}
	return cross{show: true, x: x, y: y, area: data, mark: havePoint && data.contains(mx, my), mx: mx, my: my}
}
