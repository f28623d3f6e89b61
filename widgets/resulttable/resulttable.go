// Package resulttable is the table widget every tab uses to show a VOTable:
// virtualised (a million rows scroll smoothly), sortable by clicking a header,
// filterable, with multi-row selection, copy to the clipboard, column
// show/hide and export of the current view.
//
// All methods must be called on the UI goroutine (Fyne callbacks, or the runner New was given).
// Sorting and filtering run on background goroutines and are applied through
// the runner; a newer request cancels an older one.
package resulttable

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/votable"
)

// Info says where a table came from; it drives the banners and status line.
type Info struct {
	Overflow bool          // the service stopped at MAXREC (QUERY_STATUS OVERFLOW)
	MaxRec   int           // the MAXREC that was asked for, 0 if none
	Query    string        // the query text, kept so that it can be edited
	Service  string        // a short name of the service, shown in the status line
	Elapsed  time.Duration // how long the query took, 0 if unknown
}

// ResultTable shows one *votable.Table. Create it with New.
type ResultTable struct {
	widget.BaseWidget

	// OnEditQuery is called with the failed query when the user presses
	// "Edit query" on the error banner.
	OnEditQuery func(query string)
	// OnSelectionChanged is called with the selected model rows (ascending)
	// whenever the selection changes.
	OnSelectionChanged func(rows []int)
	// OnRowActivated is called with a model row on double click or Enter.
	OnRowActivated func(row int)
	// MenuItems, when set, adds items (after a separator) to a data cell's
	// context menu, for actions the table does not know, such as "Send to ▸"
	// submenus. It is called each time the menu opens, with the selected
	// model rows (ascending); nil or no items adds nothing.
	MenuItems func(rows []int) []*fyne.MenuItem
	// run hands background results to the UI goroutine: the app's bridge
	// (never Fyne's Do directly), a test's runner in tests.
	run func(func())

	win fyne.Window

	table   *votable.Table
	info    Info
	numeric []bool    // per model column: sorted by Float rather than String
	widths  []float32 // per model column: estimated width
	// per model column: the longest sampled value, in characters; numbers
	// are right-aligned within this many from the cell's left edge
	valueRunes []int
	visible    []bool // per model column
	visCols    []int  // view column -> model column

	sortCol    int // model column, -1 for model order
	sortAsc    bool
	filterText string
	keep       func(modelRow int) bool // SetRowFilter's; nil: every row
	keepGen    int                     // counts SetRowFilter calls: a new filter is a new filterKey

	// Result of the last applied job; the slices are never modified in place.
	order    []int32
	orderKey sortKey
	mask     []bool
	maskKey  filterKey
	hasState bool
	view     []int32 // nil: every row in model order
	viewLen  int

	sel        rowSet
	anchor     int // view row where a Shift-extension starts, -1 if none
	cursor     widget.TableCellID
	focused    bool
	shiftDown  bool
	mouseTaken bool // a MouseDown already handled the click that Tapped reports
	lastClick  time.Time
	lastRow    int

	gen    atomic.Uint64 // number of the newest job; older ones are dropped
	cancel context.CancelFunc
	busy   sync.WaitGroup // background jobs not yet applied (for WaitIdle)

	lastMenu             *fyne.Menu // the context menu shown last (tests read it)
	errMessage, errQuery string
	debounce             stopper

	grid          *widget.Table
	filterEntry   *widget.Entry
	countLabel    *widget.Label
	infoLabel     *widget.Label
	activity      *widget.Activity
	columnsButton *widget.Button
	exportButton  *widget.Button
	overflow      *banner
	errBanner     *banner
	emptyHint     *widget.Label
	toolbar, top  *fyne.Container
	content       *fyne.Container
}

// New makes an empty result table. win is used for dialogs (columns, export,
// errors) and must be the window the table is shown in.
func New(win fyne.Window, run func(func())) *ResultTable {
	rt := &ResultTable{win: win, sortCol: -1, sortAsc: true, anchor: -1, lastRow: -1, run: run}
	rt.ExtendBaseWidget(rt)
	rt.build()
	rt.showState()
	return rt
}

// CreateRenderer is part of fyne.Widget.
func (rt *ResultTable) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(rt.content)
}

func (rt *ResultTable) build() {
	rt.grid = widget.NewTable(rt.length, rt.createCell, rt.updateCell)
	rt.grid.ShowHeaderRow = true
	rt.grid.ShowHeaderColumn = true
	rt.grid.CreateHeader = rt.createHeader
	rt.grid.UpdateHeader = rt.updateHeader

	rt.filterEntry = widget.NewEntry()
	rt.filterEntry.SetPlaceHolder("Filter rows (any visible column)")
	rt.filterEntry.OnChanged = rt.filterTyped
	// status in the caption size: the filter box and the buttons keep the
	// room of a narrow table beside the details pane
	rt.countLabel = widget.NewLabel("")
	rt.countLabel.Truncation = fyne.TextTruncateEllipsis
	rt.countLabel.SizeName = theme.SizeNameCaptionText
	rt.infoLabel = widget.NewLabel("")
	rt.infoLabel.Importance = widget.LowImportance
	rt.infoLabel.Truncation = fyne.TextTruncateEllipsis
	rt.infoLabel.SizeName = theme.SizeNameCaptionText
	rt.activity = widget.NewActivity()
	rt.activity.Hide()
	rt.columnsButton = widget.NewButtonWithIcon("Columns", infoIcon(), rt.ShowColumnsDialog)
	rt.exportButton = widget.NewButtonWithIcon("Export", saveIcon(), rt.showExportMenu)
	filter := container.New(&filterRow{entry: rt.filterEntry, status: []fyne.CanvasObject{rt.activity, rt.countLabel, rt.infoLabel}, cut: rt.countLabel},
		rt.filterEntry, rt.activity, rt.countLabel, rt.infoLabel)
	rt.toolbar = container.NewBorder(nil, nil, nil, container.NewHBox(rt.columnsButton, rt.exportButton), filter)

	rt.overflow = newBanner(warningBanner, nil)
	edit := widget.NewButton("Edit query", func() {
		if rt.OnEditQuery != nil {
			rt.OnEditQuery(rt.errQuery)
		}
	})
	rt.errBanner = newBanner(errorBanner, edit)
	rt.emptyHint = widget.NewLabel("Run a query to see results here")
	rt.emptyHint.Alignment = fyne.TextAlignCenter

	rt.top = container.NewVBox(rt.toolbar, rt.overflow, rt.errBanner)
	rt.content = container.NewBorder(rt.top, nil, nil, nil,
		container.NewStack(rt.grid, container.NewCenter(rt.emptyHint)))
}

// SetTable shows t (nil clears) with its provenance. Sort, filter and
// selection start afresh; all columns are shown.
func (rt *ResultTable) SetTable(t *votable.Table, info Info) {
	rt.stopJobs()
	rt.table, rt.info, rt.errMessage, rt.errQuery = t, info, "", ""
	rt.sortCol, rt.sortAsc, rt.filterText = -1, true, ""
	rt.keep = nil
	rt.order, rt.mask, rt.view, rt.hasState = nil, nil, nil, false
	rt.numeric, rt.widths, rt.valueRunes, rt.visible, rt.visCols = nil, nil, nil, nil, nil
	if t != nil {
		rt.numeric = numericColumns(t)
		rt.widths, rt.valueRunes = estimateWidths(t)
		rt.visible = make([]bool, len(t.Fields))
		for i := range rt.visible {
			rt.visible[i] = true
		}
	}
	rt.viewLen = t.NumRows()
	rt.rebuildVisibleColumns()
	hadSelection := rt.sel.count > 0
	rt.sel = newRowSet(t.NumRows())
	rt.anchor, rt.cursor = -1, widget.TableCellID{}
	rt.setEntryText("")
	rt.applyRowHeaderWidth()
	rt.showState()
	rt.grid.Refresh()
	rt.grid.ScrollToTop()
	rt.grid.ScrollToLeading()
	if hadSelection {
		rt.selectionChanged()
	}
}

// ShowError replaces the table with an error banner carrying the service's
// message; query is kept for the "Edit query" button (OnEditQuery).
func (rt *ResultTable) ShowError(message, query string) {
	rt.SetTable(nil, Info{Query: query})
	rt.errMessage, rt.errQuery = message, query
	rt.showState()
}

// Clear removes the table and any banner, back to the empty-state hint.
func (rt *ResultTable) Clear() { rt.SetTable(nil, Info{}) }

// Table returns the table shown, nil if none.
func (rt *ResultTable) Table() *votable.Table { return rt.table }

// Info returns what SetTable was given.
func (rt *ResultTable) Info() Info { return rt.info }

// VisibleRows is the number of rows in the current view (after filtering).
func (rt *ResultTable) VisibleRows() int { return rt.viewLen }

// SelectedRows lists the selected model rows in increasing order.
func (rt *ResultTable) SelectedRows() []int { return rt.sel.rows() }

// ViewRow maps a row of the view (as displayed) to its model row.
func (rt *ResultTable) ViewRow(viewRow int) int { return rt.modelRow(viewRow) }

// WaitIdle blocks until every background sort, filter and copy has been
// applied. For tests and benchmarks only: on a real driver it must not be
// called from the UI goroutine (the jobs finish through the runner).
func (rt *ResultTable) WaitIdle() { rt.busy.Wait() }

func (rt *ResultTable) modelRow(viewRow int) int {
	if rt.view != nil {
		return int(rt.view[viewRow])
	}
	return viewRow
}

func (rt *ResultTable) length() (int, int) { return rt.viewLen, len(rt.visCols) }

func (rt *ResultTable) rebuildVisibleColumns() {
	rt.visCols = rt.visCols[:0]
	for c, v := range rt.visible {
		if v {
			rt.visCols = append(rt.visCols, c)
		}
	}
	for vc, c := range rt.visCols {
		rt.grid.SetColumnWidth(vc, rt.widths[c])
	}
	if rt.cursor.Col >= len(rt.visCols) {
		rt.cursor.Col = max(0, len(rt.visCols)-1)
	}
}

// showState shows the banners, hint, toolbar state and counts for the
// current table/error.
func (rt *ResultTable) showState() {
	hasTable := rt.table != nil
	switch {
	case hasTable && rt.info.Overflow:
		rt.overflow.SetText(overflowText(rt.table.NumRows(), rt.info.MaxRec))
		rt.overflow.Show()
	default:
		rt.overflow.Hide()
	}
	if rt.errMessage != "" || rt.errQuery != "" {
		rt.errBanner.SetText(errorText(rt.errMessage, rt.errQuery))
		rt.errBanner.setActionVisible(rt.errQuery != "")
		rt.errBanner.Show()
	} else {
		rt.errBanner.Hide()
	}
	if hasTable {
		rt.emptyHint.Hide()
		rt.grid.Show()
		rt.filterEntry.Enable()
		rt.columnsButton.Enable()
		rt.exportButton.Enable()
	} else {
		rt.grid.Hide()
		if rt.errBanner.Visible() {
			rt.emptyHint.Hide()
		} else {
			rt.emptyHint.Show()
		}
		rt.filterEntry.Disable()
		rt.columnsButton.Disable()
		rt.exportButton.Disable()
	}
	rt.infoLabel.SetText(provenanceText(rt.info, hasTable))
	rt.updateCount()
	rt.content.Refresh() // banners appeared or went: lay out again
}

func (rt *ResultTable) updateCount() {
	if text := countText(rt.table, rt.viewLen, rt.sel.count); text != rt.countLabel.Text {
		rt.countLabel.SetText(text)
		rt.toolbar.Refresh() // the label's width changed
	}
}

// stopJobs cancels any running job; its result will be dropped.
func (rt *ResultTable) stopJobs() {
	rt.gen.Add(1)
	if rt.cancel != nil {
		rt.cancel()
		rt.cancel = nil
	}
	if rt.debounce != nil {
		rt.debounce.Stop()
	}
	rt.setBusy(false)
}

// setBusy shows the activity while a sort or filter runs.
func (rt *ResultTable) setBusy(on bool) {
	if on == rt.activity.Visible() {
		return
	}
	if on {
		rt.activity.Show()
		rt.activity.Start()
	} else {
		rt.activity.Stop()
		rt.activity.Hide()
	}
	rt.toolbar.Refresh() // it takes or gives back room beside the filter
}

// filterTyped reacts to typing: the filter is applied after a short pause.
func (rt *ResultTable) filterTyped(text string) {
	if rt.debounce != nil {
		rt.debounce.Stop()
	}
	rt.debounce = afterFunc(filterPause, func() {
		rt.run(func() { rt.SetFilter(text) })
	})
}

// SetFilter shows only rows where some visible cell contains text, ignoring
// case ("" shows all). Filtering runs in the background; the selection is
// cleared when the filter changes.
func (rt *ResultTable) SetFilter(text string) {
	if rt.debounce != nil {
		rt.debounce.Stop() // a pending typed filter is overtaken
	}
	if rt.table == nil || text == rt.filterText {
		return
	}
	rt.filterText = text
	rt.setEntryText(text)
	rt.recompute()
}

// SetEmptyText replaces the hint shown before any table ("Run a query to see
// results here"), so each tab can say what fills it.
func (rt *ResultTable) SetEmptyText(text string) { rt.emptyHint.SetText(text) }

// FocusFilter puts the keyboard focus in the filter box (Ctrl+F in the app).
func (rt *ResultTable) FocusFilter() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(rt.filterEntry); c != nil && !rt.filterEntry.Disabled() {
		c.Focus(rt.filterEntry)
	}
}

// setEntryText shows text in the filter box without it counting as typing.
func (rt *ResultTable) setEntryText(text string) {
	if rt.filterEntry.Text == text {
		return
	}
	typed := rt.filterEntry.OnChanged
	rt.filterEntry.OnChanged = nil
	rt.filterEntry.SetText(text)
	rt.filterEntry.OnChanged = typed
}

// SortBy orders the rows by model column col (by number for numeric columns,
// by text otherwise; empty values last). col < 0 restores the service's order.
func (rt *ResultTable) SortBy(col int, ascending bool) {
	if rt.table == nil || col >= len(rt.table.Fields) {
		return
	}
	if col < 0 {
		col, ascending = -1, true
	}
	rt.sortCol, rt.sortAsc = col, ascending
	rt.grid.Refresh() // the header arrow shows the request at once
	rt.recompute()
}

// SetColumnVisible shows or hides model column col.
func (rt *ResultTable) SetColumnVisible(col int, visible bool) {
	if rt.table == nil || col < 0 || col >= len(rt.visible) || rt.visible[col] == visible {
		return
	}
	rt.visible[col] = visible
	rt.rebuildVisibleColumns()
	rt.grid.Refresh()
	if rt.filterText != "" {
		rt.recompute() // the filter searches visible columns only
	}
}

// ColumnVisible reports whether model column col is shown.
func (rt *ResultTable) ColumnVisible(col int) bool {
	return col >= 0 && col < len(rt.visible) && rt.visible[col]
}

// SortState returns the model column sorted by (-1 for none) and the direction.
func (rt *ResultTable) SortState() (col int, ascending bool) { return rt.sortCol, rt.sortAsc }

func (rt *ResultTable) toggleSort(viewCol int) {
	if viewCol < 0 || viewCol >= len(rt.visCols) {
		return
	}
	col := rt.visCols[viewCol]
	if col == rt.sortCol {
		rt.SortBy(col, !rt.sortAsc)
		return
	}
	rt.SortBy(col, true)
}

// testJobHook, when set by a test, runs at the start of every background job.
var testJobHook func()

// filterPause is how long typing must pause before the filter runs.
const filterPause = 250 * time.Millisecond

type stopper interface{ Stop() bool }

// afterFunc is time.AfterFunc; tests replace it to fire the debounce by hand.
var afterFunc = func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }

// recompute starts a background job for the current sort and filter,
// cancelling the previous one.
func (rt *ResultTable) recompute() {
	if rt.cancel != nil {
		rt.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	rt.cancel = cancel
	gen := rt.gen.Add(1)

	spec := viewSpec{
		table:   rt.table,
		numeric: rt.numeric,
		sort:    sortKey{col: rt.sortCol, ascending: rt.sortAsc},
		cols:    append([]int(nil), rt.visCols...),

		prevOrder: rt.order, prevSort: rt.orderKey,
		prevMask: rt.mask, prevFilter: rt.maskKey,
		hasPrevState: rt.hasState,
	}
	if spec.sort.col < 0 {
		spec.sort = sortKey{col: -1, ascending: true}
	}
	if rt.filterText != "" {
		spec.filter = filterKey{text: strings.ToLower(rt.filterText), cols: intsKey(rt.visCols)}
	}
	if rt.keep != nil {
		spec.keep, spec.filter.keep = rt.keep, rt.keepGen
	}

	rt.setBusy(true)
	rt.busy.Add(1)
	go func() {
		if hook := testJobHook; hook != nil {
			hook()
		}
		res, err := computeView(ctx, spec)
		rt.run(func() {
			defer rt.busy.Done()
			if err != nil || gen != rt.gen.Load() {
				return
			}
			cancel()
			rt.applyView(res)
		})
	}()
}

func (rt *ResultTable) applyView(res viewResult) {
	filterChanged := res.filter != rt.maskKey
	rt.order, rt.orderKey = res.order, res.sort
	rt.mask, rt.maskKey = res.mask, res.filter
	rt.view = res.view
	rt.hasState = true
	if rt.view == nil {
		rt.viewLen = rt.table.NumRows()
	} else {
		rt.viewLen = len(rt.view)
	}
	rt.anchor = -1
	rt.cursor.Row = 0
	rt.setBusy(false)
	hadSelection := rt.sel.count > 0
	if filterChanged {
		rt.sel.clear()
	}
	rt.grid.Refresh()
	rt.grid.ScrollToTop()
	rt.updateCount()
	if filterChanged && hadSelection {
		rt.selectionChanged()
	}
}

// SetRowFilter shows only the model rows for which keep holds, together
// with (AND) the text filter; nil shows every row again. keep runs on a
// background goroutine: it must only read data that no longer changes.
// As with the text filter, the selection is cleared when the view changes.
func (rt *ResultTable) SetRowFilter(keep func(modelRow int) bool) {
	if rt.keep == nil && keep == nil {
		return
	}
	rt.keep = keep
	rt.keepGen++
	if rt.table != nil {
		rt.recompute()
	}
}

// UpdateTable replaces the table on show by t, which holds the same rows in
// the same order, with columns added after the present ones (or the last
// ones removed): derived columns come and go without losing the user's
// place. Sort, filters, hidden columns and selection are kept (a sort by a
// removed column falls back to model order). Any other table goes through
// SetTable with the present Info.
func (rt *ResultTable) UpdateTable(t *votable.Table) {
	if rt.table == nil || t == nil || t.NumRows() != rt.table.NumRows() || !sameLeadingFields(rt.table, t) {
		rt.SetTable(t, rt.info)
		return
	}
	rt.stopJobs()
	old := rt.visible
	rt.table = t
	rt.numeric = numericColumns(t)
	rt.widths, rt.valueRunes = estimateWidths(t)
	rt.visible = make([]bool, len(t.Fields))
	for c := range rt.visible {
		rt.visible[c] = c >= len(old) || old[c]
	}
	rt.rebuildVisibleColumns()
	if rt.sortCol >= len(t.Fields) {
		rt.sortCol, rt.sortAsc = -1, true
	}
	// the last view still holds unless the sort changed, a job was stopped
	// before it applied, or the text filter may now match in new columns
	want := sortKey{col: rt.sortCol, ascending: rt.sortAsc}
	if want.col < 0 {
		want = sortKey{col: -1, ascending: true}
	}
	keepGen := 0
	if rt.keep != nil {
		keepGen = rt.keepGen
	}
	again := rt.filterText != "" ||
		(rt.hasState && (rt.orderKey != want || rt.maskKey.keep != keepGen)) ||
		(!rt.hasState && (want.col >= 0 || rt.keep != nil))
	rt.grid.Refresh()
	if again {
		rt.recompute()
	}
}

// sameLeadingFields reports whether b starts with a's fields, or a with b's.
func sameLeadingFields(a, b *votable.Table) bool {
	n := min(len(a.Fields), len(b.Fields))
	for i := 0; i < n; i++ {
		if a.Fields[i].Name != b.Fields[i].Name {
			return false
		}
	}
	return true
}
