// Package imageview is the Fyne widget that shows one FITS image or one
// plane of a cube, the way DS9 or Aladin users expect: wheel zoom around
// the pointer, drag to pan, scale/stretch/colour map controls, a readout
// of the pixel under the pointer (value, ICRS and Galactic position), a
// plane slider for cubes and a box or spaxel pick that hands a region to
// the app. Only what is on screen is rendered (preview/imgrender), off the
// UI goroutine, so big images stay smooth.
//
// Mouse and keys:
//   - wheel: zoom around the pointer; drag: pan; double-click: centre there
//   - Shift+drag (or drag with Box on): pick a box; click with Spaxel on: pick a pixel
//   - + / -: zoom in and out; 0 or F: fit; 1: one image pixel per screen pixel
//   - arrows: pan by a tenth of the view; Escape: drop a box being drawn
//
// All methods must be called on the UI goroutine.
package imageview

import (
	"context"
	"image"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/latest"
	"esodesk/preview/imgrender"
)

// Source is the pixels (fits/fitsimage.File satisfies it). It must be safe
// for use from several goroutines.
type Source interface {
	Size() (w, h, planes int)
	// Plane reads plane p (0-based): w*h values, row-major, row 0 = FITS
	// row 1 (the bottom), NaN = blank.
	Plane(ctx context.Context, p int) ([]float32, error)
	Unit() string
}

// Coords maps pixels to the sky (fits/wcs.WCS satisfies it). The viewer
// calls it from one goroutine at a time.
type Coords interface {
	SkyAt(x, y float64) (ra, dec float64, err error) // FITS 1-based pixels -> ICRS degrees
	PixelAt(ra, dec float64) (x, y float64, err error)
	SetPlane(p float64) // 1-based pixel coordinate on the third axis
}

// Viewer is the image viewer widget.
type Viewer struct {
	widget.BaseWidget
	win fyne.Window
	run func(func())

	// OnRegion, when set, gets the box or pixel the user picked (Shift+drag,
	// Box or Spaxel): 0-based inclusive image pixels, x0 <= x1, y0 <= y1.
	OnRegion func(x0, y0, x1, y1 int)

	src      Source
	coords   *lockedCoords // nil: no celestial WCS
	spectral func(plane int) (value float64, unit string, ok bool)
	title    string
	w, h     int
	planes   int

	plane     int       // the plane asked for (0-based)
	data      []float32 // the pixels of dataPlane, once read
	dataPlane int
	lo, hi    float64 // display limits of data for params.Scale
	params    imgrender.Params
	grid      bool

	view   imgrender.View // W, H follow the area's size in device pixels
	fitted bool           // the view is Fit's: a resize fits again
	scale  float64        // device pixels per Fyne unit

	shown *image.RGBA // the last rendered picture

	planeTask, limitsTask, renderTask *latest.Task
	work                              sync.WaitGroup // exports

	area     *imageArea
	readout  *widget.Label
	message  *widget.Label
	bar      *toolbar
	planeBar *planeBar
	bottom   *fyne.Container
	content  *fyne.Container
}

// New makes an empty viewer. win is the parent of the export dialog; run
// hands background results to the UI goroutine (the app's bridge).
func New(win fyne.Window, run func(func())) *Viewer {
	v := &Viewer{win: win, run: run, scale: 1, fitted: true}
	v.params = imgrender.Params{Scale: "zscale", Stretch: "linear"}
	if cms := imgrender.Colormaps(); len(cms) > 0 {
		v.params.Colormap = cms[0]
	}
	v.planeTask = latest.New(run)
	v.limitsTask = latest.New(run)
	v.renderTask = latest.New(run)
	v.area = newImageArea(v)
	v.readout = widget.NewLabel(" ")
	v.readout.TextStyle.Monospace = true
	v.readout.Truncation = fyne.TextTruncateEllipsis
	v.message = widget.NewLabel("No image.")
	v.message.Wrapping = fyne.TextWrapWord
	v.message.Alignment = fyne.TextAlignCenter
	v.bar = newToolbar(v)
	v.planeBar = newPlaneBar(v)
	v.bottom = container.NewVBox(v.planeBar.box, v.readout)
	centre := container.NewStack(v.area, container.NewCenter(v.message))
	v.content = container.NewBorder(v.bar.box, v.bottom, nil, nil, centre)
	v.ExtendBaseWidget(v)
	v.SetImage(nil, nil, nil, "")
	return v
}

func (v *Viewer) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(v.content)
}

// SetImage shows src (nil clears the viewer), fitted, at its first plane.
// coords is nil when the file has no celestial WCS; spectral (may be nil)
// gives the spectral coordinate of a plane (0-based) for the plane label.
func (v *Viewer) SetImage(src Source, coords Coords, spectral func(plane int) (value float64, unit string, ok bool), title string) {
	latest.StopAll(v.planeTask, v.limitsTask, v.renderTask)
	v.src, v.spectral, v.title = src, spectral, title
	v.coords = nil
	if coords != nil {
		v.coords = &lockedCoords{c: coords}
	}
	v.data, v.dataPlane, v.plane = nil, -1, 0
	v.w, v.h, v.planes = 0, 0, 0
	v.shown = nil
	v.area.setImage(nil)
	v.setReadout(" ")
	if src != nil {
		v.w, v.h, v.planes = src.Size()
	}
	v.bar.sync()
	v.planeBar.sync()
	if src == nil || v.w <= 0 || v.h <= 0 {
		v.src = nil
		v.showMessage("No image.")
		return
	}
	v.showMessage("Reading the image…")
	v.fit()
	v.loadPlane(0)
}

// Title is the title given to SetImage.
func (v *Viewer) Title() string { return v.title }

// View is the view asked for (what is shown once the render in flight ends).
func (v *Viewer) View() imgrender.View { return v.view }

// SetView moves and zooms to vw's centre and zoom; W and H follow the
// viewer's size.
func (v *Viewer) SetView(vw imgrender.View) {
	if vw.Zoom <= 0 {
		return
	}
	v.view.CX, v.view.CY, v.view.Zoom = vw.CX, vw.CY, vw.Zoom
	v.fitted = false
	v.viewChanged(0)
}

// Plane is the plane shown or being read (0-based).
func (v *Viewer) Plane() int { return v.plane }

// Planes is the number of planes of the image (0 when empty).
func (v *Viewer) Planes() int { return v.planes }

// SetPlane shows plane p (0-based), read in the background; the view stays.
func (v *Viewer) SetPlane(p int) {
	if v.src == nil || p < 0 || p >= v.planes || p == v.plane {
		return
	}
	v.plane = p
	v.planeBar.sync()
	v.loadPlane(p)
}

// Params is the display scale, stretch, colour map and inversion.
func (v *Viewer) Params() imgrender.Params { return v.params }

// SetParams changes the display; a new Scale computes new limits.
func (v *Viewer) SetParams(p imgrender.Params) {
	if p == v.params {
		return
	}
	old := v.params
	v.params = p
	v.bar.sync()
	if p.Scale != old.Scale {
		v.computeLimits()
		return
	}
	v.requestRender(0)
}

// Grid reports whether the coordinate grid is drawn.
func (v *Viewer) Grid() bool { return v.grid }

// SetGrid draws the RA/Dec grid over the image (only with Coords).
func (v *Viewer) SetGrid(on bool) {
	if on == v.grid {
		return
	}
	v.grid = on
	v.bar.sync()
	v.requestRender(0)
}

// Image is the last rendered picture (nil before the first).
func (v *Viewer) Image() *image.RGBA { return v.shown }

// Message is the text shown instead of the image ("" when the image shows).
func (v *Viewer) Message() string {
	if !v.message.Visible() {
		return ""
	}
	return v.message.Text
}

// ReadoutText is the readout line as shown (the pixel under the pointer).
func (v *Viewer) ReadoutText() string { return v.readout.Text }

// WaitIdle blocks until the background work started so far has ended;
// its results are then queued on the runner (tests settle after it).
func (v *Viewer) WaitIdle() {
	latest.WaitAll(v.planeTask, v.limitsTask, v.renderTask)
	v.work.Wait()
}

func (v *Viewer) showMessage(msg string) {
	v.message.SetText(msg)
	v.message.Show()
}

func (v *Viewer) hideMessage() {
	if v.message.Visible() {
		v.message.Hide()
	}
}

func (v *Viewer) setReadout(s string) {
	if v.readout.Text != s {
		v.readout.SetText(s)
	}
}

// lockedCoords lets the render goroutines (grid) and the UI goroutine
// (readout) share one Coords: a WCS library's state is not made for
// concurrent calls.
type lockedCoords struct {
	mu sync.Mutex
	c  Coords
}

func (l *lockedCoords) sky(x, y float64) (ra, dec float64, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ra, dec, err := l.c.SkyAt(x, y)
	return ra, dec, err == nil && ra == ra && dec == dec
}

func (l *lockedCoords) pix(ra, dec float64) (x, y float64, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	x, y, err := l.c.PixelAt(ra, dec)
	return x, y, err == nil && x == x && y == y
}

func (l *lockedCoords) setPlane(p float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.c.SetPlane(p)
}
