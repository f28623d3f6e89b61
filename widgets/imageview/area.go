package imageview

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// imageArea shows the rendered picture and the box being drawn, and turns
// mouse and keys into view changes on its Viewer.
type imageArea struct {
	widget.BaseWidget
	v *Viewer

	img           *canvas.Image
	box           *canvas.Rectangle
	lastMouse     fyne.Position
	mouseInside   bool
	pressed       bool
	pressPos      fyne.Position
	pressModifier fyne.KeyModifier
	dragMode      dragMode
	dragStart     fyne.Position
	dragLast      fyne.Position
}

type dragMode int8

const (
	dragNone dragMode = iota
	dragPan
	dragBox
	dragCancelled // Escape: ignore the rest of this drag
)

func newImageArea(v *Viewer) *imageArea {
	a := &imageArea{v: v}
	a.img = &canvas.Image{FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScalePixels}
	a.box = canvas.NewRectangle(color.NRGBA{0x40, 0xc0, 0xff, 0x30})
	a.box.StrokeColor = color.NRGBA{0x40, 0xc0, 0xff, 0xe0}
	a.box.StrokeWidth = 1
	a.box.Hide()
	a.ExtendBaseWidget(a)
	return a
}

func (a *imageArea) setImage(img *image.RGBA) {
	if img == nil {
		a.img.Image = nil
		a.img.Hide()
	} else {
		a.img.Image = img
		a.img.Show()
	}
	a.img.Refresh()
}

func (a *imageArea) CreateRenderer() fyne.WidgetRenderer { return &areaRenderer{a: a} }

type areaRenderer struct{ a *imageArea }

func (r *areaRenderer) Layout(s fyne.Size) {
	r.a.img.Move(fyne.NewPos(0, 0))
	r.a.img.Resize(s)
	r.a.v.areaResized(s)
}
func (r *areaRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 150) }
func (r *areaRenderer) Refresh() {
	r.a.img.Refresh()
	r.a.box.Refresh()
}
func (r *areaRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.a.img, r.a.box}
}
func (r *areaRenderer) Destroy() {}

// Scrolled: the wheel zooms around the pointer (one notch, 10 units in
// Fyne's drivers, by ~22%).
func (a *imageArea) Scrolled(ev *fyne.ScrollEvent) {
	dy := float64(ev.Scrolled.DY)
	if dy == 0 {
		return
	}
	a.v.zoomAt(ev.Position, math.Exp(dy*0.02), wheelDelay)
}

func (a *imageArea) MouseDown(ev *desktop.MouseEvent) {
	a.pressed, a.pressPos, a.pressModifier = true, ev.Position, ev.Modifier
}

func (a *imageArea) MouseUp(*desktop.MouseEvent) { a.pressed = false }

// Dragged pans, or draws a box with Shift or Box on.
func (a *imageArea) Dragged(ev *fyne.DragEvent) {
	if a.dragMode == dragCancelled {
		return
	}
	if a.dragMode == dragNone {
		start := ev.Position.Subtract(fyne.NewPos(ev.Dragged.DX, ev.Dragged.DY))
		if a.pressed {
			start = a.pressPos
		}
		a.dragStart, a.dragLast = start, start
		a.dragMode = dragPan
		if a.v.OnRegion != nil && (a.v.bar.boxMode() || (a.pressed && a.pressModifier&fyne.KeyModifierShift != 0)) {
			a.dragMode = dragBox
		}
	}
	switch a.dragMode {
	case dragPan:
		d := ev.Position.Subtract(a.dragLast)
		a.v.panBy(d.X, d.Y)
	case dragBox:
		a.showBox(a.dragStart, ev.Position)
	}
	a.dragLast = ev.Position
}

func (a *imageArea) DragEnd() {
	mode := a.dragMode
	a.dragMode, a.pressed = dragNone, false
	if mode == dragBox {
		a.box.Hide()
		a.box.Refresh()
		a.v.region(a.dragStart, a.dragLast)
	}
}

func (a *imageArea) showBox(p0, p1 fyne.Position) {
	a.box.Move(fyne.NewPos(min(p0.X, p1.X), min(p0.Y, p1.Y)))
	a.box.Resize(fyne.NewSize(abs32(p1.X-p0.X), abs32(p1.Y-p0.Y)))
	a.box.Show()
	a.box.Refresh()
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

func (a *imageArea) MouseIn(ev *desktop.MouseEvent) { a.MouseMoved(ev) }

func (a *imageArea) MouseMoved(ev *desktop.MouseEvent) {
	a.lastMouse, a.mouseInside = ev.Position, true
	a.v.hover(ev.Position)
}

func (a *imageArea) MouseOut() {
	a.mouseInside = false
	a.v.setReadout(" ")
}

// Tapped takes the keyboard focus, and picks the pixel with Spaxel on.
func (a *imageArea) Tapped(ev *fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(a); c != nil {
		c.Focus(a)
	}
	if a.v.bar.spaxelMode() {
		a.v.region(ev.Position, ev.Position)
	}
}

// DoubleTapped centres the view on the point clicked.
func (a *imageArea) DoubleTapped(ev *fyne.PointEvent) { a.v.centreOn(ev.Position) }

func (a *imageArea) FocusGained() {}
func (a *imageArea) FocusLost()   {}

// TypedRune: + or = zooms in, - zooms out, 0 or F fits, 1 shows 1:1.
func (a *imageArea) TypedRune(r rune) {
	switch r {
	case '+', '=':
		a.v.ZoomIn()
	case '-', '_':
		a.v.ZoomOut()
	case '0', 'f', 'F':
		a.v.Fit()
	case '1':
		a.v.OneToOne()
	}
}

// TypedKey: arrows pan by a tenth of the view (Right shows what lies to the
// right), Escape drops a box being drawn.
func (a *imageArea) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyLeft:
		a.v.panFraction(-0.1, 0)
	case fyne.KeyRight:
		a.v.panFraction(0.1, 0)
	case fyne.KeyUp:
		a.v.panFraction(0, 0.1)
	case fyne.KeyDown:
		a.v.panFraction(0, -0.1)
	case fyne.KeyEscape:
		if a.dragMode == dragBox {
			a.dragMode = dragCancelled
			a.box.Hide()
			a.box.Refresh()
		}
	}
}

func (a *imageArea) Cursor() desktop.Cursor { return desktop.CrosshairCursor }
