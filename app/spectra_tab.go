package app

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/spectractl"
	"esodesk/services/config"
	"esodesk/services/coords"
	"esodesk/services/download"
	"esodesk/services/fetch"
	"esodesk/services/regtap"
	"esodesk/services/ssap"
	"esodesk/widgets/resulttable"
	"esodesk/widgets/spectrumplot"
)

// spectraTab is the SSAP search and the spectrum plot: find spectra around a
// target, select rows, see them plotted; or open local files. It shows the
// state of its controller (app/spectractl) and forwards the user's actions.
type spectraTab struct {
	u       *UI
	content fyne.CanvasObject
	ctl     *spectractl.Controller
	cache   *fetch.Cache // the fetched spectra (the controller's)

	target      *keyEntry
	radius      *keyEntry
	radiusUnit  *widget.Select
	bandMin     *keyEntry
	bandMax     *keyEntry
	collection  *keyEntry
	maxrec      *keyEntry
	searchBtn   *widget.Button
	cancelBtn   *widget.Button
	downloadBtn *widget.Button
	sendBtn     *widget.Button // the plotted spectra to other tools (SAMP)
	status      *widget.Label
	results     *resulttable.ResultTable
	plot        *spectrumplot.Plot
	details     *detailsPane // the selected spectrum's DataLink (SSAP's DataLink column or descriptor)

	// the controller's result and plot content on show
	shownResult *spectractl.Result
	shownPlot   *spectractl.Plot
}

func newSpectraTab(u *UI) *spectraTab {
	t := &spectraTab{u: u, cache: fetch.New(fetch.DefaultDir("spectra"), u.http)}
	t.ctl = spectractl.New(spectractl.Deps{
		HTTP:     u.http,
		Settings: u.Settings,
		Cache:    t.cache,
		Enqueue:  func(jobs []download.Job, folder string) error { return u.downloads.enqueue(jobs, folder) },
	}, u.do)
	p := u.app.Preferences()
	// the form's entries pass F1 and Esc to the window (keyEntry)
	remember := func(e *widget.Entry, key, def string) {
		e.SetText(p.StringWithFallback(key, def))
		e.OnChanged = func(s string) { p.SetString(key, s) }
	}

	t.target = newKeyEntry(u.windowKey)
	t.target.SetPlaceHolder("target name (HD 100546) or coordinates (" + coords.Example + ")")
	remember(&t.target.Entry, "spectra.target", "")
	t.target.OnSubmitted = func(string) { t.search() }

	t.radius = newKeyEntry(u.windowKey)
	remember(&t.radius.Entry, "spectra.radius", "30")
	t.radius.Validator = positiveNumber("the radius")
	t.radius.OnSubmitted = func(string) { t.search() }
	t.radiusUnit = widget.NewSelect([]string{ssap.Arcsec, ssap.Arcmin, ssap.Degree}, func(s string) { p.SetString("spectra.radius_unit", s) })
	t.radiusUnit.SetSelected(p.StringWithFallback("spectra.radius_unit", ssap.Arcsec))

	t.bandMin, t.bandMax = newKeyEntry(u.windowKey), newKeyEntry(u.windowKey)
	t.bandMin.SetPlaceHolder("from")
	t.bandMax.SetPlaceHolder("to")
	remember(&t.bandMin.Entry, "spectra.band_min", "")
	remember(&t.bandMax.Entry, "spectra.band_max", "")
	t.bandMin.Validator, t.bandMax.Validator = optionalPositive("the wavelength"), optionalPositive("the wavelength")
	t.collection = newKeyEntry(u.windowKey)
	t.collection.SetPlaceHolder("any")
	remember(&t.collection.Entry, "spectra.collection", "")
	t.maxrec = newKeyEntry(u.windowKey)
	remember(&t.maxrec.Entry, "spectra.maxrec", "500")
	t.maxrec.Validator = validateMaxRec

	t.searchBtn = widget.NewButton("Search", t.search)
	t.searchBtn.Importance = widget.HighImportance
	t.cancelBtn = widget.NewButton("Cancel", t.ctl.CancelSearch)
	t.status = widget.NewLabel("")
	t.status.Wrapping = fyne.TextWrapWord

	t.downloadBtn = widget.NewButton("Download selected", t.ctl.DownloadSelected)
	findBtn := widget.NewButton("Find SSA services…", t.findService)
	t.sendBtn = widget.NewButtonWithIcon("Send to", theme.MailSendIcon(), t.showSendMenu)
	t.results = resulttable.New(u.win, u.do)
	t.results.SetEmptyText("Search for a target to list its spectra here")
	t.results.OnSelectionChanged = func(rows []int) {
		t.u.sky.sourceSelected(t.results, rows)
		t.details.selectionChanged(rows)
		t.ctl.Select(rows)
	}
	t.plot = spectrumplot.New(u.win, u.do)

	fixed := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	row1 := container.NewBorder(nil, nil, widget.NewLabel("Target"),
		container.NewHBox(widget.NewLabel("Radius"), fixed(80, t.radius), t.radiusUnit, t.searchBtn, t.cancelBtn),
		t.target)
	row2 := container.NewBorder(nil, nil, container.NewHBox(
		widget.NewLabel("Wavelength (nm)"), fixed(90, t.bandMin), widget.NewLabel("–"), fixed(90, t.bandMax),
		widget.NewLabel("Collection"), fixed(130, t.collection),
		widget.NewLabel("Max rows"), fixed(90, t.maxrec)), container.NewHBox(findBtn, t.downloadBtn, t.sendBtn))
	top := container.NewVBox(row1, row2, t.status)
	t.details = newDetailsPane(u, t.results.SelectRow, func(max int) []int {
		rows := make([]int, 0, max)
		for v := 0; v < t.results.VisibleRows() && v < max; v++ {
			rows = append(rows, t.results.ViewRow(v))
		}
		return rows
	})
	t.details.noQuickLook = true // spectra are plotted below, not looked at
	top2 := container.NewHSplit(t.results, t.details.content)
	top2.Offset = 0.66
	split := container.NewVSplit(top2, t.plot)
	split.Offset = 0.38
	t.content = container.NewBorder(top, nil, nil, nil, split)

	t.ctl.Subscribe(t.render)
	t.render(t.ctl.Snapshot())
	return t
}

// showSendMenu offers the spectra on the plot to other tools (SAMP).
func (t *spectraTab) showSendMenu() {
	var paths, names []string
	if p := t.ctl.Snapshot().Plot; p != nil {
		for _, s := range p.Spectra {
			if s.Source != "" && !strings.Contains(s.Source, "://") { // a local file, not a URL
				paths, names = append(paths, s.Source), append(names, s.Title)
			}
		}
	}
	menu := fyne.NewMenu("", t.u.samp.spectraItems(paths, names)...)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(t.sendBtn)
	widget.ShowPopUpMenuAtPosition(menu, t.u.win.Canvas(), pos.AddXY(0, t.sendBtn.Size().Height))
}

func positiveNumber(what string) func(string) error {
	return func(s string) error {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || !(v > 0) {
			return fmt.Errorf("%s must be a number above 0", what)
		}
		return nil
	}
}

func optionalPositive(what string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return positiveNumber(what)(s)
	}
}

// search hands the form to the controller (Search button, Enter).
func (t *spectraTab) search() {
	t.ctl.Search(spectractl.Form{
		Target: t.target.Text, Radius: t.radius.Text, RadiusUnit: t.radiusUnit.Selected,
		BandMin: t.bandMin.Text, BandMax: t.bandMax.Text,
		Collection: t.collection.Text, MaxRec: t.maxrec.Text,
	})
}

// findService picks an SSA service from the registry for the searches to
// come; it is saved as the SSAP setting, as the Settings dialog would.
func (t *spectraTab) findService() {
	t.u.findService("Find SSA services", regtap.TypeSSA, func(url string) {
		if err := config.Validate(url); err != nil {
			dialog.ShowError(fmt.Errorf("The registry gives %q for this service, which is not a usable URL: %v", url, err), t.u.win)
			return
		}
		store := prefStore{t.u.app.Preferences()}
		next := t.u.settings
		next.SSAP = url
		config.Save(store, next)
		t.u.applySettings(config.LoadFrom(store))
		if t.u.settings.SSAP != url { // an environment variable wins over saved settings
			dialog.ShowInformation("SSAP service", "Saved, but ESODESK_SSAP_URL sets the service in use: "+t.u.settings.SSAP, t.u.win)
			return
		}
		t.status.SetText("Searches now use " + url)
	})
}

// render shows the controller's state. The result comes last: a new table
// clears the selection, which changes the state and renders it anew, and
// nothing of this older state may be applied after that.
func (t *spectraTab) render(s spectractl.State) {
	t.status.SetText(s.Status)
	setEnabled(t.searchBtn, !s.Searching)
	setEnabled(t.cancelBtn, s.Searching)
	setEnabled(t.downloadBtn, s.CanDownload)
	if s.Plot != t.shownPlot {
		t.shownPlot = s.Plot
		t.showPlot(s.Plot)
	}
	if s.Result != t.shownResult {
		t.shownResult = s.Result
		t.showResult(s.Result)
	}
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

func (t *spectraTab) showPlot(p *spectractl.Plot) {
	switch p.Phase {
	case spectractl.PlotIdle:
		t.plot.HideStatus()
	case spectractl.PlotLoading:
		t.plot.SetLoading(p.Message, p.Progress, t.ctl.CancelLoad)
	case spectractl.PlotFailed:
		t.plot.SetError(p.Message)
	case spectractl.PlotDrawn:
		t.plot.SetSpectra(p.Spectra)
	}
}

func (t *spectraTab) showResult(r *spectractl.Result) {
	if r.Err != "" {
		t.results.ShowError(r.Err, "")
		return
	}
	t.results.SetTable(r.Table, resulttable.Info{Overflow: r.Overflow, MaxRec: r.MaxRec, Service: "SSAP", Elapsed: r.Elapsed})
	t.details.setRows(r.Table, r.Links, t.u.settings.TapObs)
}

// openFiles reads local files (File › Open, drag and drop, command line) and
// plots them together.
func (t *spectraTab) openFiles(paths []string) { t.ctl.OpenFiles(paths) }

// abort stops the search and the spectra being fetched (Esc).
func (t *spectraTab) abort() {
	t.ctl.CancelSearch()
	t.ctl.CancelLoad()
	t.details.close()
}

func (t *spectraTab) close() {
	t.ctl.Close()
	t.details.close()
}
