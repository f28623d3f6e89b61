package resulttable

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

const doubleClickTime = 400 * time.Millisecond

// rowMouseDown handles a primary press on a row: it carries the modifiers
// (Ctrl toggles, Shift extends) that Tapped does not, and selects at once.
// A second press on the same row soon after activates the row; the widget
// does not implement DoubleTappable because that delays every single click.
func (rt *ResultTable) rowMouseDown(viewRow, viewCol int, mod fyne.KeyModifier) {
	if viewRow < 0 || viewRow >= rt.viewLen {
		return
	}
	rt.mouseTaken = true
	now := time.Now()
	if mod == 0 && viewRow == rt.lastRow && now.Sub(rt.lastClick) < doubleClickTime {
		rt.lastClick = time.Time{}
		rt.activate(viewRow)
		return
	}
	rt.lastRow, rt.lastClick = viewRow, now
	rt.cursor.Col = viewCol
	rt.clickRow(viewRow, mod)
}

// rowTapped completes a click: focus for the keyboard; the selection was
// done by MouseDown, except on drivers (mobile, tests) that only tap.
func (rt *ResultTable) rowTapped(viewRow, viewCol int) {
	if rt.mouseTaken {
		rt.mouseTaken = false
	} else if viewRow >= 0 && viewRow < rt.viewLen {
		rt.cursor.Col = viewCol
		rt.clickRow(viewRow, 0)
	}
	rt.focusSelf()
}

// clickRow applies one click to the selection: plain selects only that row,
// Ctrl (Cmd) toggles it, Shift selects the range from the anchor.
func (rt *ResultTable) clickRow(viewRow int, mod fyne.KeyModifier) {
	toggle := mod&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0
	switch {
	case mod&fyne.KeyModifierShift != 0 && rt.anchor >= 0:
		if !toggle {
			rt.sel.clear()
		}
		lo, hi := min(rt.anchor, viewRow), max(rt.anchor, viewRow)
		for v := lo; v <= hi; v++ {
			rt.sel.add(rt.modelRow(v))
		}
	case toggle:
		if r := rt.modelRow(viewRow); rt.sel.has(r) {
			rt.sel.remove(r)
		} else {
			rt.sel.add(r)
		}
		rt.anchor = viewRow
	default:
		rt.sel.clear()
		rt.sel.add(rt.modelRow(viewRow))
		rt.anchor = viewRow
	}
	rt.cursor.Row = viewRow
	rt.grid.Refresh()
	rt.selectionChanged()
}

// SelectRow selects just this row of the view, as a plain click does.
func (rt *ResultTable) SelectRow(viewRow int) {
	if rt.table == nil || viewRow < 0 || viewRow >= rt.viewLen {
		return
	}
	rt.clickRow(viewRow, 0)
}

// SelectModelRows selects exactly these model rows (a selection sent by
// another program, e.g. over SAMP), as a user selection would: rows hidden
// by the filter or out of range are left out, the cursor goes to the one
// shown highest and is scrolled into view, and OnSelectionChanged fires (the
// caller suppresses the echo). None left selects nothing.
func (rt *ResultTable) SelectModelRows(rows []int) {
	if rt.table == nil {
		return
	}
	n := rt.table.NumRows()
	sel := newRowSet(n)
	for _, r := range rows {
		// the mask is over model rows; a row it hides has no view row
		if r >= 0 && r < n && (rt.mask == nil || rt.mask[r]) {
			sel.add(r)
		}
	}
	if sel.count == 0 {
		rt.ClearSelection()
		return
	}
	rt.sel = sel
	// The view has no model-to-view index; one pass finds the highest row.
	top := 0
	if rt.view == nil {
		top = sel.rows()[0]
	} else {
		for v, r := range rt.view {
			if sel.has(int(r)) {
				top = v
				break
			}
		}
	}
	rt.anchor, rt.cursor.Row = top, top
	rt.grid.Refresh()
	if len(rt.visCols) > 0 {
		rt.grid.ScrollTo(widget.TableCellID{Row: top, Col: rt.cursor.Col})
	}
	rt.selectionChanged()
}

// SelectAll selects every row of the view. It walks the view once (about a
// millisecond per million rows).
func (rt *ResultTable) SelectAll() {
	if rt.table == nil {
		return
	}
	if rt.view == nil {
		rt.sel.addAll(rt.viewLen)
	} else {
		for _, r := range rt.view {
			rt.sel.add(int(r))
		}
	}
	rt.grid.Refresh()
	rt.selectionChanged()
}

// ClearSelection deselects every row.
func (rt *ResultTable) ClearSelection() {
	if rt.sel.count == 0 {
		return
	}
	rt.sel.clear()
	rt.anchor = -1
	rt.grid.Refresh()
	rt.selectionChanged()
}

func (rt *ResultTable) selectionChanged() {
	rt.updateCount()
	if rt.OnSelectionChanged != nil {
		rt.OnSelectionChanged(rt.sel.rows())
	}
}

func (rt *ResultTable) activate(viewRow int) {
	if viewRow >= 0 && viewRow < rt.viewLen && rt.OnRowActivated != nil {
		rt.OnRowActivated(rt.modelRow(viewRow))
	}
}

func (rt *ResultTable) focusSelf() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(rt); c != nil && c.Focused() != rt {
		c.Focus(rt)
	}
}

// FocusGained is part of fyne.Focusable: the table takes the keyboard after a click.
func (rt *ResultTable) FocusGained() { rt.focused = true; rt.grid.Refresh() }

// FocusLost is part of fyne.Focusable.
func (rt *ResultTable) FocusLost() { rt.focused = false; rt.shiftDown = false; rt.grid.Refresh() }

// TypedRune is part of fyne.Focusable; typing does nothing in the table.
func (rt *ResultTable) TypedRune(rune) {}

// KeyDown is part of desktop.Keyable: it tracks Shift for Shift+arrows.
func (rt *ResultTable) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		rt.shiftDown = true
	}
}

// KeyUp is part of desktop.Keyable.
func (rt *ResultTable) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		rt.shiftDown = false
	}
}

// TypedKey moves the cursor row (Up, Down, Page Up/Down, Home, End; with
// Shift the selection grows), Left/Right move the cursor column, Enter
// activates the row, Space toggles it, Escape clears the selection.
func (rt *ResultTable) TypedKey(ev *fyne.KeyEvent) {
	if rt.table == nil || rt.viewLen == 0 {
		return
	}
	row := rt.cursor.Row
	switch ev.Name {
	case fyne.KeyUp:
		row--
	case fyne.KeyDown:
		row++
	case fyne.KeyPageUp:
		row -= 20
	case fyne.KeyPageDown:
		row += 20
	case fyne.KeyHome:
		row = 0
	case fyne.KeyEnd:
		row = rt.viewLen - 1
	case fyne.KeyLeft:
		rt.moveCursorColumn(-1)
		return
	case fyne.KeyRight:
		rt.moveCursorColumn(1)
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		rt.activate(rt.cursor.Row)
		return
	case fyne.KeySpace:
		rt.clickRow(rt.cursor.Row, fyne.KeyModifierControl)
		return
	case fyne.KeyEscape:
		rt.ClearSelection()
		return
	default:
		return
	}
	row = min(max(row, 0), rt.viewLen-1)
	var mod fyne.KeyModifier
	if rt.shiftDown {
		mod = fyne.KeyModifierShift
		if rt.anchor < 0 {
			rt.anchor = rt.cursor.Row
		}
	}
	rt.clickRow(row, mod)
	rt.grid.ScrollTo(widget.TableCellID{Row: row, Col: rt.cursor.Col})
}

func (rt *ResultTable) moveCursorColumn(delta int) {
	col := min(max(rt.cursor.Col+delta, 0), len(rt.visCols)-1)
	if col < 0 {
		return
	}
	rt.cursor.Col = col
	rt.grid.ScrollTo(rt.cursor)
	rt.grid.Refresh()
}

// TypedShortcut is part of fyne.Shortcutable: Ctrl+A selects all rows,
// Ctrl+C copies the selected rows (or, with none, the cursor cell).
func (rt *ResultTable) TypedShortcut(s fyne.Shortcut) {
	switch s.(type) {
	case *fyne.ShortcutSelectAll:
		rt.SelectAll()
	case *fyne.ShortcutCopy:
		if rt.sel.count > 0 {
			rt.copyRowsToClipboard()
		} else {
			rt.copyToClipboard(rt.cellText(rt.cursor))
		}
	}
}
