package resulttable

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dataCell is one reusable cell of the grid. It takes mouse input itself so
// that rows, not single cells, are selected (widget.Table selects one cell).
type dataCell struct {
	widget.BaseWidget
	rt    *ResultTable
	id    widget.TableCellID // view row and view column shown now
	bg    *canvas.Rectangle
	label *widget.Label
}

var (
	_ desktop.Mouseable      = (*dataCell)(nil)
	_ fyne.Tappable          = (*dataCell)(nil)
	_ fyne.SecondaryTappable = (*dataCell)(nil)
	_ desktop.Mouseable      = (*headerCell)(nil)
	_ fyne.Tappable          = (*headerCell)(nil)
	_ fyne.SecondaryTappable = (*headerCell)(nil)
)

var (
	_ fyne.Focusable    = (*ResultTable)(nil)
	_ fyne.Shortcutable = (*ResultTable)(nil)
	_ desktop.Keyable   = (*ResultTable)(nil)
)

func (rt *ResultTable) createCell() fyne.CanvasObject {
	c := &dataCell{rt: rt, bg: canvas.NewRectangle(color.Transparent), label: widget.NewLabel("")}
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

func (c *dataCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.bg, c.label))
}

func (c *dataCell) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button == desktop.MouseButtonPrimary {
		c.rt.rowMouseDown(c.id.Row, c.id.Col, ev.Modifier)
	}
}

func (c *dataCell) MouseUp(*desktop.MouseEvent) {}

func (c *dataCell) Tapped(*fyne.PointEvent) { c.rt.rowTapped(c.id.Row, c.id.Col) }

func (c *dataCell) TappedSecondary(ev *fyne.PointEvent) {
	c.rt.showCellMenu(c.id, ev.AbsolutePosition)
}

// updateCell fills a cell from the view: model row through the permutation,
// model column through the visible-column list.
func (rt *ResultTable) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*dataCell)
	c.id = id
	if rt.table == nil || id.Row >= rt.viewLen || id.Col >= len(rt.visCols) {
		c.label.SetText("")
		c.bg.FillColor = color.Transparent
		c.bg.StrokeWidth = 0
		c.bg.Refresh()
		return
	}
	row, col := rt.modelRow(id.Row), rt.visCols[id.Col]
	align := fyne.TextAlignLeading
	if rt.numeric[col] {
		align = fyne.TextAlignTrailing
	}
	if c.label.Alignment != align {
		c.label.Alignment = align
	}
	c.label.SetText(rt.table.Columns[col].String(row))

	th := rt.grid.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fill := color.Color(color.Transparent)
	if rt.sel.has(row) {
		fill = th.Color(theme.ColorNameSelection, v)
	}
	var stroke float32
	if rt.focused && id == rt.cursor {
		stroke = 1
		c.bg.StrokeColor = th.Color(theme.ColorNameFocus, v)
	}
	if c.bg.FillColor != fill || c.bg.StrokeWidth != stroke {
		c.bg.FillColor, c.bg.StrokeWidth = fill, stroke
		c.bg.Refresh()
	}
}

// headerCell is a column header (name, unit, sort arrow; click sorts,
// right-click shows the column's metadata) or a row header (the model row
// number; click selects the row).
type headerCell struct {
	widget.BaseWidget
	rt    *ResultTable
	id    widget.TableCellID
	label *widget.Label
	arrow *widget.Icon
}

func (rt *ResultTable) createHeader() fyne.CanvasObject {
	h := &headerCell{rt: rt, label: widget.NewLabel("00"), arrow: widget.NewIcon(nil)}
	h.label.TextStyle.Bold = true
	h.label.Truncation = fyne.TextTruncateEllipsis
	h.arrow.Hide()
	h.ExtendBaseWidget(h)
	return h
}

func (h *headerCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, h.arrow, h.label))
}

func (h *headerCell) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button == desktop.MouseButtonPrimary && h.id.Col < 0 && h.id.Row >= 0 {
		h.rt.rowMouseDown(h.id.Row, h.rt.cursor.Col, ev.Modifier)
	}
}

func (h *headerCell) MouseUp(*desktop.MouseEvent) {}

func (h *headerCell) Tapped(*fyne.PointEvent) {
	switch {
	case h.id.Row < 0 && h.id.Col >= 0:
		h.rt.toggleSort(h.id.Col)
	case h.id.Col < 0 && h.id.Row >= 0:
		h.rt.rowTapped(h.id.Row, h.rt.cursor.Col)
	}
}

func (h *headerCell) TappedSecondary(ev *fyne.PointEvent) {
	if h.id.Row < 0 && h.id.Col >= 0 {
		h.rt.showHeaderMenu(h.id.Col, ev.AbsolutePosition)
	}
}

func (rt *ResultTable) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	h := o.(*headerCell)
	h.id = id
	switch {
	case rt.table == nil:
		h.label.SetText("")
		h.arrow.Hide()
	case id.Row < 0 && id.Col >= 0 && id.Col < len(rt.visCols):
		col := rt.visCols[id.Col]
		h.label.Alignment = fyne.TextAlignLeading
		h.label.SetText(headerText(rt.table.Fields[col]))
		if col == rt.sortCol {
			h.arrow.SetResource(sortIcon(rt.sortAsc))
			h.arrow.Show()
		} else {
			h.arrow.Hide()
		}
	case id.Col < 0 && id.Row >= 0 && id.Row < rt.viewLen:
		h.label.Alignment = fyne.TextAlignTrailing
		h.label.SetText(strconv.Itoa(rt.modelRow(id.Row) + 1))
		h.arrow.Hide()
	default:
		h.label.SetText("")
		h.arrow.Hide()
	}
}

// applyRowHeaderWidth makes the row-number column wide enough for the
// largest row number.
func (rt *ResultTable) applyRowHeaderWidth() {
	digits := strconv.Itoa(max(rt.table.NumRows(), 10))
	w := fyne.MeasureText(digits, theme.TextSize(), fyne.TextStyle{Bold: true}).Width
	rt.grid.SetColumnWidth(-1, w+2*theme.InnerPadding()+4)
}

func sortIcon(ascending bool) fyne.Resource {
	if ascending {
		return theme.MoveUpIcon()
	}
	return theme.MoveDownIcon()
}

func infoIcon() fyne.Resource { return theme.InfoIcon() }
func saveIcon() fyne.Resource { return theme.DocumentSaveIcon() }
