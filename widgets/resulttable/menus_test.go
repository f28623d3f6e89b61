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
