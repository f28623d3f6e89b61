package datasetview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/dataset"
)

// dsList is the dataset list; Up and Down select as they move, so the
// details follow the keyboard.
type dsList struct {
	widget.List
	v *View
}

func newDSList(v *View) *dsList {
	l := &dsList{v: v}
	l.Length = func() int { return len(v.ds) }
	l.CreateItem = func() fyne.CanvasObject { return newRow() }
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < len(v.ds) {
			o.(*row).update(v.ds[i])
		}
	}
	l.OnSelected = func(i widget.ListItemID) { v.selected(i) }
	l.OnHighlighted = func(i widget.ListItemID) { v.highlit = i }
	l.ExtendBaseWidget(l)
	return l
}

func (l *dsList) TypedKey(ev *fyne.KeyEvent) {
	l.List.TypedKey(ev)
	if (ev.Name == fyne.KeyUp || ev.Name == fyne.KeyDown) && l.v.highlit != l.v.sel {
		l.Select(l.v.highlit)
	}
}

// row is one dataset in the list: the science id, its badges, and
// siblings, calibrations and size (three lines, so no badge is clipped).
type row struct {
	widget.BaseWidget
	id     *widget.Label
	badges []*widget.Label
	line   *fyne.Container
	detail *widget.Label
	root   fyne.CanvasObject
}

const maxBadges = 5

func newRow() *row {
	r := &row{id: widget.NewLabel(""), detail: widget.NewLabel("")}
	r.id.TextStyle = fyne.TextStyle{Bold: true}
	r.detail.Truncation = fyne.TextTruncateEllipsis
	r.detail.Importance = widget.LowImportance
	r.line = container.NewHBox()
	line := r.line
	for i := range maxBadges {
		b := widget.NewLabel("")
		b.TextStyle = fyne.TextStyle{Bold: true}
		if i > 0 { // the first stays, empty or not: every row has the same height
			b.Hide()
		}
		r.badges = append(r.badges, b)
		line.Add(b)
	}
	r.root = container.NewVBox(r.id, line, r.detail)
	r.ExtendBaseWidget(r)
	return r
}

func (r *row) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.root) }

func (r *row) update(d *dataset.Dataset) {
	r.id.SetText(d.Science.DPID)
	bs := stateOf(d).badges()
	for i, b := range r.badges {
		switch {
		case i < len(bs):
			b.Text, b.Importance = bs[i].text, bs[i].importance
			b.Show()
			b.Refresh()
		case i == 0:
			b.SetText("")
		default:
			b.Hide()
		}
	}
	r.line.Refresh() // badges shown or hidden: lay the line out again
	r.detail.SetText(rowDetail(d))
}
