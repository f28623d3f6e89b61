package render

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plotters below draw already-decimated data. gonum's own plotter.Line
// rejects NaN, and our gaps are NaN breaks.

// lineSeries is one polyline with NaN breaks.
type lineSeries struct {
	d     Decimated
	style draw.LineStyle
	ly    logY
}

// logY maps flux to the plot's y axis: itself on a linear axis, log10 on
// a log axis (we plot log10 on a linear axis: gonum's LogScale places the
// axis label by the linear mean and panics on values <= 0). Values <= 0
// become floor, below the axis, so lines run off the bottom edge.
type logY struct {
	on    bool
	floor float64
}

func (l logY) y(v float64) float64 {
	if !l.on {
		return v
	}
	if v <= 0 {
		v = l.floor
	}
	return math.Log10(v)
}

func (l *lineSeries) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var lines [][]vg.Point
	var cur []vg.Point
	for i, x := range l.d.X {
		y := l.d.Y[i]
		if x != x || y != y {
			if len(cur) > 0 {
				lines = append(lines, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, vg.Point{X: trX(x), Y: trY(l.ly.y(y))})
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	for _, ln := range lines {
		if len(ln) == 1 { // a lone pixel between gaps: make it visible
			ln = append(ln, vg.Point{X: ln[0].X + l.style.Width, Y: ln[0].Y})
		}
		for _, part := range c.ClipLinesXY(ln) {
			strokeInChunks(c, l.style, part)
		}
	}
}

// strokeInChunks strokes a polyline as short overlapping pieces. The image
// rasterizer searches a per-row cell list that grows with the path, so one
// path of a few thousand zig-zags costs ~100x more than the same segments
// stroked in pieces; the pieces look the same with a dash-free thin line.
func strokeInChunks(c draw.Canvas, sty draw.LineStyle, pts []vg.Point) {
	const chunk = 32
	if len(sty.Dashes) > 0 || len(pts) <= chunk {
		c.StrokeLines(sty, pts)
		return
	}
	for i := 0; i < len(pts)-1; i += chunk {
		c.StrokeLines(sty, pts[i:min(i+chunk+1, len(pts))])
	}
}

func (l *lineSeries) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
}

// bandSeries is a filled flux±error band with NaN breaks.
type bandSeries struct {
	b     Band
	color color.Color
	ly    logY
}

func (b *bandSeries) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	y := func(v float64) vg.Length { return trY(b.ly.y(v)) }
	start := 0
	for i := 0; i <= len(b.b.X); i++ {
		if i < len(b.b.X) && b.b.X[i] == b.b.X[i] {
			continue
		}
		if i-start >= 2 {
			poly := make([]vg.Point, 0, 2*(i-start))
			for k := start; k < i; k++ {
				poly = append(poly, vg.Point{X: trX(b.b.X[k]), Y: y(b.b.Hi[k])})
			}
			for k := i - 1; k >= start; k-- {
				poly = append(poly, vg.Point{X: trX(b.b.X[k]), Y: y(b.b.Lo[k])})
			}
			c.FillPolygon(b.color, c.ClipPolygonXY(poly))
		}
		start = i + 1
	}
}

func (b *bandSeries) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	c.FillPolygon(b.color, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
}

// qualityTicks marks bad pixels with short ticks along the bottom of the
// data area (one per pixel column).
type qualityTicks struct {
	x     []float64
	style draw.LineStyle
}

func (q *qualityTicks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	h := vg.Points(7)
	for _, x := range q.x {
		px := trX(x)
		if c.ContainsX(px) {
			c.StrokeLine2(q.style, px, c.Min.Y, px, c.Min.Y+h)
		}
	}
}

func (q *qualityTicks) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	c.StrokeLine2(q.style, x, c.Min.Y, x, c.Max.Y)
}

// badColumns returns the x of the first bad pixel in each pixel column of
// the range.
func badColumns(pr *prepared, xmin, xmax float64, cols int) []float64 {
	scale := float64(cols) / (xmax - xmin)
	last := math.MinInt
	var out []float64
	for _, i := range pr.bad {
		if i >= len(pr.wave) {
			break
		}
		x := pr.wave[i]
		if !(x >= xmin && x <= xmax) {
			continue
		}
		if c := columnOf(x, xmin, scale, cols); c != last {
			last = c
			out = append(out, x)
		}
	}
	return out
}
