package schemabrowser

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// nodeRow is the template object of every tree row. It takes the taps that
// the tree's own row would otherwise get, so that it can see double clicks.
//
// It deliberately implements fyne.Tappable and not fyne.DoubleTappable: for
// a DoubleTappable object the desktop driver holds back every single tap
// until the double-tap delay has passed, which makes selecting feel laggy.
// Instead Browser.rowTapped counts two taps on the same node within
// doubleTapWindow as a double click.
type nodeRow struct {
	widget.BaseWidget
	browser *Browser
	uid     string

	icon  *widget.Icon
	name  *widget.Label
	extra *widget.Label // description, truncated
	badge *widget.Label // "indexed", "view", "12 tables"
	box   *fyne.Container
}

var (
	_ fyne.Tappable          = (*nodeRow)(nil)
	_ fyne.SecondaryTappable = (*nodeRow)(nil)
)

func newNodeRow(b *Browser) *nodeRow {
	r := &nodeRow{
		browser: b,
		icon:    widget.NewIcon(nil),
		name:    widget.NewLabel(""),
		extra:   widget.NewLabel(""),
		badge:   widget.NewLabel(""),
	}
	r.extra.Truncation = fyne.TextTruncateEllipsis
	r.extra.Importance = widget.LowImportance
	r.badge.Importance = widget.LowImportance
	r.badge.TextStyle = fyne.TextStyle{Italic: true}
	r.box = container.NewBorder(nil, nil, container.NewHBox(r.icon, r.name), r.badge, r.extra)
	r.ExtendBaseWidget(r)
	return r
}

func (r *nodeRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.box)
}

// Tapped selects the node (and focuses the tree, as the tree's own row
// would) and may complete a double click.
func (r *nodeRow) Tapped(*fyne.PointEvent) {
	r.browser.rowTapped(r.uid)
}

// TappedSecondary opens the context menu for the node.
func (r *nodeRow) TappedSecondary(ev *fyne.PointEvent) {
	r.browser.rowMenu(r.uid, ev.AbsolutePosition)
}

func (r *nodeRow) set(uid string, icon fyne.Resource, name, extra, badge string, bold bool) {
	r.uid = uid
	r.icon.SetResource(icon)
	r.name.TextStyle = fyne.TextStyle{Bold: bold}
	r.name.SetText(name)
	r.extra.SetText(extra)
	r.badge.SetText(badge)
	if badge == "" {
		r.badge.Hide()
	} else {
		r.badge.Show()
	}
}

func iconFor(kind nodeKind, t *Table) fyne.Resource {
	switch kind {
	case kindSchema:
		return theme.FolderIcon()
	case kindTable:
		if t != nil && t.Type == "view" {
			return theme.VisibilityIcon()
		}
		return theme.GridIcon()
	}
	return theme.ListIcon()
}
