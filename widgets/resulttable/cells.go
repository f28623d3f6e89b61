package resulttable

import (
	"image/color"
	"strconv"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dataCell is one reusable cell of the grid. It takes mouse input itself so
// that rows, not single cells, are selected (widget.Table selects one cell).
//
// It draws a canvas.Text in the monospace font rather than a Label: a Label
// with ellipsis truncation shapes its text with HarfBuzz on every update,
// which made a scroll step cost ~30 ms; with a fixed advance per character
// the text is cut to the cell width by counting runes.
type dataCell struct {
	widget.BaseWidget
	rt   *ResultTable
	id   widget.TableCellID // view row and view column shown now
	full string             // the whole value; text shows as much as fits
	// block > 0 right-aligns the text within that many characters from the
	// left edge (numbers) rather than at the cell's right edge: a column cut
	// by the view's right edge, as the last one often is, still shows its
	// numbers instead of empty cells.
	block int
	bg    *canvas.Rectangle
	text  *canvas.Text
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

var monospace = fyne.TextStyle{Monospace: true}

func (rt *ResultTable) createCell() fyne.CanvasObject {
	c := &dataCell{rt: rt, bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	c.text.TextStyle = monospace
	c.ExtendBaseWidget(c)
	return c
}

// setText shows s, cut to the cell width, at the left or right-aligned in a
// block of that many characters.
func (c *dataCell) setText(s string, block int) {
	align := fyne.TextAlignLeading
	if block > 0 {
		align = fyne.TextAlignTrailing
	}
	if s == c.full && align == c.text.Alignment && block == c.block {
		return
	}
	c.full, c.text.Alignment, c.block = s, align, block
	c.fit(c.Size())
	c.text.Refresh()
}

// fit cuts the text to the width: all characters have the same advance.
func (c *dataCell) fit(size fyne.Size) {
	pad := theme.InnerPadding()
	textSize := c.Theme().Size(theme.SizeNameText)
	charWidth := fyne.MeasureText("M", textSize, monospace).Width
	c.text.TextSize = textSize
	// Table refreshes the text object, not this renderer: set the colour here
	// or a fresh cell paints in its construction colour.
	c.text.Color = c.Theme().Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	width := size.Width - 2*pad
	c.text.Text = fitRunes(c.full, int(width/charWidth))
	if c.block > 0 { // a longer value than the sampled ones overflows the block, not the cell
		width = min(width, float32(max(c.block, utf8.RuneCountInString(c.text.Text)))*charWidth)
	}
	textHeight := fyne.MeasureText("M", textSize, monospace).Height
	c.text.Move(fyne.NewPos(pad, (size.Height-textHeight)/2))
	c.text.Resize(fyne.NewSize(max(width, 0), textHeight))
}

// fitRunes returns s if it has at most n runes, else its first n-1 and "…".
func fitRunes(s string, n int) string {
	if n < 1 {
		return ""
	}
	if len(s) <= n { // bytes >= runes
		return s
	}
	count := 0
	for i := range s {
		if count == n-1 {
			if utf8.RuneCountInString(s[i:]) == 1 {
				return s
			}
			return s[:i] + "…"
		}
		count++
	}
	return s
}

func (c *dataCell) CreateRenderer() fyne.WidgetRenderer {
	return &dataCellRenderer{c: c, objects: []fyne.CanvasObject{c.bg, c.text}}
}

type dataCellRenderer struct {
	c       *dataCell
	objects []fyne.CanvasObject
}

func (r *dataCellRenderer) Layout(size fyne.Size) {
	r.c.bg.Resize(size)
	r.c.fit(size)
}

func (r *dataCellRenderer) MinSize() fyne.Size {
	textSize := r.c.Theme().Size(theme.SizeNameText)
	m := fyne.MeasureText("0000", textSize, monospace)
	pad := 2 * theme.InnerPadding()
	return fyne.NewSize(m.Width+pad, m.Height+pad)
}

func (r *dataCellRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *dataCellRenderer) Destroy()                     {}

func (r *dataCellRenderer) Refresh() {
	th := r.c.Theme()
	r.c.text.Color = th.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	r.c.fit(r.c.Size())
	r.c.text.Refresh()
	r.c.bg.Refresh()
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
	fill := color.Color(color.Transparent)
	var stroke float32
	if rt.table == nil || id.Row >= rt.viewLen || id.Col >= len(rt.visCols) {
		c.setText("", 0)
	} else {
		row, col := rt.modelRow(id.Row), rt.visCols[id.Col]
		block := 0
		if rt.numeric[col] {
			block = max(rt.valueRunes[col], 1)
		}
		c.setText(rt.table.Columns[col].String(row), block)
		th := rt.grid.Theme()
		v := fyne.CurrentApp().Settings().ThemeVariant()
		if rt.sel.has(row) {
			fill = th.Color(theme.ColorNameSelection, v)
		}
		if rt.focused && id == rt.cursor {
			stroke = 1
			c.bg.StrokeColor = th.Color(theme.ColorNameFocus, v)
		}
	}
	if c.bg.FillColor != fill || c.bg.StrokeWidth != stroke {
		c.bg.FillColor, c.bg.StrokeWidth = fill, stroke
		c.bg.Refresh()
	}
}

// headerCell is a column header (name, unit, sort arrow; click sorts,
// right-click shows the column's metadata) or a row header (the model row
// number; click selects the row). Like dataCell it draws a canvas.Text: the
// table refreshes every header on each scroll step.
type headerCell struct {
	widget.BaseWidget
	rt    *ResultTable
	id    widget.TableCellID
	full  string
	label *canvas.Text
	arrow *widget.Icon

	fittedFor fyne.Size // the size label.Text was cut for
}

func (rt *ResultTable) createHeader() fyne.CanvasObject {
	h := &headerCell{rt: rt, label: canvas.NewText("", theme.Color(theme.ColorNameForeground)), arrow: widget.NewIcon(nil)}
	h.label.TextStyle.Bold = true
	h.arrow.Hide()
	h.ExtendBaseWidget(h)
	return h
}

func (h *headerCell) CreateRenderer() fyne.WidgetRenderer {
	return &headerRenderer{h: h, objects: []fyne.CanvasObject{h.label, h.arrow}}
}

// show sets the text only when it changes.
func (h *headerCell) show(text string, align fyne.TextAlign) {
	if h.full == text && h.label.Alignment == align {
		return
	}
	h.full, h.label.Alignment = text, align
	h.fittedFor = fyne.Size{}
	h.layout(h.Size())
	h.label.Refresh()
}

func (h *headerCell) setArrow(res fyne.Resource) {
	if res == nil {
		if h.arrow.Visible() {
			h.arrow.Hide()
			h.fittedFor = fyne.Size{}
			h.layout(h.Size())
		}
		return
	}
	if h.arrow.Resource != res {
		h.arrow.SetResource(res)
	}
	if !h.arrow.Visible() {
		h.arrow.Show()
		h.fittedFor = fyne.Size{}
		h.layout(h.Size())
	}
}

// layout places the arrow and cuts the label to the room left, measuring
// only when the text or size changed.
func (h *headerCell) layout(size fyne.Size) {
	pad := theme.InnerPadding()
	textSize := h.Theme().Size(theme.SizeNameText)
	width := size.Width - 2*pad
	if h.arrow.Visible() {
		icon := theme.IconInlineSize()
		h.arrow.Resize(fyne.NewSquareSize(icon))
		h.arrow.Move(fyne.NewPos(size.Width-pad-icon, (size.Height-icon)/2))
		width -= icon + theme.Padding()
	}
	if size != h.fittedFor {
		h.fittedFor = size
		h.label.TextSize = textSize
		h.label.Text = fitWidth(h.full, width, textSize, h.label.TextStyle)
	}
	height := fyne.MeasureText("M", textSize, h.label.TextStyle).Height
	h.label.Move(fyne.NewPos(pad, (size.Height-height)/2))
	h.label.Resize(fyne.NewSize(max(width, 0), height))
}

// fitWidth cuts s (adding "…") until it measures at most width.
func fitWidth(s string, width, textSize float32, style fyne.TextStyle) string {
	if fyne.MeasureText(s, textSize, style).Width <= width {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes) // the longest prefix that fits is in [lo, hi)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(runes[:mid])+"…", textSize, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return ""
	}
	return string(runes[:lo]) + "…"
}

type headerRenderer struct {
	h       *headerCell
	objects []fyne.CanvasObject
}

func (r *headerRenderer) Layout(size fyne.Size) { r.h.layout(size) }

func (r *headerRenderer) MinSize() fyne.Size {
	textSize := r.h.Theme().Size(theme.SizeNameText)
	m := fyne.MeasureText("00", textSize, r.h.label.TextStyle)
	pad := 2 * theme.InnerPadding()
	return fyne.NewSize(m.Width+pad, m.Height+pad)
}

func (r *headerRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *headerRenderer) Destroy()                     {}

func (r *headerRenderer) Refresh() {
	c := r.h.Theme().Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	if r.h.label.Color != c {
		r.h.label.Color = c
		r.h.label.Refresh()
	}
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
		h.show("", fyne.TextAlignLeading)
		h.setArrow(nil)
	case id.Row < 0 && id.Col >= 0 && id.Col < len(rt.visCols):
		col := rt.visCols[id.Col]
		h.show(headerText(rt.table.Fields[col]), fyne.TextAlignLeading)
		if col == rt.sortCol {
			h.setArrow(sortIcon(rt.sortAsc))
		} else {
			h.setArrow(nil)
		}
	case id.Col < 0 && id.Row >= 0 && id.Row < rt.viewLen:
		h.show(strconv.Itoa(rt.modelRow(id.Row)+1), fyne.TextAlignTrailing)
		h.setArrow(nil)
	default:
		h.show("", fyne.TextAlignLeading)
		h.setArrow(nil)
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
