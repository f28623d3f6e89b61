package spectrumplot

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
	logY      *widget.Check
	arrays    *widget.Button
	export    *widget.Button
	header    *widget.Button
	legend    *fyne.Container
	legendChk []*widget.Check
}

var qualityLabels = []string{"All pixels", "Hide QUAL≠0", "Mark QUAL≠0"}

// unit menu labels, in render.XUnits order
var unitLabels = []string{"nm", "Å", "µm"}

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
	t.unit = widget.NewSelect(unitLabels, func(s string) {
		for i, l := range unitLabels {
			if l == s {
				p.SetXUnit(render.XUnits[i])
			}
		}
	})
	t.unit.SetSelectedIndex(0)
	t.logY = widget.NewCheck("Log y", func(on bool) { p.SetLogY(on) })
	t.arrays = widget.NewButton("Arrays…", t.showArraysMenu)
	t.export = widget.NewButtonWithIcon("Export…", theme.DocumentSaveIcon(), t.showExportMenu)
	t.header = widget.NewButtonWithIcon("Header", theme.InfoIcon(), p.showHeader)
	t.legend = container.NewHBox()
	controls := container.NewHBox(t.reset, t.errors, t.quality, t.unit, t.logY, t.arrays, layoutSpacer(), t.export, t.header)
	t.box = container.NewVBox(container.NewHScroll(controls), container.NewHScroll(t.legend))
	t.spectraChanged()
	return t
}

func layoutSpacer() fyne.CanvasObject { return widget.NewSeparator() }

// spectraChanged rebuilds the legend and the per-spectrum buttons.
func (t *toolbar) spectraChanged() {
	p := t.p
	t.legend.RemoveAll()
	t.legendChk = nil
	for i, s := range p.spectra {
		i := i
		c := render.SeriesColor(i)
		swatch := canvas.NewRectangle(c)
		swatch.SetMinSize(fyne.NewSize(16, 4))
		title := s.Title
		if title == "" {
			title = s.Source
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
	t.errors.SetChecked(p.errorBand)
	t.logY.SetChecked(p.logY)
	t.quality.SetSelectedIndex(int(p.quality))
	for i, u := range render.XUnits {
		if u == p.xUnit {
			t.unit.SetSelectedIndex(i)
		}
	}
	for i, c := range t.legendChk {
		c.SetChecked(!p.hidden[i])
	}
}

func (t *toolbar) frameChanged(render.Frame) {}

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
