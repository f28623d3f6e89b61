package app

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/conditionsctl"
	"esodesk/services/conditions"
	"esodesk/services/config"
	"esodesk/services/votable"
	"esodesk/widgets/conditionsplot"
	"esodesk/widgets/conditionsplot/render"
)

// conditionsPanel is the Raw data tab's Conditions: ESO's ambient
// conditions (asm.*) over a night at a site, with the selected frames as
// bands, and the Frames table's conditions columns and seeing filter. It
// is the view of conditionsctl.Controller.
type conditionsPanel struct {
	t   *rawTab
	ctl *conditionsctl.Controller
	tab *container.TabItem

	site      *widget.Select
	night     *widget.Entry
	checks    map[conditions.Quantity]*widget.Check
	follow    *widget.Check
	showBtn   *widget.Button
	cancelBtn *widget.Button
	status    *widget.Label
	plot      *conditionsplot.Plot

	// in the Frames actions bar
	openBtn      *widget.Button
	columnsCheck *widget.Check
	seeingBelow  *widget.Entry
	filterStatus *widget.Label
	bar          fyne.CanvasObject

	// the frames on show: their exposures (all rows that have one), the
	// dp_id of each model row, and the table as searched
	exps  []conditions.Exposure
	ids   []string
	table *votable.Table

	shown       conditionsctl.State
	plotted     render.Options // what the plot was last given (tests)
	unsubscribe func()
}

var siteNames = []string{conditions.Paranal.Title(), conditions.LaSilla.Title(), conditions.APEX.Title()}

func newConditionsPanel(t *rawTab) *conditionsPanel {
	u := t.u
	c := &conditionsPanel{t: t, checks: map[conditions.Quantity]*widget.Check{}}
	c.ctl = conditionsctl.New(conditionsctl.Deps{HTTP: u.http, Settings: func() config.Settings { return u.settings }}, u.do)
	p := u.app.Preferences()

	c.site = widget.NewSelect(siteNames, func(s string) {
		if c.ctl.SetSite(s) == nil {
			p.SetString("conditions.site", s)
		}
	})
	c.night = widget.NewEntry()
	c.night.SetPlaceHolder("YYYY-MM-DD")
	c.night.Validator = func(s string) error { _, err := conditionsctl.NightRange(s); return err }
	c.night.OnChanged = func(s string) {
		if _, err := conditionsctl.NightRange(s); err == nil {
			p.SetString("conditions.night", s)
			c.ctl.SetNight(s)
		}
	}
	c.night.OnSubmitted = func(s string) {
		if c.ctl.SetNight(s) == nil {
			c.ctl.Show()
		}
	}
	var quantities []fyne.CanvasObject
	for _, q := range conditions.AllQuantities {
		ch := widget.NewCheck(render.ShortName(q), func(bool) { c.quantitiesChanged() })
		c.checks[q] = ch
		quantities = append(quantities, ch)
	}
	c.follow = widget.NewCheck("Follow selection", func(on bool) {
		p.SetBool("conditions.follow", on)
		c.ctl.SetFollowing(on)
		if on {
			c.selectionChanged()
		}
	})
	c.showBtn = widget.NewButton("Show", func() {
		if c.ctl.SetNight(c.night.Text) == nil {
			c.ctl.Show()
		}
	})
	c.showBtn.Importance = widget.HighImportance
	c.cancelBtn = widget.NewButton("Cancel", c.ctl.Cancel)
	c.cancelBtn.Disable()
	c.status = widget.NewLabel("")
	c.status.Wrapping = fyne.TextWrapWord
	c.plot = conditionsplot.New(u.win, u.do)
	c.plot.SetMessage("Choose a site and a night and press Show, or select frames and press Conditions")

	form := container.NewHBox(widget.NewLabel("Site"), atLeast(selectWidth(c.site), c.site),
		widget.NewLabel("Night"), atLeast(entryWidth(c.night, "2019-03-05"), c.night),
		c.showBtn, c.cancelBtn, c.follow)
	top := container.NewVBox(form, c.status)
	// the quantities in a column beside the plot: the form stays one row
	// that fits a 1000-pixel window, and the plot keeps its height
	// (scrolled, so that the column never makes the window taller than a
	// laptop screen: TestWindowFitsALaptopScreen)
	side := container.NewVScroll(container.NewVBox(append([]fyne.CanvasObject{widget.NewLabel("Plot")}, quantities...)...))
	c.tab = container.NewTabItem("Conditions", container.NewBorder(top, nil, side, nil, c.plot))

	c.openBtn = widget.NewButton("Conditions", c.openForSelection)
	c.openBtn.Disable()
	c.columnsCheck = widget.NewCheck("Conditions columns", func(bool) { c.columnsWanted() })
	c.seeingBelow = widget.NewEntry()
	c.seeingBelow.SetPlaceHolder("any")
	c.seeingBelow.Validator = func(s string) error { _, _, err := conditionsctl.ParseSeeingLimit(s); return err }
	c.seeingBelow.OnChanged = func(string) { c.columnsWanted() }
	c.filterStatus = widget.NewLabel("")
	c.filterStatus.Truncation = fyne.TextTruncateEllipsis
	c.bar = container.NewBorder(nil, nil,
		container.NewHBox(c.openBtn, c.columnsCheck, widget.NewLabel("Seeing below"),
			atLeast(entryWidth(c.seeingBelow, "0.85"), c.seeingBelow), widget.NewLabel("″")),
		nil, c.filterStatus)

	// the remembered choices, once every widget exists
	c.site.SetSelected(p.StringWithFallback("conditions.site", conditions.Paranal.Title()))
	c.night.SetText(p.String("conditions.night"))
	qs, err := conditions.ParseQuantities(p.String("conditions.quantities"))
	if err != nil || len(qs) == 0 {
		qs = conditions.DefaultQuantities
	}
	for q, ch := range c.checks {
		ch.SetChecked(slices.Contains(qs, q))
	}
	c.follow.SetChecked(p.BoolWithFallback("conditions.follow", true))
	c.quantitiesChanged()

	c.render(c.ctl.Snapshot())
	c.unsubscribe = c.ctl.Subscribe(c.render)
	return c
}

// quantitiesChanged takes the ticked quantities and remembers them.
func (c *conditionsPanel) quantitiesChanged() {
	var qs []conditions.Quantity
	var names []string
	for _, q := range conditions.AllQuantities {
		if ch := c.checks[q]; ch != nil && ch.Checked {
			qs = append(qs, q)
			names = append(names, string(q))
		}
	}
	c.t.u.app.Preferences().SetString("conditions.quantities", strings.Join(names, ","))
	c.ctl.SetQuantities(qs)
}

// framesShown takes a new search's frames.
func (c *conditionsPanel) framesShown() {
	s := c.t.ctl.Snapshot()
	c.exps, _, _ = c.t.ctl.Exposures(nil)
	c.ids, c.table = nil, nil
	if s.Frames.Result != nil && s.Frames.Result.Table != nil {
		c.table = s.Frames.Result.Table
		c.ids = make([]string, c.table.NumRows())
		if i := c.table.FieldIndex("dp_id"); i >= 0 {
			for r := range c.ids {
				c.ids[r] = strings.TrimSpace(c.table.Columns[i].String(r))
			}
		}
	}
	c.ctl.ClearColumns()
	c.filterStatus.SetText("")
	c.columnsWanted()
}

// selected are the exposures of the selected frames.
func (c *conditionsPanel) selected() []conditions.Exposure {
	exps, _, _ := c.t.ctl.Exposures(c.t.ctl.Snapshot().Selected)
	return exps
}

// selectionChanged follows the Frames table's selection (when on) while
// the Conditions tab is on show; it catches up when the tab comes on show
// (tabShown), so clicking through frames fetches nothing for a hidden plot.
func (c *conditionsPanel) selectionChanged() {
	sel := c.t.ctl.Snapshot().Selected
	enableWhen(c.openBtn, len(sel) > 0)
	if len(sel) > 0 && c.t.inner.Selected() == c.tab {
		c.ctl.SelectionChanged(c.selected(), c.exps)
	}
}

// tabShown: the Conditions tab came on show.
func (c *conditionsPanel) tabShown() { c.selectionChanged() }

// openForSelection shows the selected frames' night in the Conditions tab
// (selected first: the fetch below supersedes the one following starts).
func (c *conditionsPanel) openForSelection() {
	c.t.inner.Select(c.tab)
	c.ctl.ShowFrames(c.selected(), c.exps)
}

// columnsWanted loads the per-frame conditions when the columns or the
// seeing filter need them, and shows what is loaded.
func (c *conditionsPanel) columnsWanted() {
	_, filter, _ := conditionsctl.ParseSeeingLimit(c.seeingBelow.Text)
	need := (c.columnsCheck.Checked || filter) && c.table != nil
	cols := c.ctl.Snapshot().Columns
	if need && cols.ByID == nil && !cols.Loading {
		c.ctl.LoadColumns(c.exps)
		return
	}
	c.applyColumns(cols)
}

// applyColumns shows the loaded conditions as columns and applies the
// seeing filter.
func (c *conditionsPanel) applyColumns(cols conditionsctl.Columns) {
	if c.table == nil {
		return
	}
	rt := c.t.results
	switch {
	case c.columnsCheck.Checked && cols.ByID != nil:
		rt.UpdateTable(c.withColumns(cols))
	case rt.Table() != c.table:
		rt.UpdateTable(c.table)
	}
	limit, on, err := conditionsctl.ParseSeeingLimit(c.seeingBelow.Text)
	switch {
	case err != nil:
		c.filterStatus.SetText(err.Error())
		rt.SetRowFilter(nil)
	case !on:
		rt.SetRowFilter(nil)
		if cols.Err == "" && !cols.Loading {
			c.filterStatus.SetText("")
		}
	case cols.ByID != nil:
		keep, f := conditionsctl.NewSeeingFilter(cols, c.ids, limit)
		rt.SetRowFilter(func(r int) bool { return r < len(keep) && keep[r] })
		c.filterStatus.SetText(f.Summary())
	}
}

// withColumns is the frames' table with each frame's median seeing, τ₀
// and PWV during its exposure (empty where there is none).
func (c *conditionsPanel) withColumns(cols conditionsctl.Columns) *votable.Table {
	fields := make([]votable.Field, len(conditionsctl.ColumnQuantities))
	for i, q := range conditionsctl.ColumnQuantities {
		fields[i] = votable.Field{Name: conditionsctl.ColumnName(q), Datatype: "double", Unit: q.UnitASCII(), // VOUnit, as exported
			Description: "median " + q.Title() + " during the exposure (ESO's ambient site monitor)"}
	}
	b := votable.NewTable(fields)
	cells := make([]string, len(fields))
	for _, id := range c.ids {
		for i, q := range conditionsctl.ColumnQuantities {
			cells[i] = ""
			if v, ok := cols.Median(id, q); ok {
				// to 0.001: a median of two DIMM samples (0.01″) ends in 5
				cells[i] = strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
			}
		}
		b.AppendRow(cells) // numbers as formatted: cannot fail
	}
	extra := b.Build()
	out := *c.table
	out.Fields = append(slices.Clone(c.table.Fields), extra.Fields...)
	out.Columns = append(slices.Clone(c.table.Columns), extra.Columns...)
	return &out
}

// render shows the controller's state.
func (c *conditionsPanel) render(s conditionsctl.State) {
	prev := c.shown
	c.shown = s
	c.status.SetText(s.Status)
	if s.Site != prev.Site && c.site.Selected != s.Site.Title() {
		c.site.SetSelected(s.Site.Title())
	}
	if s.Night != prev.Night && c.night.Text != s.Night && s.Night != "" {
		c.night.SetText(s.Night)
	}
	enableWhen(c.showBtn, !s.Loading)
	enableWhen(c.cancelBtn, s.Loading || s.Columns.Loading)
	if s.Seq != prev.Seq {
		c.showPlot(s)
	}
	switch {
	case s.Columns.Loading:
		c.filterStatus.SetText(columnsProgress(s.Columns))
	case s.Columns.Err != "" && s.Columns.Seq != prev.Columns.Seq:
		c.filterStatus.SetText("Could not load the conditions of the frames: " + s.Columns.Err)
	case s.Columns.Seq != prev.Columns.Seq && s.Columns.ByID != nil:
		c.applyColumns(s.Columns)
	}
}

func columnsProgress(cs conditionsctl.Columns) string {
	if cs.Total == 0 {
		return "Loading the conditions of the frames …"
	}
	return "Loading the conditions of the frames: " + strconv.Itoa(cs.Done) + " of " + strconv.Itoa(cs.Total) + " …"
}

// showPlot draws a new result, with the frames as bands.
func (c *conditionsPanel) showPlot(s conditionsctl.State) {
	if s.Result == nil {
		if s.Err != "" {
			c.plot.SetMessage("Could not fetch the conditions: " + s.Err)
		}
		return
	}
	opt := render.Options{Range: s.Result.Range, Title: s.Result.Site.Title()}
	for _, e := range s.Others {
		w := e.Window()
		opt.Bands = append(opt.Bands, render.Band{Start: w.Start, End: w.End})
	}
	for _, e := range s.Exposures {
		w := e.Window()
		opt.Bands = append(opt.Bands, render.Band{Start: w.Start, End: w.End, Label: bandLabel(e), Highlight: true})
	}
	if limit, on, err := conditionsctl.ParseSeeingLimit(c.seeingBelow.Text); on && err == nil {
		opt.Thresholds = map[conditions.Quantity]float64{conditions.Seeing: limit}
	}
	c.plotted = opt
	c.plot.SetSeries(s.Result.Series, opt)
}

// bandLabel is a frame's start time (UT), which tells frames of one night
// apart in little room.
func bandLabel(e conditions.Exposure) string {
	if e.Start.IsZero() || math.IsNaN(float64(e.Duration)) {
		return e.ID
	}
	return e.Start.UTC().Format("15:04")
}

func (c *conditionsPanel) close() {
	c.ctl.Close()
	c.unsubscribe()
}
