package render

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"esodesk/fits"
)

// Rendered is one raster picture with what is needed to map between its
// pixels and data coordinates (crosshair, zoom box, wheel zoom).
type Rendered struct {
	Image *image.RGBA
	// Area is the data area in image pixels (inside the axes).
	Area  image.Rectangle
	Frame Frame
	// fArea is Area before rounding, for exact mapping.
	fx0, fx1, fy0, fy1 float64
}

// Image renders the spectra to an opts.Width x opts.Height RGBA image.
func Image(spectra []*fits.Spectrum, opts Options) (*Rendered, error) {
	o := opts.withDefaults()
	fig, fr, err := build(spectra, o)
	if err != nil {
		return nil, err
	}
	// the canvas starts filled with the background: painting it again
	// through the vector rasterizer costs a third of a zoomed render
	c := newImageCanvas(o.Width, o.Height, o.DPI, o.Background)
	fig.p.BackgroundColor = nil
	pc := fig.draw(draw.New(c))
	r := &Rendered{Frame: fr}
	r.Image, _ = c.Image().(*image.RGBA)
	if r.Image == nil {
		r.Image = toRGBA(c.Image())
	}
	r.setArea(fig.p, pc, o)
	return r, nil
}

func newImageCanvas(w, h int, dpi float64, bg color.Color) *vgimg.Canvas {
	// UseDPI takes an int; keep the physical size consistent with it so the
	// image is exactly w x h pixels.
	d := int(math.Round(dpi))
	return vgimg.NewWith(vgimg.UseWH(pxToPt(w, d), pxToPt(h, d)), vgimg.UseDPI(d), vgimg.UseBackgroundColor(bg))
}

func pxToPt(px, dpi int) vg.Length { return vg.Length(float64(px) / float64(dpi) * 72) }

// setArea converts the data canvas (points, origin bottom left) to pixels
// (origin top left).
func (r *Rendered) setArea(p *plot.Plot, dc draw.Canvas, o Options) {
	da := p.DataCanvas(dc)
	k := float64(int(math.Round(o.DPI))) / 72
	h := float64(r.Image.Bounds().Dy())
	r.fx0 = float64(da.Min.X) * k
	r.fx1 = float64(da.Max.X) * k
	r.fy0 = h - float64(da.Max.Y)*k // top
	r.fy1 = h - float64(da.Min.Y)*k // bottom
	r.Area = image.Rect(int(math.Round(r.fx0)), int(math.Round(r.fy0)), int(math.Round(r.fx1)), int(math.Round(r.fy1)))
}

// DataX is the x data value at image pixel column px.
func (r *Rendered) DataX(px float64) float64 {
	f := (px - r.fx0) / (r.fx1 - r.fx0)
	return r.Frame.X.Min + f*(r.Frame.X.Max-r.Frame.X.Min)
}

// DataY is the y data value at image pixel row py.
func (r *Rendered) DataY(py float64) float64 {
	f := (r.fy1 - py) / (r.fy1 - r.fy0)
	if r.Frame.YInverted {
		f = 1 - f
	}
	y := r.Frame.Y
	if r.Frame.LogY {
		return math.Exp(math.Log(y.Min) + f*(math.Log(y.Max)-math.Log(y.Min)))
	}
	return y.Min + f*(y.Max-y.Min)
}

// PixelX is the image column of data x.
func (r *Rendered) PixelX(x float64) float64 {
	xr := r.Frame.X
	return r.fx0 + (x-xr.Min)/(xr.Max-xr.Min)*(r.fx1-r.fx0)
}

// PixelY is the image row of data y.
func (r *Rendered) PixelY(y float64) float64 {
	yr := r.Frame.Y
	var f float64
	if r.Frame.LogY {
		f = (math.Log(y) - math.Log(yr.Min)) / (math.Log(yr.Max) - math.Log(yr.Min))
	} else {
		f = (y - yr.Min) / (yr.Max - yr.Min)
	}
	if r.Frame.YInverted {
		f = 1 - f
	}
	return r.fy1 - f*(r.fy1-r.fy0)
}

func toRGBA(src image.Image) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			dst.Set(x, y, src.At(x, y))
		}
	}
	return dst
}

// FracX is where image column px lies across the data area (0 left, 1 right).
func (r *Rendered) FracX(px float64) float64 { return (px - r.fx0) / (r.fx1 - r.fx0) }

// FracY is where image row py lies up the data area (0 bottom, 1 top).
func (r *Rendered) FracY(py float64) float64 { return (r.fy1 - py) / (r.fy1 - r.fy0) }

// DataArea is the data area in (fractional) image pixels: left, top,
// right, bottom.
func (r *Rendered) DataArea() (x0, y0, x1, y1 float64) { return r.fx0, r.fy0, r.fx1, r.fy1 }

// AreaSize is the data area's size in (fractional) image pixels.
func (r *Rendered) AreaSize() (w, h float64) { return r.fx1 - r.fx0, r.fy1 - r.fy0 }
