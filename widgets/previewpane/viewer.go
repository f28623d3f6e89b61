package previewpane

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Viewer shows an image at any zoom: the wheel zooms around the cursor, a
// drag pans, + and - zoom around the centre, 0 fits the image, 1 shows it
// at 1:1, arrow keys pan. Only the visible part is drawn, straight from
// the decoded pixels, so zoom and pan cost one screenful of copying.
type Viewer struct {
	widget.BaseWidget

	// OnChanged is called after the zoom or position changed.
	OnChanged func()

	src    image.Image // *image.RGBA, *image.NRGBA or *image.Gray
	iw, ih int
	// scale is screen pixels per image pixel; (ox, oy) is the image
	// point at the view's top-left corner.
	scale  float64
	ox, oy float64
	// vw, vh are the view's size in screen pixels, cs the canvas scale.
	vw, vh  float64
	cs      float64
	placed  bool // the initial 1:1 placement is done
	raster  *canvas.Raster
	bg      color.Color
	focused bool
	levels  levels
	idle    idle
	// run hands background results to the UI goroutine: the app's bridge
	// (never Fyne's Do directly), a test's runner in tests.
	run func(func())
}

const (
	maxScale  = 32
	wheelStep = 0.02 // per scroll unit; a wheel notch is 10 units: ~22%
	keyZoom   = 1.25
)

// NewViewer makes a viewer of img, shown at 1:1 around its centre once
// laid out.
func NewViewer(img image.Image, run func(func())) *Viewer {
	v := &Viewer{src: pixelImage(img), scale: 1, cs: 1, bg: theme.Color(theme.ColorNameBackground)}
	b := v.src.Bounds()
	v.iw, v.ih = b.Dx(), b.Dy()
	v.raster = canvas.NewRaster(v.draw)
	v.run = run
	v.ExtendBaseWidget(v)
	return v
}

// buildLevels starts making the zoomed-out levels.
func (v *Viewer) buildLevels() {
	v.idle.work.Add(1)
	go func() {
		defer v.idle.work.Done()
		v.levels.build(v.src)
		v.run(v.raster.Refresh)
	}()
}

// WaitIdle waits until the zoomed-out levels are built and shown. For
// tests.
func (v *Viewer) WaitIdle() { v.idle.wait() }

// pixelImage returns img as a type the viewer copies pixels from directly,
// converting other types once.
func pixelImage(img image.Image) image.Image {
	switch m := img.(type) {
	case *image.RGBA, *image.NRGBA, *image.Gray:
		if m.Bounds().Min == (image.Point{}) {
			return m
		}
	}
	b := img.Bounds()
	c := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(c, c.Bounds(), img, b.Min, draw.Src)
	return c
}

// ImageSize is the image's size in pixels.
func (v *Viewer) ImageSize() (w, h int) { return v.iw, v.ih }

// Scale is the zoom: screen pixels per image pixel.
func (v *Viewer) Scale() float64 { return v.scale }

// Offset is the image point (in image pixels) at the view's top-left.
func (v *Viewer) Offset() (x, y float64) { return v.ox, v.oy }

// Fit shows the whole image as large as the view allows.
func (v *Viewer) Fit() {
	if v.vw <= 0 || v.vh <= 0 {
		return
	}
	v.scale = math.Min(v.vw/float64(v.iw), v.vh/float64(v.ih))
	v.changed()
}

// Actual shows the image at 1:1 around the current centre.
func (v *Viewer) Actual() {
	v.zoomAtPixel(v.vw/2, v.vh/2, 1/v.scale)
}

// ZoomAt multiplies the zoom by factor, keeping the image point under pos
// (in the viewer's coordinates) where it is.
func (v *Viewer) ZoomAt(pos fyne.Position, factor float64) {
	v.zoomAtPixel(float64(pos.X)*v.cs, float64(pos.Y)*v.cs, factor)
}

func (v *Viewer) zoomAtPixel(px, py, factor float64) {
	s := math.Max(v.minScale(), math.Min(maxScale, v.scale*factor))
	ix, iy := v.ox+px/v.scale, v.oy+py/v.scale
	v.scale = s
	v.ox, v.oy = ix-px/s, iy-py/s
	v.changed()
}

// Pan moves the image by (dx, dy) in the viewer's coordinates.
func (v *Viewer) Pan(dx, dy float32) {
	v.ox -= float64(dx) * v.cs / v.scale
	v.oy -= float64(dy) * v.cs / v.scale
	v.changed()
}

// minScale lets the image shrink to half the fitting size.
func (v *Viewer) minScale() float64 {
	fit := 1.0
	if v.vw > 0 && v.vh > 0 {
		fit = math.Min(v.vw/float64(v.iw), v.vh/float64(v.ih))
	}
	return math.Min(fit, 1) / 2
}

// changed clamps the position and redraws.
func (v *Viewer) changed() {
	v.ox = clampAxis(v.ox, float64(v.iw), v.vw/v.scale)
	v.oy = clampAxis(v.oy, float64(v.ih), v.vh/v.scale)
	v.raster.Refresh()
	if v.OnChanged != nil {
		v.OnChanged()
	}
}

// clampAxis centres an image smaller than the view and otherwise keeps
// the view inside the image.
func clampAxis(o, size, view float64) float64 {
	if size <= view {
		return (size - view) / 2
	}
	return math.Max(0, math.Min(size-view, o))
}

// resized is called by the layout with the view size in screen pixels.
func (v *Viewer) resized(w, h, cs float64) {
	if w == v.vw && h == v.vh && cs == v.cs {
		return
	}
	// Keep the image point at the centre where it was.
	cx, cy := v.ox+v.vw/2/v.scale, v.oy+v.vh/2/v.scale
	if !v.placed {
		cx, cy = float64(v.iw)/2, float64(v.ih)/2
		v.placed = w > 0 && h > 0
	}
	v.vw, v.vh, v.cs = w, h, cs
	v.ox, v.oy = cx-w/2/v.scale, cy-h/2/v.scale
	v.changed()
}

// Render draws the visible part of the image into a w x h pixel image, as
// the viewer shows it. Below 1:1 it samples the nearest level that has
// been built.
func (v *Viewer) Render(w, h int) image.Image {
	src, f := v.levels.pick(v.src, v.scale)
	return renderView(src, w, h, v.ox*f, v.oy*f, v.scale/f, v.bg)
}

func (v *Viewer) draw(w, h int) image.Image { return v.Render(w, h) }

// --- input

func (v *Viewer) Scrolled(ev *fyne.ScrollEvent) {
	dy := float64(ev.Scrolled.DY)
	if dy == 0 {
		v.Pan(ev.Scrolled.DX, 0)
		return
	}
	v.ZoomAt(ev.Position, math.Exp(dy*wheelStep))
}

func (v *Viewer) Dragged(ev *fyne.DragEvent) { v.Pan(ev.Dragged.DX, ev.Dragged.DY) }
func (v *Viewer) DragEnd()                   {}

func (v *Viewer) Tapped(*fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		c.Focus(v)
	}
}

func (v *Viewer) FocusGained() { v.focused = true }
func (v *Viewer) FocusLost()   { v.focused = false }

func (v *Viewer) TypedRune(r rune) {
	switch r {
	case '+', '=':
		v.zoomAtPixel(v.vw/2, v.vh/2, keyZoom)
	case '-', '−':
		v.zoomAtPixel(v.vw/2, v.vh/2, 1/keyZoom)
	case '0':
		v.Fit()
	case '1':
		v.Actual()
	}
}

func (v *Viewer) TypedKey(ev *fyne.KeyEvent) {
	step := float32(64)
	switch ev.Name {
	case fyne.KeyLeft:
		v.Pan(step, 0)
	case fyne.KeyRight:
		v.Pan(-step, 0)
	case fyne.KeyUp:
		v.Pan(0, step)
	case fyne.KeyDown:
		v.Pan(0, -step)
	}
}

func (v *Viewer) MinSize() fyne.Size { return fyne.NewSize(200, 150) }

func (v *Viewer) CreateRenderer() fyne.WidgetRenderer {
	v.buildLevels()
	return &viewerRenderer{v: v}
}

type viewerRenderer struct{ v *Viewer }

func (r *viewerRenderer) Layout(s fyne.Size) {
	r.v.raster.Resize(s)
	cs := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(r.v); c != nil && c.Scale() > 0 {
		cs = c.Scale()
	}
	r.v.resized(math.Round(float64(s.Width*cs)), math.Round(float64(s.Height*cs)), float64(cs))
}
func (r *viewerRenderer) MinSize() fyne.Size           { return r.v.MinSize() }
func (r *viewerRenderer) Refresh()                     { r.v.raster.Refresh() }
func (r *viewerRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.v.raster} }
func (r *viewerRenderer) Destroy()                     {}
