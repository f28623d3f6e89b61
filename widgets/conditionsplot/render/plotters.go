package render

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

var (
	bgColour   = color.White
	fgColour   = color.NRGBA{0x20, 0x20, 0x20, 0xff}
	gridColour = color.NRGBA{0x20, 0x20, 0x20, 0x28}
	noteColour = color.NRGBA{0x70, 0x70, 0x70, 0xff}
	// BandColour and HighlightColour tint the exposures' bands: light blue,
	// and a stronger orange for the ones picked out.
	BandColour      = color.NRGBA{0x40, 0x80, 0xe0, 0x38}
	HighlightColour = color.NRGBA{0xff, 0x90, 0x00, 0x70}
	thresholdColour = color.NRGBA{0xc0, 0x20, 0x20, 0xff}
)

// panelColours: one per panel, in order, repeating; dark enough on white.
var panelColours = []color.NRGBA{
	{0x1f, 0x4e, 0xa8, 0xff}, {0x1b, 0x7a, 0x3a, 0xff}, {0x8a, 0x2b, 0xb0, 0xff}, {0x0b, 0x7d, 0x8c, 0xff},
	{0xa0, 0x52, 0x00, 0xff}, {0x6b, 0x4a, 0x2b, 0xff}, {0x30, 0x30, 0x90, 0xff}, {0x80, 0x30, 0x50, 0xff},
}

// PanelColour is the line colour of panel i.
func PanelColour(i int) color.NRGBA { return panelColours[i%len(panelColours)] }

// xy is a sample's midpoint (seconds from the range's start) and value.
type xy struct{ x, y float64 }

// linesPlotter draws each segment as a line and a segment of one sample
// as a dot: nothing joins two segments, so a gap stays a gap.
type linesPlotter struct {
	segments [][]xy
	colour   color.Color
	width    vg.Length
	dot      vg.Length
}

func (l *linesPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: l.colour, Width: l.width}
	c.SetColor(l.colour)
	for _, seg := range l.segments {
		if len(seg) == 1 {
			pt := vg.Point{X: trX(seg[0].x), Y: trY(seg[0].y)}
			if c.Contains(pt) {
				var path vg.Path
				path.Move(vg.Point{X: pt.X + l.dot, Y: pt.Y})
				path.Arc(pt, l.dot, 0, 6.283185307179586)
				path.Close()
				c.Fill(path)
			}
			continue
		}
		pts := make([]vg.Point, len(seg))
		for i, s := range seg {
			pts[i] = vg.Point{X: trX(s.x), Y: trY(s.y)}
		}
		c.StrokeLines(sty, c.ClipLinesXY(pts)...)
	}
}

// bandsPlotter tints the exposures' time ranges over the panel's whole
// height; on the top panel it also writes their labels.
type bandsPlotter struct {
	x0, x1    []float64 // seconds from the range's start
	highlight []bool
	labels    []string // "" for none
	rows      []int    // the text line of each label, 0 at the top: overlapping bands' labels stack
	text      draw.TextStyle
}

func (b *bandsPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for i := range b.x0 {
		l, r := max(trX(b.x0[i]), c.Min.X), min(trX(b.x1[i]), c.Max.X)
		if r < l {
			continue
		}
		if r-l < 1 { // a short exposure still shows
			m := (l + r) / 2
			l, r = m-0.5, m+0.5
		}
		col := BandColour
		if b.highlight[i] {
			col = HighlightColour
		}
		c.SetColor(col)
		c.Fill(vg.Rectangle{Min: vg.Point{X: l, Y: c.Min.Y}, Max: vg.Point{X: r, Y: c.Max.Y}}.Path())
		if i < len(b.labels) && b.labels[i] != "" {
			y := c.Max.Y - labelPad - vg.Length(b.rows[i])*(b.text.Height("Ág")+labelPad)
			c.FillText(b.text, vg.Point{X: (l + r) / 2, Y: y}, b.labels[i])
		}
	}
}

// hlinePlotter is a dashed horizontal line across the panel (a threshold,
// such as the seeing a query filtered on) with its value at the right.
type hlinePlotter struct {
	y     float64
	label string
	text  draw.TextStyle
}

func (h *hlinePlotter) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.y)
	if y < c.Min.Y || y > c.Max.Y {
		return
	}
	sty := draw.LineStyle{Color: thresholdColour, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
	c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	if h.label != "" {
		c.FillText(h.text, vg.Point{X: c.Max.X - labelPad, Y: y + labelPad/2}, h.label)
	}
}

// notePlotter writes a note in the middle of a panel that has no data.
type notePlotter struct {
	text string
	sty  draw.TextStyle
}

func (n *notePlotter) Plot(c draw.Canvas, p *plot.Plot) {
	c.FillText(n.sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2}, n.text)
}

const labelPad = vg.Length(3)
