package resulttable

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestEmptyStateHint(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, nil, Info{})
	if !rt.emptyHint.Visible() || rt.emptyHint.Text != "Run a query to see results here" {
		t.Fatalf("empty hint visible=%v text=%q", rt.emptyHint.Visible(), rt.emptyHint.Text)
	}
	if rt.grid.Visible() || rt.overflow.Visible() || rt.errBanner.Visible() {
		t.Fatal("grid or banners visible without a table")
	}
	if !rt.filterEntry.Disabled() || !rt.exportButton.Disabled() {
		t.Fatal("toolbar should be disabled without a table")
	}
}

func TestShowsRowsWithHeaders(t *testing.T) {
	test.NewTempApp(t)
	rt, w := newShown(t, starTable(), Info{Service: "testbed"})
	if rt.emptyHint.Visible() || !rt.grid.Visible() {
		t.Fatal("table not shown")
	}
	rows, cols := rt.grid.Length()
	if rows != 4 || cols != 4 || rt.VisibleRows() != 4 {
		t.Fatalf("grid is %dx%d, VisibleRows %d", rows, cols, rt.VisibleRows())
	}
	if got := columnTexts(rt, 0); !reflect.DeepEqual(got, []string{"beta Cen", "Alpha Cen", "Sirius", "gamma Vel"}) {
		t.Fatalf("name column %q", got)
	}
	if got := gridText(rt, 1, 3); got != "" {
		t.Fatalf("null magnitude shown as %q", got)
	}
	if got := headerOf(rt, 1).full; got != "ra [deg]" {
		t.Fatalf("header %q", got)
	}
	if got := headerOf(rt, 0).full; got != "name" {
		t.Fatalf("header %q", got)
	}
	if rt.countLabel.Text != "4 rows" {
		t.Fatalf("count %q", rt.countLabel.Text)
	}
	// The rendered tree holds cells for what is on screen, with the same text.
	on := renderedCells(w.Content())
	if c := on[widget.TableCellID{Row: 2, Col: 0}]; c == nil || c.full != "Sirius" || c.text.Text != "Sirius" {
		t.Fatalf("rendered cell (2,0): %+v", c)
	}
	// Numeric columns are right-aligned.
	if c := on[widget.TableCellID{Row: 0, Col: 1}]; c == nil || c.text.Alignment != fyne.TextAlignTrailing {
		t.Fatal("numeric cell not right-aligned")
	}
	for c := range 4 {
		if wd := rt.widths[c]; wd < minColumnWidth || wd > maxColumnWidth {
			t.Fatalf("column %d width %v out of bounds", c, wd)
		}
	}
}

func TestSortNumericAndStringNullsLast(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{})

	rt.SortBy(3, true)
	rt.WaitIdle()
	if got := columnTexts(rt, 3); !reflect.DeepEqual(got, []string{"-1.46", "0.6", "1.83", ""}) {
		t.Fatalf("mag ascending %q", got)
	}
	rt.SortBy(3, false)
	rt.WaitIdle()
	if got := columnTexts(rt, 3); !reflect.DeepEqual(got, []string{"1.83", "0.6", "-1.46", ""}) {
		t.Fatalf("mag descending %q", got)
	}
	// Numbers sort as numbers, not text: 101.29 < 122.38 < 210.96 < 219.9.
	rt.SortBy(1, true)
	rt.WaitIdle()
	if got := columnTexts(rt, 1); !reflect.DeepEqual(got, []string{"101.29", "122.38", "210.96", "219.9"}) {
		t.Fatalf("ra ascending %q", got)
	}
	// Strings ignore case.
	rt.SortBy(0, true)
	rt.WaitIdle()
	if got := columnTexts(rt, 0); !reflect.DeepEqual(got, []string{"Alpha Cen", "beta Cen", "gamma Vel", "Sirius"}) {
		t.Fatalf("name ascending %q", got)
	}
	rt.SortBy(0, false)
	rt.WaitIdle()
	if got := columnTexts(rt, 0); !reflect.DeepEqual(got, []string{"Sirius", "gamma Vel", "beta Cen", "Alpha Cen"}) {
		t.Fatalf("name descending %q", got)
	}
	// Row headers show the model row number.
	h := rt.grid.CreateHeader().(*headerCell)
	rt.grid.UpdateHeader(widget.TableCellID{Row: 0, Col: -1}, h)
	if h.full != "3" {
		t.Fatalf("row header of first sorted row %q, want 3 (Sirius)", h.full)
	}
	rt.SortBy(-1, true)
	rt.WaitIdle()
	if got := columnTexts(rt, 0); got[0] != "beta Cen" {
		t.Fatalf("original order not restored: %q", got)
	}
}

func TestHeaderTapTogglesSortAndShowsArrow(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{})
	h := headerOf(rt, 2)
	if h.arrow.Visible() {
		t.Fatal("arrow before sorting")
	}
	test.Tap(h)
	rt.WaitIdle()
	if col, asc := rt.SortState(); col != 2 || !asc {
		t.Fatalf("after one tap: col %d asc %v", col, asc)
	}
	h = headerOf(rt, 2)
	if !h.arrow.Visible() || h.arrow.Resource != theme.MoveUpIcon() {
		t.Fatal("ascending arrow not shown")
	}
	if got := columnTexts(rt, 2)[0]; got != "-60.83" {
		t.Fatalf("first dec %q", got)
	}
	test.Tap(h)
	rt.WaitIdle()
	if col, asc := rt.SortState(); col != 2 || asc {
		t.Fatalf("after two taps: col %d asc %v", col, asc)
	}
	if h = headerOf(rt, 2); h.arrow.Resource != theme.MoveDownIcon() {
		t.Fatal("descending arrow not shown")
	}
	if headerOf(rt, 1).arrow.Visible() {
		t.Fatal("arrow on an unsorted column")
	}
	if got := columnTexts(rt, 2)[0]; got != "-16.72" {
		t.Fatalf("first dec descending %q", got)
	}
}

func TestFilterAndCounts(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{})
	rt.SetFilter("CEN")
	rt.WaitIdle()
	if got := columnTexts(rt, 0); !reflect.DeepEqual(got, []string{"beta Cen", "Alpha Cen"}) {
		t.Fatalf("filtered %q", got)
	}
	if rt.countLabel.Text != "2 of 4 rows shown" || rt.VisibleRows() != 2 {
		t.Fatalf("count %q visible %d", rt.countLabel.Text, rt.VisibleRows())
	}
	if rt.filterEntry.Text != "CEN" {
		t.Fatalf("entry shows %q", rt.filterEntry.Text)
	}
	// Narrowing reuses the previous matches; the result must be the same as fresh.
	rt.SetFilter("alpha cen")
	rt.WaitIdle()
	if got := columnTexts(rt, 0); !reflect.DeepEqual(got, []string{"Alpha Cen"}) {
		t.Fatalf("narrowed %q", got)
	}
	// Numbers are matched by their text too, and sorting applies to the filtered view.
	rt.SetFilter("-60")
	rt.WaitIdle()
	rt.SortBy(1, false)
	rt.WaitIdle()
	if got := columnTexts(rt, 0); !reflect.DeepEqual(got, []string{"Alpha Cen", "beta Cen"}) {
		t.Fatalf("filtered+sorted %q", got)
	}
	rt.SetFilter("")
	rt.WaitIdle()
	if rt.VisibleRows() != 4 || rt.countLabel.Text != "4 rows" {
		t.Fatalf("after clearing: %d, %q", rt.VisibleRows(), rt.countLabel.Text)
	}
	rt.SetFilter("no such star")
	rt.WaitIdle()
	if rt.VisibleRows() != 0 || rt.countLabel.Text != "0 of 4 rows shown" {
		t.Fatalf("no match: %d, %q", rt.VisibleRows(), rt.countLabel.Text)
	}
}

func TestTypingInFilterBoxIsDebounced(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{})
	// Timers are faked so that the test controls when the pause ends.
	var timers []*fakeTimer
	afterFunc = func(d time.Duration, f func()) stopper {
		if d != filterPause {
			t.Errorf("pause %v", d)
		}
		timers = append(timers, &fakeTimer{f: f})
		return timers[len(timers)-1]
	}
	defer func() { afterFunc = func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) } }()

	test.Type(rt.filterEntry, "sirius")
	if rt.VisibleRows() != 4 || len(timers) != 6 {
		t.Fatalf("while typing: %d rows, %d timers", rt.VisibleRows(), len(timers))
	}
	for i, tm := range timers {
		if tm.stopped != (i < 5) {
			t.Fatalf("timer %d stopped=%v: each keystroke must restart the pause", i, tm.stopped)
		}
	}
	timers[5].f() // the pause ends
	rt.WaitIdle()
	if rt.VisibleRows() != 1 {
		t.Fatalf("%d rows after typing", rt.VisibleRows())
	}
	if got := gridText(rt, 0, 0); got != "Sirius" {
		t.Fatalf("typed filter shows %q", got)
	}
}

func TestHiddenColumnsAreNotShownNorSearched(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{})
	rt.SetColumnVisible(1, false)
	if _, cols := rt.grid.Length(); cols != 3 {
		t.Fatalf("%d columns after hiding one", cols)
	}
	if got := headerOf(rt, 1).full; got != "dec [deg]" {
		t.Fatalf("second visible column %q", got)
	}
	if rt.ColumnVisible(1) {
		t.Fatal("ColumnVisible(1) after hiding")
	}
	rt.SetFilter("219.9") // only in the hidden ra column
	rt.WaitIdle()
	if rt.VisibleRows() != 0 {
		t.Fatalf("hidden column searched: %d rows", rt.VisibleRows())
	}
	rt.SetColumnVisible(1, true)
	rt.WaitIdle()
	if rt.VisibleRows() != 1 || gridText(rt, 0, 1) != "219.9" {
		t.Fatalf("after showing again: %d rows", rt.VisibleRows())
	}
}

func mouseDown(c *dataCell, mod fyne.KeyModifier) {
	c.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: mod})
}

func TestRowSelectionClickCtrlShift(t *testing.T) {
	test.NewTempApp(t)
	rt, w := newShown(t, starTable(), Info{})
	var reported [][]int
	rt.OnSelectionChanged = func(rows []int) { reported = append(reported, rows) }
	on := renderedCells(w.Content())
	cell := func(r, c int) *dataCell {
		x := on[widget.TableCellID{Row: r, Col: c}]
		if x == nil {
			t.Fatalf("cell %d,%d not rendered", r, c)
		}
		return x
	}

	test.Tap(cell(1, 2)) // plain click
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{1}) {
		t.Fatalf("click: %v", got)
	}
	if w.Canvas().Focused() != rt {
		t.Fatal("click did not focus the table")
	}
	mouseDown(cell(3, 0), fyne.KeyModifierControl) // Ctrl+click adds
	test.Tap(cell(3, 0))
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{1, 3}) {
		t.Fatalf("ctrl-click: %v", got)
	}
	mouseDown(cell(1, 0), fyne.KeyModifierControl) // Ctrl+click again removes
	test.Tap(cell(1, 0))
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{3}) {
		t.Fatalf("ctrl-click toggle: %v", got)
	}
	mouseDown(cell(0, 0), fyne.KeyModifierShift) // Shift+click: range from the anchor (row 1)
	test.Tap(cell(0, 0))
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{0, 1}) {
		t.Fatalf("shift-click: %v", got)
	}
	if n := len(reported); n != 4 || !reflect.DeepEqual(reported[n-1], []int{0, 1}) {
		t.Fatalf("OnSelectionChanged calls %v", reported)
	}
	if rt.countLabel.Text != "4 rows, 2 selected" {
		t.Fatalf("count %q", rt.countLabel.Text)
	}
	// Selected rows are highlighted with the theme's selection colour.
	sel := rt.grid.Theme().Color(theme.ColorNameSelection, fyne.CurrentApp().Settings().ThemeVariant())
	if cell(0, 1).bg.FillColor != sel || cell(2, 1).bg.FillColor == sel {
		t.Fatal("selection highlight wrong")
	}

	// In a sorted view, Shift ranges follow the view and report model rows.
	rt.SortBy(1, true) // ra: rows 2,3,0,1
	rt.WaitIdle()
	rt.clickRow(0, 0)
	rt.clickRow(2, fyne.KeyModifierShift)
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{0, 2, 3}) {
		t.Fatalf("sorted shift range: %v", got)
	}
	// Ctrl+A selects every row; Escape clears.
	rt.TypedShortcut(&fyne.ShortcutSelectAll{})
	if len(rt.SelectedRows()) != 4 {
		t.Fatalf("select all: %v", rt.SelectedRows())
	}
	rt.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(rt.SelectedRows()) != 0 {
		t.Fatal("escape did not clear")
	}
}

func TestKeyboardMovesAndExtendsSelection(t *testing.T) {
	test.NewTempApp(t)
	rt, w := newShown(t, starTable(), Info{})
	w.Canvas().Focus(rt)
	rt.clickRow(0, 0)
	rt.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{1}) {
		t.Fatalf("down: %v", got)
	}
	rt.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	rt.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	rt.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	rt.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{1, 2, 3}) {
		t.Fatalf("shift+down: %v", got)
	}
	rt.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{0}) {
		t.Fatalf("home: %v", got)
	}
}

func TestRowActivationByEnterAndDoubleClick(t *testing.T) {
	test.NewTempApp(t)
	rt, w := newShown(t, starTable(), Info{})
	var activated []int
	rt.OnRowActivated = func(row int) { activated = append(activated, row) }
	rt.SortBy(1, true) // view row 0 is model row 2
	rt.WaitIdle()
	c := renderedCells(w.Content())[widget.TableCellID{Row: 0, Col: 0}]
	mouseDown(c, 0)
	test.Tap(c)
	mouseDown(c, 0)
	test.Tap(c)
	rt.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	rt.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !reflect.DeepEqual(activated, []int{2, 3}) {
		t.Fatalf("activated %v, want [2 3]", activated)
	}
}

func TestCopyToClipboard(t *testing.T) {
	a := test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{})
	rt.SortBy(1, true) // Sirius, gamma Vel, beta Cen, Alpha Cen
	rt.WaitIdle()
	rt.SetColumnVisible(2, false)
	rt.clickRow(0, 0)
	rt.clickRow(2, fyne.KeyModifierControl)
	want := "name\tra\tmag\nSirius\t101.29\t-1.46\nbeta Cen\t210.96\t0.6\n"
	if got := rt.CopySelection(); got != want {
		t.Fatalf("CopySelection:\n%q\nwant\n%q", got, want)
	}
	rt.TypedShortcut(&fyne.ShortcutCopy{Clipboard: a.Clipboard()})
	rt.WaitIdle()
	if got := a.Clipboard().Content(); got != want {
		t.Fatalf("clipboard after Ctrl+C: %q", got)
	}
	// With no rows selected, Ctrl+C copies the cursor cell.
	rt.ClearSelection()
	rt.cursor = widget.TableCellID{Row: 1, Col: 0}
	rt.TypedShortcut(&fyne.ShortcutCopy{Clipboard: a.Clipboard()})
	if got := a.Clipboard().Content(); got != "gamma Vel" {
		t.Fatalf("cell copy: %q", got)
	}
	// Copy column (context menu action) copies the view's values in order.
	rt.copyColumnToClipboard(1)
	rt.WaitIdle()
	if got := a.Clipboard().Content(); got != "101.29\n122.38\n210.96\n219.9\n" {
		t.Fatalf("column copy: %q", got)
	}
}

func TestContextMenuOnCell(t *testing.T) {
	a := test.NewTempApp(t)
	rt, w := newShown(t, starTable(), Info{})
	c := renderedCells(w.Content())[widget.TableCellID{Row: 2, Col: 0}]
	test.TapSecondary(c)
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{2}) {
		t.Fatalf("right-click did not select the row: %v", got)
	}
	if w.Canvas().Overlays().Top() == nil || rt.lastMenu == nil {
		t.Fatal("no context menu shown")
	}
	menu := rt.lastMenu
	var labels []string
	for _, it := range menu.Items {
		labels = append(labels, it.Label)
	}
	if labels[0] != "Copy cell" || labels[1] != "Copy rows (1)" || labels[2] != "Copy column “name”" {
		t.Fatalf("menu %q", labels)
	}
	menu.Items[0].Action()
	if got := a.Clipboard().Content(); got != "Sirius" {
		t.Fatalf("Copy cell gave %q", got)
	}
}

func TestOverflowBanner(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{Overflow: true, MaxRec: 4})
	want := "First 4 rows: the service cut the result at MAXREC=4. Raise MAXREC or narrow the query."
	if !rt.overflow.Visible() || rt.overflow.Text() != want {
		t.Fatalf("overflow banner visible=%v %q", rt.overflow.Visible(), rt.overflow.Text())
	}
	rt.SetTable(starTable(), Info{})
	if rt.overflow.Visible() {
		t.Fatal("overflow banner stays without overflow")
	}
	if got := overflowText(12345, 0); !strings.HasPrefix(got, "First 12,345 rows:") || !strings.Contains(got, "default row limit") {
		t.Errorf("overflow text without MAXREC: %q", got)
	}
	if got := overflowText(12345, 12345); !strings.HasPrefix(got, "First 12,345 rows:") || !strings.Contains(got, "MAXREC=12345.") {
		t.Fatalf("large overflow text %q", got)
	}
}

func TestErrorBannerAndEditQuery(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{})
	var edited []string
	rt.OnEditQuery = func(q string) { edited = append(edited, q) }
	query := "SELECT TOP 10 * FROM ivoa.obscor"
	rt.ShowError("Table ivoa.obscor does not exist", query)
	if !rt.errBanner.Visible() {
		t.Fatal("error banner hidden")
	}
	if got := rt.errBanner.Text(); !strings.Contains(got, "Table ivoa.obscor does not exist") || !strings.Contains(got, query) {
		t.Fatalf("error banner %q", got)
	}
	if rt.Table() != nil || rt.grid.Visible() || rt.emptyHint.Visible() {
		t.Fatal("table or hint still shown under an error")
	}
	test.Tap(rt.errBanner.action.(*widget.Button))
	if !reflect.DeepEqual(edited, []string{query}) {
		t.Fatalf("OnEditQuery got %q", edited)
	}
	rt.SetTable(starTable(), Info{})
	if rt.errBanner.Visible() {
		t.Fatal("error banner stays after a new table")
	}
	rt.ShowError("boom", "")
	rt.Clear()
	if rt.errBanner.Visible() || !rt.emptyHint.Visible() || rt.Table() != nil {
		t.Fatal("Clear did not return to the empty state")
	}
}

func TestExportCurrentView(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{})
	rt.SetColumnVisible(2, false)
	rt.SetFilter("cen")
	rt.WaitIdle()
	rt.SortBy(1, false)
	rt.WaitIdle()

	var buf bytes.Buffer
	if err := rt.ExportCSV(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"name", "ra", "mag"}, {"Alpha Cen", "219.9", ""}, {"beta Cen", "210.96", "0.6"}}
	if !reflect.DeepEqual(recs, want) {
		t.Fatalf("CSV %q", recs)
	}

	buf.Reset()
	if err := rt.ExportVOTable(&buf); err != nil {
		t.Fatal(err)
	}
	names, rows := readVOTable(t, buf.Bytes())
	if !reflect.DeepEqual(names, []string{"name", "ra", "mag"}) {
		t.Fatalf("VOTable fields %q", names)
	}
	if len(rows) != 2 || rows[0][0] != "Alpha Cen" || rows[1][1] != "210.96" || rows[1][2] != "0.6" {
		t.Fatalf("VOTable rows %q", rows)
	}

	rt.Clear()
	if err := rt.ExportCSV(&buf); !errors.Is(err, errNoTable) {
		t.Fatalf("export without table: %v", err)
	}
}

// readVOTable pulls FIELD names and TABLEDATA cells out of a VOTable with
// encoding/xml, independent of our own parser.
func readVOTable(t *testing.T, data []byte) (names []string, rows [][]string) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var row []string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "FIELD":
				for _, a := range e.Attr {
					if a.Name.Local == "name" {
						names = append(names, a.Value)
					}
				}
			case "TR":
				row = nil
			case "TD":
				text.Reset()
			}
		case xml.CharData:
			text.Write(e)
		case xml.EndElement:
			switch e.Name.Local {
			case "TD":
				row = append(row, text.String())
			case "TR":
				rows = append(rows, row)
			}
		}
	}
	return names, rows
}

func TestColumnsDialogListsMetadataAndHides(t *testing.T) {
	test.NewTempApp(t)
	rt, w := newShown(t, starTable(), Info{})
	rt.ShowColumnsDialog()
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("no dialog shown")
	}
	list := rt.columnsList().(*fyne.Container).Objects[0].(*widget.List)
	item := list.CreateItem()
	list.UpdateItem(1, item)
	row := item.(*fyne.Container)
	check := row.Objects[1].(*widget.Check)
	details := row.Objects[0].(*fyne.Container).Objects[0].(*widget.Label).Text
	if check.Text != "ra" || !check.Checked || !strings.Contains(details, "unit: deg") ||
		!strings.Contains(details, "UCD: pos.eq.ra;meta.main") || !strings.Contains(details, "type: double") {
		t.Fatalf("columns dialog row: %q %v %q", check.Text, check.Checked, details)
	}
	test.Tap(check)
	if rt.ColumnVisible(1) {
		t.Fatal("unchecking did not hide the column")
	}
	list.UpdateItem(0, item)
	if desc := row.Objects[0].(*fyne.Container).Objects[1].(*widget.Label).Text; desc != "Star name" {
		t.Fatalf("description %q", desc)
	}
}

func TestNewerJobSupersedesOlder(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{})
	release := make(chan struct{})
	var started atomic.Int32
	testJobHook = func() {
		if started.Add(1) == 1 { // only the first job waits
			<-release
		}
	}
	defer func() { testJobHook = nil }()
	rt.SetFilter("sirius") // blocked in the hook
	waitFor(t, func() bool { return started.Load() == 1 })
	rt.SetFilter("cen") // cancels the first
	close(release)
	rt.WaitIdle()
	if got := columnTexts(rt, 0); !reflect.DeepEqual(got, []string{"beta Cen", "Alpha Cen"}) {
		t.Fatalf("older job's result shown: %q", got)
	}
	if rt.activity.Visible() {
		t.Fatal("progress indicator still shown")
	}
}

func TestLowerAndFit(t *testing.T) {
	var b strings.Builder
	writeLower(&b, "Alpha CEN")
	writeLower(&b, "ÉTOILE")
	if b.String() != "alpha cenétoile" {
		t.Errorf("writeLower gave %q", b.String())
	}
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{{"abcdef", 6, "abcdef"}, {"abcdef", 4, "abc…"}, {"abcdef", 0, ""}, {"λμνξ", 4, "λμνξ"}, {"λμνξο", 3, "λμ…"}} {
		if got := fitRunes(c.s, c.n); got != c.want {
			t.Errorf("fitRunes(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
	if !couldBeNumberText("-1.5e+10") || couldBeNumberText("cen") {
		t.Error("couldBeNumberText")
	}
}
