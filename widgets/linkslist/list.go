// Package linkslist shows the DataLink links of a selected dataset in the
// details pane: grouped by meaning, with ESO's categories, sizes, errors
// and service descriptors, a next-hop "Links" action and the download of
// the checked files.
package linkslist

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/datalink"
)

// List is the links widget. Build it with New; call it on the UI goroutine
// only (its owner posts background results through the app's bridge).
type List struct {
	widget.BaseWidget

	// OnFollow is called with a link's next-hop links URL ("Links").
	OnFollow func(url string)
	// OnOpenURL is called with a page, PDF or other URL to show ("Open").
	OnOpenURL func(url string)
	// OnBack is called by the back button (see SetCanGoBack).
	OnBack func()
	// OnDownload is called by "Download selected" with the checked links
	// in document order.
	OnDownload func(links []datalink.Link)

	win    fyne.Window
	links  *datalink.Links
	source string
	sel    []bool // per row of links.Rows
	rows   []*rowView

	back      *widget.Button
	sourceLbl *widget.Label
	copySrc   *widget.Button
	top       *fyne.Container
	body      *fyne.Container // groups, or the loading/error/empty message
	scroll    *container.Scroll
	bar       *bar
	root      *fyne.Container
}

// EmptyText is shown before any links are set.
const EmptyText = "Select a result row to see its links."

// New builds an empty list. win is used for the clipboard.
func New(win fyne.Window) *List {
	l := &List{win: win}
	l.back = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), func() {
		if l.OnBack != nil {
			l.OnBack()
		}
	})
	l.back.Hide()
	l.sourceLbl = widget.NewLabel("")
	l.sourceLbl.SizeName = theme.SizeNameCaptionText
	l.sourceLbl.Truncation = fyne.TextTruncateEllipsis
	l.copySrc = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), l.copySource)
	l.copySrc.Importance = widget.LowImportance
	l.top = container.NewBorder(nil, nil, l.back, l.copySrc, l.sourceLbl)
	l.top.Hide()
	l.body = container.New(flow{width: func() float32 {
		if l.scroll == nil {
			return 0
		}
		return l.scroll.Size().Width
	}})
	l.scroll = container.NewVScroll(l.body)
	l.bar = newBar(l)
	l.root = container.NewBorder(l.top, l.bar.root, nil, nil, l.scroll)
	l.showMessage(EmptyText, false)
	l.ExtendBaseWidget(l)
	l.showSource()
	return l
}

// CreateRenderer implements fyne.Widget.
func (l *List) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(l.root) }

// SetLinks shows ls, read from source (the links URL, shown small with a
// copy button). Nothing is checked.
func (l *List) SetLinks(ls *datalink.Links, source string) {
	l.links, l.source = ls, source
	l.sel = nil
	if ls != nil {
		l.sel = make([]bool, len(ls.Rows))
	}
	l.showSource()
	l.rebuild()
}

// SetLoading replaces the links with a message while they are fetched.
func (l *List) SetLoading(msg string) {
	l.clear()
	l.showMessage(msg, false)
	act := widget.NewActivity()
	act.Start()
	l.body.Objects = append([]fyne.CanvasObject{act}, l.body.Objects...)
	l.body.Refresh()
}

// SetError replaces the links with the error of fetching them.
func (l *List) SetError(err error) {
	l.clear()
	msg := "Could not read the links."
	if err != nil {
		msg = "Could not read the links: " + err.Error()
	}
	l.showMessage(msg, true)
}

// SetCanGoBack shows the back button: the app followed a "Links" hop and
// can return to the previous document.
func (l *List) SetCanGoBack(can bool) {
	if can {
		l.back.Show()
	} else {
		l.back.Hide()
	}
	l.showSource()
}

// Links is the document shown, nil when none.
func (l *List) Links() *datalink.Links { return l.links }

// Selected returns the checked links in document order.
func (l *List) Selected() []datalink.Link {
	var out []datalink.Link
	for i, on := range l.sel {
		if on {
			out = append(out, l.links.Rows[i])
		}
	}
	return out
}

// SelectGroup checks every downloadable link of group g.
func (l *List) SelectGroup(g datalink.Group) {
	if l.links == nil {
		return
	}
	for _, i := range l.links.InGroup(g) {
		if Downloadable(&l.links.Rows[i]) {
			l.setChecked(i, true)
		}
	}
}

// SelectAll checks every downloadable link; SelectNone clears them.
func (l *List) SelectAll() {
	for i := range l.sel {
		if Downloadable(&l.links.Rows[i]) {
			l.setChecked(i, true)
		}
	}
}

// SelectNone unchecks every link.
func (l *List) SelectNone() {
	for i := range l.sel {
		l.setChecked(i, false)
	}
}

func (l *List) setChecked(i int, on bool) {
	if i < 0 || i >= len(l.sel) {
		return
	}
	l.sel[i] = on
	if r := l.rows[i]; r != nil && r.check != nil && r.check.Checked != on {
		r.check.SetChecked(on) // calls back here once more, harmlessly
	}
	l.bar.refresh()
}

func (l *List) clear() {
	l.links, l.sel, l.rows = nil, nil, nil
	l.bar.refresh()
}

func (l *List) showSource() {
	l.sourceLbl.SetText(l.source)
	if l.source != "" || l.back.Visible() {
		l.top.Show()
	} else {
		l.top.Hide()
	}
	if l.source == "" {
		l.copySrc.Hide()
	} else {
		l.copySrc.Show()
	}
	l.root.Refresh() // the top line may have appeared or gone
}

func (l *List) copySource() {
	if l.source == "" {
		return
	}
	if app := fyne.CurrentApp(); app != nil {
		app.Clipboard().SetContent(l.source)
	}
}

func (l *List) showMessage(msg string, isErr bool) {
	color := theme.ColorNamePlaceHolder
	if isErr {
		color = theme.ColorNameError
	}
	rt := text(msg, color, "", fyne.TextStyle{}, fyne.TextWrapWord)
	l.body.Objects = []fyne.CanvasObject{rt}
	l.body.Refresh()
	l.scroll.ScrollToTop()
}

// rebuild draws the groups of the current document. Links documents are
// small (tens of rows, a few hundred for CalSelector), so rows are plain
// objects in a scrolled box and may differ in height.
func (l *List) rebuild() {
	l.bar.refresh()
	if l.links == nil {
		l.rows = nil
		l.showMessage(EmptyText, false)
		return
	}
	l.rows = make([]*rowView, len(l.links.Rows))
	if len(l.links.Rows) == 0 {
		l.showMessage("The service returned no links for this dataset.", false)
		return
	}
	multi := len(l.links.IDs()) > 1
	var objs []fyne.CanvasObject
	if multi {
		objs = append(objs, secondary(fmt.Sprintf("Links of %d datasets.", len(l.links.IDs()))))
	}
	if l.links.Status.Value == "OVERFLOW" {
		objs = append(objs, text("⚠ The service truncated the list (OVERFLOW): some links are missing.", theme.ColorNameWarning, "", fyne.TextStyle{}, fyne.TextWrapWord))
	}
	for _, g := range datalink.Groups {
		idx := l.links.InGroup(g)
		if len(idx) == 0 {
			continue
		}
		objs = append(objs, l.heading(g, idx))
		for k, i := range idx {
			if k > 0 {
				objs = append(objs, widget.NewSeparator())
			}
			l.rows[i] = l.newRow(i, multi)
			objs = append(objs, l.rows[i].root)
		}
	}
	l.body.Objects = objs
	l.body.Refresh()
	l.scroll.ScrollToTop()
}

// GroupHeading is the heading text of a group with n links.
func GroupHeading(g datalink.Group, n int) string { return fmt.Sprintf("%s (%d)", g, n) }

func (l *List) heading(g datalink.Group, idx []int) fyne.CanvasObject {
	lbl := widget.NewLabel(GroupHeading(g, len(idx)))
	lbl.TextStyle = fyne.TextStyle{Bold: true}
	files := 0
	for _, i := range idx {
		if Downloadable(&l.links.Rows[i]) {
			files++
		}
	}
	bg := canvasRect()
	if files < 2 {
		return container.NewStack(bg, lbl)
	}
	b := widget.NewButton("Select all", func() { l.SelectGroup(g) })
	b.Importance = widget.LowImportance
	return container.NewStack(bg, container.NewBorder(nil, nil, nil, b, lbl))
}
