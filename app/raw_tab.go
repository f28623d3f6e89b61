package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/rawctl"
	"esodesk/services/config"
	"esodesk/services/coords"
	"esodesk/widgets/headerview"
	"esodesk/widgets/resulttable"
)

// rawTab finds raw frames in dbo.raw and, for the selected science frames,
// the calibrations ESO's CalSelector associates (raw_datasets.go). It is
// the view of rawctl.Controller: the form and the widgets.
type rawTab struct {
	u       *UI
	ctl     *rawctl.Controller
	content fyne.CanvasObject

	instrument *widget.SelectEntry // the service's instruments, or any typed name (* wildcards)
	progID     *keyEntry
	nightFrom  *keyEntry
	nightTo    *keyEntry
	category   *widget.Select
	object     *keyEntry
	position   *keyEntry
	radius     *keyEntry
	dpType     *keyEntry
	dpTech     *keyEntry
	maxrec     *keyEntry
	searchBtn  *widget.Button
	cancelBtn  *widget.Button
	adql       *widget.Label
	status     *widget.Label
	results    *resulttable.ResultTable
	inner      *container.AppTabs
	framesTab  *container.TabItem
	pageBtn    *widget.Button
	headerBtn  *widget.Button

	datasets *rawDatasets
	cond     *conditionsPanel // the Conditions tab and the conditions columns
	details  *detailsPane     // the selected frame's links (dbo.raw's datalink_url)

	shown       rawctl.State // the state rendered last
	unsubscribe func()
}

func newRawTab(u *UI) *rawTab {
	t := &rawTab{u: u}
	t.ctl = rawctl.New(rawctl.Deps{
		HTTP:        u.http,
		Settings:    func() config.Settings { return u.settings },
		DownloadDir: func() string { return u.downloads.dir() },
		Enqueue:     u.downloads.enqueue,
		OpenURL:     u.app.OpenURL,
		EditQuery: func(adql string) {
			u.tap.showQuery(svcESOObs, adql)
			u.selectTab("TAP")
		},
	}, u.do)
	p := u.app.Preferences()
	remember := func(e *widget.Entry, key, def, placeholder string) {
		e.SetPlaceHolder(placeholder)
		e.SetText(p.StringWithFallback(key, def))
		e.OnChanged = func(s string) { p.SetString(key, s); t.formChanged() }
		e.OnSubmitted = func(string) { t.ctl.Search() }
	}
	t.instrument = widget.NewSelectEntry(nil)
	t.instrument.SetPlaceHolder("any")
	t.instrument.SetText(p.String("raw.instrument"))
	t.instrument.OnChanged = func(s string) { p.SetString("raw.instrument", s); t.formChanged() }
	t.instrument.OnSubmitted = func(string) { t.ctl.Search() }
	t.progID, t.nightFrom, t.nightTo = newKeyEntry(u.windowKey), newKeyEntry(u.windowKey), newKeyEntry(u.windowKey)
	remember(&t.progID.Entry, "raw.prog_id", "", "e.g. 0102.D-0105(A)")
	remember(&t.nightFrom.Entry, "raw.night_from", "", "YYYY-MM-DD")
	remember(&t.nightTo.Entry, "raw.night_to", "", "YYYY-MM-DD")
	t.category = widget.NewSelect(rawctl.Categories, func(s string) { p.SetString("raw.category", s); t.formChanged() })
	t.object, t.position, t.radius = newKeyEntry(u.windowKey), newKeyEntry(u.windowKey), newKeyEntry(u.windowKey)
	remember(&t.object.Entry, "raw.object", "", "OBJECT keyword, * = any")
	remember(&t.position.Entry, "raw.position", "", "name or "+coords.Example)
	remember(&t.radius.Entry, "raw.radius", "5", "arcmin")
	t.radius.Validator = positiveNumber("the radius")
	t.dpType, t.dpTech = newKeyEntry(u.windowKey), newKeyEntry(u.windowKey)
	remember(&t.dpType.Entry, "raw.dp_type", "", "e.g. OBJECT")
	remember(&t.dpTech.Entry, "raw.dp_tech", "", "e.g. IMAGE")
	t.maxrec = newKeyEntry(u.windowKey)
	remember(&t.maxrec.Entry, "raw.maxrec", "1000", "")
	t.maxrec.Validator = validateMaxRec

	t.searchBtn = widget.NewButton("Search", t.ctl.Search)
	t.searchBtn.Importance = widget.HighImportance
	t.cancelBtn = widget.NewButton("Cancel", t.ctl.CancelSearch)
	t.cancelBtn.Disable()
	t.adql = widget.NewLabel("")
	t.adql.TextStyle = fyne.TextStyle{Monospace: true}
	t.adql.Truncation = fyne.TextTruncateEllipsis
	editBtn := widget.NewButton("Edit in TAP tab", t.ctl.EditInTAP)
	t.status = widget.NewLabel("")
	t.status.Wrapping = fyne.TextWrapWord

	t.results = resulttable.New(u.win, u.do)
	t.results.SetEmptyText("Search dbo.raw to list raw frames here")
	t.results.OnSelectionChanged = func(rows []int) {
		t.u.sky.sourceSelected(t.results, rows)
		t.ctl.Select(rows)
		t.details.selectionChanged(rows)
		t.cond.selectionChanged()
	}
	t.details = newDetailsPane(u, t.results.SelectRow, func(max int) []int {
		rows := make([]int, 0, max)
		for v := 0; v < t.results.VisibleRows() && v < max; v++ {
			rows = append(rows, t.results.ViewRow(v))
		}
		return rows
	})
	t.results.OnEditQuery = func(string) { t.ctl.EditInTAP() }
	t.pageBtn = widget.NewButton("Dataset page", t.ctl.OpenDatasetPage)
	t.headerBtn = widget.NewButton("FITS header", t.ctl.ShowHeader)
	t.pageBtn.Disable()
	t.headerBtn.Disable()

	t.datasets = newRawDatasets(t)
	t.cond = newConditionsPanel(t)

	label := widget.NewLabel
	// The first labels of the rows share a width, so the rows' first fields line up.
	col := max(label("Instrument").MinSize().Width, label("Programme").MinSize().Width, label("Position").MinSize().Width)
	first := func(text string) fyne.CanvasObject { return atLeast(col, label(text)) }
	// Each entry is wide enough for its placeholder and its usual values,
	// beside its check mark: nothing clipped, no scroll bar.
	entry := func(e *keyEntry, samples ...string) fyne.CanvasObject {
		return atLeast(entryWidth(&e.Entry, samples...), e)
	}
	row1 := container.NewHBox(
		first("Instrument"), atLeast(entryWidth(&t.instrument.Entry, "XSHOOTER", "ESPRESSO"), t.instrument),
		label("Category"), atLeast(selectWidth(t.category), t.category),
		label("Nights"), entry(t.nightFrom), label("–"), entry(t.nightTo),
		label("Max rows"), entry(t.maxrec, "100000"))
	row2 := container.NewBorder(nil, nil,
		container.NewHBox(first("Programme"), entry(t.progID), label("Object")),
		container.NewHBox(label("Type"), entry(t.dpType, "FLAT,LAMP"), label("Technique"), entry(t.dpTech, "ECHELLE")),
		entry(t.object))
	row3 := container.NewBorder(nil, nil, first("Position"),
		container.NewHBox(label("Radius (′)"), entry(t.radius, "10.5"), t.searchBtn, t.cancelBtn),
		entry(t.position))
	adqlRow := container.NewBorder(nil, nil, first("ADQL"), editBtn, t.adql)
	top := container.NewVBox(row1, row2, row3, adqlRow, t.status)

	frameActions := container.NewVBox(t.cond.bar,
		container.NewBorder(nil, nil, container.NewHBox(t.pageBtn, t.headerBtn), t.datasets.associateBar))
	frames := container.NewHSplit(t.results, t.details.content)
	frames.Offset = 0.62
	t.framesTab = container.NewTabItem("Frames", container.NewBorder(nil, frameActions, nil, nil, frames))
	t.inner = container.NewAppTabs(t.framesTab, t.datasets.tab, t.cond.tab)
	t.inner.OnSelected = func(ti *container.TabItem) {
		if ti == t.cond.tab {
			t.cond.tabShown()
		}
	}
	t.content = container.NewBorder(top, nil, nil, nil, t.inner)

	t.render(t.ctl.Snapshot())
	t.unsubscribe = t.ctl.Subscribe(t.render)
	// the remembered category, set once every widget exists (the form is read whole)
	t.category.SetSelected(p.StringWithFallback("raw.category", "SCIENCE"))
	t.formChanged()
	u.onSettingsChanged(func(config.Settings) { t.ctl.LoadInstruments() })
	t.ctl.LoadInstruments()
	return t
}

// form is the form as typed.
func (t *rawTab) form() rawctl.Form {
	return rawctl.Form{
		Instrument: t.instrument.Text, ProgID: t.progID.Text,
		NightFrom: t.nightFrom.Text, NightTo: t.nightTo.Text, Category: t.category.Selected,
		Object: t.object.Text, Position: t.position.Text, Radius: t.radius.Text,
		Type: t.dpType.Text, Technique: t.dpTech.Text, MaxRows: t.maxrec.Text,
	}
}

func (t *rawTab) formChanged() { t.ctl.SetForm(t.form()) }

// render shows the controller's state; what comes with a sequence number
// (frames, datasets, dialogs) is applied once.
func (t *rawTab) render(s rawctl.State) {
	prev := t.shown
	t.shown = s
	t.adql.SetText(s.ADQL)
	t.status.SetText(s.Status)
	if !slices.Equal(s.Instruments, prev.Instruments) {
		t.instrument.SetOptions(s.Instruments)
	}
	enableWhen(t.searchBtn, !s.Searching)
	enableWhen(t.cancelBtn, s.Searching)
	enableWhen(t.pageBtn, len(s.Selected) == 1)
	enableWhen(t.headerBtn, len(s.Selected) == 1)
	if s.Frames.Seq != prev.Frames.Seq {
		t.showFrames(s.Frames)
	}
	if s.Header.Seq != prev.Header.Seq {
		headerview.ShowDialog(t.u.win, s.Header.ID, s.Header.HDUs)
	}
	t.datasets.render(s, prev)
}

func (t *rawTab) showFrames(f rawctl.Frames) {
	if f.Result == nil {
		t.results.ShowError(f.Err, f.Query)
		return
	}
	t.inner.Select(t.framesTab)
	t.results.SetTable(f.Result.Table, resulttable.Info{
		Overflow: f.Overflow, MaxRec: f.MaxRec, Query: f.Query, Service: "dbo.raw", Elapsed: f.Elapsed,
	})
	t.details.setResult(f.Result.Document, f.Result.Table, t.u.settings.TapObs)
	t.cond.framesShown()
}

// enableWhen enables b when on holds, else disables it.
func enableWhen(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// cancelSearch (Esc) stops the search and any conditions being fetched.
func (t *rawTab) cancelSearch() {
	t.ctl.CancelSearch()
	t.cond.ctl.Cancel()
}

func (t *rawTab) close() {
	t.ctl.Close()
	t.unsubscribe()
	t.details.close()
	t.cond.close()
}

// entryWidth is the width e needs to show its placeholder and each of
// samples whole beside its check mark or drop-down button: the text's
// width with the entry's padding (as a label's), plus the trailing icon.
func entryWidth(e *widget.Entry, samples ...string) float32 {
	w := float32(0)
	for _, s := range append(samples, e.PlaceHolder) {
		w = max(w, widget.NewLabel(s).MinSize().Width)
	}
	if e.ActionItem != nil {
		w += e.ActionItem.MinSize().Width
	}
	if e.Validator != nil {
		w += theme.IconInlineSize() + theme.LineSpacing() + theme.InnerPadding()
	}
	return w + theme.Padding() // room for the cursor
}

// selectWidth is the width s needs to show its longest option whole
// beside its drop-down icon (a Select's own minimum fits its placeholder).
func selectWidth(s *widget.Select) float32 {
	w := float32(0)
	for _, o := range s.Options {
		w = max(w, fyne.MeasureText(o, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	return w + 4*theme.InnerPadding() + theme.IconInlineSize()
}

// atLeast is o stretched over its space, which is at least w wide.
func atLeast(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(minWidth(w), o)
}

type minWidth float32

func (w minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	return fyne.NewSize(max(m.Width, float32(w)), m.Height)
}

func (minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.Position{})
	objs[0].Resize(size)
}
