package render

import (
	"esodesk/internal/plotfont"
	"image/color"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// figure is a plot with what goes above it, outside the data area: the
// title, the notes (normalised flux, spectra left out) and, for files
// (which have no legend row beside them), the legend.
type figure struct {
	p      *plot.Plot
	title  string
	notes  []string
	legend []legendEntry
	fg     color.Color
	note   color.Color
	bg     color.Color // fills the canvas first (nil: it already is)
}

type legendEntry struct {
	name  string
	thumb plot.Thumbnailer
}

const (
	stripPad   = vg.Length(4)
	swatchLen  = vg.Length(18)
	entryGap   = vg.Length(14)
	titleSize  = vg.Length(13)
	stripSize  = vg.Length(11)
	swatchText = vg.Length(4)
)

func (f *figure) style(size vg.Length, c color.Color) draw.TextStyle {
	return draw.TextStyle{Color: c, Font: plotfont.Font(size), Handler: plot.DefaultTextHandler,
		XAlign: draw.XLeft, YAlign: draw.YTop}
}

// legendRows wraps the legend entries into rows no wider than w.
func (f *figure) legendRows(w vg.Length) [][]int {
	sty := f.style(stripSize, f.fg)
	var rows [][]int
	var x vg.Length
	for i, e := range f.legend {
		ew := swatchLen + swatchText + sty.Width(e.name)
		if len(rows) == 0 || (x > 0 && x+ew > w) {
			rows = append(rows, nil)
			x = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], i)
		x += ew + entryGap
	}
	return rows
}

// stripHeight is how much room the title, notes and legend take at the top.
func (f *figure) stripHeight(w vg.Length) vg.Length {
	var h vg.Length
	if f.title != "" {
		h += f.style(titleSize, f.fg).Height(f.title) + stripPad
	}
	line := f.style(stripSize, f.fg).Height("Ág")
	h += vg.Length(len(f.notes)+len(f.legendRows(w-2*stripPad))) * (line + stripPad)
	if h > 0 {
		h += stripPad
	}
	return h
}

// draw draws the strip at the top of c and the plot below it, and returns
// the canvas the plot took (for its data area).
func (f *figure) draw(c draw.Canvas) draw.Canvas {
	if f.bg != nil {
		c.SetColor(f.bg)
		c.Fill(c.Rectangle.Path())
	}
	w := c.Max.X - c.Min.X
	h := f.stripHeight(w)
	y := c.Max.Y - stripPad
	x0 := c.Min.X + stripPad
	if f.title != "" {
		sty := f.style(titleSize, f.fg)
		sty.XAlign = draw.XCenter
		c.FillText(sty, vg.Point{X: c.Min.X + w/2, Y: y}, f.title)
		y -= sty.Height(f.title) + stripPad
	}
	noteSty := f.style(stripSize, f.note)
	line := noteSty.Height("Ág")
	for _, n := range f.notes {
		c.FillText(noteSty, vg.Point{X: x0, Y: y}, n)
		y -= line + stripPad
	}
	sty := f.style(stripSize, f.fg)
	for _, row := range f.legendRows(w - 2*stripPad) {
		x := x0
		for _, i := range row {
			e := f.legend[i]
			sw := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: y - line}, Max: vg.Point{X: x + swatchLen, Y: y}}}
			thumb := e.thumb
			if ls, ok := thumb.(*lineSeries); ok { // a thicker sample reads better
				bold := *ls
				bold.style.Width = vg.Points(2)
				thumb = &bold
			}
			thumb.Thumbnail(&sw)
			x += swatchLen + swatchText
			c.FillText(sty, vg.Point{X: x, Y: y}, e.name)
			x += sty.Width(e.name) + entryGap
		}
		y -= line + stripPad
	}
	pc := draw.Crop(c, 0, 0, 0, -h)
	f.p.Draw(pc)
	return pc
}

// noteColour is the colour of the notes: amber, readable on white and on
// the dark theme's background.
func noteColour(dark bool) color.Color {
	if dark {
		return color.NRGBA{0xf0, 0xb0, 0x40, 0xff}
	}
	return color.NRGBA{0xa8, 0x50, 0x00, 0xff}
}

// unitRunes are the characters beyond ASCII that labels, notes and
// legends use (PrettyUnit's superscripts, Å, µ, …).
const unitRunes = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻×Åµ…·"

// MissingGlyphs lists the label characters font f cannot draw ("" when it
// has them all).
func MissingGlyphs(f *opentype.Font) string {
	var buf sfnt.Buffer
	var missing []rune
	for _, r := range unitRunes {
		if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
			missing = append(missing, r)
		}
	}
	return string(missing)
}
