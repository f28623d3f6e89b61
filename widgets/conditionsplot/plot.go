// Package conditionsplot is the Fyne widget that shows observing
// conditions: the render package's stacked panels at the widget's exact
// pixel size, a vertical cursor with a readout of every quantity at the
// mouse's time, and Save PNG… / Save CSV… buttons. Renders run off the UI
// goroutine (latest wins) and results come back through the runner.
//
// All methods must be called on the UI goroutine.
package conditionsplot

import (
	"image"
	"image/color"
	"math"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/latest"
	"esodesk/internal/plotfont"
	"esodesk/services/conditions"
	"esodesk/widgets/conditionsplot/render"
)

// The plot's text is drawn in the app's theme font.
func init() {
	if err := plotfont.Use(theme.DefaultTextFont().Content()); err != nil {
		fyne.LogError("conditions plot font", err)
	}
}

// resizeDelay lets a window drag settle before the next render.
const resizeDelay = 80 * time.Millisecond

// Plot is the conditions plot widget.
type Plot struct {
	widget.BaseWidget
	win fyne.Window
	run func(func())

	series []conditions.Series
	opt    render.Options

	area    *plotArea
	readout *widget.Label
	message *widget.Label
	busy    *widget.Activity
	savePNG *widget.Button
	saveCSV *widget.Button
	content fyne.CanvasObject

	areaSize fyne.Size
	shown    *shown // what the image shows now
	task     *latest.Task
	work     sync.WaitGroup // saves in flight
}

// shown is one finished render with what made it, so hover maps the mouse
// with the geometry the image was drawn with.
type shown struct {
	img    image.Image
	layout *render.Layout
	series []conditions.Series
	opt    render.Options
}

// New makes an empty plot; win is the parent of the save dialogs.
func New(win fyne.Window, run func(func())) *Plot {
	p := &Plot{win: win, run: run, task: latest.New(run)}
	p.area = newPlotArea(p)
	p.readout = widget.NewLabel(" ")
	p.readout.TextStyle.Monospace = true
	p.readout.Truncation = fyne.TextTruncateEllipsis
	p.message = widget.NewLabel("")
	p.message.Alignment = fyne.TextAlignCenter
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Hide()
	p.busy = widget.NewActivity()
	p.busy.Hide()
	p.savePNG = widget.NewButtonWithIcon("Save PNG…", theme.DocumentSaveIcon(), p.showSavePNG)
	p.saveCSV = widget.NewButtonWithIcon("Save CSV…", theme.DocumentSaveIcon(), p.showSaveCSV)
	p.savePNG.Disable()
	p.saveCSV.Disable()
	bar := container.NewHBox(p.savePNG, p.saveCSV, layout.NewSpacer(), p.busy)
	centre := container.NewStack(p.area, container.NewCenter(p.message))
	p.content = container.NewBorder(bar, p.readout, nil, nil, centre)
	p.ExtendBaseWidget(p)
	return p
}

func (p *Plot) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(p.content) }

// SetSeries plots series with opt (its Width, Height and Scale are
// replaced by the widget's size and the canvas scale), rendering in the
// background. (Not "Show": that is every Fyne object's Show().)
func (p *Plot) SetSeries(series []conditions.Series, opt render.Options) {
	p.series = append([]conditions.Series(nil), series...)
	p.opt = opt
	p.message.Hide()
	p.area.Show()
	p.savePNG.Enable()
	p.saveCSV.Enable()
	p.requestRender(0)
}

// SetMessage shows text (an empty state, an error) in place of the plot.
func (p *Plot) SetMessage(text string) {
	p.task.Stop()
	p.busy.Stop()
	p.busy.Hide()
	p.message.SetText(text)
	p.message.Show()
	p.area.Hide()
	p.area.hideCursor()
	p.setReadout(" ")
}

// Readout is what the hover readout shows now.
func (p *Plot) Readout() string { return p.readout.Text }

// HoverAt acts as a mouse move to (x, y) in the plot area.
func (p *Plot) HoverAt(x, y float32) { p.hover(fyne.NewPos(x, y)) }

// Image is the picture on show (nil before the first render).
func (p *Plot) Image() image.Image {
	if p.shown == nil {
		return nil
	}
	return p.shown.img
}

// Layout is the shown picture's geometry (nil before the first render).
func (p *Plot) Layout() *render.Layout {
	if p.shown == nil {
		return nil
	}
	return p.shown.layout
}

// WaitIdle blocks until the renders and saves started so far have
// finished; their results are then queued on the runner (tests).
func (p *Plot) WaitIdle() {
	p.task.Wait()
	p.work.Wait()
}

// areaResized is called by the area's layout: a new size needs a new image.
func (p *Plot) areaResized(s fyne.Size) {
	if s == p.areaSize {
		return
	}
	first := p.areaSize.Width < 10 || p.areaSize.Height < 10
	p.areaSize = s
	if first {
		p.requestRender(0)
	} else {
		p.requestRender(resizeDelay)
	}
}

func (p *Plot) canvasScale() float32 {
	if c := fyne.CurrentApp().Driver().CanvasForObject(p.area); c != nil && c.Scale() > 0 {
		return c.Scale()
	}
	return 1
}

// requestRender renders the series at the area's size after delay; a
// newer request supersedes it.
func (p *Plot) requestRender(delay time.Duration) {
	if p.series == nil || p.areaSize.Width < 10 || p.areaSize.Height < 10 || !p.area.Visible() {
		return // not laid out yet: the first Layout asks again
	}
	scale := p.canvasScale()
	o := p.opt
	o.Width = int(math.Round(float64(p.areaSize.Width * scale)))
	o.Height = int(math.Round(float64(p.areaSize.Height * scale)))
	o.Scale = float64(scale)
	series := p.series
	p.busy.Show()
	p.busy.Start()
	p.task.StartAfter(delay, func(j latest.Job) {
		img, l, err := render.Render(series, o)
		j.Finish(func() {
			p.busy.Stop()
			p.busy.Hide()
			if err != nil {
				p.SetMessage("Cannot plot the conditions: " + err.Error())
				return
			}
			p.apply(&shown{img: img, layout: l, series: series, opt: o})
		})
	})
}

func (p *Plot) apply(s *shown) {
	p.shown = s
	p.area.img.Image = s.img
	p.area.img.Refresh()
	if p.area.mouseInside {
		p.hover(p.area.lastMouse)
	}
}

// toImage converts an area position to pixels of the shown image.
func (p *Plot) toImage(pos fyne.Position) (float64, float64, bool) {
	if p.shown == nil || p.areaSize.Width <= 0 || p.areaSize.Height <= 0 {
		return 0, 0, false
	}
	b := p.shown.img.Bounds()
	return float64(pos.X) * float64(b.Dx()) / float64(p.areaSize.Width),
		float64(pos.Y) * float64(b.Dy()) / float64(p.areaSize.Height), true
}

// hover moves the cursor line to pos and says what every quantity was then.
func (p *Plot) hover(pos fyne.Position) {
	px, _, ok := p.toImage(pos)
	if !ok {
		return
	}
	l := p.shown.layout
	t, ok := l.TimeAt(px)
	if !ok || len(l.Panels) == 0 {
		p.area.hideCursor()
		p.setReadout(" ")
		return
	}
	k := float64(p.areaSize.Height) / float64(p.shown.img.Bounds().Dy())
	p.area.showCursor(pos.X, float32(l.Panels[0].Top*k), float32(l.Panels[len(l.Panels)-1].Bottom*k))
	p.setReadout(ReadoutText(t, p.shown.series))
}

func (p *Plot) setReadout(s string) {
	if p.readout.Text != s {
		p.readout.SetText(s)
	}
}

// ReadoutText is "03:12:40 UTC  Seeing 0.82″  τ₀ 4.1 ms  …": each series'
// valid sample covering t, or "—" when it has none.
func ReadoutText(t time.Time, series []conditions.Series) string {
	var b strings.Builder
	b.WriteString(t.UTC().Format("15:04:05") + " UTC")
	for _, s := range series {
		unit := s.Unit
		if unit == "" {
			unit = s.Quantity.Unit()
		}
		v := "—"
		if x, ok := s.At(t); ok {
			v = render.WithUnit(render.FormatValue(s.Quantity, x.Value), unit)
		}
		b.WriteString("  " + render.ShortName(s.Quantity) + " " + v)
	}
	return b.String()
}

// plotArea shows the image and the cursor line, and follows the mouse.
type plotArea struct {
	widget.BaseWidget
	p           *Plot
	img         *canvas.Image
	cursor      *canvas.Line
	mouseInside bool
	lastMouse   fyne.Position
}

func newPlotArea(p *Plot) *plotArea {
	a := &plotArea{p: p}
	// the image has the area's size in pixels: no scaling blur
	a.img = &canvas.Image{FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScalePixels}
	a.cursor = canvas.NewLine(color.NRGBA{0xd0, 0x30, 0x30, 0xc0})
	a.cursor.StrokeWidth = 1
	a.cursor.Hide()
	a.ExtendBaseWidget(a)
	return a
}

func (a *plotArea) CreateRenderer() fyne.WidgetRenderer { return &areaRenderer{a: a} }

func (a *plotArea) showCursor(x, top, bottom float32) {
	a.cursor.Position1 = fyne.NewPos(x, top)
	a.cursor.Position2 = fyne.NewPos(x, bottom)
	a.cursor.Show()
	a.cursor.Refresh()
}

func (a *plotArea) hideCursor() {
	if a.cursor.Visible() {
		a.cursor.Hide()
	}
}

func (a *plotArea) MouseIn(ev *desktop.MouseEvent) { a.MouseMoved(ev) }

func (a *plotArea) MouseMoved(ev *desktop.MouseEvent) {
	a.mouseInside, a.lastMouse = true, ev.Position
	a.p.hover(ev.Position)
}

func (a *plotArea) MouseOut() {
	a.mouseInside = false
	a.hideCursor()
	a.p.setReadout(" ")
}

type areaRenderer struct{ a *plotArea }

func (r *areaRenderer) Layout(s fyne.Size) {
	r.a.img.Resize(s)
	r.a.img.Move(fyne.NewPos(0, 0))
	r.a.p.areaResized(s)
}
func (r *areaRenderer) MinSize() fyne.Size { return fyne.NewSize(300, 200) }
func (r *areaRenderer) Refresh() {
	r.a.img.Refresh()
	r.a.cursor.Refresh()
}
func (r *areaRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.a.img, r.a.cursor} }
func (r *areaRenderer) Destroy()                     {}
