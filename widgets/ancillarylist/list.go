package ancillarylist

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/plural"
)

// List is the product files view. Build it with New and place Widget()
// in a window: List is not itself a fyne.Widget because its Visible
// returns the files shown, not the widget's visibility. Call it on the UI
// goroutine only (its owner posts background results through the bridge).
type List struct {
	// OnDownload is called with the chosen files: the checked ones, or
	// every file of the chosen category.
	OnDownload func(files []File)

	win      fyne.Window
	files    []File
	sel      []bool // per file
	visible  []int  // indices of the files that pass the filters
	category string // "" = all
	query    string // lower case

	catSelect *widget.Select
	catByOpt  map[string]string // filter option → category
	search    *widget.Entry
	list      *widget.List
	message   *widget.Label
	summary   *widget.Label // what is shown
	selSum    *widget.Label // what is checked
	selectVis *widget.Button
	clear     *widget.Button
	download  *widget.Button
	catAll    *widget.Button
	root      fyne.CanvasObject
}

// EmptyText is shown before files are set.
const EmptyText = "Select products to see their files."

// New builds an empty list. win is kept for dialogs.
func New(win fyne.Window) *List {
	l := &List{win: win}
	l.catSelect = widget.NewSelect(nil, l.chooseCategory)
	l.search = widget.NewEntry()
	l.search.SetPlaceHolder("Filter by name or id")
	l.search.OnChanged = func(s string) {
		l.query = strings.ToLower(strings.TrimSpace(s))
		l.filter()
	}
	l.list = widget.NewList(func() int { return len(l.visible) }, l.newItem, l.updateItem)
	l.message = widget.NewLabel(EmptyText)
	l.message.Wrapping = fyne.TextWrapWord
	l.summary = widget.NewLabel("")
	l.summary.Truncation = fyne.TextTruncateEllipsis
	l.selSum = widget.NewLabel("")
	l.selSum.Truncation = fyne.TextTruncateEllipsis
	l.selectVis = widget.NewButton("Select shown", l.SelectVisible)
	l.clear = widget.NewButton("Clear", l.SelectNone)
	l.download = widget.NewButtonWithIcon("Download selected", theme.DownloadIcon(), func() {
		if s := l.Selected(); len(s) > 0 && l.OnDownload != nil {
			l.OnDownload(s)
		}
	})
	l.download.Importance = widget.HighImportance
	l.catAll = widget.NewButtonWithIcon("", theme.DownloadIcon(), func() {
		if fs := l.CategoryFiles(l.category); len(fs) > 0 && l.OnDownload != nil {
			l.OnDownload(fs)
		}
	})
	top := container.NewVBox(l.catSelect, l.search)
	bottom := container.NewVBox(widget.NewSeparator(), l.summary, l.selSum,
		container.NewBorder(nil, nil, container.NewHBox(l.selectVis, l.clear), nil, l.download),
		l.catAll)
	l.root = container.NewBorder(top, bottom, nil, nil, container.NewStack(l.list, l.message))
	l.apply(nil)
	return l
}

// Widget is what to put in a window or container.
func (l *List) Widget() fyne.CanvasObject { return l.root }

// SetFiles shows files, nothing checked, the filters kept when they still
// apply.
func (l *List) SetFiles(files []File) { l.apply(files) }

// SetLoading replaces the files with a message while they are queried.
func (l *List) SetLoading(msg string) {
	l.apply(nil)
	l.showMessage(msg)
}

// SetError replaces the files with the error of querying them.
func (l *List) SetError(err error) {
	l.apply(nil)
	msg := "Could not read the product files."
	if err != nil {
		msg = "Could not read the product files: " + err.Error()
	}
	l.message.Importance = widget.DangerImportance
	l.showMessage(msg)
}

func (l *List) showMessage(msg string) {
	l.message.SetText(msg)
	l.message.Show()
	l.list.Hide()
}

func (l *List) apply(files []File) {
	l.files = files
	l.sel = make([]bool, len(files))
	cats := l.Categories()
	if _, ok := cats[l.category]; !ok {
		l.category = ""
	}
	opts := []string{AllCategories + fmt.Sprintf(" (%d)", len(files))}
	l.catByOpt = map[string]string{opts[0]: ""}
	chosen := opts[0]
	for _, c := range sortedCategories(cats) {
		o := categoryOption(c, cats[c])
		opts = append(opts, o)
		l.catByOpt[o] = c
		if c == l.category {
			chosen = o
		}
	}
	l.catSelect.Options = opts
	l.catSelect.SetSelected(chosen) // → chooseCategory → filter
	l.message.Importance = widget.MediumImportance
	if len(files) == 0 {
		l.showMessage(EmptyText)
		if files != nil {
			l.message.SetText("These products have no files listed.")
		}
	} else {
		l.message.Hide()
		l.list.Show()
	}
}

func (l *List) chooseCategory(opt string) {
	l.category = l.catByOpt[opt]
	l.filter()
}

// SetCategory shows only files of category cat ("" for all).
func (l *List) SetCategory(cat string) {
	for o, c := range l.catByOpt {
		if c == cat {
			l.catSelect.SetSelected(o)
			return
		}
	}
}

// SetQuery sets the text filter.
func (l *List) SetQuery(q string) { l.search.SetText(q) }

func (l *List) filter() {
	l.visible = l.visible[:0]
	for i := range l.files {
		f := &l.files[i]
		if (l.category == "" || f.Category == l.category) && f.matches(l.query) {
			l.visible = append(l.visible, i)
		}
	}
	l.list.UnselectAll()
	l.list.Refresh()
	l.refreshBar()
}

// Categories counts the files of each category.
func (l *List) Categories() map[string]int {
	out := map[string]int{}
	for _, f := range l.files {
		out[f.Category]++
	}
	return out
}

// Visible returns the files that pass the filters, in the given order.
func (l *List) Visible() []File {
	out := make([]File, len(l.visible))
	for k, i := range l.visible {
		out[k] = l.files[i]
	}
	return out
}

// Selected returns the checked files (shown or not), in the given order.
func (l *List) Selected() []File {
	var out []File
	for i, on := range l.sel {
		if on {
			out = append(out, l.files[i])
		}
	}
	return out
}

// CategoryFiles returns every file of category cat, whatever the filters.
func (l *List) CategoryFiles(cat string) []File {
	var out []File
	for _, f := range l.files {
		if cat != "" && f.Category == cat {
			out = append(out, f)
		}
	}
	return out
}

// SelectVisible checks the files shown; SelectNone unchecks all.
func (l *List) SelectVisible() {
	for _, i := range l.visible {
		l.sel[i] = true
	}
	l.list.Refresh()
	l.refreshBar()
}

// SelectNone unchecks every file.
func (l *List) SelectNone() {
	for i := range l.sel {
		l.sel[i] = false
	}
	l.list.Refresh()
	l.refreshBar()
}

func (l *List) setChecked(i int, on bool) {
	if i >= 0 && i < len(l.sel) {
		l.sel[i] = on
		l.refreshBar()
	}
}

func (l *List) refreshBar() {
	sel := l.Selected()
	total, unknown, estimated := sum(sel)
	hidden := 0
	vis := map[int]bool{}
	for _, i := range l.visible {
		vis[i] = true
	}
	for i, on := range l.sel {
		if on && !vis[i] {
			hidden++
		}
	}
	vt, vu, ve := sum(l.Visible())
	l.summary.SetText(Summary("shown", len(l.visible), vt, vu, ve))
	s := "Nothing selected"
	if len(sel) > 0 {
		s = Summary("selected", len(sel), total, unknown, estimated)
		if hidden > 0 {
			s += fmt.Sprintf(" (%d hidden by the filters)", hidden)
		}
	}
	l.selSum.SetText(s)
	enable(l.download, len(sel) > 0)
	enable(l.clear, len(sel) > 0)
	enable(l.selectVis, len(l.visible) > 0)
	if l.category == "" {
		l.catAll.SetText("Download all of a category (choose one)")
		l.catAll.Disable()
	} else {
		// Every file of the category among the selected products, whatever
		// the text filter and the checkboxes. The category is named in the
		// filter above: a long one here would widen the pane and move the
		// split beside the table.
		l.catAll.SetText(fmt.Sprintf("Download all %s of the category", plural.Count(len(l.CategoryFiles(l.category)), "file")))
		l.catAll.Enable()
	}
}

func enable(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}
