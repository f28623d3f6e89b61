package skyview

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/region"
)

// skyArea shows the frames and a polygon being drawn, and turns mouse and
// keys into view changes, selections and regions on its SkyView.
type skyArea struct {
	widget.BaseWidget
	s *SkyView

	img     *canvas.Image
	overlay *fyne.Container // the polygon being drawn (Fyne lines)

	lastMouse     fyne.Position
	mouseInside   bool
	pressed       bool
	pressPos      fyne.Position
	pressModifier fyne.KeyModifier

	mode      dragMode
	grab      [2]float64 // pan: the sky position held under the pointer
	dragStart fyne.Position
	dragLast  fyne.Position
	circleAt  [2]float64 // circle tool: the centre

	vertices [][2]float64 // polygon tool: the vertices so far (ICRS)
}

type dragMode int8

const (
	dragNone dragMode = iota
	dragPan
	dragCircle
	dragCancelled // Escape: ignore the rest of this drag
)

var drawColour = color.NRGBA{0x40, 0xe0, 0xff, 0xff}

func newSkyArea(s *SkyView) *skyArea {
	a := &skyArea{s: s}
	// Never hidden, even before the first frame (nil Image draws nothing):
	// a canvas knows only the objects it painted visible, so the Refresh
	// that set the first frame of a hidden image reached no canvas and the
	// view stayed empty until something else repainted the window.
	a.img = &canvas.Image{FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScalePixels}
	a.overlay = &fyne.Container{}
	a.ExtendBaseWidget(a)
	return a
}

func (a *skyArea) setImage(img *image.RGBA) {
	a.img.Image = img
	a.img.Refresh()
}

func (a *skyArea) dragging() bool { return a.mode == dragPan || a.mode == dragCircle }

func (a *skyArea) CreateRenderer() fyne.WidgetRenderer { return &areaRenderer{a: a} }

type areaRenderer struct{ a *skyArea }

func (r *areaRenderer) Layout(s fyne.Size) {
	r.a.img.Move(fyne.NewPos(0, 0))
	r.a.img.Resize(s)
	r.a.overlay.Resize(s)
	r.a.s.areaResized(s)
}
func (r *areaRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 150) }
func (r *areaRenderer) Refresh() {
	r.a.img.Refresh()
	r.a.overlay.Refresh()
}
func (r *areaRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.a.img, r.a.overlay}
}
func (r *areaRenderer) Destroy() {}

// Scrolled: the wheel zooms about the pointer (one notch, 10 units in
// Fyne's drivers, by ~22%).
func (a *skyArea) Scrolled(ev *fyne.ScrollEvent) {
	dy := float64(ev.Scrolled.DY)
	if dy == 0 {
		return
	}
	a.s.zoomAt(ev.Position, math.Exp(dy*0.02), true)
}

func (a *skyArea) MouseDown(ev *desktop.MouseEvent) {
	a.pressed, a.pressPos, a.pressModifier = true, ev.Position, ev.Modifier
}

func (a *skyArea) MouseUp(*desktop.MouseEvent) { a.pressed = false }

// Dragged pans, or draws a circle with the Circle tool.
func (a *skyArea) Dragged(ev *fyne.DragEvent) {
	if a.mode == dragCancelled {
		return
	}
	if a.mode == dragNone {
		start := ev.Position.Subtract(fyne.NewPos(ev.Dragged.DX, ev.Dragged.DY))
		if a.pressed {
			start = a.pressPos
		}
		ra, dec, ok := a.s.skyAt(start)
		if !ok {
			a.mode = dragCancelled // off the sky (AIT's corners)
			return
		}
		a.dragStart = start
		a.mode = dragPan
		a.grab = [2]float64{ra, dec}
		if a.s.tool == Circle {
			a.mode = dragCircle
			a.circleAt = a.grab
		}
	}
	a.dragLast = ev.Position
	switch a.mode {
	case dragPan:
		a.s.keepUnder(a.grab, ev.Position)
		a.s.viewChanged(true)
	case dragCircle:
		if r, ok := a.circle(ev.Position); ok {
			a.s.drawn = &r
			a.s.layerChangedAs(true)
		}
	}
}

// circle is the circle from the drag's centre to pos.
func (a *skyArea) circle(pos fyne.Position) (region.Region, bool) {
	ra, dec, ok := a.s.skyAt(pos)
	if !ok {
		return region.Region{}, false
	}
	r := separation(a.circleAt[0], a.circleAt[1], ra, dec)
	if r <= 0 {
		return region.Region{}, false
	}
	return region.NewCircle(a.circleAt[0], a.circleAt[1], r), true
}

func (a *skyArea) DragEnd() {
	mode := a.mode
	a.mode, a.pressed = dragNone, false
	switch mode {
	case dragPan:
		a.s.viewChanged(false)
	case dragCircle:
		r, ok := a.circle(a.dragLast)
		if !ok {
			return
		}
		a.s.regionDrawn(r)
	}
}

func (a *skyArea) MouseIn(ev *desktop.MouseEvent) { a.MouseMoved(ev) }

func (a *skyArea) MouseMoved(ev *desktop.MouseEvent) {
	a.lastMouse, a.mouseInside = ev.Position, true
	a.s.hover(ev.Position)
	if len(a.vertices) > 0 {
		a.drawPolygon()
	}
}

func (a *skyArea) MouseOut() {
	a.mouseInside = false
	a.s.setReadout(" ")
}

// Tapped takes the keyboard focus; it selects the footprint under the
// pointer (Pan, Circle) or adds a vertex (Polygon).
func (a *skyArea) Tapped(ev *fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(a); c != nil {
		c.Focus(a)
	}
	if a.s.tool == Polygon {
		a.addVertex(ev.Position)
		return
	}
	add := a.pressModifier&(fyne.KeyModifierShift|fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0
	a.s.clickSelect(ev.Position, add)
	a.pressModifier = 0
}

// DoubleTapped centres the view there, or closes the polygon (adding the
// vertex double-clicked).
func (a *skyArea) DoubleTapped(ev *fyne.PointEvent) {
	if a.s.tool == Polygon {
		a.addVertex(ev.Position)
		a.closePolygon()
		return
	}
	a.s.centreOn(ev.Position)
}

func (a *skyArea) addVertex(pos fyne.Position) {
	ra, dec, ok := a.s.skyAt(pos)
	if !ok {
		return
	}
	if n := len(a.vertices); n > 0 {
		if p, ok := a.s.posOf(a.vertices[n-1][0], a.vertices[n-1][1]); ok && math.Hypot(float64(p.X-pos.X), float64(p.Y-pos.Y)) < 3 {
			return // the second click of a double click, or a shaky one
		}
	}
	a.vertices = append(a.vertices, [2]float64{ra, dec})
	a.drawPolygon()
}

// closePolygon hands the polygon to OnRegion (three vertices at least).
func (a *skyArea) closePolygon() {
	if len(a.vertices) < 3 {
		return
	}
	r := region.NewPolygon(a.vertices)
	a.vertices = nil
	a.drawPolygon()
	a.s.regionDrawn(r)
}

// cancelDrawing drops a polygon or circle being drawn.
func (a *skyArea) cancelDrawing() {
	if a.mode == dragCircle {
		a.mode = dragCancelled
		a.s.drawn = nil
		a.s.layerChanged()
	}
	if len(a.vertices) > 0 {
		a.vertices = nil
		a.drawPolygon()
	}
}

// drawPolygon shows the vertices so far joined by lines, and a line to
// the pointer: straight lines, fine at the scale one draws at.
func (a *skyArea) drawPolygon() {
	objs := make([]fyne.CanvasObject, 0, 2*len(a.vertices)+1)
	var prev fyne.Position
	for i, v := range a.vertices {
		p, ok := a.s.posOf(v[0], v[1])
		if !ok {
			continue
		}
		dot := canvas.NewCircle(drawColour)
		dot.Move(p.Subtract(fyne.NewPos(3, 3)))
		dot.Resize(fyne.NewSize(6, 6))
		objs = append(objs, dot)
		if i > 0 {
			objs = append(objs, line(prev, p))
		}
		prev = p
	}
	if len(a.vertices) > 0 && a.mouseInside {
		objs = append(objs, line(prev, a.lastMouse))
	}
	a.overlay.Objects = objs
	a.overlay.Refresh()
}

func line(p, q fyne.Position) fyne.CanvasObject {
	l := canvas.NewLine(drawColour)
	l.StrokeWidth = 1.5
	l.Position1, l.Position2 = p, q
	return l
}

// viewChanged moves the polygon being drawn with the view.
func (a *skyArea) viewChanged() {
	if len(a.vertices) > 0 {
		a.drawPolygon()
	}
}

func (a *skyArea) FocusGained() {}
func (a *skyArea) FocusLost()   {}

// TypedRune: + or = zooms in, - zooms out, 0 resets to the initial view.
func (a *skyArea) TypedRune(r rune) {
	switch r {
	case '+', '=':
		a.s.ZoomIn()
	case '-', '_':
		a.s.ZoomOut()
	case '0':
		a.s.Reset()
	}
}

// TypedKey: arrows pan by a tenth of the view, Enter closes a polygon,
// Escape drops a region being drawn.
func (a *skyArea) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyLeft:
		a.s.panFraction(-0.1, 0)
	case fyne.KeyRight:
		a.s.panFraction(0.1, 0)
	case fyne.KeyUp:
		a.s.panFraction(0, 0.1)
	case fyne.KeyDown:
		a.s.panFraction(0, -0.1)
	case fyne.KeyReturn, fyne.KeyEnter:
		a.closePolygon()
	case fyne.KeyEscape:
		a.cancelDrawing()
	}
}

func (a *skyArea) Cursor() desktop.Cursor { return desktop.CrosshairCursor }
