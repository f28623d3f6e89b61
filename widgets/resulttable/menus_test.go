package resulttable

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func menuLabels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		if !it.IsSeparator {
			out = append(out, it.Label)
		}
	}
	return out
}

func menuItem(t *testing.T, m *fyne.Menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, it := range m.Items {
		if it.Label == label {
			return it
		}
	}
	t.Fatalf("no %q in %q", label, menuLabels(m))
	return nil
}

func TestHeaderContextMenuSortsHidesAndShowsInfo(t *testing.T) {
	test.NewTempApp(t)
	rt, w := newShown(t, starTable(), Info{})
	test.TapSecondary(headerOf(rt, 0))
	if rt.lastMenu == nil || w.Canvas().Overlays().Top() == nil {
		t.Fatal("no header menu")
	}
	menu := rt.lastMenu
	menuItem(t, menu, "Sort descending").Action()
	rt.WaitIdle()
	if col, asc := rt.SortState(); col != 0 || asc {
		t.Fatalf("sort state %d %v", col, asc)
	}
	w.Canvas().Overlays().Top().Hide()
	w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())

	menuItem(t, menu, "Column info…").Action()
	d := w.Canvas().Overlays().Top()
	if d == nil {
		t.Fatal("no info dialog")
	}
	if md := test.RenderObjectToMarkup(d); !strings.Contains(md, "meta.id;meta.main") || !strings.Contains(md, "Star name") {
		t.Fatal("column info dialog lacks UCD or description")
	}
	menuItem(t, menu, "Hide column").Action()
	if rt.ColumnVisible(0) {
		t.Fatal("Hide column did not hide")
	}
}

func TestRowHeaderClickSelectsRow(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{})
	h := rt.grid.CreateHeader().(*headerCell)
	rt.grid.UpdateHeader(widget.TableCellID{Row: 2, Col: -1}, h)
	test.Tap(h)
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{2}) {
		t.Fatalf("row header click selected %v", got)
	}
}

func TestFilterChangeClearsSelection(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{})
	var last []int
	calls := 0
	rt.OnSelectionChanged = func(rows []int) { last, calls = rows, calls+1 }
	rt.clickRow(0, 0)
	rt.SortBy(1, true) // sorting keeps the selection
	rt.WaitIdle()
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{0}) {
		t.Fatalf("after sort %v", got)
	}
	rt.SetFilter("cen")
	rt.WaitIdle()
	if len(rt.SelectedRows()) != 0 || calls != 2 || len(last) != 0 {
		t.Fatalf("after filter: selected %v, %d calls, last %v", rt.SelectedRows(), calls, last)
	}
}

func TestCellMenuAddsMenuItems(t *testing.T) {
	test.NewTempApp(t)
	rt, w := newShown(t, starTable(), Info{})
	var got [][]int
	var sent []int
	rt.MenuItems = func(rows []int) []*fyne.MenuItem {
		got = append(got, rows)
		send := fyne.NewMenuItem("Send to", nil)
		send.ChildMenu = fyne.NewMenu("", fyne.NewMenuItem("TOPCAT", func() { sent = rows }))
		return []*fyne.MenuItem{send}
	}
	rt.clickRow(0, 0)
	rt.clickRow(3, fyne.KeyModifierControl)
	test.TapSecondary(renderedCells(w.Content())[widget.TableCellID{Row: 3, Col: 1}])
	if w.Canvas().Overlays().Top() == nil || rt.lastMenu == nil {
		t.Fatal("no context menu shown")
	}
	items := rt.lastMenu.Items
	if n := len(items); n < 2 || !items[n-2].IsSeparator || items[n-1].Label != "Send to" {
		t.Fatalf("menu %q does not end with a separator and Send to", menuLabels(rt.lastMenu))
	}
	// Right-clicking inside the selection keeps it: both rows are sent.
	if !reflect.DeepEqual(got, [][]int{{0, 3}}) {
		t.Fatalf("MenuItems called with %v", got)
	}
	items[len(items)-1].ChildMenu.Items[0].Action()
	if !reflect.DeepEqual(sent, []int{0, 3}) {
		t.Fatalf("Send to TOPCAT sent %v", sent)
	}
	w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())

	// Right-clicking outside the selection selects that row first.
	test.TapSecondary(renderedCells(w.Content())[widget.TableCellID{Row: 1, Col: 0}])
	if len(got) != 2 || !reflect.DeepEqual(got[1], []int{1}) {
		t.Fatalf("MenuItems called with %v", got)
	}
	w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())

	// No items: the menu ends as before, without a separator.
	for _, f := range []func([]int) []*fyne.MenuItem{nil, func([]int) []*fyne.MenuItem { return nil }} {
		rt.MenuItems = f
		rt.showCellMenu(widget.TableCellID{Row: 1, Col: 0}, fyne.Position{})
		items := rt.lastMenu.Items
		if last := items[len(items)-1]; last.IsSeparator || last.Label != "Column info…" {
			t.Fatalf("menu without extra items ends with %q (separator %v)", last.Label, last.IsSeparator)
		}
		w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())
	}
}

func TestSelectModelRowsSortedAndFiltered(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, starTable(), Info{})
	var reported [][]int
	rt.OnSelectionChanged = func(rows []int) { reported = append(reported, rows) }

	rt.SortBy(1, true) // by ra: view rows are model rows 2, 3, 0, 1
	rt.WaitIdle()
	rt.SelectModelRows([]int{1, 3, 99, -1}) // out of range: left out
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{1, 3}) {
		t.Fatalf("selected %v, want [1 3]", got)
	}
	if len(reported) != 1 || !reflect.DeepEqual(reported[0], []int{1, 3}) {
		t.Fatalf("OnSelectionChanged got %v", reported)
	}
	// The cursor is on the selected row shown highest: model 3, view row 1.
	if rt.cursor.Row != 1 || rt.ViewRow(rt.cursor.Row) != 3 {
		t.Fatalf("cursor on view row %d", rt.cursor.Row)
	}
	// Shift extends from there, as after a click.
	rt.clickRow(2, fyne.KeyModifierShift)
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{0, 3}) {
		t.Fatalf("Shift-click after SelectModelRows selected %v", got)
	}

	rt.SetFilter("cen") // model rows 0 and 1; view: 0, 1 (by ra)
	rt.WaitIdle()
	reported = nil
	rt.SelectModelRows([]int{2, 1}) // Sirius is filtered out
	if got := rt.SelectedRows(); !reflect.DeepEqual(got, []int{1}) {
		t.Fatalf("filtered: selected %v, want [1]", got)
	}
	if rt.cursor.Row != 1 || !reflect.DeepEqual(reported, [][]int{{1}}) {
		t.Fatalf("filtered: cursor %d, reported %v", rt.cursor.Row, reported)
	}

	// Only hidden or unknown rows, or none: the selection is cleared.
	rt.SelectModelRows([]int{2, 3, 4})
	if len(rt.SelectedRows()) != 0 || len(reported) != 2 || len(reported[1]) != 0 {
		t.Fatalf("hidden rows: selected %v, reported %v", rt.SelectedRows(), reported)
	}
	rt.SelectModelRows([]int{0})
	rt.SelectModelRows(nil)
	if len(rt.SelectedRows()) != 0 || len(reported) != 4 || len(reported[3]) != 0 {
		t.Fatalf("empty: selected %v, reported %v", rt.SelectedRows(), reported)
	}
}

func TestSelectModelRowsScrollsToTheRow(t *testing.T) {
	test.NewTempApp(t)
	rt, w := newShown(t, bigTable(2000), Info{})
	rt.SortBy(0, false) // by id descending: model row r is view row 1999-r
	rt.WaitIdle()
	rt.SelectModelRows([]int{700, 500})
	if rt.cursor.Row != 1999-700 {
		t.Fatalf("cursor on view row %d, want %d", rt.cursor.Row, 1999-700)
	}
	if _, ok := renderedCells(w.Content())[widget.TableCellID{Row: 1999 - 700, Col: 0}]; !ok {
		t.Fatal("the cursor row was not scrolled into view")
	}
}
