package resulttable

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/votable"
)

// viewSnapshot is what copy and export need of the current view. The slices
// are not modified later (rowSet is cloned), so it can be used off the UI
// goroutine.
type viewSnapshot struct {
	table *votable.Table
	view  []int32 // nil: model order
	n     int
	cols  []int
	sel   rowSet
}

func (rt *ResultTable) snapshot(withSelection bool) viewSnapshot {
	s := viewSnapshot{table: rt.table, view: rt.view, n: rt.viewLen, cols: append([]int(nil), rt.visCols...)}
	if withSelection {
		s.sel = rt.sel.clone()
	}
	return s
}

func (s viewSnapshot) modelRow(v int) int {
	if s.view != nil {
		return int(s.view[v])
	}
	return v
}

// selectedTSV writes the header and the selected rows, in view order, as
// tab-separated values.
func (s viewSnapshot) selectedTSV() string {
	if s.table == nil || s.sel.count == 0 {
		return ""
	}
	var b strings.Builder
	for i, c := range s.cols {
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(cleanCell(s.table.Fields[c].Name))
	}
	b.WriteByte('\n')
	left := s.sel.count
	for v := 0; v < s.n && left > 0; v++ {
		r := s.modelRow(v)
		if !s.sel.has(r) {
			continue
		}
		left--
		for i, c := range s.cols {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(cleanCell(s.table.Columns[c].String(r)))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// columnText lists one column's values in view order, one per line.
func (s viewSnapshot) columnText(col int) string {
	var b strings.Builder
	for v := 0; v < s.n; v++ {
		b.WriteString(cleanCell(s.table.Columns[col].String(s.modelRow(v))))
		b.WriteByte('\n')
	}
	return b.String()
}

// CopySelection returns the selected rows of the visible columns as
// tab-separated values with a header line, in view order; "" when no row
// is selected.
func (rt *ResultTable) CopySelection() string { return rt.snapshot(true).selectedTSV() }

func (rt *ResultTable) cellText(id widget.TableCellID) string {
	if rt.table == nil || id.Row < 0 || id.Row >= rt.viewLen || id.Col < 0 || id.Col >= len(rt.visCols) {
		return ""
	}
	return rt.table.Columns[rt.visCols[id.Col]].String(rt.modelRow(id.Row))
}

func (rt *ResultTable) copyToClipboard(text string) {
	fyne.CurrentApp().Clipboard().SetContent(text)
}

// copyInBackground builds clipboard text off the UI goroutine (a million
// selected rows are tens of megabytes) and sets the clipboard when done.
func (rt *ResultTable) copyInBackground(build func() string) {
	rt.busy.Add(1)
	go func() {
		text := build()
		rt.run(func() {
			defer rt.busy.Done()
			rt.copyToClipboard(text)
		})
	}()
}

func (rt *ResultTable) copyRowsToClipboard() {
	snap := rt.snapshot(true)
	rt.copyInBackground(snap.selectedTSV)
}

func (rt *ResultTable) copyColumnToClipboard(viewCol int) {
	if viewCol < 0 || viewCol >= len(rt.visCols) {
		return
	}
	snap, col := rt.snapshot(false), rt.visCols[viewCol]
	rt.copyInBackground(func() string { return snap.columnText(col) })
}

// showCellMenu is the context menu of a data cell. Right-clicking outside
// the selection first selects the row under the pointer, so MenuItems is
// given the rows the menu acts on.
func (rt *ResultTable) showCellMenu(id widget.TableCellID, at fyne.Position) {
	if rt.table == nil || id.Row >= rt.viewLen || id.Col >= len(rt.visCols) {
		return
	}
	if !rt.sel.has(rt.modelRow(id.Row)) {
		rt.clickRow(id.Row, 0)
	}
	rt.cursor = id
	name := rt.table.Fields[rt.visCols[id.Col]].Name
	menu := fyne.NewMenu("",
		fyne.NewMenuItem("Copy cell", func() { rt.copyToClipboard(rt.cellText(id)) }),
		fyne.NewMenuItem("Copy rows ("+groupDigits(rt.sel.count)+")", rt.copyRowsToClipboard),
		fyne.NewMenuItem("Copy column “"+name+"”", func() { rt.copyColumnToClipboard(id.Col) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Select all", rt.SelectAll),
		fyne.NewMenuItem("Column info…", func() { rt.showColumnInfo(rt.visCols[id.Col]) }),
	)
	if rt.MenuItems != nil {
		if extra := rt.MenuItems(rt.sel.rows()); len(extra) > 0 {
			menu.Items = append(append(menu.Items, fyne.NewMenuItemSeparator()), extra...)
		}
	}
	rt.popUpMenu(menu, at)
}

// showHeaderMenu is the context menu of a column header.
func (rt *ResultTable) showHeaderMenu(viewCol int, at fyne.Position) {
	if rt.table == nil || viewCol >= len(rt.visCols) {
		return
	}
	col := rt.visCols[viewCol]
	menu := fyne.NewMenu("",
		fyne.NewMenuItem("Column info…", func() { rt.showColumnInfo(col) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Sort ascending", func() { rt.SortBy(col, true) }),
		fyne.NewMenuItem("Sort descending", func() { rt.SortBy(col, false) }),
		fyne.NewMenuItem("Original order", func() { rt.SortBy(-1, true) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Copy column", func() { rt.copyColumnToClipboard(viewCol) }),
		fyne.NewMenuItem("Hide column", func() { rt.SetColumnVisible(col, false) }),
		fyne.NewMenuItem("Columns…", rt.ShowColumnsDialog),
	)
	rt.popUpMenu(menu, at)
}

func (rt *ResultTable) popUpMenu(menu *fyne.Menu, at fyne.Position) {
	rt.lastMenu = menu
	if c := fyne.CurrentApp().Driver().CanvasForObject(rt); c != nil {
		widget.ShowPopUpMenuAtPosition(menu, c, at)
	}
}
