package render

import (
	"esodesk/internal/plotfont"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// markerSet draws line markers: a dashed vertical line through the data
// area and its label at the top, the labels on three staggered rows so
// that neighbours (Hα and [N II]) stay readable.
type markerSet struct {
	x      []float64 // on the axis
	labels []string
	color  draw.LineStyle
	text   draw.TextStyle
}

// markerPlotter places markers on the frame's x axis (nil when none falls
// inside it). A marker's air wavelength is used when the axis is in air.
func markerPlotter(ms []Marker, fr Frame) plot.Plotter {
	if len(ms) == 0 || !fr.X.Valid() {
		return nil
	}
	m := &markerSet{
		color: draw.LineStyle{Color: markerColor, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}},
		text: draw.TextStyle{Color: markerColor, Font: plotfont.Font(9), Handler: plot.DefaultTextHandler,
			XAlign: draw.XLeft, YAlign: draw.YTop},
	}
	for _, mk := range ms {
		w := mk.Vacuum
		if fr.Air && mk.Air > 0 {
			w = mk.Air
		}
		v, err := ToAxis([]float64{w}, fr.XUnit, fr.Rest)
		if err != nil || len(v) == 0 || math.IsNaN(v[0]) || v[0] < fr.X.Min || v[0] > fr.X.Max {
			continue
		}
		m.x = append(m.x, v[0])
		m.labels = append(m.labels, mk.Label)
	}
	if len(m.x) == 0 {
		return nil
	}
	return m
}

func (m *markerSet) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	row := m.text.Height("Ág")
	lastX := []vg.Length{-1e9, -1e9, -1e9}
	for i, x := range m.x {
		px := trX(x)
		c.StrokeLine2(m.color, px, c.Min.Y, px, c.Max.Y)
		if m.labels[i] == "" {
			continue
		}
		// beside the line, on the first row whose previous label ends
		// left of this one
		lx := px + vg.Points(2)
		w := m.text.Width(m.labels[i])
		r := 0
		for r < len(lastX)-1 && lx < lastX[r]+vg.Points(2) {
			r++
		}
		lastX[r] = lx + w
		c.FillText(m.text, vg.Point{X: lx, Y: c.Max.Y - vg.Points(2) - vg.Length(r)*row}, m.labels[i])
	}
}
