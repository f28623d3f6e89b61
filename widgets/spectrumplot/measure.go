package spectrumplot

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/fits"
	"esodesk/fits/measure"
	"esodesk/fits/specunits"
	"esodesk/widgets/savefile"
	"esodesk/widgets/spectrumplot/render"
)

// Measurements: in Measure mode a left drag selects a range; the first
// visible spectrum is measured there (its own flux, unsmoothed, bad pixels
// left out, x in the plot's unit) and a profile fitted, off the UI
// goroutine. Results accumulate as rows of the panel under the plot.

// measurement is one row: the result and the fitted profile.
type measurement struct {
	seq    int // the order it was asked in: results may come back in another
	res    measure.Result
	fit    measure.Profile
	fitErr error
	title  string
}

type measureState struct {
	on      bool   // Measure mode: left drag selects a range
	fitKind string // "gaussian" or "lorentzian"
	rows    []*measurement
	next    int // seq of the next request
	gen     int // bumped when the rows are cleared: later results are dropped
}

// add puts m among the rows in the order the measurements were asked for.
func (st *measureState) add(m *measurement) {
	i := len(st.rows)
	for i > 0 && st.rows[i-1].seq > m.seq {
		i--
	}
	st.rows = append(st.rows, nil)
	copy(st.rows[i+1:], st.rows[i:])
	st.rows[i] = m
}

// clear drops the rows and any result still on its way.
func (st *measureState) clear() {
	st.rows = nil
	st.gen++
}

var fitKinds = []string{"gaussian", "lorentzian"}
var fitLabels = []string{"Gaussian fit", "Lorentzian fit"}

// SetMeasureMode switches Measure mode (left drag measures instead of zooming).
func (p *Plot) SetMeasureMode(on bool) {
	p.meas.on = on
	p.bar.measureChanged()
	p.mpanel.update()
}

// MeasureMode reports whether a left drag measures.
func (p *Plot) MeasureMode() bool { return p.meas.on }

// Measurements are the results so far, oldest first (x in the plot's unit
// when measured).
func (p *Plot) Measurements() []measure.Result {
	out := make([]measure.Result, len(p.meas.rows))
	for i, m := range p.meas.rows {
		out[i] = m.res
	}
	return out
}

// ClearMeasurements removes every row and its overlay.
func (p *Plot) ClearMeasurements() {
	p.meas.clear()
	p.mpanel.update()
	p.layoutOverlay()
}

// Measure measures the first visible spectrum between lo and hi (in the
// plot's x unit) in the background; the row appears when done (tests:
// WaitIdle, then settle the runner).
func (p *Plot) Measure(lo, hi float64) {
	if lo > hi {
		lo, hi = hi, lo
	}
	s := p.firstVisible()
	if s == nil || !(hi > lo) {
		return
	}
	unit := p.axisUnit()
	if !render.IsWavelengthUnit(unit) {
		// EW and line flux integrate over wavelength: in GHz, eV or km/s
		// they would be numbers in no unit anyone quotes
		p.mpanel.setProblem(fmt.Sprintf("Measurements need a wavelength axis: the x axis is in %s. Choose nm, Å or µm to measure.",
			render.UnitSymbol(unit)))
		p.mpanel.update()
		return
	}
	vacuum := s.Air && !p.airSpectrum() // the plot drew it in vacuum
	kind := p.meas.fitKind
	r := measure.Range{Lo: lo, Hi: hi}
	seq, gen := p.meas.next, p.meas.gen
	p.meas.next++
	p.work.Add(1)
	go func() {
		defer p.work.Done()
		m, err := measureSpectrum(s, unit, vacuum, r, kind)
		p.run(func() {
			if gen != p.meas.gen {
				return // cleared, or the spectra changed, meanwhile
			}
			if err != nil {
				p.mpanel.setProblem(fmt.Sprintf("Cannot measure %s–%s %s: %v. Select a range that holds the line and some continuum on both sides.",
					render.FormatValue(lo), render.FormatValue(hi), render.UnitSymbol(unit), err))
				return
			}
			m.seq = seq
			p.meas.add(m)
			p.mpanel.setProblem("")
			p.mpanel.update()
			p.layoutOverlay()
		})
	}()
}

// measureSpectrum measures s in range r of the display unit: x converted
// as the plot converts it, the file's flux with bad pixels left out.
// vacuum: s's air wavelengths are converted to vacuum first, as drawn.
func measureSpectrum(s *fits.Spectrum, unit string, vacuum bool, r measure.Range, kind string) (*measurement, error) {
	x := s.Wave
	if vacuum {
		c := *s
		c.Wave = specunits.AirToVacuum(s.Wave, s.WaveUnit)
		s = &c
		x = c.Wave
	}
	if fits.NormalizeUnit(unit) != "" && fits.NormalizeUnit(s.WaveUnit) != "" && fits.NormalizeUnit(unit) != fits.NormalizeUnit(s.WaveUnit) {
		var err error
		if x, err = fits.ConvertWave(s.Wave, s.WaveUnit, unit); err != nil {
			return nil, err
		}
	}
	y := s.Flux
	if len(s.Quality) > 0 {
		y = append([]float64(nil), s.Flux...)
		for i, q := range s.Quality {
			if q != 0 && i < len(y) {
				y[i] = math.NaN()
			}
		}
	}
	res, err := measure.Measure(x, y, s.Err, r, measure.Options{})
	if err != nil {
		return nil, err
	}
	res.Unit, res.FluxUnit = unit, s.FluxUnit
	m := &measurement{res: res, title: s.Title}
	m.fit, m.fitErr = measure.Fit(x, y, r, kind)
	return m, nil
}

// fluxScale takes the first visible spectrum's file flux to the flux as
// drawn: 1 unless the plot normalises (0: cannot tell, draw no fit).
func (p *Plot) fluxScale() float64 {
	if p.shown == nil || p.shown.r.Frame.Flux == render.FluxNormalised || p.yUnit != "" || p.normalize {
		return 0 // converted pixel by pixel (or divided): no one factor
	}
	return 1
}

// --- the results panel

type measurePanel struct {
	p       *Plot
	box     *fyne.Container
	table   *fyne.Container
	note    *widget.Label
	problem *widget.Label
	copyB   *widget.Button
	export  *widget.Button
	clear   *widget.Button
}

var measureColumns = []string{"#", "Range", "Continuum", "EW", "Line flux", "Centroid", "FWHM", "FWHM (Gauss fit)", "Fit", "S/N"}

func newMeasurePanel(p *Plot) *measurePanel {
	m := &measurePanel{p: p}
	m.table = container.New(&columnsLayout{cols: len(measureColumns)})
	m.note = widget.NewLabel("")
	m.note.TextStyle.Italic = true
	m.problem = widget.NewLabel("")
	m.problem.Importance = widget.DangerImportance
	m.problem.Wrapping = fyne.TextWrapWord
	m.problem.Hide()
	m.copyB = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), p.copyMeasurements)
	m.export = widget.NewButtonWithIcon("Export CSV…", theme.DocumentSaveIcon(), p.showMeasureExport)
	m.clear = widget.NewButtonWithIcon("Clear", theme.DeleteIcon(), p.ClearMeasurements)
	buttons := container.NewHBox(m.note, layout.NewSpacer(), m.copyB, m.export, m.clear)
	scroll := container.NewScroll(m.table)
	scroll.SetMinSize(fyne.NewSize(0, 90))
	m.box = container.NewVBox(widget.NewSeparator(), buttons, m.problem, scroll)
	m.update()
	return m
}

func (m *measurePanel) setProblem(s string) {
	m.problem.SetText(s)
	if s == "" {
		m.problem.Hide()
	} else {
		m.problem.Show()
		m.box.Show()
	}
	if m.p.content != nil {
		m.p.content.Refresh()
	}
}

// update shows the rows; the panel is there in Measure mode or while there
// are rows.
func (m *measurePanel) update() {
	p := m.p
	rows := p.measurementTable(true)
	var cells []fyne.CanvasObject
	for i, row := range rows {
		for _, v := range row {
			l := widget.NewLabel(v)
			if i == 0 {
				l.TextStyle.Bold = true
			}
			cells = append(cells, l)
		}
	}
	m.table.Objects = cells
	m.table.Refresh()
	kind := fitLabels[0]
	for i, k := range fitKinds {
		if k == p.meas.fitKind {
			kind = fitLabels[i]
		}
	}
	note := "Measured on unsmoothed data, first visible spectrum; " + strings.ToLower(kind) + " in red."
	if len(p.meas.rows) == 0 {
		note = "Drag across a line to measure it (measured on unsmoothed data)."
	}
	if p.smooth.kind != "" {
		note = "Display smoothed (" + p.smooth.label + "). " + note
	}
	m.note.SetText(note)
	setEnabled(len(p.meas.rows) > 0, m.copyB, m.export, m.clear)
	show := p.meas.on || len(p.meas.rows) > 0 || m.problem.Visible()
	if show != m.box.Visible() {
		if show {
			m.box.Show()
		} else {
			m.box.Hide()
		}
		if p.content != nil {
			p.content.Refresh() // the plot gives the panel room, or takes it back
		}
	}
}

// measurementTable is the header and one row per measurement; pretty puts
// values and errors together for the screen, otherwise each number has
// its own column (for spreadsheets).
func (p *Plot) measurementTable(pretty bool) [][]string {
	if len(p.meas.rows) == 0 && pretty {
		return nil
	}
	unit := p.axisUnit()
	if len(p.meas.rows) > 0 {
		unit = p.meas.rows[0].res.Unit
	}
	xu := render.UnitSymbol(unit)
	fu, lfu := "", xu
	lineK := 1.0 // takes a line flux to the unit lfu
	if len(p.meas.rows) > 0 {
		fu = fits.PrettyUnit(p.meas.rows[0].res.FluxUnit)
		var lu string
		lineK, lu = lineFluxUnit(p.meas.rows[0].res.FluxUnit, unit)
		lfu = fits.PrettyUnit(lu)
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 5, 64) }
	pm := func(v, e float64) string {
		if e > 0 {
			return g(v) + " ± " + strconv.FormatFloat(e, 'g', 2, 64)
		}
		return g(v)
	}
	if pretty {
		head := []string{"#", "Range (" + xu + ")", "Continuum (" + fu + ")", "EW (" + xu + ")", "Line flux (" + lfu + ")",
			"Centroid (" + xu + ")", "FWHM (" + xu + ")", "FWHM Gauss (" + xu + ")", "Fit FWHM (" + xu + ")", "S/N"}
		out := [][]string{head}
		for i, m := range p.meas.rows {
			r := m.res
			fit := "failed"
			if m.fitErr == nil {
				fit = g(m.fit.FWHM())
			}
			out = append(out, []string{fmt.Sprint(i + 1), g(r.Range.Lo) + "–" + g(r.Range.Hi), g(r.Continuum),
				pm(r.EquivalentWidth, r.EWErr), pm(r.LineFlux*lineK, r.LineFluxErr*lineK), pm(r.Centroid, r.CentroidErr),
				g(r.FWHM), g(r.FWHMGauss), fit, fmt.Sprintf("%.1f", r.SNR)})
		}
		return out
	}
	head := []string{"spectrum", "lo", "hi", "x_unit", "continuum", "flux_unit", "ew", "ew_err", "line_flux", "line_flux_err",
		"line_flux_unit", "centroid", "centroid_err", "fwhm", "fwhm_gauss", "fit", "fit_center", "fit_fwhm", "fit_amplitude", "snr"}
	out := [][]string{head}
	for _, m := range p.meas.rows {
		r := m.res
		num := func(v float64) string { return fmt.Sprint(v) }
		fitKind, fc, ff, fa := "", "", "", ""
		if m.fitErr == nil {
			fitKind, fc, ff, fa = m.fit.Kind, num(m.fit.Center), num(m.fit.FWHM()), num(m.fit.Amplitude)
		}
		k, lu := lineFluxUnit(r.FluxUnit, r.Unit)
		out = append(out, []string{m.title, num(r.Range.Lo), num(r.Range.Hi), r.Unit, num(r.Continuum), r.FluxUnit,
			num(r.EquivalentWidth), num(r.EWErr), num(r.LineFlux * k), num(r.LineFluxErr * k),
			lu, num(r.Centroid), num(r.CentroidErr), num(r.FWHM), num(r.FWHMGauss),
			fitKind, fc, ff, fa, num(r.SNR)})
	}
	return out
}

// WriteMeasurementsCSV writes the measurements as CSV (one row each, a
// header first, units in their own columns).
func (p *Plot) WriteMeasurementsCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if len(p.meas.rows) == 0 {
		return errors.New("no measurements to write: drag across a line in Measure mode first")
	}
	if err := cw.WriteAll(p.measurementTable(false)); err != nil {
		return err
	}
	return cw.Error()
}

// copyMeasurements puts the rows on the clipboard as tab-separated text.
func (p *Plot) copyMeasurements() {
	if len(p.meas.rows) == 0 {
		return
	}
	var b strings.Builder
	for _, row := range p.measurementTable(false) {
		b.WriteString(strings.Join(row, "\t"))
		b.WriteByte('\n')
	}
	fyne.CurrentApp().Clipboard().SetContent(b.String())
}

func (p *Plot) showMeasureExport() {
	if p.win == nil || len(p.meas.rows) == 0 {
		return
	}
	// the rows as they are now: later ones go in the next export
	var b strings.Builder
	if err := p.WriteMeasurementsCSV(&b); err != nil {
		dialog.ShowError(err, p.win)
		return
	}
	text := b.String()
	savefile.Show(p.win, savefile.Options{
		Title: fmt.Sprintf("Export %d line measurements as CSV", len(p.meas.rows)),
		Name:  exportName(p.Spectra()) + "-lines.csv", Ext: ".csv",
	}, func(uw fyne.URIWriteCloser) {
		p.background(func(context.Context) error {
			_, werr := io.WriteString(uw, text)
			return errors.Join(werr, uw.Close())
		}, func(err error) {
			if err != nil {
				dialog.ShowError(fmt.Errorf("export to %s failed: %w; choose another folder", uw.URI().Name(), err), p.win)
			}
		})
	})
}

// columnsLayout is a table: cells row by row, each column as wide as its
// widest cell, so numbers and units are never cut (the panel scrolls).
type columnsLayout struct{ cols int }

func (c *columnsLayout) widths(objs []fyne.CanvasObject) ([]float32, []float32) {
	w := make([]float32, c.cols)
	var h []float32
	for i, o := range objs {
		ms := o.MinSize()
		w[i%c.cols] = max(w[i%c.cols], ms.Width)
		if i%c.cols == 0 {
			h = append(h, 0)
		}
		h[len(h)-1] = max(h[len(h)-1], ms.Height)
	}
	return w, h
}

func (c *columnsLayout) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	w, h := c.widths(objs)
	var y float32
	for i, o := range objs {
		col, row := i%c.cols, i/c.cols
		var x float32
		for k := 0; k < col; k++ {
			x += w[k]
		}
		if col == 0 && row > 0 {
			y += h[row-1]
		}
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(w[col], h[row]))
	}
}

func (c *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w, h := c.widths(objs)
	var s fyne.Size
	for _, v := range w {
		s.Width += v
	}
	for _, v := range h {
		s.Height += v
	}
	return s
}

// lineFluxUnit is the unit a line flux (flux density × x unit) reads best
// in: erg s⁻¹ cm⁻² or W m⁻² when the product reduces to one ("erg s⁻¹ cm⁻²
// Å⁻¹ nm" is 10 erg s⁻¹ cm⁻²), else the product as it is; k takes values to it.
func lineFluxUnit(fluxUnit, xUnit string) (k float64, unit string) {
	product := strings.TrimSpace(fluxUnit + " " + xUnit)
	for _, u := range []string{"erg/s/cm2", "W/m2"} {
		if k, ok := fits.UnitFactor(product, u); ok {
			return k, u
		}
	}
	return 1, product
}
