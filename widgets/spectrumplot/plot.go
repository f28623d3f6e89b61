// Package spectrumplot is the Fyne widget that plots 1D spectra: zoom with
// the wheel or a box, pan, crosshair readout of the nearest pixel, toggles
// for error band, quality mask, units and log scale, export and the FITS
// header viewer. The picture itself comes from the render package (gonum
// plot, no Fyne), rendered off the UI goroutine on every change.
//
// For working on lines (second toolbar row): line lists (fits/lines, built
// in or loaded from CSV) drawn as markers at the redshift z (typed, dragged
// or identified; cz beside it), Measure mode (fits/measure: continuum, EW,
// line flux, centroid, FWHM, S/N and a Gaussian or Lorentzian fit, in a
// panel under the plot with Copy and Export CSV), and smoothing for the
// eye only (measurements, the readout and Spectra() keep the file's flux).
//
// Mouse and keys:
//   - wheel: zoom x around the cursor; Shift+wheel or Ctrl+wheel: zoom y;
//     horizontal wheel/swipe: pan x
//   - left drag: zoom box (a flat box zooms x only, a thin one y only);
//     in Measure mode: select the range to measure
//   - Ctrl+ or Alt+left drag on a line marker: move it, and z with it
//   - right click (line markers shown), or Identify then left click: "this
//     feature is…" menu; the line picked is put at the click by setting z
//   - right drag, middle drag or Shift+left drag: pan
//   - double-click, R or Home: reset zoom; + / = and -: zoom x in and out
//   - arrow keys: pan by a tenth of the view; Escape: cancel a zoom box or
//     a measuring drag
//   - L: line labels on/off; M: Measure mode on/off; Z: type the redshift
//
// Click the plot first so that it has the keyboard focus.
//
// All methods must be called on the UI goroutine (other goroutines go through the app's bridge).
package spectrumplot

import (
	"context"
	"image/color"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/fits"
	"esodesk/fits/lines"
	"esodesk/internal/plotfont"
	"esodesk/widgets/spectrumplot/render"
)

// Plot is the spectrum plot widget.
type Plot struct {
	widget.BaseWidget
	win fyne.Window

	spectra []*fits.Spectrum
	hidden  []bool
	// xr and yr are the zoom; invalid (zero) ranges mean "fit the data".
	xr, yr render.Range
	xUnit  string
	// unitChosen: the user picked xUnit; until then it follows the spectra
	// (render.DefaultXUnit).
	unitChosen bool
	logY       bool
	// yUnit and normalize: the flux axis the user chose ("" and false: the
	// plot's automatic choice); rest: a km/s axis' rest wavelength (m).
	yUnit     string
	normalize bool
	rest      float64
	errorBand bool
	quality   render.QualityMode
	extras    []string
	cache     *render.Cache

	lines    lineState
	meas     measureState
	smooth   smoothing
	smoothed smoothCache
	mpanel   *measurePanel
	// OnRedshiftChanged is called (on the UI goroutine) when z changes:
	// typed, dragged, identified or set.
	OnRedshiftChanged func(z float64)

	area    *plotArea
	readout *widget.Label
	bar     *toolbar
	status  *statusPane
	content fyne.CanvasObject

	areaSize fyne.Size
	gen      atomic.Uint64 // newest render request; older results are dropped
	shown    *shownRender  // what the image currently shows
	lastHit  int           // spectrum under the mouse last time (for Header)
	work     sync.WaitGroup

	// run hands background results to the UI goroutine: the app's bridge
	// (never Fyne's Do directly), a test's runner in tests.
	run func(func())
	// modifiers reports the held keys (tests replace it).
	modifiers func() fyne.KeyModifier
}

// shownRender is one finished render with the inputs that made it, so the
// readout maps the mouse with the same geometry the image was drawn with.
// spectra are the originals (the readout gives the file's values), also
// when smoothed copies were drawn.
type shownRender struct {
	r       *render.Rendered
	spectra []*fits.Spectrum
	opts    render.Options
}

// The plot's text is drawn in the app's theme font, here and in the files
// `esodesk plot` writes from the same program.
func init() {
	if err := plotfont.Use(theme.DefaultTextFont().Content()); err != nil {
		fyne.LogError("plot font", err)
	}
}

// New makes an empty plot. win is the parent for the export and header
// dialogs.
func New(win fyne.Window, run func(func())) *Plot {
	p := &Plot{win: win, xUnit: render.UnitNM, rest: render.DefaultRest, cache: &render.Cache{}, run: run, lastHit: -1}
	p.lines = lineState{lists: lines.Builtin(), labels: true}
	p.meas.fitKind = fitKinds[0]
	p.smooth = smoothings[0]
	p.modifiers = func() fyne.KeyModifier {
		if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
			return d.CurrentKeyModifiers()
		}
		return 0
	}
	p.area = newPlotArea(p)
	p.readout = widget.NewLabel(" ")
	p.readout.TextStyle.Monospace = true
	p.readout.Truncation = fyne.TextTruncateEllipsis
	p.bar = newToolbar(p)
	p.status = newStatusPane()
	p.mpanel = newMeasurePanel(p)
	centre := container.NewStack(p.area, p.status.box)
	p.content = container.NewBorder(p.bar.box, container.NewVBox(p.readout, p.mpanel.box), nil, nil, centre)
	p.ExtendBaseWidget(p)
	return p
}

func (p *Plot) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.content)
}

// SetSpectra replaces the plotted spectra, resets the zoom and hides any
// loading or error message.
func (p *Plot) SetSpectra(spectra []*fits.Spectrum) {
	p.spectra = append([]*fits.Spectrum(nil), spectra...)
	p.hidden = make([]bool, len(p.spectra))
	p.cache.Forget(p.spectra)
	p.smoothed.forget()
	p.meas.clear() // measured on the spectra that went
	p.mpanel.update()
	p.xr, p.yr = render.Range{}, render.Range{}
	if !p.unitChosen {
		p.xUnit = render.DefaultXUnit(p.spectra)
	}
	p.lastHit = -1
	p.status.hide()
	p.area.Show()
	p.bar.spectraChanged()
	p.bar.sync()
	p.requestRender()
}

// AddSpectrum adds one spectrum (overplotted) without changing the zoom.
func (p *Plot) AddSpectrum(s *fits.Spectrum) {
	p.spectra = append(p.spectra[:len(p.spectra):len(p.spectra)], s)
	p.hidden = append(p.hidden[:len(p.hidden):len(p.hidden)], false)
	p.status.hide()
	p.area.Show()
	p.bar.spectraChanged()
	p.requestRender()
}

// Clear removes every spectrum.
func (p *Plot) Clear() { p.SetSpectra(nil) }

// Spectra returns the plotted spectra (a copy of the slice).
func (p *Plot) Spectra() []*fits.Spectrum { return append([]*fits.Spectrum(nil), p.spectra...) }

// ResetZoom fits the data on both axes.
func (p *Plot) ResetZoom() {
	p.xr, p.yr = render.Range{}, render.Range{}
	p.requestRender()
}

// SetXRange zooms x to [min, max] in the current x unit; y refits to the
// data in view.
func (p *Plot) SetXRange(min, max float64) {
	r := render.Range{Min: min, Max: max}
	if !usable(r) {
		return
	}
	p.xr, p.yr = r, render.Range{}
	p.requestRender()
}

// XRange is the x range shown (or being rendered), in the x unit.
func (p *Plot) XRange() (min, max float64) {
	if p.xr.Valid() {
		return p.xr.Min, p.xr.Max
	}
	if p.shown != nil {
		return p.shown.r.Frame.X.Min, p.shown.r.Frame.X.Max
	}
	return 0, 0
}

// YRange is the y range shown (or being rendered), in flux units.
func (p *Plot) YRange() (min, max float64) {
	if p.yr.Valid() {
		return p.yr.Min, p.yr.Max
	}
	if p.shown != nil {
		return p.shown.r.Frame.Y.Min, p.shown.r.Frame.Y.Max
	}
	return 0, 0
}

// XUnit is the unit of the x axis: one of render.AllXUnits.
func (p *Plot) XUnit() string { return p.xUnit }

// SetXUnit switches the spectral axis: a wavelength (nm, Angstrom/Å,
// micron/um/µm), a frequency (GHz, THz), an energy (eV, keV), a
// wavenumber (1/cm) or a velocity (km/s around Rest), keeping the zoom on
// the same part of the spectrum.
func (p *Plot) SetXUnit(unit string) {
	u, ok := render.CanonicalAxisUnit(unit)
	if !ok || u == p.xUnit {
		return
	}
	p.unitChosen = true
	if p.xr.Valid() {
		old := p.xr
		p.xr = render.Range{}
		if m, err := render.FromAxis([]float64{old.Min, old.Max}, p.axisUnit(), p.rest); err == nil {
			if v, err := render.ToAxis(m, u, p.rest); err == nil {
				p.xr = render.Range{Min: min(v[0], v[1]), Max: max(v[0], v[1])}
			}
		}
	}
	p.xUnit = u
	p.bar.sync()
	p.requestRender()
}

// SetLogY switches the flux axis between linear and logarithmic; the y
// zoom is reset because a linear range may not fit a log axis.
func (p *Plot) SetLogY(on bool) {
	if on == p.logY {
		return
	}
	p.logY, p.yr = on, render.Range{}
	p.bar.sync()
	p.requestRender()
}

// SetErrorBand shows or hides the flux±error band.
func (p *Plot) SetErrorBand(on bool) {
	if on == p.errorBand {
		return
	}
	p.errorBand = on
	p.bar.sync()
	p.requestRender()
}

// SetQualityMask hides pixels whose quality flag is not 0 (on) or shows
// every pixel (off).
func (p *Plot) SetQualityMask(on bool) {
	if on {
		p.SetQualityMode(render.QualityHide)
	} else {
		p.SetQualityMode(render.QualityShow)
	}
}

// SetQualityMode shows, hides or marks pixels whose quality is not 0.
func (p *Plot) SetQualityMode(m render.QualityMode) {
	if m == p.quality {
		return
	}
	p.quality = m
	p.bar.sync()
	p.requestRender()
}

// SetExtras chooses which extra arrays (by name, e.g. CONTINUUM) to draw.
func (p *Plot) SetExtras(names []string) {
	p.extras = append([]string(nil), names...)
	p.bar.sync()
	p.requestRender()
}

// SetVisible shows or hides spectrum i.
func (p *Plot) SetVisible(i int, visible bool) {
	if i < 0 || i >= len(p.hidden) || p.hidden[i] == !visible {
		return
	}
	p.hidden[i] = !visible
	p.bar.sync()
	p.requestRender()
}

// Frame is what the picture on show draws: ranges, units, axis labels,
// and the notes about how the spectra share the axes (zero before the
// first render).
func (p *Plot) Frame() render.Frame {
	if p.shown == nil {
		return render.Frame{}
	}
	return p.shown.r.Frame
}

// Readout is the crosshair text (the nearest point under the mouse).
func (p *Plot) Readout() string { return p.readout.Text }

// SetLoading shows msg and a progress bar (progress 0..1; negative for an
// unknown amount) in place of the plot, with a Cancel button that calls
// onCancel (no button when nil). SetSpectra, SetError or HideStatus end it.
func (p *Plot) SetLoading(msg string, progress float64, onCancel func()) {
	p.status.loading(msg, progress, onCancel)
	p.area.Hide()
}

// SetError shows msg in place of the plot.
func (p *Plot) SetError(msg string) {
	p.status.showError(msg)
	p.area.Hide()
}

// HideStatus removes the loading or error message and shows the plot.
func (p *Plot) HideStatus() {
	p.status.hide()
	p.area.Show()
}

// WaitIdle blocks until the renders and exports started so far have
// finished; their results are then posted to the runner (tests and
// benchmarks settle a uitest.Queue after it).
func (p *Plot) WaitIdle() { p.work.Wait() }

// options snapshots the current state for a render of w x h pixels.
func (p *Plot) options(w, h int, scale float32) render.Options {
	bg := theme.Color(theme.ColorNameBackground)
	fg := theme.Color(theme.ColorNameForeground)
	return render.Options{
		Width: w, Height: h, DPI: 80 * float64(scale),
		X: p.xr, Y: p.yr, XUnit: p.xUnit, Rest: p.rest, LogY: p.logY,
		YUnit: p.yUnit, Normalize: p.normalize,
		ErrorBand: p.errorBand, Quality: p.quality,
		Extras: append([]string(nil), p.extras...), Hidden: append([]bool(nil), p.hidden...),
		Dark: isDark(bg), Background: bg, Foreground: fg, Cache: p.cache,
	}
}

func isDark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return 299*r+587*g+114*b < 500*0xffff
}

// export runs in the background; done gets its error on the UI goroutine.
func (p *Plot) background(fn func(ctx context.Context) error, done func(error)) {
	p.work.Add(1)
	go func() {
		defer p.work.Done()
		err := fn(context.Background())
		if done != nil {
			p.run(func() { done(err) })
		}
	}()
}
