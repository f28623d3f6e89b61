package app

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/tapctl"
	"esodesk/services/config"
	"esodesk/services/regtap"
	"esodesk/widgets/resulttable"
	"esodesk/widgets/schemabrowser"
)

// svcOtherItem and svcFindItem end the service picker: they ask for another
// service by its URL or find one in the VO registry.
const (
	svcOtherItem = "Other TAP service…"
	svcFindItem  = "Find services…"
)

// svcESOObs is the service other tabs hand their ADQL to.
const svcESOObs = tapctl.ESOObs

const (
	modeSync  = "Sync"
	modeAsync = "Async"
)

// tapTab is the TAP explorer: service picker, schema browser, ADQL editor,
// job panel and result table. It renders the state of its controller, ctl,
// and forwards the user's intents to it.
type tapTab struct {
	u       *UI
	ctl     *tapctl.Controller
	content fyne.CanvasObject

	servicePick *widget.Select
	serviceInfo *widget.Label
	browser     *schemabrowser.Browser
	editor      *adqlEditor
	mode        *widget.RadioGroup
	maxrec      *keyEntry
	runBtn      *widget.Button
	abortBtn    *widget.Button
	examplesBtn *widget.Button
	recentBtn   *widget.Button
	job         *jobPanel
	results     *resulttable.ResultTable

	// what was last rendered, so a state change re-applies only its part
	serviceName string // the picker's choice (the Raw tab's test reads it)
	schemaSeq   int
	resultSeq   int

	// the details pane sits beside the results when their rows have links
	details      *detailsPane
	resultsArea  *fyne.Container
	resultsSplit *container.Split
}

func newTapTab(u *UI) *tapTab {
	p := u.app.Preferences()
	t := &tapTab{u: u, ctl: tapctl.New(tapctl.Deps{HTTP: u.http, Settings: u.Settings, Prefs: prefStore{p}}, u.do)}
	t.build()
	t.render(t.ctl.Snapshot())
	t.ctl.Subscribe(t.render)
	u.onSettingsChanged(func(config.Settings) { t.ctl.SettingsChanged() })

	t.ctl.Restore() // loads tables and examples
	// the text left last time, or on the first run a query that runs as it is
	t.editor.SetText(p.StringWithFallback("tap.editor", tapctl.StarterQuery(t.ctl.Snapshot().Service.Name)))
	return t
}

func (t *tapTab) build() {
	p := t.u.app.Preferences()

	t.servicePick = widget.NewSelect(nil, t.selectService)
	t.serviceInfo = widget.NewLabel("")
	t.serviceInfo.Truncation = fyne.TextTruncateEllipsis

	t.browser = schemabrowser.New(t.u.do)
	t.browser.OnInsert = func(text string) {
		t.editor.Insert(text)
		t.u.win.Canvas().Focus(t.editor)
	}
	t.browser.OnRetry = t.ctl.Reload

	t.editor = newADQLEditor(t.runQuery, t.u.windowKey)
	t.editor.OnChanged = func(s string) { p.SetString("tap.editor", s) }

	t.mode = widget.NewRadioGroup([]string{modeSync, modeAsync}, func(m string) { p.SetString("tap.mode", m) })
	t.mode.Horizontal = true
	t.mode.Required = true
	t.mode.SetSelected(p.StringWithFallback("tap.mode", modeSync))

	t.maxrec = newKeyEntry(t.u.windowKey)
	t.maxrec.SetPlaceHolder("service default")
	t.maxrec.SetText(p.StringWithFallback("tap.maxrec", "10000"))
	t.maxrec.Validator = validateMaxRec
	t.maxrec.OnChanged = func(s string) { p.SetString("tap.maxrec", s) }

	t.runBtn = widget.NewButton("Run  (Ctrl+Enter)", t.runQuery)
	t.runBtn.Importance = widget.HighImportance
	t.abortBtn = widget.NewButton("Abort  (Esc)", t.abort)
	t.abortBtn.Importance = widget.DangerImportance
	t.abortBtn.Disable() // beside Run, in use while a query runs; never hidden, so the buttons stay put
	t.examplesBtn = widget.NewButton("Examples ▾", t.showExamplesMenu)
	t.recentBtn = widget.NewButton("Recent ▾", t.showRecentMenu)
	resume := widget.NewButton("Resume job…", t.askResumeJob)

	t.job = newJobPanel()

	t.results = resulttable.New(t.u.win, t.u.do)
	t.results.OnEditQuery = func(q string) {
		t.editor.SetText(q)
		t.u.win.Canvas().Focus(t.editor)
	}

	maxrecBox := container.NewBorder(nil, nil, widget.NewLabel("MAXREC"), nil, container.NewGridWrap(fyne.NewSize(110, t.maxrec.MinSize().Height), t.maxrec))
	controls := container.NewHBox(t.runBtn, t.abortBtn, t.mode, maxrecBox, t.examplesBtn, t.recentBtn, resume)
	editorPane := container.NewBorder(controls, t.job.content, nil, nil, t.editor)
	t.details = newDetailsPane(t.u, t.results.SelectRow, func(max int) []int {
		rows := make([]int, 0, max)
		for v := 0; v < t.results.VisibleRows() && v < max; v++ {
			rows = append(rows, t.results.ViewRow(v))
		}
		return rows
	})
	t.results.OnSelectionChanged = func(rows []int) { t.details.selectionChanged(rows); t.u.sky.sourceSelected(t.results, rows) }
	t.resultsSplit = container.NewHSplit(container.NewStack(), t.details.content)
	t.resultsSplit.Offset = 0.56
	t.resultsArea = container.NewStack(t.results)
	right := container.NewVSplit(editorPane, t.resultsArea)
	right.Offset = 0.34

	tablesHeader := widget.NewLabelWithStyle("Tables", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	left := container.NewBorder(tablesHeader, nil, nil, nil, t.browser)
	split := container.NewHSplit(left, right)
	split.Offset = 0.24

	top := container.NewBorder(nil, nil, widget.NewLabel("Service"), nil,
		container.NewGridWithColumns(2, t.servicePick, t.serviceInfo))
	t.content = container.NewBorder(top, nil, nil, nil, split)
}

// validateMaxRec checks a MAXREC entry (this tab's and the other tabs').
func validateMaxRec(s string) error {
	_, err := tapctl.ParseMaxRec(s)
	return err
}

// render shows the controller's state; it runs on the UI goroutine after
// every change, so it touches only what changed.
func (t *tapTab) render(s tapctl.State) {
	if opts := append(slices.Clone(s.Choices), svcOtherItem, svcFindItem); !slices.Equal(opts, t.servicePick.Options) {
		t.servicePick.SetOptions(opts)
	}
	if t.serviceName != s.Service.Name {
		t.serviceName = s.Service.Name
		t.servicePick.SetSelected(s.Service.Name) // its OnChanged is a no-op now
	}
	setLabel(t.serviceInfo, s.Header)

	if s.Schema.Seq != t.schemaSeq {
		t.schemaSeq = s.Schema.Seq
		switch {
		case s.Schema.Loading:
			t.browser.SetLoading(s.Schema.Message)
		case s.Schema.Tables != nil:
			t.browser.SetSchemas(browserModel(s.Schema.Tables))
		default:
			t.browser.SetError(s.Schema.Message)
		}
	}

	t.job.show(s.Run)
	if s.Run.Running {
		t.runBtn.Disable()
		t.abortBtn.Enable()
	} else {
		t.runBtn.Enable()
		t.abortBtn.Disable()
	}

	if s.Result.Seq != t.resultSeq {
		t.resultSeq = s.Result.Seq
		t.showOutcome(s.Result)
	}
}

// showOutcome puts a query's rows, or its error banner, in the result area.
func (t *tapTab) showOutcome(o tapctl.Outcome) {
	if o.Result == nil {
		t.results.ShowError(o.Error, o.Query)
		return
	}
	t.results.SetTable(o.Result.Table, resulttable.Info{
		Overflow: o.Overflow,
		MaxRec:   o.MaxRec,
		Query:    o.Query,
		Service:  o.ServiceURL,
		Elapsed:  o.Elapsed,
	})
	t.showDetails(t.details.setResult(o.Result.Document, o.Result.Table, o.ServiceURL))
}

func setLabel(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}

func (t *tapTab) selectService(name string) {
	switch name {
	case svcOtherItem:
		t.askCustomURL()
	case svcFindItem:
		t.findService()
	default:
		t.ctl.Select(name)
	}
}

// restorePick puts the picker back on the service in use, new or previous.
func (t *tapTab) restorePick() {
	if t.servicePick.Selected != t.serviceName {
		t.servicePick.SetSelected(t.serviceName)
	}
}

// findService picks a TAP service from the registry; it joins the picker
// as a URL typed in "Other TAP service…" does.
func (t *tapTab) findService() {
	t.restorePick()
	t.u.findService("Find TAP services", regtap.TypeTAP, func(url string) {
		if err := t.ctl.AddService(url); err != nil {
			dialog.ShowError(fmt.Errorf("The registry gives %q for this service, which is not a usable URL: %v", url, err), t.u.win)
		}
	})
}

func (t *tapTab) askCustomURL() {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("e.g. https://example.org/tap")
	t.u.askURL("Other TAP service", "Use", nil, widget.NewFormItem("TAP base URL", entry),
		func(url string) {
			_ = t.ctl.AddService(url) // askURL lets only a URL through
			t.restorePick()
		}, t.restorePick)
}

// runQuery runs the editor's query with the mode and MAXREC chosen. The
// focus goes to the editor, which passes Esc on: a widget clicked before
// (the Sync/Async buttons, say) would swallow it.
func (t *tapTab) runQuery() {
	t.ctl.Run(tapctl.Request{ADQL: t.editor.Text, MaxRec: t.maxrec.Text, Async: t.mode.Selected == modeAsync})
	if t.ctl.Snapshot().Run.Running {
		t.u.win.Canvas().Focus(t.editor)
	}
}

// abort stops the query in progress; an async job is aborted on the server.
func (t *tapTab) abort() { t.ctl.Abort() }

func (t *tapTab) showExamplesMenu() {
	examples := t.ctl.Snapshot().Examples
	if len(examples) == 0 {
		dialog.ShowInformation("Examples", "This service publishes no examples.", t.u.win)
		return
	}
	items := make([]*fyne.MenuItem, 0, len(examples))
	for _, ex := range examples {
		items = append(items, fyne.NewMenuItem(ex.Name, func() {
			t.editor.SetText(ex.Query)
			t.u.win.Canvas().Focus(t.editor)
		}))
	}
	t.popUpMenu(items, t.examplesBtn)
}

func (t *tapTab) showRecentMenu() {
	var items []*fyne.MenuItem
	for _, q := range t.ctl.Snapshot().Recent {
		label := strings.Join(strings.Fields(q), " ")
		if len([]rune(label)) > 90 {
			label = string([]rune(label)[:89]) + "…"
		}
		items = append(items, fyne.NewMenuItem(label, func() {
			t.editor.SetText(q)
			t.u.win.Canvas().Focus(t.editor) // as Examples does: Ctrl+Enter and Esc go on from here
		}))
	}
	if len(items) == 0 {
		items = append(items, fyne.NewMenuItem("(no queries run yet)", nil))
		items[0].Disabled = true
	}
	t.popUpMenu(items, t.recentBtn)
}

func (t *tapTab) popUpMenu(items []*fyne.MenuItem, under fyne.CanvasObject) {
	c := t.u.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(under)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos.Add(fyne.NewPos(0, under.Size().Height)))
}

// addShortcuts adds what the main menu's shortcuts leave out: the keypad's
// Enter, and Super for Ctrl (or the other way round on macOS). They reach
// the canvas only when the focused widget takes no shortcuts.
func (t *tapTab) addShortcuts(c fyne.Canvas) {
	u := t.u
	add := func(key fyne.KeyName, mod fyne.KeyModifier, f func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: mod}, func(fyne.Shortcut) { f() })
	}
	for _, mod := range []fyne.KeyModifier{fyne.KeyModifierControl, fyne.KeyModifierSuper} {
		add(fyne.KeyEnter, mod, u.onTAP(t.runQuery))
		add(fyne.KeyReturn, mod, u.onTAP(t.runQuery))
		add(fyne.KeyL, mod, u.focusEditor)
		add(fyne.KeyF, mod, u.focusFilter)
	}
}

// showDetails puts the details pane beside the results, or takes it away.
func (t *tapTab) showDetails(on bool) {
	if on {
		t.resultsSplit.Leading = t.results
		t.resultsArea.Objects = []fyne.CanvasObject{t.resultsSplit}
	} else {
		t.resultsArea.Objects = []fyne.CanvasObject{t.results}
	}
	t.resultsSplit.Refresh()
	t.resultsArea.Refresh()
}

// close stops background work when the window closes.
func (t *tapTab) close() {
	t.details.close()
	t.ctl.Close()
}

// askResumeJob asks for an async job to follow: the service's job list
// (loaded in the background) or any job URL pasted in.
func (t *tapTab) askResumeJob() {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("e.g. " + t.ctl.Snapshot().Service.URL + "/async/<job id>")
	jobs := widget.NewSelect(nil, nil)
	// not disabled while loading: the form would keep its label greyed out after
	jobs.PlaceHolder = "Loading the service's jobs…"
	urls := map[string]string{}
	jobs.OnChanged = func(label string) {
		if u := urls[label]; u != "" {
			entry.SetText(u)
		}
	}
	t.ctl.ListJobs(func(l tapctl.JobList) {
		var labels []string
		for _, j := range l.Jobs {
			urls[j.Label] = j.URL
			labels = append(labels, j.Label)
		}
		jobs.PlaceHolder = l.Note
		jobs.SetOptions(labels)
		jobs.Refresh()
	})
	t.u.askURL("Resume an async job", "Resume",
		[]*widget.FormItem{widget.NewFormItem("Jobs", jobs)}, widget.NewFormItem("Job URL", entry),
		func(url string) {
			t.ctl.StopListingJobs()
			t.ctl.Resume(url)
		}, t.ctl.StopListingJobs)
}

// jobPanel shows the state of the query in progress: phase, elapsed time,
// rows received and the async job's URL.
type jobPanel struct {
	content fyne.CanvasObject
	phase   *widget.Label
	elapsed *widget.Label
	rows    *widget.Label
	jobURL  *widget.Hyperlink
	url     string // the job URL on show
	busy    *widget.ProgressBarInfinite
}

func newJobPanel() *jobPanel {
	j := &jobPanel{
		phase:   widget.NewLabelWithStyle("Ready", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		elapsed: widget.NewLabel(""),
		rows:    widget.NewLabel(""),
		jobURL:  widget.NewHyperlink("", nil),
		busy:    widget.NewProgressBarInfinite(),
	}
	j.busy.Stop()
	j.busy.Hide()
	j.content = container.NewHBox(j.phase, j.elapsed, j.rows, j.jobURL, container.NewGridWrap(fyne.NewSize(160, 8), j.busy))
	return j
}

func (j *jobPanel) show(r tapctl.Run) {
	setLabel(j.phase, r.Phase)
	elapsed := ""
	if !r.Started.IsZero() {
		elapsed = formatElapsed(r.Elapsed)
	}
	setLabel(j.elapsed, elapsed)
	setLabel(j.rows, r.Rows)
	if r.JobURL != j.url {
		j.url = r.JobURL
		if r.JobURL == "" {
			j.jobURL.SetText("")
			j.jobURL.SetURL(nil)
		} else {
			j.jobURL.SetText("job")
			_ = j.jobURL.SetURLFromString(r.JobURL)
		}
	}
	if r.Running != j.busy.Visible() {
		if r.Running {
			j.busy.Show()
			j.busy.Start()
		} else {
			j.busy.Stop()
			j.busy.Hide()
		}
	}
}

func formatElapsed(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// showQuery puts adql in the editor with the named service selected (other
// tabs hand their queries over for editing).
func (t *tapTab) showQuery(service, adql string) {
	t.ctl.Select(service)
	t.editor.SetText(adql)
}
