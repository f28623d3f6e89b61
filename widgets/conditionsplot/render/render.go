// Package render draws observing conditions (services/conditions series)
// as stacked panels, one per quantity, sharing one UTC time axis, with the
// exposures as translucent bands across them. It is Fyne-free: the widget
// renders off the UI goroutine with it, and the terminal writes files.
package render

import (
	"errors"
	"fmt"
	"image"
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"esodesk/internal/plotfont"
	"esodesk/internal/plotticks"
	"esodesk/services/conditions"
)

// Band is a time range tinted across all panels: an exposure.
type Band struct {
	Start, End time.Time
	Label      string
	Highlight  bool
}

// Options say what to draw and how big.
type Options struct {
	Width, Height int // pixels; 0: 1200 x 800
	Title         string
	// Range is the time axis; zero: the samples' and the bands' extent.
	Range conditions.Interval
	Bands []Band
	// Thresholds are dashed lines on their quantity's panel (the seeing a
	// search filtered on, say).
	Thresholds map[conditions.Quantity]float64
	Scale      float64 // text (and line) scale, 0 = 1: the canvas scale in the window
}

// Layout is where the render put things, in the image's pixels (origin
// top left), for hover.
type Layout struct {
	Range       conditions.Interval
	Left, Right float64 // the data area's left and right edges, shared by all panels
	Panels      []Panel
}

// Panel is one quantity's data area, top and bottom edges.
type Panel struct {
	Quantity    conditions.Quantity
	Top, Bottom float64
}

// TimeAt is the time at image column x; false outside the data area.
func (l *Layout) TimeAt(x float64) (time.Time, bool) {
	if l == nil || !(l.Right > l.Left) || x < l.Left || x > l.Right {
		return time.Time{}, false
	}
	f := (x - l.Left) / (l.Right - l.Left)
	return l.Range.Start.Add(seconds(f * l.Range.End.Sub(l.Range.Start).Seconds())), true
}

// X is the image column of time t (outside the data area for times
// outside the range).
func (l *Layout) X(t time.Time) float64 {
	span := l.Range.End.Sub(l.Range.Start).Seconds()
	return l.Left + t.Sub(l.Range.Start).Seconds()/span*(l.Right-l.Left)
}

// PanelAt is the index of the panel whose data area holds image row y.
func (l *Layout) PanelAt(y float64) (int, bool) {
	for i, p := range l.Panels {
		if y >= p.Top && y <= p.Bottom {
			return i, true
		}
	}
	return -1, false
}

const baseDPI = 80 // points to pixels at scale 1, as the spectrum plot

func (o Options) withDefaults() Options {
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = 1200, 800
	}
	if !(o.Scale > 0) {
		o.Scale = 1
	}
	return o
}

func (o Options) dpi() int { return max(1, int(math.Round(baseDPI*o.Scale))) }

func pxToPt(px, dpi int) vg.Length { return vg.Length(float64(px) / float64(dpi) * 72) }

// Render draws the series, one panel each in the order given, at
// opt.Width x opt.Height pixels.
func Render(series []conditions.Series, opt Options) (image.Image, *Layout, error) {
	o := opt.withDefaults()
	f, err := build(series, o, false)
	if err != nil {
		return nil, nil, err
	}
	dpi := o.dpi()
	c := vgimg.NewWith(vgimg.UseWH(pxToPt(o.Width, dpi), pxToPt(o.Height, dpi)), vgimg.UseDPI(dpi),
		vgimg.UseBackgroundColor(bgColour))
	areas := f.draw(draw.New(c))
	img := c.Image()
	return img, f.layout(areas, float64(dpi)/72, float64(img.Bounds().Dy())), nil
}

// figure is the title strip (with the bands' legend when their labels do
// not fit on them) above the aligned panels.
type figure struct {
	title  string
	rng    conditions.Interval
	plots  []*plot.Plot
	qs     []conditions.Quantity
	bands  *bandsPlotter // the top panel's (it writes the labels)
	names  []string      // the bands' labels as given
	legend []string      // "1 UVES …" for bands numbered instead of labelled
	pdf    bool
}

const (
	titleSize  = vg.Length(13)
	legendSize = vg.Length(10)
	tickSize   = vg.Length(10)
	labelSize  = vg.Length(11)
	pad        = vg.Length(4)
	panelGap   = vg.Length(6)
	// lines of band labels on the top panel: overlapping bands stack
	maxLabelRows = 3
)

func style(size vg.Length, pdf bool) draw.TextStyle {
	return draw.TextStyle{Color: fgColour, Font: plotfont.Font(size), Handler: plot.DefaultTextHandler,
		XAlign: draw.XCenter, YAlign: draw.YTop}
}

// build lays out the panels; pdf: text in PDF's code page.
func build(series []conditions.Series, o Options, pdf bool) (*figure, error) {
	if len(series) == 0 {
		return nil, errors.New("nothing to plot: no quantities were asked for")
	}
	rng, err := timeRange(series, o)
	if err != nil {
		return nil, err
	}
	f := &figure{title: drawable(o.Title, pdf), rng: rng, pdf: pdf}
	span := rng.End.Sub(rng.Start).Seconds()
	widthPt := float64(pxToPt(o.Width, o.dpi()))
	ticks := timeTicks{origin: rng.Start, maxTicks: int(widthPt * 0.85 / 60), multi: multiNight(rng)}
	// y labels about every 30 pt of a panel's height: three on a short
	// panel, round values (5, 5.5, 6), never 3.75
	heightPt := float64(pxToPt(o.Height, o.dpi()))
	yTicks := plotticks.Nice{Labels: min(max(int(heightPt*0.8/float64(len(series))/30), 2), 6)}

	var bx0, bx1 []float64
	var hl []bool
	for _, b := range o.Bands {
		bx0 = append(bx0, b.Start.Sub(rng.Start).Seconds())
		bx1 = append(bx1, b.End.Sub(rng.Start).Seconds())
		hl = append(hl, b.Highlight)
		f.names = append(f.names, drawable(b.Label, pdf))
	}
	bandText := style(legendSize, pdf)

	last := len(series) - 1
	for i, s := range series {
		p := plot.New()
		p.BackgroundColor = nil
		styleAxes(p)
		p.X.Min, p.X.Max = 0, span
		tk := ticks
		tk.bare = i != last
		p.X.Tick.Marker = tk
		if i == last {
			p.X.Label.Text = axisTitle(rng)
		}
		unit := s.Unit
		if unit == "" {
			unit = s.Quantity.Unit()
		}
		p.Y.Label.Text = drawable(axisName(s.Quantity)+" ("+unit+")", pdf)
		bp := &bandsPlotter{x0: bx0, x1: bx1, highlight: hl, text: bandText}
		if i == 0 {
			f.bands = bp
		}
		f.plots = append(f.plots, p)
		f.qs = append(f.qs, s.Quantity)

		segs, lo, hi := points(s, rng)
		if len(segs) == 0 {
			emptyPanel(p, i == last)
			note := s.Note
			if note == "" {
				note = "no " + ShortName(s.Quantity) + " samples in this range"
			}
			sty := style(labelSize, pdf)
			sty.Color, sty.YAlign = noteColour, draw.YCenter
			p.Add(bp, &notePlotter{text: drawable(note, pdf), sty: sty})
			continue
		}
		grid := plotter.NewGrid()
		grid.Vertical.Color, grid.Horizontal.Color = gridColour, gridColour
		p.Add(grid, bp)
		th, hasTh := o.Thresholds[s.Quantity]
		if hasTh && !math.IsNaN(th) && near(th, lo, hi) {
			lo, hi = math.Min(lo, th), math.Max(hi, th)
		}
		p.Y.Min, p.Y.Max = yRange(lo, hi)
		p.Y.Tick.Marker = yTicks
		p.Add(&linesPlotter{segments: segs, colour: PanelColour(i), width: vg.Points(1.2), dot: vg.Points(1.8)})
		if hasTh {
			sty := style(legendSize, pdf)
			sty.Color, sty.XAlign, sty.YAlign = thresholdColour, draw.XRight, draw.YBottom
			label := drawable(WithUnit(FormatValue(s.Quantity, th), unit), pdf)
			p.Add(&hlinePlotter{y: th, label: label, text: sty})
		}
	}
	return f, nil
}

// near: a threshold widens the y range only when it is within one data
// span of the data, so a far one does not squash the curve (it is then
// simply off the panel).
func near(th, lo, hi float64) bool {
	span := math.Max(hi-lo, math.Abs(hi)*0.2)
	return th >= lo-span && th <= hi+span
}

// yRange pads the valid data's extremes by 5 %; a flat series gets room.
func yRange(lo, hi float64) (float64, float64) {
	span := hi - lo
	if span <= 0 {
		span = math.Max(math.Abs(lo)*0.2, 0.2)
		return lo - span/2, hi + span/2
	}
	return lo - 0.05*span, hi + 0.05*span
}

// points turns the series' segments (runs of valid samples) into midpoints
// in seconds from the range's start, keeping only samples that reach into
// the range; lo and hi are their extremes.
func points(s conditions.Series, rng conditions.Interval) (segs [][]xy, lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, seg := range s.Segments() {
		var pts []xy
		for _, x := range seg {
			if x.End().Before(rng.Start) || x.Start.After(rng.End) || math.IsNaN(x.Value) || math.IsInf(x.Value, 0) {
				continue
			}
			pts = append(pts, xy{x.Mid().Sub(rng.Start).Seconds(), x.Value})
			lo, hi = math.Min(lo, x.Value), math.Max(hi, x.Value)
		}
		if len(pts) > 0 {
			segs = append(segs, pts)
		}
	}
	return segs, lo, hi
}

// emptyPanel draws no frame, grid or y ticks: only the label and the note
// (and, at the bottom, the shared time axis).
func emptyPanel(p *plot.Plot, bottom bool) {
	p.Y.Min, p.Y.Max = 0, 1
	p.Y.Tick.Marker = plot.ConstantTicks(nil)
	p.Y.LineStyle.Width = 0
	if !bottom {
		p.X.Tick.Marker = plot.ConstantTicks(nil)
		p.X.LineStyle.Width = 0
	}
}

// timeRange is o.Range, or the extent of the samples and the bands.
func timeRange(series []conditions.Series, o Options) (conditions.Interval, error) {
	r := o.Range
	if !r.Start.IsZero() || !r.End.IsZero() {
		if !r.End.After(r.Start) {
			return r, fmt.Errorf("the time range %s to %s is empty: its end must come after its start",
				r.Start.UTC().Format(time.RFC3339), r.End.UTC().Format(time.RFC3339))
		}
		return r, nil
	}
	widen := func(a, b time.Time) {
		if r.Start.IsZero() || a.Before(r.Start) {
			r.Start = a
		}
		if r.End.IsZero() || b.After(r.End) {
			r.End = b
		}
	}
	for _, s := range series {
		for _, x := range s.Samples {
			widen(x.Start, x.End())
		}
	}
	for _, b := range o.Bands {
		widen(b.Start, b.End)
	}
	if r.Start.IsZero() {
		return r, errors.New("nothing to plot: no samples and no exposures, and no time range was given")
	}
	if !r.End.After(r.Start) {
		r.Start, r.End = r.Start.Add(-30*time.Minute), r.End.Add(30*time.Minute)
	}
	return r, nil
}

func styleAxes(p *plot.Plot) {
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Color = fgColour
		a.LineStyle.Color = fgColour
		a.Label.TextStyle.Color = fgColour
		a.Label.TextStyle.Font = plotfont.Font(labelSize)
		a.Tick.Label.Color = fgColour
		a.Tick.Label.Font = plotfont.Font(tickSize)
		a.Tick.LineStyle.Color = fgColour
		a.Padding = 0
	}
}

// draw fills c with the figure and returns each panel's data canvas.
func (f *figure) draw(c draw.Canvas) []draw.Canvas {
	c.SetColor(bgColour)
	c.Fill(c.Rectangle.Path())
	titleSty := style(titleSize, f.pdf)
	top := vg.Length(0)
	if f.title != "" {
		top = titleSty.Height(f.title) + 2*pad
	}
	areas := f.align(c, top)
	// now the data width is known: label the bands that have room, number
	// those that do not (with a legend in the strip), and re-align when
	// the legend took room
	rows := f.labelBands(areas[0], c.Max.X-c.Min.X-4*pad)
	if len(rows) > 0 {
		lsty := style(legendSize, f.pdf)
		top += vg.Length(len(rows)) * (lsty.Height("Ág") + pad)
		if f.title == "" {
			top += pad
		}
		areas = f.align(c, top)
	}
	y := c.Max.Y - pad
	if f.title != "" {
		c.FillText(titleSty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: y}, f.title)
		y -= titleSty.Height(f.title) + pad
	}
	lsty := style(legendSize, f.pdf)
	lsty.XAlign = draw.XLeft
	for _, r := range rows {
		c.FillText(lsty, vg.Point{X: c.Min.X + 2*pad, Y: y}, r)
		y -= lsty.Height("Ág") + pad
	}
	data := make([]draw.Canvas, len(f.plots))
	for i, p := range f.plots {
		p.Draw(areas[i])
		data[i] = p.DataCanvas(areas[i])
	}
	return data
}

// align gives the panels equal heights below the strip, with their data
// areas' left and right edges lined up.
func (f *figure) align(c draw.Canvas, top vg.Length) []draw.Canvas {
	grid := make([][]*plot.Plot, len(f.plots))
	for i, p := range f.plots {
		grid[i] = []*plot.Plot{p}
	}
	tiles := draw.Tiles{Rows: len(f.plots), Cols: 1, PadY: panelGap, PadTop: top + pad, PadBottom: pad,
		PadLeft: pad, PadRight: 3 * pad}
	out := plot.Align(grid, tiles, c)
	areas := make([]draw.Canvas, len(out))
	for i := range out {
		areas[i] = out[i][0]
	}
	return areas
}

// labelBands decides what each band says on the top panel: its label when
// that fits across it, else its number (listed in the legend rows
// returned) when that fits, else nothing.
func (f *figure) labelBands(top draw.Canvas, width vg.Length) []string {
	b := f.bands
	if b == nil || len(b.x0) == 0 {
		return nil
	}
	dc := f.plots[0].DataCanvas(top)
	w := dc.Max.X - dc.Min.X
	span := f.rng.End.Sub(f.rng.Start).Seconds()
	b.labels = make([]string, len(b.x0))
	b.rows = make([]int, len(b.x0))
	var entries []string
	// taken[row] are the x extents of the labels already on that line:
	// a label that would run into one goes a line lower, so overlapping
	// exposures never read as one ("1" and "2" as "12")
	var taken [][][2]vg.Length
	place := func(i int, text string) bool {
		mid := vg.Length((math.Max(b.x0[i], 0)+math.Min(b.x1[i], span))/2/span) * w
		half := b.text.Width(text)/2 + labelPad
		for row := 0; row < maxLabelRows; row++ {
			if row == len(taken) {
				taken = append(taken, nil)
			}
			free := true
			for _, e := range taken[row] {
				if mid-half < e[1] && mid+half > e[0] {
					free = false
					break
				}
			}
			if free {
				taken[row] = append(taken[row], [2]vg.Length{mid - half, mid + half})
				b.labels[i], b.rows[i] = text, row
				return true
			}
		}
		return false
	}
	for i, name := range f.names {
		if name == "" {
			continue
		}
		x0, x1 := math.Max(b.x0[i], 0), math.Min(b.x1[i], span)
		room := vg.Length((x1-x0)/span)*w - 2*labelPad
		num := fmt.Sprint(len(entries) + 1)
		switch {
		case b.text.Width(name) <= room && place(i, name):
		case b.text.Width(num) <= room && place(i, num):
			entries = append(entries, num+" "+name)
		}
	}
	if len(entries) == 0 {
		return nil
	}
	// wrap the entries into rows as wide as the figure
	sty := style(legendSize, f.pdf)
	var rows []string
	for _, e := range entries {
		n := len(rows)
		if n > 0 && sty.Width(rows[n-1]+"   "+e) <= width {
			rows[n-1] += "   " + e
			continue
		}
		rows = append(rows, e)
	}
	return rows
}

// layout converts the data canvases (points, origin bottom left) to image
// pixels (origin top left).
func (f *figure) layout(areas []draw.Canvas, k, h float64) *Layout {
	l := &Layout{Range: f.rng}
	for i, a := range areas {
		if i == 0 {
			l.Left, l.Right = float64(a.Min.X)*k, float64(a.Max.X)*k
		}
		l.Panels = append(l.Panels, Panel{Quantity: f.qs[i], Top: h - float64(a.Max.Y)*k, Bottom: h - float64(a.Min.Y)*k})
	}
	return l
}
