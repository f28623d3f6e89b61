// Package skyview is the interactive sky view: a HiPS survey as background
// (any HiPS 1.0 server, TAN or AIT), result footprints and markers over it,
// selection linked with the result table, and circles or polygons drawn on
// the sky as query regions. Rendering (preview/skyrender) runs off the UI
// goroutine, latest wins; tiles come through services/hips, at most six at
// once, and fetches for tiles that left the view are cancelled.
//
// Mouse and keys:
//   - drag: pan; wheel: zoom about the pointer; double-click: centre there
//   - click a footprint: select it (Shift or Ctrl: add or remove it)
//   - Circle tool: drag from the centre; Polygon tool: click the vertices,
//     double-click or Enter closes, Escape cancels (also a circle being drawn)
//   - + / -: zoom; arrows: pan by a tenth of the view; 0: the survey's
//     initial view
//
// All methods must be called on the UI goroutine.
package skyview

import (
	"image"
	"math"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/latest"
	"esodesk/preview/skyrender"
	"esodesk/services/hips"
	"esodesk/services/region"
)

// Tool is what a plain drag or click does.
type Tool int

const (
	Pan     Tool = iota // drag pans, click selects footprints
	Circle              // drag from the centre draws a circle
	Polygon             // clicks add vertices
)

// Zoom limits, degrees across the width: about 1.5 arcsec per screen pixel
// at 1000 pixels is deeper than any survey's tiles; TAN cannot show a
// hemisphere.
const (
	minFOV    = 1.0 / 3600 * 0.5
	maxFOVTan = 160
	maxFOVAll = 360
)

// defaultView is shown until a survey gives its initial view.
var defaultView = skyrender.View{Center: [2]float64{0, 0}, FOV: 60, Projection: "TAN"}

// SkyView is the sky view widget.
type SkyView struct {
	widget.BaseWidget
	win  fyne.Window
	run  func(func())
	hips *hips.Client

	// OnSelect gets the rows the user selected by clicking footprints (not
	// called by SetSelected). An empty slice: the selection was cleared.
	OnSelect func(rows []int)
	// OnRegion gets each circle or polygon the user drew (ICRS).
	OnRegion func(r region.Region)

	view    skyrender.View // Width, Height follow the area in device pixels
	viewSet bool           // the app or the user chose a view: a survey keeps it
	scale   float64        // device pixels per Fyne unit
	opt     skyrender.Options
	tool    Tool

	base    string
	survey  *survey // nil until the properties are read
	initial skyrender.View

	footprints []skyrender.Footprint
	selected   map[int]bool
	drawn      *region.Region
	layer      *skyrender.Layer // immutable snapshot handed to renders

	shown   *image.RGBA
	frames  framePool
	renderQ renderQueue

	surveyTask, renderTask, fullTask *latest.Task
	renderMu                         sync.Mutex // one Render at a time

	area    *skyArea
	readout *widget.Label
	message *widget.Label
	busy    *widget.Label
	content *fyne.Container
}

// New makes a sky view with the default view and no survey; hipsClient
// fetches properties and tiles (nil: a client with the default cache).
// win is kept for dialogs; run hands background results to the UI
// goroutine (the app's bridge).
func New(win fyne.Window, hipsClient *hips.Client, run func(func())) *SkyView {
	if hipsClient == nil {
		hipsClient = hips.New(nil, "", 0)
	}
	s := &SkyView{win: win, run: run, hips: hipsClient, scale: 1}
	s.view, s.initial = defaultView, defaultView
	s.surveyTask = latest.New(run)
	s.renderTask = latest.New(run)
	s.fullTask = latest.New(run)
	s.area = newSkyArea(s)
	s.readout = widget.NewLabel(" ")
	s.readout.TextStyle.Monospace = true
	s.readout.Truncation = fyne.TextTruncateEllipsis
	s.message = widget.NewLabel("")
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Alignment = fyne.TextAlignCenter
	s.message.Hide()
	s.busy = widget.NewLabel("")
	s.busy.Hide()
	s.layer = &skyrender.Layer{}
	corner := container.NewVBox(container.NewHBox(layout.NewSpacer(), s.busy))
	// the message spans the view's width and wraps there (centred on its
	// own minimum width, a long URL ran off both sides)
	centre := container.NewStack(s.area, container.NewVBox(layout.NewSpacer(), s.message, layout.NewSpacer()), corner)
	s.content = container.NewBorder(nil, s.readout, nil, nil, centre)
	s.ExtendBaseWidget(s)
	return s
}

func (s *SkyView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.content)
}

// SetSurvey shows the HiPS survey at base ("": none): its properties,
// then its Allsky picture, then the tiles of the view. Failures are shown
// in the view.
// The first survey moves to its initial view unless a view was set.
func (s *SkyView) SetSurvey(base string) {
	s.base = base
	s.surveyTask.Stop()
	if s.survey != nil {
		s.survey.close()
	}
	s.survey = nil
	s.setBusy(0)
	if base == "" { // no background: the footprints alone
		s.hideMessage()
		s.requestRender(false, 0)
		return
	}
	s.showMessage("Reading the sky survey at " + base + "…")
	s.requestRender(false, 0) // the footprints alone meanwhile
	s.loadSurvey(base)
}

// Survey is the base URL given to SetSurvey.
func (s *SkyView) Survey() string { return s.base }

// Properties are the current survey's properties (ok false while they are
// being read or could not be).
func (s *SkyView) Properties() (hips.Properties, bool) {
	if s.survey == nil {
		return hips.Properties{}, false
	}
	return s.survey.props, true
}

// View is the view shown (or being rendered), Width and Height in device
// pixels.
func (s *SkyView) View() skyrender.View { return s.view }

// SetView moves to v's centre, field of view, projection and frame; the
// size follows the widget.
func (s *SkyView) SetView(v skyrender.View) {
	w, h := s.view.Width, s.view.Height
	s.view = v
	s.view.Width, s.view.Height = w, h
	if s.view.Projection == "" {
		s.view.Projection = "TAN"
	}
	s.opt.GalacticGrid = v.Galactic
	s.viewSet = true
	s.viewChanged(false)
}

// GoTo centres the view on (ra, dec) ICRS degrees with fov degrees across
// (fov <= 0 keeps the zoom).
func (s *SkyView) GoTo(ra, dec, fov float64) {
	s.view.Center = [2]float64{normRA(ra), math.Max(-90, math.Min(90, dec))}
	if fov > 0 {
		s.view.FOV = fov
	}
	s.viewSet = true
	s.viewChanged(false)
}

// SetProjection switches between "TAN" and "AIT" (keeping the centre).
func (s *SkyView) SetProjection(p skyrender.Projection) {
	if p == s.view.Projection {
		return
	}
	s.view.Projection = p
	s.viewSet = true
	s.viewChanged(false)
}

// SetFootprints replaces the footprints and markers (the selection is
// cleared; the view stays).
func (s *SkyView) SetFootprints(fps []skyrender.Footprint) {
	s.footprints = fps
	s.selected = nil
	s.layerChanged()
}

// SetSelected highlights rows (no OnSelect).
func (s *SkyView) SetSelected(rows []int) {
	s.selected = make(map[int]bool, len(rows))
	for _, r := range rows {
		s.selected[r] = true
	}
	s.layerChanged()
}

// Selected is the highlighted rows, ascending.
func (s *SkyView) Selected() []int { return sortedRows(s.selected) }

// SetTool chooses what a drag or click does; a region being drawn is
// dropped.
func (s *SkyView) SetTool(t Tool) {
	if t == s.tool {
		return
	}
	s.area.cancelDrawing()
	s.tool = t
}

// Tool is the current tool.
func (s *SkyView) Tool() Tool { return s.tool }

// SetDrawn shows r as the drawn region (nil removes it), without OnRegion.
func (s *SkyView) SetDrawn(r *region.Region) {
	s.drawn = r
	s.layerChanged()
}

// Drawn is the region last drawn (nil if none).
func (s *SkyView) Drawn() *region.Region { return s.drawn }

// SetGrid draws the coordinate grid.
func (s *SkyView) SetGrid(on bool) {
	if s.opt.Grid == on {
		return
	}
	s.opt.Grid = on
	s.requestRender(false, 0)
}

// SetGalactic orients the view and the grid in Galactic coordinates
// (false: ICRS).
func (s *SkyView) SetGalactic(on bool) {
	if s.view.Galactic == on && s.opt.GalacticGrid == on {
		return
	}
	s.view.Galactic = on
	s.opt.GalacticGrid = on
	s.viewChanged(false)
}

// Grid and Galactic report the settings.
func (s *SkyView) Grid() bool     { return s.opt.Grid }
func (s *SkyView) Galactic() bool { return s.view.Galactic }

// Reset returns to the survey's initial view (the default one without a
// survey), keeping the projection and frame.
func (s *SkyView) Reset() {
	s.view.Center, s.view.FOV = s.initial.Center, s.initial.FOV
	s.viewChanged(false)
}

// ZoomIn and ZoomOut zoom by two about the centre.
func (s *SkyView) ZoomIn()  { s.zoomAt(s.centrePos(), 2, false) }
func (s *SkyView) ZoomOut() { s.zoomAt(s.centrePos(), 0.5, false) }

// Readout is the readout line: the position under the pointer,
// "RA 13:37:00.9 Dec −29:51:57 (204.2538, −29.8658) · l 314.58 b +31.97".
func (s *SkyView) Readout() string { return s.readout.Text }

// Message is the text shown over the view ("" when none): what is being
// read, or why the survey cannot be shown.
func (s *SkyView) Message() string {
	if !s.message.Visible() {
		return ""
	}
	return s.message.Text
}

// Busy is the number of tiles being fetched.
func (s *SkyView) Busy() int {
	if s.survey == nil {
		return 0
	}
	return s.survey.loader.pending()
}

// Image is the last frame (nil before the first); its buffer is reused
// two frames later, so copy it to keep it.
func (s *SkyView) Image() image.Image {
	if s.shown == nil {
		return nil
	}
	return s.shown
}

// WaitIdle blocks until the renders and fetches started so far have ended;
// their results are then queued on the runner (tests settle after it).
func (s *SkyView) WaitIdle() {
	s.surveyTask.Wait()
	s.renderTask.Wait()
	s.fullTask.Wait()
	if s.survey != nil {
		s.survey.loader.wait()
	}
}

// Close stops the fetches and renders (the view is going away).
func (s *SkyView) Close() {
	latest.StopAll(s.surveyTask, s.renderTask, s.fullTask)
	if s.survey != nil {
		s.survey.close()
	}
}

func (s *SkyView) showMessage(msg string) {
	s.message.SetText(msg)
	s.message.Show()
}

func (s *SkyView) hideMessage() {
	if s.message.Visible() {
		s.message.Hide()
	}
}

func (s *SkyView) setReadout(t string) {
	if s.readout.Text != t {
		s.readout.SetText(t)
	}
}

// layerChanged makes a new layer snapshot (renders in flight keep theirs)
// and renders.
func (s *SkyView) layerChanged() { s.layerChangedAs(false) }

// layerChangedAs is layerChanged with a fast frame (during a drag) or not.
func (s *SkyView) layerChangedAs(fast bool) {
	sel := make(map[int]bool, len(s.selected))
	for r := range s.selected {
		sel[r] = true
	}
	s.layer = &skyrender.Layer{Footprints: s.footprints, Selected: sel, Drawn: s.drawn}
	s.requestRender(fast, 0)
}

func sortedRows(m map[int]bool) []int {
	rows := make([]int, 0, len(m))
	for r, on := range m {
		if on {
			rows = append(rows, r)
		}
	}
	for i := 1; i < len(rows); i++ { // few rows: insertion sort
		for j := i; j > 0 && rows[j] < rows[j-1]; j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
	return rows
}

func normRA(ra float64) float64 {
	ra = math.Mod(ra, 360)
	if ra < 0 {
		ra += 360
	}
	return ra
}
