package spectrumplot

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"esodesk/fits/lines"
)

// plotArea shows the rendered image and the mouse overlays (crosshair,
// nearest-point marker, zoom box), and turns mouse and keys into zoom and
// pan requests on its Plot.
type plotArea struct {
	widget.BaseWidget
	p *Plot

	img            *canvas.Image
	overlay        *fyne.Container // line markers and measurements (see overlay.go)
	dragLine       lines.Line      // the marker being dragged (dragMarker)
	vline, hline   *canvas.Line
	marker         *canvas.Circle
	box            *canvas.Rectangle
	focused        bool
	lastMouse      fyne.Position
	mouseInside    bool
	dragMode       dragMode
	dragStart      fyne.Position
	dragLast       fyne.Position
	pressButton    desktop.MouseButton
	pressModifier  fyne.KeyModifier
	pressed        bool
	rightPanActive bool
}

type dragMode int8

const (
	dragNone dragMode = iota
	dragBox
	dragPan
	dragMeasure   // Measure mode: select a range to measure
	dragMarker    // Ctrl or Alt drag on a line marker: move z
	dragCancelled // Escape pressed: ignore the rest of this drag
)

func newPlotArea(p *Plot) *plotArea {
	a := &plotArea{p: p}
	a.img = &canvas.Image{FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScaleFastest}
	a.overlay = container.NewWithoutLayout()
	cross := color.NRGBA{0x80, 0x80, 0x80, 0xa0}
	a.vline = canvas.NewLine(cross)
	a.hline = canvas.NewLine(cross)
	a.marker = canvas.NewCircle(color.Transparent)
	a.marker.StrokeColor = color.NRGBA{0xff, 0x40, 0x40, 0xff}
	a.marker.StrokeWidth = 1.5
	a.box = canvas.NewRectangle(color.NRGBA{0x80, 0x80, 0xff, 0x30})
	a.box.StrokeColor = color.NRGBA{0x50, 0x50, 0xe0, 0xc0}
	a.box.StrokeWidth = 1
	for _, o := range []fyne.CanvasObject{a.vline, a.hline, a.marker, a.box} {
		o.Hide()
	}
	a.ExtendBaseWidget(a)
	return a
}

func (a *plotArea) CreateRenderer() fyne.WidgetRenderer {
	return &areaRenderer{a: a}
}

type areaRenderer struct{ a *plotArea }

func (r *areaRenderer) Layout(s fyne.Size) {
	r.a.img.Resize(s)
	r.a.img.Move(fyne.NewPos(0, 0))
	r.a.p.areaResized(s)
}
func (r *areaRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 100) } // with two toolbar rows above it, the Spectra tab still fits 1366x768
func (r *areaRenderer) Refresh() {
	r.a.img.Refresh()
	r.a.overlay.Refresh()
	for _, o := range []fyne.CanvasObject{r.a.vline, r.a.hline, r.a.marker, r.a.box} {
		o.Refresh()
	}
}
func (r *areaRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.a.img, r.a.overlay, r.a.vline, r.a.hline, r.a.marker, r.a.box}
}
func (r *areaRenderer) Destroy() {}

// --- mouse wheel: zoom x around the cursor (Shift or Ctrl: y); a
// horizontal wheel or touchpad swipe pans x.

func (a *plotArea) Scrolled(ev *fyne.ScrollEvent) {
	mods := a.p.modifiers()
	dy, dx := float64(ev.Scrolled.DY), float64(ev.Scrolled.DX)
	if dy == 0 && dx != 0 && mods&fyne.KeyModifierShift != 0 {
		dy, dx = dx, 0 // some systems turn Shift+wheel into a horizontal scroll
	}
	if dx != 0 && dy == 0 {
		a.p.panPixels(-dx, 0)
		return
	}
	if dy == 0 {
		return
	}
	// one wheel notch (10 units in Fyne's drivers) zooms by ~18%
	factor := math.Exp(-dy * 0.02)
	if mods&(fyne.KeyModifierShift|fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 {
		a.p.zoomY(ev.Position, factor)
	} else {
		a.p.zoomX(ev.Position, factor)
	}
}

// --- left drag: zoom box; Shift+left or middle drag: pan. Right drag
// (which Fyne does not report as a drag) pans through MouseDown/MouseMoved.

func (a *plotArea) MouseDown(ev *desktop.MouseEvent) {
	a.pressed, a.pressButton, a.pressModifier = true, ev.Button, ev.Modifier
	a.dragStart, a.dragLast = ev.Position, ev.Position
	a.rightPanActive = ev.Button == desktop.MouseButtonSecondary
}

func (a *plotArea) MouseUp(ev *desktop.MouseEvent) {
	a.pressed = false
	a.rightPanActive = false
}

func (a *plotArea) Dragged(ev *fyne.DragEvent) {
	if a.dragMode == dragCancelled {
		return
	}
	if a.dragMode == dragNone {
		start := ev.Position.Subtract(fyne.NewPos(ev.Dragged.DX, ev.Dragged.DY))
		if a.pressed {
			start = a.dragStart
		}
		a.dragStart, a.dragLast = start, start
		a.dragMode = dragBox
		mods := a.p.modifiers()
		if a.pressed {
			mods = a.pressModifier
		}
		primary := !a.pressed || a.pressButton == desktop.MouseButtonPrimary
		switch {
		case a.pressed && a.pressButton == desktop.MouseButtonTertiary, mods&fyne.KeyModifierShift != 0:
			a.dragMode = dragPan
		case primary && mods&(fyne.KeyModifierControl|fyne.KeyModifierAlt) != 0:
			if l, ok := a.p.nearMarker(start.X, markerDragTol); ok && !restFrame(l) {
				a.dragMode, a.dragLine = dragMarker, l
			}
		case primary && a.p.meas.on:
			a.dragMode = dragMeasure
		}
	}
	switch a.dragMode {
	case dragMarker:
		if x, ok := a.p.dataXAt(ev.Position.X); ok {
			a.p.IdentifyAt(x, a.dragLine)
		}
	case dragMeasure:
		a.showBox(a.dragStart, fyne.NewPos(ev.Position.X, a.dragStart.Y))
	case dragPan:
		d := ev.Position.Subtract(a.dragLast)
		a.p.panPixels(float64(d.X), float64(d.Y))
	case dragBox:
		a.showBox(a.dragStart, ev.Position)
	}
	a.dragLast = ev.Position
	a.hideCrosshair()
}

func (a *plotArea) DragEnd() {
	mode := a.dragMode
	a.dragMode = dragNone
	a.pressed = false
	switch mode {
	case dragBox:
		a.box.Hide()
		a.box.Refresh()
		a.p.zoomBox(a.dragStart, a.dragLast)
	case dragMeasure:
		a.box.Hide()
		a.box.Refresh()
		x0, ok0 := a.p.dataXAt(a.dragStart.X)
		x1, ok1 := a.p.dataXAt(a.dragLast.X)
		if ok0 && ok1 && math.Abs(float64(a.dragLast.X-a.dragStart.X)) >= boxMin {
			a.p.Measure(x0, x1)
		}
	}
}

func (a *plotArea) showBox(p0, p1 fyne.Position) {
	x0, x1 := min(p0.X, p1.X), max(p0.X, p1.X)
	y0, y1 := min(p0.Y, p1.Y), max(p0.Y, p1.Y)
	if y1-y0 < boxMin { // a flat box zooms x only: show it the data's full height
		y0, y1 = 0, a.Size().Height
		if a.p.shown != nil {
			d := a.p.dataBox()
			y0, y1 = d.y0, d.y1
		}
	}
	a.box.Move(fyne.NewPos(x0, y0))
	a.box.Resize(fyne.NewSize(x1-x0, y1-y0))
	a.box.Show()
	a.box.Refresh()
}

// boxMin is the smallest box side (in Fyne units) taken as a zoom on that axis.
const boxMin = 6

// --- hover: crosshair and readout.

func (a *plotArea) MouseIn(ev *desktop.MouseEvent) { a.MouseMoved(ev) }

func (a *plotArea) MouseMoved(ev *desktop.MouseEvent) {
	if a.rightPanActive && ev.Button == desktop.MouseButtonSecondary {
		d := ev.Position.Subtract(a.dragLast)
		a.dragLast = ev.Position
		a.p.panPixels(float64(d.X), float64(d.Y))
		return
	}
	a.lastMouse, a.mouseInside = ev.Position, true
	a.p.hover(ev.Position)
}

func (a *plotArea) MouseOut() {
	a.mouseInside = false
	a.hideCrosshair()
	a.p.clearReadout()
}

func (a *plotArea) hideCrosshair() {
	for _, o := range []fyne.CanvasObject{a.vline, a.hline, a.marker} {
		if o.Visible() {
			o.Hide()
			o.Refresh()
		}
	}
}

// showCrosshair draws the cross at the mouse and a ring on the nearest
// point, as c places them (inside the data area only).
func (a *plotArea) showCrosshair(c cross) {
	if !c.show {
		a.hideCrosshair()
		return
	}
	a.vline.Position1, a.vline.Position2 = fyne.NewPos(c.x, c.area.y0), fyne.NewPos(c.x, c.area.y1)
	a.hline.Position1, a.hline.Position2 = fyne.NewPos(c.area.x0, c.y), fyne.NewPos(c.area.x1, c.y)
	a.vline.Show()
	a.hline.Show()
	if c.mark {
		const r = 4
		a.marker.Move(fyne.NewPos(c.mx-r, c.my-r))
		a.marker.Resize(fyne.NewSize(2*r, 2*r))
		a.marker.Show()
	} else {
		a.marker.Hide()
	}
	a.vline.Refresh()
	a.hline.Refresh()
	a.marker.Refresh()
}

// --- clicks and keys.

// Tapped takes the keyboard focus; after Identify it asks which line the
// feature under the click is.
func (a *plotArea) Tapped(ev *fyne.PointEvent) {
	a.requestFocus()
	if a.p.lines.identify {
		a.p.identifyMenu(ev.Position)
	}
}

// TappedSecondary (right click) asks which line the feature under the
// click is, when line markers are shown.
func (a *plotArea) TappedSecondary(ev *fyne.PointEvent) {
	if a.p.lines.list != nil {
		a.p.identifyMenu(ev.Position)
	}
}

func (a *plotArea) DoubleTapped(*fyne.PointEvent) { a.p.ResetZoom() }

func (a *plotArea) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(a); c != nil {
		c.Focus(a)
	}
}

func (a *plotArea) FocusGained() { a.focused = true }
func (a *plotArea) FocusLost()   { a.focused = false }

// TypedRune: + or = zooms in, - zooms out, r resets.
func (a *plotArea) TypedRune(r rune) {
	switch r {
	case '+', '=':
		a.p.zoomXAt(0.5, 0.8)
	case '-', '_':
		a.p.zoomXAt(0.5, 1.25)
	case 'r', 'R':
		a.p.ResetZoom()
	case 'l', 'L':
		a.p.SetLineLabels(!a.p.lines.labels)
	case 'm', 'M':
		a.p.SetMeasureMode(!a.p.meas.on)
	case 'z', 'Z':
		if c := fyne.CurrentApp().Driver().CanvasForObject(a); c != nil {
			c.Focus(a.p.bar.zEntry)
		}
	}
}

// TypedKey: arrows move the view by a tenth (Right shows larger x), Home resets, Escape drops a
// zoom box being drawn.
func (a *plotArea) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyLeft:
		a.p.panFraction(-0.1, 0)
	case fyne.KeyRight:
		a.p.panFraction(0.1, 0)
	case fyne.KeyUp:
		a.p.panFraction(0, 0.1)
	case fyne.KeyDown:
		a.p.panFraction(0, -0.1)
	case fyne.KeyHome:
		a.p.ResetZoom()
	case fyne.KeyEscape:
		if a.dragMode == dragBox || a.dragMode == dragMeasure {
			a.dragMode = dragCancelled
			a.box.Hide()
			a.box.Refresh()
		}
	}
}

func (a *plotArea) Cursor() desktop.Cursor { return desktop.CrosshairCursor }
