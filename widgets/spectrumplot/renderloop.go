package spectrumplot

import (
	"fmt"
	"math"
	"strings"

	"fyne.io/fyne/v2"

	"esodesk/fits"
	"esodesk/widgets/spectrumplot/render"
)

// areaResized is called by the area's layout: a new size needs a new image.
func (p *Plot) areaResized(s fyne.Size) {
	if s == p.areaSize {
		return
	}
	p.areaSize = s
	p.requestRender()
}

func (p *Plot) canvasScale() float32 {
	if c := fyne.CurrentApp().Driver().CanvasForObject(p.area); c != nil && c.Scale() > 0 {
		return c.Scale()
	}
	return 1
}

// requestRender starts a render of the current state in the background.
// Only the newest request's result is applied; older ones are dropped.
func (p *Plot) requestRender() {
	if p.areaSize.Width < 10 || p.areaSize.Height < 10 {
		return // not laid out yet: the first Layout asks again
	}
	scale := p.canvasScale()
	w := int(math.Round(float64(p.areaSize.Width * scale)))
	h := int(math.Round(float64(p.areaSize.Height * scale)))
	opts := p.options(w, h, scale)
	spectra := p.Spectra()
	smooth := p.smooth
	gen := p.gen.Add(1)
	p.work.Add(1)
	go func() {
		defer p.work.Done()
		r, err := render.Image(p.smoothed.drawn(spectra, smooth), opts)
		if p.gen.Load() != gen {
			return // a newer request is on its way
		}
		p.run(func() {
			if p.gen.Load() != gen {
				return
			}
			if err != nil {
				p.SetError("Cannot plot: " + err.Error())
				return
			}
			p.apply(&shownRender{r: r, spectra: spectra, opts: opts})
		})
	}()
}

func (p *Plot) apply(s *shownRender) {
	p.shown = s
	p.area.img.Image = s.r.Image
	p.area.img.Refresh()
	p.bar.frameChanged(s.r.Frame)
	p.layoutOverlay()
	if p.area.mouseInside {
		p.hover(p.area.lastMouse)
	}
}

// toImage converts an area position to image pixels of the shown render.
func (p *Plot) toImage(pos fyne.Position) (px, py float64, ok bool) {
	if p.shown == nil || p.areaSize.Width <= 0 || p.areaSize.Height <= 0 {
		return 0, 0, false
	}
	b := p.shown.r.Image.Bounds()
	return float64(pos.X) * float64(b.Dx()) / float64(p.areaSize.Width),
		float64(pos.Y) * float64(b.Dy()) / float64(p.areaSize.Height), true
}

func (p *Plot) fromImage(px, py float64) fyne.Position {
	b := p.shown.r.Image.Bounds()
	return fyne.NewPos(float32(px*float64(p.areaSize.Width)/float64(b.Dx())),
		float32(py*float64(p.areaSize.Height)/float64(b.Dy())))
}

// view returns the ranges zoom and pan start from: the requested zoom, or
// what the shown render fitted when the axis is automatic.
func (p *Plot) view() (x, y render.Range, ok bool) {
	if p.shown == nil {
		return x, y, false
	}
	x, y = p.xr, p.yr
	if !x.Valid() {
		x = p.shown.r.Frame.X
	}
	if !y.Valid() {
		y = p.shown.r.Frame.Y
	}
	return x, y, true
}

func (p *Plot) zoomX(pos fyne.Position, factor float64) {
	px, _, ok := p.toImage(pos)
	if !ok {
		return
	}
	p.zoomXAt(p.shown.r.FracX(px), factor)
}

// zoomXAt zooms x keeping the value at fraction f of the data area fixed.
func (p *Plot) zoomXAt(f, factor float64) {
	x, _, ok := p.view()
	if !ok {
		return
	}
	if nx := zoomAround(x, f, factor, false); usable(nx) {
		p.xr = nx
		p.requestRender()
	}
}

func (p *Plot) zoomY(pos fyne.Position, factor float64) {
	_, y, ok := p.view()
	_, py, ok2 := p.toImage(pos)
	if !ok || !ok2 {
		return
	}
	if ny := zoomAround(y, p.shown.r.FracY(py), factor, p.logY); usable(ny) {
		p.yr = ny
		p.requestRender()
	}
}

// panPixels moves the view so the data follows a drag of (dx, dy) area
// units (right and down positive).
func (p *Plot) panPixels(dx, dy float64) {
	x, y, ok := p.view()
	if !ok {
		return
	}
	w, h := p.shown.r.AreaSize()
	k := float64(p.shown.r.Image.Bounds().Dx()) / float64(p.areaSize.Width)
	if dx != 0 && w > 0 {
		p.xr = shiftBy(x, -dx*k/w, false)
	}
	if dy != 0 && h > 0 {
		p.yr = shiftBy(y, dy*k/h, p.logY)
	}
	p.requestRender()
}

// panFraction moves the view by fractions of its span (positive: towards
// larger values).
func (p *Plot) panFraction(fx, fy float64) {
	x, y, ok := p.view()
	if !ok {
		return
	}
	if fx != 0 {
		p.xr = shiftBy(x, fx, false)
	}
	if fy != 0 {
		p.yr = shiftBy(y, fy, p.logY)
	}
	p.requestRender()
}

// zoomBox zooms to the box between two area positions: x when it is wide
// enough, y when it is tall enough.
func (p *Plot) zoomBox(a, b fyne.Position) {
	x, y, ok := p.view()
	ax, ay, _ := p.toImage(a)
	bx, by, ok2 := p.toImage(b)
	if !ok || !ok2 {
		return
	}
	r := p.shown.r
	changed := false
	if math.Abs(float64(a.X-b.X)) >= boxMin {
		if nx := between(x, r.FracX(ax), r.FracX(bx), false); usable(nx) {
			p.xr, changed = nx, true
		}
	}
	if math.Abs(float64(a.Y-b.Y)) >= boxMin {
		if ny := between(y, r.FracY(ay), r.FracY(by), p.logY); usable(ny) {
			p.yr, changed = ny, true
		}
	} else if changed {
		p.yr = render.Range{} // x-only zoom: fit y to what is now in view
	}
	if changed {
		p.requestRender()
	}
}

// hover updates the crosshair and the readout for the mouse at pos.
func (p *Plot) hover(pos fyne.Position) {
	px, py, ok := p.toImage(pos)
	if !ok {
		return
	}
	data := p.dataBox()
	hit, found := render.Nearest(p.shown.spectra, p.shown.opts, p.shown.r, px, py)
	if !found {
		p.area.showCrosshair(crosshairAt(data, pos.X, pos.Y, 0, 0, false))
		p.setReadout(" ")
		return
	}
	p.lastHit = hit.Spectrum
	var mark fyne.Position
	if hit.Flux == hit.Flux {
		mark = p.fromImage(p.shown.r.PixelX(hit.X), p.shown.r.PixelY(hit.Flux))
	}
	p.area.showCrosshair(crosshairAt(data, pos.X, pos.Y, mark.X, mark.Y, hit.Flux == hit.Flux))
	p.setReadout(readoutText(hit, p.shown.spectra))
}

// dataBox is the shown render's data area in plot-area units.
func (p *Plot) dataBox() box {
	x0, y0, x1, y1 := p.shown.r.DataArea()
	tl, br := p.fromImage(x0, y0), p.fromImage(x1, y1)
	return box{tl.X, tl.Y, br.X, br.Y}
}

func (p *Plot) clearReadout() { p.setReadout(" ") }

func (p *Plot) setReadout(s string) {
	if p.readout.Text != s {
		p.readout.SetText(s)
	}
}

// readoutText: "title:  656.281 nm  flux 1.2e-16 erg cm⁻² s⁻¹ Å⁻¹  err 3e-18
// QUAL 0  pixel 1234"; a converted or normalised flux also gives the file's
// value in the file's unit.
func readoutText(h render.Hit, spectra []*fits.Spectrum) string {
	s := fmt.Sprintf("%s %s  flux %s", render.FormatValue(h.X), render.UnitSymbol(h.Unit), render.FormatValue(h.Flux))
	if h.FluxUnit != "" {
		s += " " + fits.PrettyUnit(h.FluxUnit)
	}
	if h.Scaled {
		file := strings.TrimSpace(render.FormatValue(h.FileFlux) + " " + fits.PrettyUnit(h.FileUnit))
		if h.FluxUnit == "" {
			s += " (normalised; file " + file + ")"
		} else {
			s += " (file " + file + ")"
		}
	}
	if h.Err == h.Err {
		s += "  err " + render.FormatValue(h.Err)
	}
	if h.HasQual {
		s += fmt.Sprintf("  QUAL %d", h.Quality)
	}
	s += fmt.Sprintf("  pixel %d", h.Index)
	if len(spectra) > 1 {
		s = h.Title + ":  " + s
	}
	return s
}
