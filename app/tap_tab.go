package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/config"
	"esodesk/services/tap"
	"esodesk/widgets/resulttable"
	"esodesk/widgets/schemabrowser"
)

// Built-in service choices; custom URLs follow them in the picker.
const (
	svcESOObs    = "ESO observations (tap_obs)"
	svcESOCat    = "ESO catalogues (tap_cat)"
	svcASTRON    = "ASTRON VO (tap)"
	svcOtherItem = "Other TAP service…"
)

const (
	modeSync  = "Sync"
	modeAsync = "Async"
)

// tapTab is the TAP explorer: service picker, schema browser, ADQL editor,
// job panel and result table.
type tapTab struct {
	u       *UI
	content fyne.CanvasObject

	servicePick *widget.Select
	serviceInfo *widget.Label
	browser     *schemabrowser.Browser
	editor      *adqlEditor
	mode        *widget.RadioGroup
	maxrec      *widget.Entry
	runBtn      *widget.Button
	abortBtn    *widget.Button
	examplesBtn *widget.Button
	recentBtn   *widget.Button
	job         *jobPanel
	results     *resulttable.ResultTable

	recent     recentList
	customURLs recentList

	// State below is touched on the UI goroutine only.
	serviceName string // the picker's label of the current service
	serviceURL  string
	examples    []adqlExample // the service's own, then ours
	loadCancel  context.CancelFunc
	run         *queryRun // the query in progress, nil when idle

	// the details pane sits beside the results when their rows have links
	details      *detailsPane
	resultsArea  *fyne.Container
	resultsSplit *container.Split
}

func newTapTab(u *UI) *tapTab {
	p := u.app.Preferences()
	t := &tapTab{
		u:          u,
		recent:     recentList{p: p, key: "tap.recent_queries", max: 30},
		customURLs: recentList{p: p, key: "tap.custom_urls", max: 15},
	}
	t.build()
	u.onSettingsChanged(func(config.Settings) { t.selectService(t.serviceName) })

	if q := p.String("tap.editor"); q != "" {
		t.editor.SetText(q)
	}
	name := p.StringWithFallback("tap.service", svcESOObs)
	if t.urlFor(name) == "" {
		name = svcESOObs
	}
	t.servicePick.SetSelected(name) // loads tables and examples
	return t
}

func (t *tapTab) build() {
	p := t.u.app.Preferences()

	t.servicePick = widget.NewSelect(nil, t.selectService)
	t.refreshServiceOptions()
	t.serviceInfo = widget.NewLabel("")
	t.serviceInfo.Truncation = fyne.TextTruncateEllipsis

	t.browser = schemabrowser.New()
	t.browser.RunOnUI = t.u.do
	t.browser.OnInsert = func(text string) {
		t.editor.Insert(text)
		t.u.win.Canvas().Focus(t.editor)
	}
	t.browser.OnRetry = t.loadServiceMetadata

	t.editor = newADQLEditor(t.runQuery)
	t.editor.OnChanged = func(s string) { p.SetString("tap.editor", s) }

	t.mode = widget.NewRadioGroup([]string{modeSync, modeAsync}, func(m string) { p.SetString("tap.mode", m) })
	t.mode.Horizontal = true
	t.mode.Required = true
	t.mode.SetSelected(p.StringWithFallback("tap.mode", modeSync))

	t.maxrec = widget.NewEntry()
	t.maxrec.SetPlaceHolder("service default")
	t.maxrec.SetText(p.StringWithFallback("tap.maxrec", "10000"))
	t.maxrec.Validator = validateMaxRec
	t.maxrec.OnChanged = func(s string) { p.SetString("tap.maxrec", s) }

	t.runBtn = widget.NewButton("Run  (Ctrl+Enter)", t.runQuery)
	t.runBtn.Importance = widget.HighImportance
	t.abortBtn = widget.NewButton("Abort", t.abort)
	t.abortBtn.Disable()
	t.examplesBtn = widget.NewButton("Examples ▾", t.showExamplesMenu)
	t.recentBtn = widget.NewButton("Recent ▾", t.showRecentMenu)
	resume := widget.NewButton("Resume job…", t.askResumeJob)

	t.job = newJobPanel()
	t.job.abort = t.abortBtn

	t.results = resulttable.New(t.u.win)
	t.results.RunOnUI = t.u.do
	t.results.OnEditQuery = func(q string) {
		t.editor.SetText(q)
		t.u.win.Canvas().Focus(t.editor)
	}

	maxrecBox := container.NewBorder(nil, nil, widget.NewLabel("MAXREC"), nil, container.NewGridWrap(fyne.NewSize(110, t.maxrec.MinSize().Height), t.maxrec))
	controls := container.NewHBox(t.runBtn, t.mode, maxrecBox, t.examplesBtn, t.recentBtn, resume)
	editorPane := container.NewBorder(controls, t.job.content, nil, nil, t.editor)
	t.details = newDetailsPane(t.u, t.results.SelectRow, func(max int) []int {
		rows := make([]int, 0, max)
		for v := 0; v < t.results.VisibleRows() && v < max; v++ {
			rows = append(rows, t.results.ViewRow(v))
		}
		return rows
	})
	t.results.OnSelectionChanged = t.details.selectionChanged
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

func validateMaxRec(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return fmt.Errorf("MAXREC must be a whole number of rows (or empty for the service's default)")
	}
	return nil
}

// refreshServiceOptions lists the built-in services, the custom URLs the user
// added before, and the entry that adds another.
func (t *tapTab) refreshServiceOptions() {
	opts := []string{svcESOObs, svcESOCat, svcASTRON}
	opts = append(opts, t.customURLs.Items()...)
	opts = append(opts, svcOtherItem)
	t.servicePick.SetOptions(opts)
}

// urlFor maps a picker label to its URL ("" for none).
func (t *tapTab) urlFor(name string) string {
	s := t.u.settings
	switch name {
	case svcESOObs:
		return s.TapObs
	case svcESOCat:
		return s.TapCat
	case svcASTRON:
		return s.TapAstron
	case svcOtherItem, "":
		return ""
	}
	if config.Validate(name) == nil {
		return name
	}
	return ""
}

func (t *tapTab) selectService(name string) {
	if name == svcOtherItem {
		t.askCustomURL()
		return
	}
	url := t.urlFor(name)
	if url == "" {
		return
	}
	t.serviceName, t.serviceURL = name, url
	t.u.app.Preferences().SetString("tap.service", name)
	t.loadServiceMetadata()
}

func (t *tapTab) askCustomURL() {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("https://example.org/tap")
	entry.Validator = func(s string) error { return config.Validate(s) }
	dialog.ShowForm("Other TAP service", "Use", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("TAP base URL", entry)},
		func(ok bool) {
			if !ok || config.Validate(entry.Text) != nil {
				t.servicePick.SetSelected(t.serviceName) // back to the previous choice
				return
			}
			url := strings.TrimRight(strings.TrimSpace(entry.Text), "/")
			t.customURLs.Add(url)
			t.refreshServiceOptions()
			t.servicePick.SetSelected(url)
		}, t.u.win)
}

// tapService is the client for the current service.
func (t *tapTab) tapService() *tap.Service { return tap.New(t.serviceURL, t.u.http) }

// loadServiceMetadata fetches tables, examples, capabilities and availability
// of the current service in the background; a newer call cancels an older one.
func (t *tapTab) loadServiceMetadata() {
	if t.loadCancel != nil {
		t.loadCancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.loadCancel = cancel
	svc, url, name := t.tapService(), t.serviceURL, t.serviceName
	t.browser.SetLoading("Loading tables from " + url + " …")
	t.serviceInfo.SetText(url)
	t.examples = ourExamplesFor(name)

	go func() {
		set, err := svc.Tables(ctx)
		if ctx.Err() != nil {
			return
		}
		t.u.do(func() {
			if err != nil {
				t.browser.SetError(fmt.Sprintf("Could not read the tables of %s: %v", url, err))
				return
			}
			t.browser.SetSchemas(browserModel(set))
		})
	}()
	go func() {
		info := describeService(ctx, svc, url)
		if ctx.Err() != nil {
			return
		}
		t.u.do(func() { t.serviceInfo.SetText(info) })
	}()
	go func() {
		ex, err := svc.Examples(ctx)
		if ctx.Err() != nil || err != nil {
			return // examples are optional: many services have none
		}
		t.u.do(func() {
			t.examples = append(fromTapExamples(ex), ourExamplesFor(name)...)
		})
	}()
}

// describeService summarises availability and row limits for the header line.
func describeService(ctx context.Context, svc *tap.Service, url string) string {
	parts := []string{url}
	if av, err := svc.Availability(ctx); err == nil && !av.Available {
		note := strings.Join(av.Notes, " ")
		if note == "" {
			note = "the service says it is not available"
		}
		parts = append(parts, "⚠ "+note)
	}
	if caps, err := svc.Capabilities(ctx); err == nil {
		if l := caps.OutputLimit; l.Default > 0 || l.Hard > 0 {
			parts = append(parts, fmt.Sprintf("row limit: default %s, max %s", rowCount(l.Default), rowCount(l.Hard)))
		}
	}
	return strings.Join(parts, " · ")
}

func rowCount(n int64) string {
	if n <= 0 {
		return "none"
	}
	return strconv.FormatInt(n, 10)
}

func ourExamplesFor(service string) []adqlExample {
	switch service {
	case svcESOObs:
		return esoObsExamples
	case svcESOCat:
		return esoCatExamples
	}
	return nil
}

func fromTapExamples(ex []tap.Example) []adqlExample {
	out := make([]adqlExample, 0, len(ex))
	for _, e := range ex {
		if strings.TrimSpace(e.Query) == "" {
			continue
		}
		out = append(out, adqlExample{Name: e.Name, Query: e.Query})
	}
	return out
}

func (t *tapTab) showExamplesMenu() {
	if len(t.examples) == 0 {
		dialog.ShowInformation("Examples", "This service publishes no examples.", t.u.win)
		return
	}
	items := make([]*fyne.MenuItem, 0, len(t.examples))
	for _, ex := range t.examples {
		ex := ex
		items = append(items, fyne.NewMenuItem(ex.Name, func() {
			t.editor.SetText(ex.Query)
			t.u.win.Canvas().Focus(t.editor)
		}))
	}
	t.popUpMenu(items, t.examplesBtn)
}

func (t *tapTab) showRecentMenu() {
	var items []*fyne.MenuItem
	for _, q := range t.recent.Items() {
		q := q
		label := strings.Join(strings.Fields(q), " ")
		if len([]rune(label)) > 90 {
			label = string([]rune(label)[:89]) + "…"
		}
		items = append(items, fyne.NewMenuItem(label, func() { t.editor.SetText(q) }))
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

func (t *tapTab) runMenuItem() *fyne.MenuItem {
	return fyne.NewMenuItem("Run query (Ctrl+Enter)", t.runQuery)
}

func (t *tapTab) abortMenuItem() *fyne.MenuItem {
	return fyne.NewMenuItem("Abort (Esc)", t.abort)
}

func (t *tapTab) addShortcuts(c fyne.Canvas) {
	onTAP := func(f func()) func(fyne.Shortcut) {
		return func(fyne.Shortcut) {
			if t.u.currentTab() == "TAP" {
				f()
			}
		}
	}
	for _, mod := range []fyne.KeyModifier{fyne.KeyModifierControl, fyne.KeyModifierSuper} {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: mod}, onTAP(t.runQuery))
		c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: mod}, onTAP(func() { c.Focus(t.editor) }))
		c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: mod}, onTAP(t.results.FocusFilter))
	}
}

// close stops background work when the window closes.
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

func (t *tapTab) close() {
	t.details.close()
	if t.loadCancel != nil {
		t.loadCancel()
	}
	if t.run != nil {
		t.abort()
	}
}

func (t *tapTab) maxRec() int {
	n, _ := strconv.Atoi(strings.TrimSpace(t.maxrec.Text))
	return n
}

// askResumeJob asks for an async job to follow: the service's job list
// (loaded in the background) or any job URL pasted in.
func (t *tapTab) askResumeJob() {
	entry := widget.NewEntry()
	entry.SetPlaceHolder(t.serviceURL + "/async/<job id>")
	entry.Validator = func(s string) error { return config.Validate(s) }
	jobs := widget.NewSelect(nil, nil)
	jobs.PlaceHolder = "Loading the service's jobs…"
	jobs.Disable()
	var hrefs map[string]string
	jobs.OnChanged = func(label string) {
		if h := hrefs[label]; h != "" {
			entry.SetText(h)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	svc := t.tapService()
	go func() {
		refs, err := svc.ListJobs(ctx)
		t.u.do(func() {
			switch {
			case err != nil:
				jobs.PlaceHolder = "Could not list jobs: paste a job URL below"
			case len(refs) == 0:
				jobs.PlaceHolder = "The service lists no jobs for you: paste a job URL below"
			default:
				hrefs = map[string]string{}
				var labels []string
				for _, r := range refs {
					label := r.ID + " · " + string(r.Phase)
					if !r.CreationTime.IsZero() {
						label += " · " + r.CreationTime.Local().Format("2006-01-02 15:04")
					}
					hrefs[label] = r.Href
					labels = append(labels, label)
				}
				jobs.SetOptions(labels)
				jobs.PlaceHolder = fmt.Sprintf("%d jobs: pick one", len(refs))
				jobs.Enable()
			}
			jobs.Refresh()
		})
	}()
	dialog.ShowForm("Resume an async job", "Resume", "Cancel",
		[]*widget.FormItem{
			widget.NewFormItem("Jobs", jobs),
			widget.NewFormItem("Job URL", entry),
		},
		func(ok bool) {
			cancel()
			if ok && config.Validate(entry.Text) == nil {
				t.resumeJob(strings.TrimSpace(entry.Text))
			}
		}, t.u.win)
}

// jobPanel shows the state of the query in progress: phase, elapsed time,
// rows received, the async job's URL and the Abort button.
type jobPanel struct {
	content fyne.CanvasObject
	phase   *widget.Label
	elapsed *widget.Label
	rows    *widget.Label
	jobURL  *widget.Hyperlink
	busy    *widget.ProgressBarInfinite
	abort   *widget.Button
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

func (j *jobPanel) start(phase string) {
	j.phase.SetText(phase)
	j.elapsed.SetText("0.0 s")
	j.rows.SetText("")
	j.jobURL.SetText("")
	j.jobURL.SetURL(nil)
	j.busy.Show()
	j.busy.Start()
	j.abort.Enable()
}

func (j *jobPanel) finish(phase string, elapsed time.Duration) {
	j.phase.SetText(phase)
	j.elapsed.SetText(formatElapsed(elapsed))
	j.busy.Stop()
	j.busy.Hide()
	j.abort.Disable()
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
	if t.serviceName != service && t.urlFor(service) != "" {
		t.servicePick.SetSelected(service)
	}
	t.editor.SetText(adql)
}
