package app

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/skyctl"
	"esodesk/app/tapctl"
	"esodesk/preview/skyrender"
	"esodesk/preview/skytable"
	"esodesk/services/coords"
	"esodesk/services/hips"
	"esodesk/services/region"
	"esodesk/services/regtap"
	"esodesk/widgets/resulttable"
	"esodesk/widgets/skyview"
)

// Picker items that are actions, not surveys.
const (
	skyOtherHiPS = "Other HiPS URL…"
	skyFindHiPS  = "Find HiPS in the registry…"
	skyOneColour = "(one colour)"
)

// Tool names, as the tool picker shows them.
const (
	skyToolPan     = "Pan"
	skyToolCircle  = "Circle"
	skyToolPolygon = "Polygon"
)

// skyTab is the view of skyctl.Controller: a HiPS survey with the
// footprints of another tab's results over it, the selection shared with
// that tab's table, and a region drawn on the sky turned into ADQL for the
// TAP tab.
type skyTab struct {
	u       *UI
	ctl     *skyctl.Controller
	content fyne.CanvasObject
	sky     *skyview.SkyView

	source     *widget.Select
	colourBy   *widget.Select
	target     *keyEntry
	goBtn      *widget.Button
	surveyPick *widget.Select
	surveys    []hips.Survey
	projection *widget.Select
	grid       *widget.Check
	galactic   *widget.Check
	tool       *widget.RadioGroup
	legend     *fyne.Container
	legendBox  fyne.CanvasObject
	status     *widget.Label

	queryPanel *fyne.Container
	table      *widget.Select
	condition  *widget.Select
	minOverlap *keyEntry
	overlapBox *fyne.Container
	adql       *widget.Label
	note       *widget.Label
	copyBtn    *widget.Button
	runBtn     *widget.Button

	shown  skyctl.State // what was rendered last
	survey string       // the chosen survey's URL, loaded when the tab is on show
	// pending is the overlap filter waiting for the TAP result of the
	// query run from here (nil: none).
	pending *overlapRun
}

type overlapRun struct {
	adql   string
	region region.Region
	min    float64
	seq    int // the TAP tab's result sequence when the query was handed over
}

func newSkyTab(u *UI, client *hips.Client) *skyTab {
	t := &skyTab{u: u}
	t.ctl = skyctl.New(skyctl.Deps{HTTP: u.http, Settings: u.Settings, Prefs: prefStore{u.app.Preferences()}}, u.do)
	prefs := t.ctl.Prefs()

	t.sky = skyview.New(u.win, client, u.do)
	t.sky.OnSelect = t.skySelected
	t.sky.OnRegion = func(r region.Region) { t.ctl.SetRegion(&r) }

	t.source = widget.NewSelect(skyctl.Sources, func(s string) {
		t.ctl.SetSource(s)
		t.refresh()
	})
	t.colourBy = widget.NewSelect([]string{skyOneColour}, func(s string) {
		if s == skyOneColour {
			s = ""
		}
		t.ctl.SetColourBy(s)
	})
	t.target = newKeyEntry(u.windowKey)
	t.target.SetPlaceHolder("target name (M 83) or coordinates (" + coords.Example + ")")
	t.target.OnSubmitted = func(string) { t.goTo() }
	t.goBtn = widget.NewButtonWithIcon("Go", theme.SearchIcon(), t.goTo)

	t.surveyPick = widget.NewSelect(nil, t.pickSurvey)
	t.projection = widget.NewSelect([]string{"TAN", "AIT"}, func(p string) {
		t.ctl.SetProjection(p)
		t.sky.SetProjection(skyrender.Projection(p))
	})
	t.grid = widget.NewCheck("Grid", func(on bool) {
		t.sky.SetGrid(on)
		t.ctl.SetGrid(on, t.galactic.Checked)
	})
	t.galactic = widget.NewCheck("Galactic", func(on bool) {
		t.sky.SetGalactic(on)
		t.ctl.SetGrid(t.grid.Checked, on)
	})
	t.tool = widget.NewRadioGroup([]string{skyToolPan, skyToolCircle, skyToolPolygon}, func(s string) {
		switch s {
		case skyToolCircle:
			t.sky.SetTool(skyview.Circle)
		case skyToolPolygon:
			t.sky.SetTool(skyview.Polygon)
		default:
			t.sky.SetTool(skyview.Pan)
		}
	})
	t.tool.Horizontal = true
	t.tool.Required = true
	t.status = widget.NewLabel("")
	t.status.Wrapping = fyne.TextWrapWord
	t.legend = container.NewVBox()
	t.buildQueryPanel()
	t.layout()

	// the remembered choices, once every widget exists
	t.source.SetSelected(prefs.Source)
	t.refreshSurveys(prefs.Survey)
	t.projection.SetSelected(prefs.Projection)
	t.grid.SetChecked(prefs.Grid)
	t.galactic.SetChecked(prefs.Galactic)
	t.tool.SetSelected(skyToolPan)
	if prefs.FOV > 0 {
		t.sky.GoTo(prefs.RA, prefs.Dec, prefs.FOV)
	}
	t.ctl.Subscribe(t.render)
	t.render(t.ctl.Snapshot())
	u.tap.ctl.Subscribe(t.tapChanged)
	return t
}

func (t *skyTab) buildQueryPanel() {
	t.table = widget.NewSelect(skyctl.Tables, func(string) { t.formChanged() })
	t.condition = widget.NewSelect(skyctl.Conditions, func(string) { t.formChanged() })
	t.minOverlap = newKeyEntry(t.u.windowKey)
	t.minOverlap.OnChanged = func(string) { t.formChanged() }
	t.minOverlap.Validator = positiveNumber("the overlap")
	t.adql = widget.NewLabel("")
	t.adql.TextStyle = fyne.TextStyle{Monospace: true}
	t.adql.Wrapping = fyne.TextWrapWord
	t.adql.Selectable = true
	t.note = widget.NewLabel("")
	t.note.Wrapping = fyne.TextWrapWord
	t.copyBtn = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		t.u.app.Clipboard().SetContent(t.ctl.Snapshot().Query.ADQL)
	})
	t.runBtn = widget.NewButtonWithIcon("Run in TAP tab", theme.MediaPlayIcon(), t.runInTAP)
	t.runBtn.Importance = widget.HighImportance
	clear := widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
		t.sky.SetDrawn(nil)
		t.ctl.SetRegion(nil)
	})
	t.overlapBox = container.NewHBox(atLeast(entryWidth(&t.minOverlap.Entry, "0.0125"), t.minOverlap))
	f := t.ctl.Snapshot().Form
	t.table.SetSelected(f.Table)
	t.condition.SetSelected(f.Condition)
	t.minOverlap.SetText(f.MinOverlap)
	controls := container.NewHBox(widget.NewLabel("Find in"), t.table, widget.NewLabel("rows whose footprint"),
		atLeast(selectWidth(t.condition), t.condition), t.overlapBox)
	row := container.NewBorder(nil, nil, controls, container.NewHBox(t.copyBtn, t.runBtn, clear))
	t.queryPanel = container.NewVBox(widget.NewSeparator(), row, t.adql, t.note)
	t.queryPanel.Hide()
}

func (t *skyTab) layout() {
	label := widget.NewLabel
	row1 := container.NewBorder(nil, nil,
		container.NewHBox(label("Show"), t.source, label("Colour by"), atLeast(colourByWidth, t.colourBy), label("Target")),
		t.goBtn, t.target)
	row2 := container.NewBorder(nil, nil, label("Survey"),
		container.NewHBox(t.projection, t.grid, t.galactic, label("Tool"), t.tool), t.surveyPick)
	top := container.NewVBox(row1, row2, t.status)
	t.legendBox = container.NewVScroll(t.legend)
	t.legendBox.Hide()
	centre := container.NewBorder(nil, t.queryPanel, nil, atLeast(legendWidth, t.legendBox), t.sky)
	t.content = container.NewBorder(top, nil, nil, nil, centre)
}

// render shows the controller's state; footprints, target and region are
// applied once per change.
func (t *skyTab) render(s skyctl.State) {
	prev := t.shown
	t.shown = s
	setLabel(t.status, s.Status)
	if s.Source != t.source.Selected {
		t.source.SetSelected(s.Source)
	}
	if opts := append([]string{skyOneColour}, s.Columns...); !slices.Equal(opts, t.colourBy.Options) {
		t.colourBy.SetOptions(opts)
	}
	want := s.ColourBy
	if want == "" || !slices.Contains(s.Columns, want) {
		want = skyOneColour
	}
	if t.colourBy.Selected != want {
		t.colourBy.Selected = want // not SetSelected: a table without the column keeps the preference
		t.colourBy.Refresh()
	}
	if s.FootprintSeq != prev.FootprintSeq {
		t.sky.SetFootprints(s.Footprints)
		if ra, dec, radius, ok := skytable.Fit(s.Footprints); ok {
			// the field is the width: a wide view needs more for the height
			aspect := 1.0
			if v := t.sky.View(); v.Height > 0 && v.Width > v.Height {
				aspect = float64(v.Width) / float64(v.Height)
			}
			t.sky.GoTo(ra, dec, math.Min(180, 2.2*radius*aspect))
		}
		t.showLegend(s.Legend)
		// the source table's selection at once (it may have come first)
		if rt := t.sourceTable(); rt != nil && rt.Table() == t.ctl.Table() {
			t.ctl.Select(rt.SelectedRows())
		}
	}
	if s.FootprintSeq != prev.FootprintSeq || !slices.Equal(s.Selected, prev.Selected) {
		t.sky.SetSelected(s.Selected)
	}
	if s.TargetSeq != prev.TargetSeq && s.Target != nil {
		t.sky.GoTo(s.Target.RA, s.Target.Dec, 0)
	}
	if s.Region == nil {
		t.queryPanel.Hide()
	} else {
		t.adql.SetText(s.Query.ADQL)
		switch {
		case s.Query.Err != "":
			t.note.SetText("No query: " + s.Query.Err + ".")
		case s.Query.Note != "":
			t.note.SetText(s.Query.Note)
		default:
			t.note.SetText("Run in TAP tab sends it to " + tapctl.ESOObs + ".")
		}
		setEnabled(t.runBtn, s.Query.ADQL != "")
		setEnabled(t.copyBtn, s.Query.ADQL != "")
		t.queryPanel.Show()
	}
	if s.Form.Condition == skyctl.CondOverlap {
		t.overlapBox.Show()
	} else {
		t.overlapBox.Hide()
	}
}

func (t *skyTab) showLegend(entries []skytable.LegendEntry) {
	t.legend.RemoveAll()
	for _, e := range entries {
		swatch := canvas.NewRectangle(e.Colour)
		swatch.SetMinSize(fyne.NewSize(14, 14))
		// values differ at their end (file names, identifiers): keep it
		l := widget.NewLabel(keepEnd(e.Label, legendWidth-14-3*theme.Padding()))
		t.legend.Add(container.NewBorder(nil, nil, container.NewCenter(swatch), nil, l))
	}
	if len(entries) == 0 {
		t.legendBox.Hide()
	} else {
		t.legendBox.Show()
	}
	t.legend.Refresh()
}

// colourByWidth shows a column name such as instrument_name whole.
const colourByWidth = 190

// legendWidth is the width of the colour legend beside the sky.
const legendWidth = 210

// keepEnd shortens s from its start ("…m83_int16.fits (1)") until a label
// shows it within w.
func keepEnd(s string, w float32) string {
	fits := func(s string) bool {
		return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{}).Width+2*theme.InnerPadding() <= w
	}
	if fits(s) {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && !fits("…"+string(r)) {
		r = r[1:]
	}
	return "…" + string(r)
}

// sourceTable is the result table of the source tab.
func (t *skyTab) sourceTable() *resulttable.ResultTable {
	switch t.ctl.Snapshot().Source {
	case skyctl.SourceTAP:
		return t.u.tap.results
	case skyctl.SourceImages:
		return t.u.images.results
	case skyctl.SourceRaw:
		return t.u.raw.results
	case skyctl.SourceSpectra:
		return t.u.spectra.results
	}
	return nil
}

// refresh takes the source table afresh (the tab came on show, the source
// changed): a table unchanged since changes nothing.
func (t *skyTab) refresh() {
	t.loadSurvey()
	if rt := t.sourceTable(); rt != nil {
		t.ctl.Show(rt.Table())
	}
}

// sourceSelected is told by each tab when its result table's selection
// changes; only the source's counts. (nil while the tabs are built.)
func (t *skyTab) sourceSelected(from *resulttable.ResultTable, rows []int) {
	if t == nil || from != t.sourceTable() {
		return
	}
	if rt := from; rt.Table() != t.ctl.Table() {
		t.ctl.Show(rt.Table()) // a new result: its footprints, then its selection
		return
	}
	t.ctl.Select(rows)
}

// skySelected: footprints clicked select the same rows in the source tab.
func (t *skyTab) skySelected(rows []int) {
	rt := t.sourceTable()
	if rt == nil || rt.Table() != t.ctl.Table() {
		return
	}
	rt.SelectModelRows(rows) // its OnSelectionChanged tells us back (sourceSelected)
	t.ctl.Select(rows)
}

func (t *skyTab) goTo() {
	if strings.TrimSpace(t.target.Text) != "" {
		t.ctl.GoTo(strings.TrimSpace(t.target.Text))
	}
}

func (t *skyTab) formChanged() {
	if t.table == nil || t.condition == nil || t.minOverlap == nil {
		return // still being built
	}
	t.ctl.SetForm(skyctl.QueryForm{Table: t.table.Selected, Condition: t.condition.Selected, MinOverlap: t.minOverlap.Text})
}

// runInTAP hands the region's ADQL to the TAP tab and runs it there; for
// "overlap at least", the rows are then filtered by the exact overlap.
func (t *skyTab) runInTAP() {
	s := t.ctl.Snapshot()
	if s.Query.ADQL == "" || s.Region == nil {
		return
	}
	t.pending = nil
	if s.Query.MinOverlap > 0 {
		t.pending = &overlapRun{adql: s.Query.ADQL, region: *s.Region, min: s.Query.MinOverlap, seq: t.u.tap.ctl.Snapshot().Result.Seq}
	}
	if s.Source == skyctl.SourceTAP {
		t.u.tap.results.SetRowFilter(nil)
	}
	t.u.tap.showQuery(svcESOObs, s.Query.ADQL)
	t.u.selectTab("TAP")
	t.u.tap.runQuery()
}

// tapChanged filters the TAP result of an overlap query run from here by
// the exact overlap of each row's s_region with the drawn region.
func (t *skyTab) tapChanged(s tapctl.State) {
	p := t.pending
	if p == nil || s.Run.Running || s.Result.Seq == p.seq {
		return
	}
	t.pending = nil
	res := s.Result
	if res.Result == nil || res.Query != p.adql {
		return // failed, or another query
	}
	tab := res.Result.Table
	t.ctl.SetStatus("Checking the exact overlap of each footprint …")
	go func() {
		keep, kept := skyctl.OverlapKeep(tab, p.region, p.min)
		t.u.do(func() {
			if t.u.tap.results.Table() != tab {
				return
			}
			t.u.tap.results.SetRowFilter(func(row int) bool { return keep[row] })
			msg := fmt.Sprintf("%d of %d rows overlap the region by at least %g deg² (the rest are hidden in the TAP tab)", kept, tab.NumRows(), p.min)
			t.ctl.SetStatus(msg)
			t.u.tap.job.phase.SetText(fmt.Sprintf("%d of %d rows overlap ≥ %g deg²", kept, tab.NumRows(), p.min))
		})
	}()
}

// refreshSurveys fills the survey picker and selects the survey at url.
func (t *skyTab) refreshSurveys(url string) {
	t.surveys = t.ctl.Surveys()
	var names []string
	sel := ""
	for _, s := range t.surveys {
		names = append(names, s.Title)
		if s.URL == strings.TrimRight(url, "/") {
			sel = s.Title
		}
	}
	if sel == "" {
		sel = names[0]
	}
	t.surveyPick.Options = append(names, skyOtherHiPS, skyFindHiPS)
	t.surveyPick.SetSelected(sel)
	t.surveyPick.Refresh()
}

func (t *skyTab) pickSurvey(name string) {
	back := func() { t.refreshSurveys(t.survey) }
	use := func(url string) {
		if err := t.ctl.AddSurvey(url); err != nil {
			dialog.ShowError(fmt.Errorf("%q is not a usable HiPS URL: %v", url, err), t.u.win)
			back()
			return
		}
		t.refreshSurveys(url)
	}
	switch name {
	case skyFindHiPS:
		back()
		t.u.findService("Find HiPS surveys", regtap.TypeHiPS, use)
		return
	case skyOtherHiPS:
		e := widget.NewEntry()
		e.SetPlaceHolder("e.g. https://alasky.cds.unistra.fr/DSS/DSSColor")
		t.u.askURL("Other HiPS", "Use", nil, widget.NewFormItem("HiPS base URL", e), use, back)
		return
	}
	for _, s := range t.surveys {
		if s.Title == name && s.URL != t.survey {
			t.ctl.SetSurvey(s.URL)
			t.survey = s.URL
			t.loadSurvey()
		}
	}
}

// loadSurvey shows the chosen survey once the tab is on show: its
// properties and tiles come over the network, which a start-up with
// another tab on show should not wait for or pay.
func (t *skyTab) loadSurvey() {
	if t.u.currentTab() == "Sky" && t.survey != t.sky.Survey() {
		t.sky.SetSurvey(t.survey)
	}
}

func (t *skyTab) close() {
	v := t.sky.View()
	t.ctl.SaveView(v.Center[0], v.Center[1], v.FOV)
	t.ctl.Close()
	t.sky.Close()
}
