package ancillarylist

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/bytesize"
)

// item is one list row: a checkbox, the file name, and a line with the
// category, extension, size and product.
type item struct {
	widget.BaseWidget
	check *widget.Check
	name  *widget.Label
	meta  *widget.Label
	root  fyne.CanvasObject
}

func (l *List) newItem() fyne.CanvasObject {
	it := &item{check: widget.NewCheck("", nil), name: widget.NewLabel(""), meta: widget.NewLabel("")}
	it.name.Truncation = fyne.TextTruncateEllipsis
	it.name.TextStyle = fyne.TextStyle{Bold: true}
	it.meta.Truncation = fyne.TextTruncateEllipsis
	it.meta.SizeName = theme.SizeNameCaptionText
	it.root = container.NewBorder(nil, nil, container.NewCenter(it.check), nil,
		container.New(tight{}, it.name, it.meta))
	it.ExtendBaseWidget(it)
	return it
}

func (it *item) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(it.root) }

func (l *List) updateItem(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(l.visible) {
		return
	}
	i := l.visible[id]
	f := &l.files[i]
	it := o.(*item)
	it.check.OnChanged = nil // SetChecked must not count as the user's click
	it.check.SetChecked(l.sel[i])
	it.check.OnChanged = func(on bool) { l.setChecked(i, on) }
	name := f.OriginalName
	if name == "" {
		name = f.ArchiveID
	}
	it.name.SetText(name)
	parts := []string{f.Category}
	if f.Extension != "" {
		parts = append(parts, f.Extension)
	}
	parts = append(parts, bytesize.Text(f.Size, f.Estimated))
	if f.ProductID != "" {
		parts = append(parts, "of "+f.ProductID)
	}
	it.meta.SetText(strings.Join(parts, " · "))
}

// tight stacks two labels without the VBox padding, to keep rows compact.
type tight struct{}

func (tight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = fyne.Max(s.Width, m.Width)
		s.Height += m.Height - theme.InnerPadding()
	}
	return s
}

func (tight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var y float32
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - theme.InnerPadding()
	}
}
