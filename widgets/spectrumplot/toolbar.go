package spectrumplot

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/fits"
	"esodesk/fits/specunits"
	"esodesk/widgets/spectrumplot/render"
)

// toolbar holds the plot's controls and the legend (one visibility check
// per spectrum, in its line colour).
type toolbar struct {
	p         *Plot
	box       *fyne.Container
	reset     *widget.Button
	errors    *widget.Check
	quality   *widget.Select
	unit      *widget.Select
	unitVals  []string // the unit menu's units, by index ("": the axis' own)
	rest      *widget.Entry
	restBox   *fyne.Container
	controls  *fyne.Container // the first row
	flux      *widget.Select
	logY      *widget.Check
	arrays    *widget.Button
	export    *widget.Button
	header    *widget.Button
	legend    *fyne.Container
	legendChk []*widget.Check

	// second row: line markers, redshift, measuring, smoothing
	linesSel  *widget.Select
	labelsChk *widget.Check
	zEntry    *widget.Entry
	velocity  *widget.Label
	identify  *widget.Button
	measure   *widget.Check
	fitSel    *widget.Select
	smoothSel *widget.Select
	// unitFixed: the x axis is not a wavelength we can convert (frequency,
	// energy, no unit): the unit menu only shows it.
	unitFixed bool
	syncing   bool // the controls are being set from the plot's state
}

var qualityLabels = []string{"All pixels", "Hide QUAL≠0", "Mark QUAL≠0"}

// maxLegendTitle keeps one long file name from taking a whole legend row.
const maxLegendTitle = 48

func newToolbar(p *Plot) *toolbar {
	t := &toolbar{p: p}
	t.reset = widget.NewButtonWithIcon("Reset", theme.ViewRestoreIcon(), p.ResetZoom)
	t.errors = widget.NewCheck("Errors", func(on bool) { p.SetErrorBand(on) })
	t.quality = widget.NewSelect(qualityLabels, func(s string) {
		for i, l := range qualityLabels {
			if l == s {
				p.SetQualityMode(render.QualityMode(i))
			}
		}
	})
	t.quality.SetSelectedIndex(0)
	t.unitVals = append([]string(nil), render.AllXUnits...)
	t.unit = widget.NewSelect(unitLabels(false), func(string) {
		if i := t.unit.SelectedIndex(); i >= 0 && i < len(t.unitVals) && t.unitVals[i] != "" && !t.syncing && !t.unitFixed {
			p.SetXUnit(t.unitVals[i])
		}
	})
	t.unit.SetSelectedIndex(0)
	// the rest wavelength of a km/s axis, shown only then
	t.rest = widget.NewEntry()
	t.rest.SetText(render.FormatValue(p.rest * 1e9))
	t.rest.OnSubmitted = t.typedRest
	t.rest.OnChanged = t.typedRest
	t.restBox = container.NewHBox(widget.NewLabel("rest nm"),
		container.NewGridWrap(fyne.NewSize(90, t.rest.MinSize().Height), t.rest))
	t.restBox.Hide()
	t.flux = widget.NewSelect(fluxLabels(), func(string) {
		if i := t.flux.SelectedIndex(); i >= 0 && !t.syncing {
			p.SetFluxUnit(fluxChoices[i].unit, fluxChoices[i].normalize)
		}
	})
	t.flux.SetSelectedIndex(0)
	t.logY = widget.NewCheck("Log y", func(on bool) { p.SetLogY(on) })
	t.arrays = widget.NewButton("Arrays…", t.showArraysMenu)
	t.export = widget.NewButtonWithIcon("Export…", theme.DocumentSaveIcon(), t.showExportMenu)
	t.header = widget.NewButtonWithIcon("Header", theme.InfoIcon(), p.showHeader)
	// the legend wraps onto more rows rather than widening the window
	t.legend = container.New(layout.NewRowWrapLayout())
	t.controls = container.NewHBox(t.reset, t.errors, t.quality, t.unit, t.restBox, t.flux, t.logY, t.arrays, layoutSpacer(), t.export, t.header)
	analysis := t.analysisRow()
	t.box = container.NewVBox(container.NewHScroll(t.controls), container.NewHScroll(analysis), t.legend)
	t.spectraChanged()
	return t
}

// analysisRow: Lines [list] [labels] z [entry] cz … [Identify] | [Measure]
// [fit] | [smoothing].
func (t *toolbar) analysisRow() *fyne.Container {
	p := t.p
	t.syncing = true // setting the initial values is no choice of the user's
	defer func() { t.syncing = false }()
	t.linesSel = widget.NewSelect(t.linesOptions(), t.pickLines)
	t.linesSel.SetSelected(linesNone)
	t.labelsChk = widget.NewCheck("Labels", func(on bool) {
		if !t.syncing {
			p.SetLineLabels(on)
		}
	})
	t.labelsChk.SetChecked(p.lines.labels)
	t.zEntry = widget.NewEntry()
	t.zEntry.SetText("0")
	t.zEntry.OnChanged = t.typedZ
	t.zEntry.OnSubmitted = t.typedZ
	t.velocity = widget.NewLabel("cz = 0.0 km/s")
	t.identify = widget.NewButtonWithIcon("Identify", theme.SearchIcon(), func() {
		p.lines.identify = !p.lines.identify
		if p.lines.identify {
			t.identify.Importance = widget.HighImportance
		} else {
			t.identify.Importance = widget.MediumImportance
		}
		t.identify.Refresh()
	})
	t.measure = widget.NewCheck("Measure", func(on bool) {
		if !t.syncing {
			p.SetMeasureMode(on)
		}
	})
	t.fitSel = widget.NewSelect(fitLabels, func(string) {
		if i := t.fitSel.SelectedIndex(); i >= 0 && !t.syncing {
			p.meas.fitKind = fitKinds[i]
			p.mpanel.update()
		}
	})
	t.fitSel.SetSelectedIndex(0)
	t.identify.Disable() // until a line list is shown
	t.smoothSel = widget.NewSelect(SmoothingOptions(), func(s string) {
		if !t.syncing {
			p.SetSmoothing(s)
		}
	})
	t.smoothSel.SetSelectedIndex(0)
	h := t.zEntry.MinSize().Height
	z := container.NewGridWrap(fyne.NewSize(110, h), t.zEntry)
	// fixed width: the row does not jump as z is typed or dragged
	cz := container.NewGridWrap(fyne.NewSize(fyne.MeasureText("cz = -299792.5 km/s", theme.TextSize(), fyne.TextStyle{}).Width+2*theme.Padding()+4, h), t.velocity)
	return container.NewHBox(t.linesSel, t.labelsChk, widget.NewLabel("z"), z, cz, t.identify,
		layoutSpacer(), t.measure, t.fitSel, layoutSpacer(), t.smoothSel)
}

func (t *toolbar) measureChanged() {
	t.syncing = true
	t.measure.SetChecked(t.p.meas.on)
	t.syncing = false
}

func (t *toolbar) smoothChanged() {
	t.syncing = true
	t.smoothSel.SetSelected(t.p.smooth.label)
	t.syncing = false
}

func (t *toolbar) labelsChanged() {
	t.syncing = true
	t.labelsChk.SetChecked(t.p.lines.labels)
	t.syncing = false
}

func layoutSpacer() fyne.CanvasObject { return widget.NewSeparator() }

// spectraChanged rebuilds the legend and the per-spectrum buttons.
func (t *toolbar) spectraChanged() {
	p := t.p
	t.legend.RemoveAll()
	t.legendChk = nil
	units := make([]string, len(p.spectra))
	for i, s := range p.spectra {
		units[i] = s.FluxUnit
	}
	// when the units differ (the plot converts or normalises), each entry
	// says its own
	showUnits := render.DecideFlux(units).Mode != render.FluxAsIs
	for i, s := range p.spectra {
		i := i
		c := render.SeriesColor(i)
		swatch := canvas.NewRectangle(c)
		swatch.SetMinSize(fyne.NewSize(16, 4))
		title := s.Title
		if title == "" {
			title = s.Source
		}
		if r := []rune(title); len(r) > maxLegendTitle {
			title = string(r[:maxLegendTitle-1]) + "…"
		}
		if showUnits {
			u := fits.PrettyUnit(s.FluxUnit)
			if u == "" {
				u = "no unit"
			}
			title += " (" + u + ")"
		}
		chk := widget.NewCheck(title, func(on bool) { p.SetVisible(i, on) })
		chk.SetChecked(!p.hidden[i])
		t.legendChk = append(t.legendChk, chk)
		t.legend.Add(container.NewHBox(container.NewCenter(swatch), chk))
	}
	t.legend.Refresh()
	has := len(p.spectra) > 0
	setEnabled(has, t.export, t.header, t.reset)
	if len(extraNames(p.spectra)) > 0 {
		t.arrays.Show()
	} else {
		t.arrays.Hide()
	}
}

// sync shows the plot's state in the controls (their callbacks see no change).
func (t *toolbar) sync() {
	p := t.p
	t.syncing = true
	defer func() { t.syncing = false }()
	t.errors.SetChecked(p.errorBand)
	t.logY.SetChecked(p.logY)
	t.quality.SetSelectedIndex(int(p.quality))
	if !t.unitFixed {
		for i, u := range t.unitVals {
			if u == p.xUnit {
				t.unit.SetSelectedIndex(i)
			}
		}
	}
	for i, c := range fluxChoices {
		if c.unit == p.yUnit && c.normalize == p.normalize {
			t.flux.SetSelectedIndex(i)
		}
	}
	if p.yUnit == specunits.ABMag { // magnitudes are logarithmic already
		t.logY.Disable()
	} else {
		t.logY.Enable()
	}
	if show := p.xUnit == render.UnitKMS; show != t.restBox.Visible() {
		if show {
			t.restBox.Show()
		} else {
			t.restBox.Hide()
		}
		t.controls.Refresh() // lay the row out again around it
	}
	for i, c := range t.legendChk {
		c.SetChecked(!p.hidden[i])
	}
}

// unitLabels are the unit menu's entries, in render.AllXUnits order.
func unitLabels(assumed bool) []string {
	out := make([]string, len(render.AllXUnits))
	for i, u := range render.AllXUnits {
		if render.IsWavelengthUnit(u) {
			out[i] = render.XUnitLabel(u, assumed)
		} else {
			out[i] = render.UnitSymbol(u)
		}
	}
	return out
}

// typedRest reads the rest wavelength (nm); a half-typed number waits.
func (t *toolbar) typedRest(s string) {
	if t.syncing {
		return
	}
	if v, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && v > 0 {
		t.p.SetRest(v * 1e-9)
	}
}

// frameChanged makes the unit menu say what the x axis shows: "Å
// (assumed)" when the file gave no unit, and the axis' own unit, greyed,
// when it is not a wavelength the menu can change.
func (t *toolbar) frameChanged(fr render.Frame) {
	t.syncing = true
	defer func() { t.syncing = false }()
	options, values, selected := unitLabels(fr.XAssumed), append([]string(nil), render.AllXUnits...), -1
	for i, u := range values {
		if u == fr.XUnit {
			selected = i
		}
	}
	// an axis in a unit the menu lacks (MHz, Hz) or none: the menu shows
	// it first; spectra without a spectral unit cannot be converted at all
	t.unitFixed = false
	if selected < 0 {
		label := "no unit"
		if fr.XUnit != "" {
			label = render.UnitSymbol(fr.XUnit)
		}
		if specunits.SpectralKind(fr.XUnit) == "" {
			options, values, t.unitFixed = []string{label}, []string{""}, true
		} else {
			options, values = append([]string{label}, options...), append([]string{""}, values...)
		}
		selected = 0
	}
	if slices.Equal(options, t.unit.Options) && selected == t.unit.SelectedIndex() && t.unit.Disabled() == t.unitFixed {
		return // every zoom renders anew: leave the menu be
	}
	t.unitVals = values
	t.unit.SetOptions(options)
	t.unit.SetSelectedIndex(selected)
	if t.unitFixed {
		t.unit.Disable()
	} else {
		t.unit.Enable()
	}
}

func setEnabled(on bool, ws ...fyne.Disableable) {
	for _, w := range ws {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}

func (t *toolbar) showArraysMenu() {
	p := t.p
	var items []*fyne.MenuItem
	for _, name := range extraNames(p.spectra) {
		name := name
		item := fyne.NewMenuItem(name, func() { p.toggleExtra(name) })
		item.Checked = contains(p.extras, name)
		items = append(items, item)
	}
	popUpMenuBelow(t.arrays, fyne.NewMenu("", items...))
}

func (t *toolbar) showExportMenu() {
	var items []*fyne.MenuItem
	for _, f := range []string{render.FormatPNG, render.FormatSVG, render.FormatPDF, render.FormatCSV} {
		f := f
		items = append(items, fyne.NewMenuItem(exportLabel[f], func() { t.p.showExportDialog(f) }))
	}
	popUpMenuBelow(t.export, fyne.NewMenu("", items...))
}

func popUpMenuBelow(o fyne.CanvasObject, m *fyne.Menu) {
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Add(fyne.NewPos(0, o.Size().Height))
	widget.ShowPopUpMenuAtPosition(m, c, pos)
}

func (p *Plot) toggleExtra(name string) {
	if contains(p.extras, name) {
		var keep []string
		for _, e := range p.extras {
			if e != name {
				keep = append(keep, e)
			}
		}
		p.SetExtras(keep)
	} else {
		p.SetExtras(append(append([]string(nil), p.extras...), name))
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
